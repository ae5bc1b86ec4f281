-- Who is signed in where, for the admin page that lists active sessions and revokes them. One
-- row per sign-in, next to the session store's own row (whose id is the cookie's secret value:
-- kept here only to end that session, never shown). A session is active while its store row
-- exists and has not expired; revoking deletes the store row, which ends it at once on every
-- instance.
CREATE TABLE staff_sessions (
    id uuid PRIMARY KEY,
    session_id text NOT NULL,
    staff_id uuid NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
    signed_in_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    user_agent text,
    ended_at timestamptz,
    ended_by uuid REFERENCES staff_members (id),
    end_reason text,
    CONSTRAINT staff_sessions_end_reason_check CHECK (end_reason IN ('logout', 'revoked', 'expired'))
);

CREATE INDEX staff_sessions_active ON staff_sessions (signed_in_at DESC) WHERE ended_at IS NULL;
CREATE INDEX staff_sessions_session ON staff_sessions (session_id);
