-- Who may do what on which partner account. A person is known from their first sign-in (the
-- staff authority's object id). A grant is (person, role, one account or every account).
-- Grants from sign-in follow the token's app roles and groups through the configured mapping
-- and are refreshed at every sign-in; admins add grants and revoke any grant in the portal. A
-- revoked grant stays (with who revoked it and when), so sign-in does not bring it back.
CREATE TABLE staff_members (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    username text NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE role_grants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    staff_id uuid NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
    role text NOT NULL,
    -- NULL: every account, including accounts added later.
    account_id uuid REFERENCES partner_accounts (id) ON DELETE CASCADE,
    source text NOT NULL,
    granted_by uuid REFERENCES staff_members (id),
    granted_at timestamptz NOT NULL DEFAULT now(),
    revoked_by uuid REFERENCES staff_members (id),
    revoked_at timestamptz,
    CONSTRAINT role_grants_role_check CHECK (role IN ('admin', 'billing', 'sales', 'helpdesk', 'viewer')),
    CONSTRAINT role_grants_source_check CHECK (source IN ('sign-in', 'admin'))
);

-- One row per person, role and account (or all accounts), active or revoked.
CREATE UNIQUE INDEX role_grants_one_per_scope
    ON role_grants (staff_id, role, coalesce(account_id, '00000000-0000-0000-0000-000000000000'));
