-- Fragments that start a word of a company name (what is typed most: "logis", "traders",
-- "northw") are found through a B-tree of the words of each customer's name, which stops after
-- the first `candidates` entries. The trigram index answers the rest (a fragment inside a word,
-- across words, or of a domain that is not its start, which the domain prefix B-trees find): its
-- bitmap scan reads every posting of every trigram of the fragment before the first row, 7-10 ms
-- for a word that 2,500 of 100,000 names share, against under a millisecond here. Domains stay
-- out: their starts already have B-trees, and their words would double the rows the sync writes.

CREATE TABLE customer_words (
    word text COLLATE "C" NOT NULL,
    account_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    PRIMARY KEY (word, account_id, customer_id)
);

INSERT INTO customer_words (word, account_id, customer_id)
SELECT DISTINCT w.word, c.account_id, c.id
FROM customers c CROSS JOIN LATERAL company_name_words(c.company_name) AS w (word);

-- A name can repeat a word: writers skip the repeats ON CONFLICT.
CREATE FUNCTION customers_add_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO customer_words (word, account_id, customer_id)
    SELECT w.word, n.account_id, n.id FROM changed n CROSS JOIN LATERAL company_name_words(n.company_name) AS w (word)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE FUNCTION customers_drop_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM customer_words w
    USING gone g CROSS JOIN LATERAL company_name_words(g.company_name) AS o (word)
    WHERE w.word = o.word AND w.account_id = g.account_id AND w.customer_id = g.id;
    RETURN NULL;
END
$$;
CREATE FUNCTION customer_words_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM customer_words w
    WHERE w.account_id = OLD.account_id AND w.customer_id = OLD.id
      AND w.word IN (SELECT company_name_words(OLD.company_name) EXCEPT SELECT company_name_words(NEW.company_name));
    INSERT INTO customer_words (word, account_id, customer_id)
    SELECT w.word, NEW.account_id, NEW.id FROM company_name_words(NEW.company_name) AS w (word)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER customers_inserted_words AFTER INSERT ON customers
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION customers_add_words();
CREATE TRIGGER customers_deleted_words AFTER DELETE ON customers
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION customers_drop_words();
-- Row by row, only for a name that changed (the sync's upserts set names again unchanged, and
-- are filtered before any call; marks do not set them at all).
CREATE TRIGGER customer_words_renamed AFTER UPDATE OF company_name ON customers FOR EACH ROW
    WHEN (OLD.company_name IS DISTINCT FROM NEW.company_name) EXECUTE FUNCTION customer_words_renamed();

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
