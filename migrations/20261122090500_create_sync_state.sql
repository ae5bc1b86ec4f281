-- The sync worker's bookkeeping: per account and dataset, what is complete and when the next
-- run is due; per run, its checkpoint and counters; and the rows a full run has read so far,
-- merged into the live tables in one transaction when the run completes.
CREATE TABLE sync_state (
    account_id uuid NOT NULL REFERENCES partner_accounts (id) ON DELETE CASCADE,
    dataset text NOT NULL,
    as_of timestamptz,
    last_success_at timestamptz,
    last_full_success_at timestamptz,
    last_error text,
    last_error_at timestamptz,
    failures integer NOT NULL DEFAULT 0,
    next_full_at timestamptz NOT NULL DEFAULT now(),
    next_incremental_at timestamptz,
    requested_at timestamptz,
    watermark timestamptz,
    items integer,
    PRIMARY KEY (account_id, dataset),
    CONSTRAINT sync_state_dataset_check CHECK (
        dataset IN ('customers', 'profiles', 'subscriptions', 'orders', 'provisioning', 'offers', 'budgets', 'spend')
    )
);

CREATE TABLE sync_runs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL,
    dataset text NOT NULL,
    kind text NOT NULL,
    state text NOT NULL,
    owner text NOT NULL,
    attempts integer NOT NULL DEFAULT 1,
    started_at timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    checkpoint jsonb NOT NULL DEFAULT '{}',
    pages integer NOT NULL DEFAULT 0,
    items integer NOT NULL DEFAULT 0,
    progress_done integer NOT NULL DEFAULT 0,
    progress_total integer,
    calls integer NOT NULL DEFAULT 0,
    throttled integer NOT NULL DEFAULT 0,
    retries integer NOT NULL DEFAULT 0,
    error text,
    FOREIGN KEY (account_id, dataset) REFERENCES sync_state (account_id, dataset) ON DELETE CASCADE,
    CONSTRAINT sync_runs_kind_check CHECK (kind IN ('full', 'incremental')),
    CONSTRAINT sync_runs_state_check CHECK (state IN ('running', 'interrupted', 'succeeded', 'failed'))
);

-- At most one run per account and dataset is running, whichever instance runs it.
CREATE UNIQUE INDEX sync_runs_one_running ON sync_runs (account_id, dataset) WHERE state = 'running';
CREATE INDEX sync_runs_latest ON sync_runs (account_id, dataset, started_at DESC);

CREATE TABLE sync_staging (
    run_id uuid NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    kind text NOT NULL,
    key text NOT NULL,
    payload jsonb NOT NULL,
    PRIMARY KEY (run_id, kind, key)
);
