-- What the sync worker needs to know about each account, and its health as last observed.
-- secret_ref says where the client secret is read from (env:NAME, file:/path, or the embedded
-- simulator in demo mode): the secret itself is never stored.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE partner_accounts
    ADD COLUMN secret_ref text NOT NULL DEFAULT '',
    ADD COLUMN api_base_url text NOT NULL DEFAULT '',
    ADD COLUMN authority_url text NOT NULL DEFAULT '',
    ADD COLUMN demo boolean NOT NULL DEFAULT false,
    ADD COLUMN markets text[] NOT NULL DEFAULT '{}',
    ADD COLUMN currency text,
    ADD COLUMN health text NOT NULL DEFAULT 'unknown',
    ADD COLUMN health_detail text,
    ADD COLUMN health_changed_at timestamptz,
    ADD COLUMN health_reported_at timestamptz,
    ADD CONSTRAINT partner_accounts_health_check
        CHECK (health IN ('unknown', 'ok', 'throttled', 'down', 'auth_failed')),
    ADD CONSTRAINT partner_accounts_secret_ref_check
        CHECK (secret_ref = '' OR secret_ref ~ '^(env|file|simulator):');
