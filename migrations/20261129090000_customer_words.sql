-- The words of company names, kept once: `customer_words` holds each customer's (a B-tree the
-- search box reads word starts from), and the typo dictionary `search_words` holds each
-- account's, derived from them: a word enters the dictionary with the first customer that has it
-- and leaves with the last. Every write splits the names it changes once, in one trigger per event.
--
-- Fragments that start a word of a company name (what is typed most: "logis", "traders",
-- "northw") are found through `customer_words`, whose range scan stops after the first
-- `candidates` entries. The trigram index answers the rest (a fragment inside a word, across
-- words, or of a domain that is not its start, which the domain prefix B-trees find): its bitmap
-- scan reads every posting of every trigram of the fragment before the first row, 7-10 ms for a
-- word that 2,500 of 100,000 names share, against under a millisecond here. Domains stay out:
-- their starts already have B-trees, and their words would double the rows the sync writes.
--
-- Before, the dictionary's own statement trigger compared old and new names on every UPDATE of
-- customers, including the per-customer datasets' marks, which never touch a name (300 ms per
-- 10,000 customers per merge), and a full customers run split every name again to prune unused
-- words (200 ms).

-- Inlinable (no DISTINCT), so a statement splits its names in one pass; repeats are skipped ON
-- CONFLICT by the writers.
CREATE OR REPLACE FUNCTION company_name_words(name text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT word FROM unnest(regexp_split_to_array(lower(name), '[^[:alnum:]]+')) AS word WHERE length(word) >= 3
$$;

CREATE TABLE customer_words (
    word text COLLATE "C" NOT NULL,
    account_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    PRIMARY KEY (word, account_id, customer_id)
);

INSERT INTO customer_words (word, account_id, customer_id)
SELECT DISTINCT w.word, c.account_id, c.id
FROM customers c CROSS JOIN LATERAL company_name_words(c.company_name) AS w (word);

-- The dictionary as the words left it: every account's words, and no other.
DELETE FROM search_words s
WHERE NOT EXISTS (SELECT 1 FROM customer_words c WHERE c.word = s.word AND c.account_id = s.account_id);
INSERT INTO search_words (account_id, word) SELECT DISTINCT account_id, word FROM customer_words
ON CONFLICT DO NOTHING;

-- Records the words of customers' names (parallel arrays), and new words in the dictionary.
CREATE FUNCTION remember_words(accounts uuid[], customers uuid[], names text[]) RETURNS void LANGUAGE sql AS $$
    WITH added AS (
        INSERT INTO customer_words (word, account_id, customer_id)
        SELECT w.word, n.account_id, n.customer_id
        FROM unnest(accounts, customers, names) AS n (account_id, customer_id, company_name)
        CROSS JOIN LATERAL company_name_words(n.company_name) AS w (word)
        ON CONFLICT DO NOTHING
        RETURNING word, account_id
    )
    INSERT INTO search_words (account_id, word) SELECT DISTINCT account_id, word FROM added
    ON CONFLICT DO NOTHING
$$;

-- Drops the words of customers' names, and from the dictionary those no customer has any more.
CREATE FUNCTION forget_words(accounts uuid[], customers uuid[], names text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    dropped_accounts uuid[];
    dropped_words text[];
BEGIN
    WITH removed AS (
        DELETE FROM customer_words w
        USING unnest(accounts, customers, names) AS n (account_id, customer_id, company_name)
        CROSS JOIN LATERAL company_name_words(n.company_name) AS o (word)
        WHERE w.word = o.word AND w.account_id = n.account_id AND w.customer_id = n.customer_id
        RETURNING w.account_id, w.word
    ), distinct_removed AS (
        SELECT DISTINCT account_id, word FROM removed
    )
    SELECT array_agg(account_id), array_agg(word) INTO dropped_accounts, dropped_words FROM distinct_removed;
    -- A statement of its own, so that it sees those rows gone.
    DELETE FROM search_words s USING unnest(dropped_accounts, dropped_words) AS r (account_id, word)
    WHERE s.account_id = r.account_id AND s.word = r.word
      AND NOT EXISTS (SELECT 1 FROM customer_words c WHERE c.word = r.word AND c.account_id = r.account_id);
END
$$;

CREATE OR REPLACE FUNCTION customers_named() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM remember_words(array_agg(account_id), array_agg(id), array_agg(company_name)) FROM changed;
    RETURN NULL;
END
$$;
CREATE FUNCTION customers_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM forget_words(array_agg(account_id), array_agg(id), array_agg(company_name)) FROM gone;
    RETURN NULL;
END
$$;
CREATE FUNCTION customer_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM forget_words(ARRAY[OLD.account_id], ARRAY[OLD.id], ARRAY[OLD.company_name]);
    PERFORM remember_words(ARRAY[NEW.account_id], ARRAY[NEW.id], ARRAY[NEW.company_name]);
    RETURN NULL;
END
$$;

DROP TRIGGER customers_updated ON customers;
DROP FUNCTION customers_renamed();
CREATE TRIGGER customers_deleted AFTER DELETE ON customers
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION customers_removed();
-- Row by row, but only for a name that changed: an UPDATE that does not set company_name (the
-- marks) never queues it, and one that sets it to the same name (the sync's upserts) is filtered
-- before any call.
CREATE TRIGGER customer_renamed AFTER UPDATE OF company_name ON customers
    FOR EACH ROW WHEN (OLD.company_name IS DISTINCT FROM NEW.company_name) EXECUTE FUNCTION customer_renamed();

CREATE OR REPLACE FUNCTION search_customer_text(
    visible uuid[], name_from text, name_to text, fragment text, mpn text, typed text,
    candidates integer, wanted integer, everywhere boolean
) RETURNS TABLE (account_id uuid, customer_id uuid, rank integer, domain text)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH prefix AS (
        (SELECT c.account_id, c.id AS customer_id, 2 AS rank, NULL::text AS domain FROM customers c
         WHERE lower(c.company_name) COLLATE "C" >= name_from AND lower(c.company_name) COLLATE "C" < name_to
           AND (visible IS NULL OR c.account_id = ANY(visible))
         ORDER BY lower(c.company_name) COLLATE "C" LIMIT candidates)
        UNION ALL
        (SELECT c.account_id, c.id, 3, c.domain FROM customers c
         WHERE everywhere AND lower(c.domain) COLLATE "C" >= name_from AND lower(c.domain) COLLATE "C" < name_to
           AND (visible IS NULL OR c.account_id = ANY(visible))
         ORDER BY lower(c.domain) COLLATE "C" LIMIT candidates)
        UNION ALL
        (SELECT d.account_id, d.customer_id, 3, d.domain FROM customer_domains d
         WHERE everywhere AND lower(d.domain) COLLATE "C" >= name_from AND lower(d.domain) COLLATE "C" < name_to
           AND (visible IS NULL OR d.account_id = ANY(visible))
         ORDER BY lower(d.domain) COLLATE "C" LIMIT candidates)
    ), starts AS (
        -- A single word: customers with a word of their name starting with it, in word order,
        -- from a B-tree range that stops after `candidates` entries.
        SELECT w.account_id, w.customer_id FROM customer_words w
        WHERE typed ~ '^[[:alnum:]]{3,}$'
          AND w.word >= name_from COLLATE "C" AND w.word < name_to COLLATE "C"
          AND (visible IS NULL OR w.account_id = ANY(visible))
          AND (SELECT count(DISTINCT (p.account_id, p.customer_id)) FROM prefix p) < wanted
        ORDER BY w.word LIMIT candidates
    ), fragments AS (
        -- Anywhere in the search document, domains included (one GIN scan, which builds its
        -- whole bitmap before the first row): only when the word starts leave room.
        SELECT c.account_id, c.id AS customer_id FROM customers c
        WHERE fragment IS NOT NULL AND c.search_document LIKE fragment
          AND (everywhere OR lower(c.company_name) LIKE fragment)
          AND (visible IS NULL OR c.account_id = ANY(visible))
          AND (SELECT count(DISTINCT (p.account_id, p.customer_id)) FROM prefix p) < wanted
          AND (SELECT count(*) FROM starts) < candidates
        LIMIT candidates
    ), inside AS (
        SELECT c.account_id, c.id AS customer_id,
               CASE WHEN lower(c.company_name) LIKE fragment THEN 4 ELSE 5 END AS rank,
               CASE WHEN lower(c.company_name) LIKE fragment THEN NULL
                    ELSE (SELECT d.domain
                          FROM regexp_split_to_table(c.domain || coalesce(E'\n' || c.other_domains, ''), E'\n') AS d (domain)
                          WHERE lower(d.domain) LIKE fragment LIMIT 1) END AS domain
        FROM (SELECT * FROM starts UNION SELECT * FROM fragments) f
        JOIN customers c ON c.account_id = f.account_id AND c.id = f.customer_id
    ), record AS (
        SELECT s.account_id, s.customer_id, 6 AS rank, NULL::text AS domain FROM subscriptions s
        WHERE mpn IS NOT NULL AND s.partner_id = mpn AND (visible IS NULL OR s.account_id = ANY(visible))
        LIMIT candidates
    ), best AS (
        SELECT DISTINCT ON (h.account_id, h.customer_id) h.account_id, h.customer_id, h.rank, h.domain
        FROM (SELECT * FROM prefix UNION ALL SELECT * FROM inside UNION ALL SELECT * FROM record) h
        ORDER BY h.account_id, h.customer_id, h.rank
    )
    SELECT b.account_id, b.customer_id, b.rank, b.domain
    FROM best b JOIN customers c ON c.account_id = b.account_id AND c.id = b.customer_id
    ORDER BY b.rank, similarity(lower(c.company_name), typed) DESC, lower(c.company_name), c.id
    LIMIT wanted;
END
$$;
