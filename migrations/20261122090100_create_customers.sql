-- Customers as Partner Center lists them (CUST-03) and, once read one by one, with their
-- company and billing profiles (CUST-02). Every row carries its account and when it was read.
CREATE TABLE customers (
    account_id uuid NOT NULL REFERENCES partner_accounts (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    commerce_id uuid,
    company_name text NOT NULL,
    domain text NOT NULL,
    relationship text,
    reseller_id text,
    allow_delegated_access boolean,
    email text,
    company_address jsonb,
    country text,
    billing_profile_id text,
    billing_first_name text,
    billing_last_name text,
    billing_email text,
    billing_culture text,
    billing_language text,
    billing_company_name text,
    billing_address jsonb,
    billing_etag text,
    synced_at timestamptz NOT NULL,
    profile_synced_at timestamptz,
    subscriptions_synced_at timestamptz,
    orders_synced_at timestamptz,
    budget_synced_at timestamptz,
    PRIMARY KEY (account_id, id),
    CONSTRAINT customers_country_check CHECK (country IS NULL OR country ~ '^[A-Z]{2}$')
);

-- Helpdesk search: any substring of the name or a domain, and exact tenant ids.
CREATE INDEX customers_company_name_trgm ON customers USING gin (lower(company_name) gin_trgm_ops);
CREATE INDEX customers_domain_trgm ON customers USING gin (lower(domain) gin_trgm_ops);
CREATE INDEX customers_id ON customers (id);
CREATE INDEX customers_account_name ON customers (account_id, lower(company_name));

-- Every domain of a customer (primary and custom), for search by domain.
CREATE TABLE customer_domains (
    account_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    domain text NOT NULL,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, customer_id, domain),
    FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE
);

CREATE INDEX customer_domains_domain_trgm ON customer_domains USING gin (lower(domain) gin_trgm_ops);
