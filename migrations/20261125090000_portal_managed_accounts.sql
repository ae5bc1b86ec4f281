-- Partner accounts added in the portal (issue 5): where each account is defined, its client
-- secret and App+User refresh token sealed with AES-256-GCM (key from configuration, never
-- stored here), and who connected it through the Secure Application Model consent.
ALTER TABLE partner_accounts
    ADD COLUMN source text NOT NULL DEFAULT 'config',
    ADD COLUMN client_secret_sealed bytea,
    ADD COLUMN refresh_token_sealed bytea,
    ADD COLUMN connected_at timestamptz,
    ADD COLUMN connected_by text,
    ADD CONSTRAINT partner_accounts_source_check CHECK (source IN ('config', 'demo', 'portal')),
    -- A portal account's secret lives sealed in this row; a configured one is a reference.
    ADD CONSTRAINT partner_accounts_portal_secret_check
        CHECK (source <> 'portal' OR (client_secret_sealed IS NOT NULL AND secret_ref = 'sealed'));

ALTER TABLE partner_accounts DROP CONSTRAINT partner_accounts_secret_ref_check;
ALTER TABLE partner_accounts ADD CONSTRAINT partner_accounts_secret_ref_check
    CHECK (secret_ref = '' OR secret_ref = 'sealed' OR secret_ref ~ '^(env|file|simulator):');

UPDATE partner_accounts SET source = 'demo' WHERE demo;
