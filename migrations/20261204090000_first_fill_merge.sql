-- An account's first fill writes every customer and subscription into tables all accounts share,
-- so each row costs its index entries one by one (no index can be built for one account alone).
-- Three per-row costs go (measured by `scripts/bench-sync`, first-fill table):
--
-- 1. Name words split while staging. The reads wait on Partner Center's throttle, so splitting a
--    page's names as it is staged costs the sync no time; a first fill's merge then copies the
--    words instead of splitting 10,000 names in the trigger. A writer that has written the words
--    itself says so with `switchboard.words_written` for its transaction.
-- 2. The subscriptions' customer, and the customers' account, checked once per statement instead
--    of by foreign keys, whose checks run a query for every row (40,000 subscriptions and 10,000
--    customers in a first fill). The checks keep the keys' guarantees: each referenced row is
--    locked (KEY SHARE) until the writer commits, so it cannot be deleted under the new rows; a
--    missing one is refused with the key's SQLSTATE (23503); a customer deleted takes its
--    subscriptions, and an account removed its customers.
-- 3. No index on `id` alone: the search box's lookup by id probes each account's primary key.
-- (The merges also write a first fill as plain INSERTs, which skip the upsert's conflict probe.)

ALTER TABLE sync_staging_customers ADD COLUMN words text[];
-- Pages a run staged before this migration (it resumes after the upgrade).
UPDATE sync_staging_customers SET words = ARRAY(SELECT DISTINCT w.word FROM company_name_words(company_name) AS w (word));
ALTER TABLE sync_staging_customers ALTER COLUMN words SET NOT NULL;

-- Locks the given accounts as a foreign key would, and refuses any that is not registered, as the
-- key would (SQLSTATE 23503, constraint "customers_account_reference").
CREATE FUNCTION require_accounts(accounts uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    missing uuid;
BEGIN
    PERFORM 1 FROM partner_accounts a WHERE a.id = ANY(accounts) FOR KEY SHARE OF a;
    -- A statement of its own: an account removed while this waited for its lock is seen gone.
    SELECT p.id INTO missing FROM unnest(accounts) AS p (id)
    WHERE NOT EXISTS (SELECT 1 FROM partner_accounts a WHERE a.id = p.id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'insert or update on table "customers" violates its account reference'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'customers', CONSTRAINT = 'customers_account_reference',
                  DETAIL = format('Account %s is not registered.', missing);
    END IF;
END
$$;

ALTER TABLE customers DROP CONSTRAINT customers_account_id_fkey;

-- New customers: their accounts checked (always), and their words remembered (unless the writer
-- has written them).
CREATE OR REPLACE FUNCTION customers_named() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM require_accounts(array_agg(DISTINCT account_id)) FROM changed;
    IF current_setting('switchboard.words_written', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM remember_words(array_agg(account_id), array_agg(id), array_agg(company_name)) FROM changed;
    RETURN NULL;
END
$$;

ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_account_id_customer_id_fkey;

-- Locks the given customers (parallel arrays) as a foreign key would, and refuses any that is not
-- cached, as the key would (SQLSTATE 23503, constraint "subscriptions_customer_reference").
CREATE FUNCTION require_customers(accounts uuid[], customers uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    missing record;
BEGIN
    PERFORM 1 FROM customers c
    WHERE (c.account_id, c.id) IN (SELECT * FROM unnest(accounts, customers))
    FOR KEY SHARE OF c;
    -- A statement of its own: a customer deleted while this waited for its lock is seen gone.
    SELECT p.account_id, p.customer_id INTO missing
    FROM unnest(accounts, customers) AS p (account_id, customer_id)
    WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.account_id = p.account_id AND c.id = p.customer_id)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'insert or update on table "subscriptions" violates its customer reference'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'subscriptions', CONSTRAINT = 'subscriptions_customer_reference',
                  DETAIL = format('Customer %s of account %s is not cached.', missing.customer_id, missing.account_id);
    END IF;
END
$$;

CREATE FUNCTION subscriptions_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM require_customers(array_agg(account_id), array_agg(customer_id))
    FROM (SELECT DISTINCT account_id, customer_id FROM added) AS pairs;
    RETURN NULL;
END
$$;
CREATE TRIGGER subscriptions_inserted AFTER INSERT ON subscriptions
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION subscriptions_added();

CREATE FUNCTION subscription_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM require_customers(ARRAY[NEW.account_id], ARRAY[NEW.customer_id]);
    RETURN NULL;
END
$$;
-- Row by row, but only when a row changes customer (never in the sync's upserts, which set the
-- same one).
CREATE TRIGGER subscription_moved AFTER UPDATE OF account_id, customer_id ON subscriptions
    FOR EACH ROW WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.customer_id IS DISTINCT FROM NEW.customer_id)
    EXECUTE FUNCTION subscription_moved();

CREATE FUNCTION customer_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM require_accounts(ARRAY[NEW.account_id]);
    RETURN NULL;
END
$$;
CREATE TRIGGER customer_moved AFTER UPDATE OF account_id ON customers
    FOR EACH ROW WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id) EXECUTE FUNCTION customer_moved();

-- An account removed takes its customers (and, through them, everything cached about them).
CREATE FUNCTION partner_accounts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM customers c USING gone g WHERE c.account_id = g.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER partner_accounts_deleted AFTER DELETE ON partner_accounts
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION partner_accounts_removed();

-- A customer deleted (by itself or with its account) takes its subscriptions.
CREATE OR REPLACE FUNCTION customers_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM subscriptions s USING gone g WHERE s.account_id = g.account_id AND s.customer_id = g.id;
    PERFORM forget_words(array_agg(account_id), array_agg(id), array_agg(company_name)) FROM gone;
    RETURN NULL;
END
$$;

DROP INDEX customers_id;
DROP INDEX subscriptions_id;
