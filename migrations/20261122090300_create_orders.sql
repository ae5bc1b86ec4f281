-- Orders and their line items (ORD-03).
CREATE TABLE orders (
    account_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    id text NOT NULL,
    billing_cycle text,
    status text,
    currency_code text,
    created_on timestamptz,
    etag text,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, customer_id, id),
    FOREIGN KEY (account_id, customer_id) REFERENCES customers (account_id, id) ON DELETE CASCADE
);

CREATE INDEX orders_created_on ON orders (account_id, created_on DESC);

CREATE TABLE order_line_items (
    account_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    order_id text NOT NULL,
    line_item_number integer NOT NULL,
    offer_id text NOT NULL,
    subscription_id uuid,
    parent_subscription_id uuid,
    friendly_name text,
    quantity integer,
    partner_id_on_record text,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, customer_id, order_id, line_item_number),
    FOREIGN KEY (account_id, customer_id, order_id)
        REFERENCES orders (account_id, customer_id, id) ON DELETE CASCADE
);

CREATE INDEX order_line_items_subscription ON order_line_items (account_id, subscription_id);
