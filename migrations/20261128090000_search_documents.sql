-- The search box in one index scan: each customer's search document (its name, its initial
-- domain and every other domain, lower case, one per line) under one trigram index, instead of
-- three trigram scans over names, initial domains and other domains. Typos are corrected against
-- a dictionary of the words in company names, per account, which is small enough to search by
-- trigram distance in well under a millisecond.

ALTER TABLE customers ADD COLUMN other_domains text;

UPDATE customers c SET other_domains = d.domains
FROM (SELECT account_id, customer_id, string_agg(lower(domain), E'\n' ORDER BY domain) AS domains
      FROM customer_domains GROUP BY account_id, customer_id) d
WHERE c.account_id = d.account_id AND c.id = d.customer_id;

-- A line break cannot be typed into the search box, so no fragment matches across two lines.
ALTER TABLE customers ADD COLUMN search_document text NOT NULL
    GENERATED ALWAYS AS (lower(company_name || E'\n' || domain || coalesce(E'\n' || other_domains, ''))) STORED;
CREATE INDEX customers_search_trgm ON customers USING gin (search_document gin_trgm_ops);
DROP INDEX customers_company_name_trgm;
DROP INDEX customers_domain_trgm;
DROP INDEX customer_domains_domain_trgm;

-- Whoever writes customer_domains (the sync, a test, a benchmark loader), the customers' documents follow.
CREATE FUNCTION customer_domains_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE customers c SET other_domains = fresh.domains
    FROM (SELECT k.account_id, k.customer_id,
                 (SELECT string_agg(lower(d.domain), E'\n' ORDER BY d.domain) FROM customer_domains d
                  WHERE d.account_id = k.account_id AND d.customer_id = k.customer_id) AS domains
          FROM (SELECT DISTINCT account_id, customer_id FROM changed) k) fresh
    WHERE c.account_id = fresh.account_id AND c.id = fresh.customer_id
      AND c.other_domains IS DISTINCT FROM fresh.domains;
    RETURN NULL;
END
$$;
CREATE TRIGGER customer_domains_inserted AFTER INSERT ON customer_domains
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION customer_domains_changed();
CREATE TRIGGER customer_domains_updated AFTER UPDATE ON customer_domains
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION customer_domains_changed();
CREATE TRIGGER customer_domains_deleted AFTER DELETE ON customer_domains
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION customer_domains_changed();

-- The words of a company name that a typo is corrected to: letters and digits, 3 or more.
CREATE FUNCTION company_name_words(name text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT DISTINCT word FROM regexp_split_to_table(lower(name), '[^[:alnum:]]+') AS word WHERE length(word) >= 3
$$;

CREATE TABLE search_words (
    account_id uuid NOT NULL REFERENCES partner_accounts (id) ON DELETE CASCADE,
    word text NOT NULL,
    PRIMARY KEY (account_id, word)
);
-- GiST, not GIN: it hands out the nearest words first (ORDER BY word <-> typed LIMIT n).
CREATE INDEX search_words_trgm ON search_words USING gist (word gist_trgm_ops);

INSERT INTO search_words (account_id, word)
SELECT DISTINCT c.account_id, w.word FROM customers c CROSS JOIN LATERAL company_name_words(c.company_name) AS w (word);

-- New names add their words as they are written; a full customers run drops the words no
-- customer of the account uses any more.
CREATE FUNCTION customers_named() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_words (account_id, word)
    SELECT DISTINCT n.account_id, w.word FROM changed n CROSS JOIN LATERAL company_name_words(n.company_name) AS w (word)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE FUNCTION customers_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_words (account_id, word)
    SELECT DISTINCT n.account_id, w.word
    FROM changed n JOIN previous p ON p.account_id = n.account_id AND p.id = n.id
    CROSS JOIN LATERAL company_name_words(n.company_name) AS w (word)
    WHERE p.company_name IS DISTINCT FROM n.company_name
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER customers_inserted AFTER INSERT ON customers
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION customers_named();
CREATE TRIGGER customers_updated AFTER UPDATE ON customers
    REFERENCING OLD TABLE AS previous NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION customers_renamed();

-- The search box's text search in one call: name and domain prefixes (B-tree ranges that stop
-- after the first rows), then, only when those leave room, fragments anywhere in the search
-- document (one GIN scan), and an MPN id of record; ranked name prefix, domain prefix, name,
-- domain, reseller, then by similarity to the text. A function so that its plan is made once per
-- connection (generic: every way of matching is an index range or scan whatever the text) and
-- never a sequential scan: under a LIMIT the planner takes one for a fragment it thinks common,
-- and then reads most of the table when the matches are few or late (300 ms instead of 2).
CREATE FUNCTION search_customer_text(
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
    ), inside AS (
        SELECT c.account_id, c.id AS customer_id,
               CASE WHEN lower(c.company_name) LIKE fragment THEN 4 ELSE 5 END AS rank,
               CASE WHEN lower(c.company_name) LIKE fragment THEN NULL
                    ELSE (SELECT d.domain
                          FROM regexp_split_to_table(c.domain || coalesce(E'\n' || c.other_domains, ''), E'\n') AS d (domain)
                          WHERE lower(d.domain) LIKE fragment LIMIT 1) END AS domain
        FROM customers c
        WHERE fragment IS NOT NULL AND c.search_document LIKE fragment
          AND (everywhere OR lower(c.company_name) LIKE fragment)
          AND (visible IS NULL OR c.account_id = ANY(visible))
          AND (SELECT count(DISTINCT (p.account_id, p.customer_id)) FROM prefix p) < wanted
        LIMIT candidates
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

-- How many of a customer's subscriptions are in each status, as two parallel arrays (by status),
-- for every list of customers (search results, the customers list). Inlined by the planner.
CREATE FUNCTION subscription_status_counts(account uuid, customer uuid)
RETURNS TABLE (statuses text[], counts bigint[]) LANGUAGE sql STABLE AS $$
    SELECT array_agg(g.status ORDER BY g.status), array_agg(g.n ORDER BY g.status)
    FROM (SELECT s.status, count(*) AS n FROM subscriptions s
          WHERE s.account_id = account AND s.customer_id = customer GROUP BY s.status) g
$$;
