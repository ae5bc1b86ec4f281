-- Offers per market (OFFR-02), Azure meter prices (PRICE-01), daily Azure spend per
-- subscription (USE-01 records priced by the rate card) and monthly budgets (BUD-01).
CREATE TABLE offers (
    account_id uuid NOT NULL REFERENCES partner_accounts (id) ON DELETE CASCADE,
    country text NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    description text,
    category text,
    minimum_quantity integer,
    maximum_quantity integer,
    is_add_on boolean NOT NULL,
    prerequisite_offers text[] NOT NULL DEFAULT '{}',
    billing text,
    unit_type text,
    is_auto_renewable boolean,
    is_available_for_purchase boolean,
    is_trial boolean,
    supported_billing_cycles text[] NOT NULL DEFAULT '{}',
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, country, id)
);

CREATE TABLE meter_rates (
    account_id uuid NOT NULL REFERENCES partner_accounts (id) ON DELETE CASCADE,
    meter_id text NOT NULL,
    name text,
    category text,
    unit text,
    currency text NOT NULL,
    unit_price numeric NOT NULL,
    included_quantity numeric NOT NULL DEFAULT 0,
    discount numeric NOT NULL DEFAULT 0,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, meter_id)
);

CREATE TABLE daily_spend (
    account_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    subscription_id uuid NOT NULL,
    day date NOT NULL,
    amount numeric(18, 6) NOT NULL,
    currency text NOT NULL,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, subscription_id, day),
    FOREIGN KEY (account_id, subscription_id) REFERENCES subscriptions (account_id, id) ON DELETE CASCADE
);

CREATE INDEX daily_spend_customer_day ON daily_spend (account_id, customer_id, day);
CREATE INDEX daily_spend_day ON daily_spend (day);

CREATE TABLE budgets (
    account_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    amount numeric(18, 2),
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, customer_id),
    FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE,
    CONSTRAINT budgets_amount_check CHECK (amount IS NULL OR amount >= 0)
);
