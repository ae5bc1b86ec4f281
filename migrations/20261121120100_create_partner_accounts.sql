-- The isolated Partner Center accounts Switchboard serves (one partner tenant each).
CREATE TABLE partner_accounts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text COLLATE case_insensitive NOT NULL,
    cloud text NOT NULL,
    tenant_id uuid NOT NULL,
    client_id uuid NOT NULL,
    mpn_id text,
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT partner_accounts_cloud_check CHECK (cloud IN ('global', 'china', 'usgov', 'germany')),
    CONSTRAINT partner_accounts_name_key UNIQUE (name),
    CONSTRAINT partner_accounts_tenant_id_key UNIQUE (tenant_id),
    CONSTRAINT partner_accounts_name_check CHECK (length(trim(name)) BETWEEN 1 AND 200)
);

CREATE TRIGGER partner_accounts_set_updated_at
    BEFORE UPDATE ON partner_accounts
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
