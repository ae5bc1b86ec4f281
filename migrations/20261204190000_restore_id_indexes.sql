-- The search box's exact lookups by customer (tenant) id and subscription id use an index on the
-- id alone again. Without one (20261204090000) a lookup probed the (account, id) primary key once
-- per account: with 10 accounts the query took 1.6x as long (0.71 vs 0.45 ms under 8 clients) and
-- the searches by id 1.3x (server p95). The two indexes cost an account's first fill about 9 % of
-- its write (5 paired runs, 51-223 ms of 950-1,340 ms), once per account.
CREATE INDEX customers_id ON customers (id);
CREATE INDEX subscriptions_id ON subscriptions (id);
