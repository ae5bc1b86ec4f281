-- Writes to Partner Center, as durable commands: a person asks (a row is stored, with its own
-- MS-RequestId and the ETag the person saw), a worker sends it (SUB-05/06/07) and records the
-- answer. A retry after a timeout sends the same MS-RequestId, so Partner Center acts once.
CREATE TABLE subscription_commands (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES partner_accounts (id) ON DELETE CASCADE,
    customer_id uuid NOT NULL,
    subscription_id uuid NOT NULL,
    -- Several subscriptions suspended in one action share a batch.
    batch_id uuid NOT NULL,
    kind text NOT NULL,
    -- The nickname asked for (rename only).
    nickname text,
    reason_code text,
    reason_text text,
    -- Sent as MS-RequestId on every attempt; stored before the first one.
    request_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    correlation_id uuid NOT NULL DEFAULT gen_random_uuid(),
    -- The subscription's ETag when the person asked: sent as If-Match.
    etag text NOT NULL,
    -- The cached row when the person asked, for the audit's before → after.
    before jsonb NOT NULL,
    state text NOT NULL DEFAULT 'pending',
    attempts integer NOT NULL DEFAULT 0,
    -- Pending: not before this. Sending: the claim's lease; once past, another worker resends.
    due_at timestamptz NOT NULL DEFAULT now(),
    error_code bigint,
    error text,
    requested_by uuid NOT NULL,
    requested_by_name text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    CONSTRAINT subscription_commands_kind_check CHECK (kind IN ('suspend', 'reactivate', 'rename')),
    CONSTRAINT subscription_commands_state_check CHECK (state IN ('pending', 'sending', 'done', 'failed')),
    CONSTRAINT subscription_commands_what_check CHECK (CASE WHEN kind = 'rename'
        THEN nickname IS NOT NULL AND reason_code IS NULL
        ELSE nickname IS NULL
            AND reason_code IN ('non_payment', 'fraud_or_misuse', 'customer_request', 'other')
            AND (reason_code <> 'other' OR reason_text IS NOT NULL) END),
    CONSTRAINT subscription_commands_finished_check CHECK ((state IN ('done', 'failed')) = (finished_at IS NOT NULL))
);

-- One open command per subscription: a double-click, a second tab or a second person asking at
-- the same time is refused by the database, not by luck.
CREATE UNIQUE INDEX subscription_commands_one_open
    ON subscription_commands (account_id, subscription_id) WHERE state IN ('pending', 'sending');
CREATE INDEX subscription_commands_due
    ON subscription_commands (due_at) WHERE state IN ('pending', 'sending');
CREATE INDEX subscription_commands_customer
    ON subscription_commands (account_id, customer_id, requested_at DESC);
CREATE INDEX subscription_commands_subscription
    ON subscription_commands (account_id, subscription_id, finished_at DESC) WHERE state = 'done';
