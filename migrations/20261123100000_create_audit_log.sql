-- Who did what, when, where and why: sign-ins, sign-outs, denied attempts and every write.
-- Append-only: rows are never changed or removed, whoever asks (enforced below, not by code).
-- No foreign keys: the record outlives the accounts, customers and staff it names.
CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    staff_id uuid,
    staff_name text,
    account_id uuid,
    customer_id uuid,
    action text NOT NULL,
    before jsonb,
    after jsonb,
    reason text,
    correlation_id uuid,
    outcome text NOT NULL,
    detail text,
    CONSTRAINT audit_log_outcome_check CHECK (outcome IN ('succeeded', 'failed', 'denied', 'pending')),
    CONSTRAINT audit_log_action_check CHECK (action ~ '^[a-z_]+(\.[a-z_]+)*$')
);

CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_staff ON audit_log (staff_id, at DESC);
CREATE INDEX audit_log_account ON audit_log (account_id, at DESC);
CREATE INDEX audit_log_customer ON audit_log (customer_id, at DESC) WHERE customer_id IS NOT NULL;
CREATE INDEX audit_log_action ON audit_log (action, at DESC);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
