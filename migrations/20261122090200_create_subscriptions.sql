-- Subscriptions (SUB-01) with their provisioning status (SUB-08).
CREATE TABLE subscriptions (
    account_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    id uuid NOT NULL,
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
    suspension_reasons text[] NOT NULL DEFAULT '{}',
    etag text,
    provisioning_status text,
    provisioning_checked_at timestamptz,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE
);

CREATE INDEX subscriptions_customer ON subscriptions (account_id, customer_id);
CREATE INDEX subscriptions_status ON subscriptions (status, account_id);
CREATE INDEX subscriptions_renewals ON subscriptions (commitment_end_date)
    WHERE status = 'active' AND commitment_end_date < '9999-01-01';
CREATE INDEX subscriptions_provisioning ON subscriptions (account_id, provisioning_status)
    WHERE provisioning_status IS DISTINCT FROM 'success';
