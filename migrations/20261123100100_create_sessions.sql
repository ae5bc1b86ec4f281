-- Staff sessions (tower-sessions' Postgres store reads and writes this table). Created here,
-- not by the store at start-up, so the portal starts even while the database is down.
CREATE SCHEMA IF NOT EXISTS tower_sessions;
CREATE TABLE tower_sessions.session (
    id text PRIMARY KEY NOT NULL,
    data bytea NOT NULL,
    expiry_date timestamptz NOT NULL
);
CREATE INDEX session_expiry ON tower_sessions.session (expiry_date);
