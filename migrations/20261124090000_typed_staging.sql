-- Customers and subscriptions, the two datasets of tens of thousands of rows per account, are
-- staged in typed tables instead of as JSON: the merge copies columns instead of parsing a
-- document per row (measured on 40,000 subscriptions: the jsonb_populate_record step alone took
-- 280 ms of a 793 ms re-sync merge). Keys are uuids, so the deletion anti-joins hash them
-- directly. The other kinds stay in sync_staging.
CREATE TABLE sync_staging_customers (
    run_id uuid NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    commerce_id uuid,
    company_name text NOT NULL,
    domain text NOT NULL,
    relationship text,
    reseller_id text,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (run_id, id)
);

CREATE TABLE sync_staging_subscriptions (
    run_id uuid NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    customer_id uuid NOT NULL,
    offer_id text NOT NULL,
    offer_name text,
    friendly_name text,
    quantity integer NOT NULL,
    unit_type text,
    status text NOT NULL,
    billing_type text,
    billing_cycle text,
    contract_type text,
    is_trial boolean,
    created_on timestamptz,
    effective_start_date timestamptz,
    commitment_end_date timestamptz,
    auto_renew boolean,
    parent_subscription_id uuid,
    order_id text,
    partner_id text,
    entitlement_id text,
    suspension_reasons text[] NOT NULL,
    etag text,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (run_id, id)
);
