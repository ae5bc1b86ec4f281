-- Customer users (USR-02), synced customer by customer like subscriptions: the active users
-- Partner Center lists (deleted ones are not listed, so every row is an active user), each with
-- when it was read.
ALTER TABLE customers ADD COLUMN users_synced_at timestamptz;

CREATE TABLE customer_users (
    account_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    id uuid NOT NULL,
    user_principal_name text NOT NULL,
    display_name text NOT NULL,
    first_name text,
    last_name text,
    usage_location text,
    user_domain_type text,
    last_directory_sync_at timestamptz,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, customer_id, id),
    FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE
);

ALTER TABLE sync_state DROP CONSTRAINT sync_state_dataset_check;
ALTER TABLE sync_state ADD CONSTRAINT sync_state_dataset_check CHECK (
    dataset IN ('customers', 'profiles', 'subscriptions', 'orders', 'provisioning', 'offers', 'budgets', 'spend', 'users')
);
