-- How long a run spent writing to Postgres (staging its pages and merging them), so the rows it
-- wrote per second can be read off: the sync benchmark reports it.
ALTER TABLE sync_runs ADD COLUMN write_ms bigint NOT NULL DEFAULT 0;
