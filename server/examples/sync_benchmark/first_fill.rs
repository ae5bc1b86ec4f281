//! Where a first fill's merge time goes, and how far a different layout could take it.
//!
//! The same customers and subscriptions the run cached are written again into an empty cache,
//! each way timed in its own transaction that is then rolled back (so every way starts from the
//! same state and nothing is kept):
//! 1. as the merge writes a first fill: plain INSERTs into the shared tables, the name words
//!    copied as staging split them, the customers' accounts and the subscriptions' customers
//!    checked once per statement;
//! 2. as the merge wrote it before (the baseline): upserts, the words split by the trigger, and
//!    foreign keys checking row by row;
//! 3. in bulk: into bare tables, then every index of the live table built once, the words
//!    loaded and indexed once and the customer reference validated once — what an account's
//!    first fill could cost at best if each account had tables (partitions) of its own;
//! 4. into bare tables without any index: the cost of the rows alone.

use anyhow::Result;
use sqlx::{Connection, PgConnection, PgPool};
use std::time::{Duration, Instant};

const REPEATS: usize = 3;

/// One way of writing: statements run before the clock starts, then the customers' and the
/// subscriptions' statements, timed apart.
struct Way {
    label: &'static str,
    setup: &'static [&'static str],
    customers: &'static [&'static str],
    subscriptions: &'static [&'static str],
}

const INSERT_CUSTOMERS: &str = "INSERT INTO customers (account_id, id, commerce_id, company_name, domain, relationship, reseller_id, synced_at)
    SELECT r.account_id, r.id, r.commerce_id, r.company_name, r.domain, r.relationship, r.reseller_id, r.synced_at
    FROM floor_customers r";
const UPSERT_CUSTOMERS: &str = "INSERT INTO customers (account_id, id, commerce_id, company_name, domain, relationship, reseller_id, synced_at)
    SELECT r.account_id, r.id, r.commerce_id, r.company_name, r.domain, r.relationship, r.reseller_id, r.synced_at
    FROM floor_customers r
    ON CONFLICT (account_id, id) DO UPDATE SET company_name = EXCLUDED.company_name, domain = EXCLUDED.domain,
        synced_at = EXCLUDED.synced_at
    WHERE customers.synced_at <= EXCLUDED.synced_at";
// The words as staging split them, and the account's new ones in the dictionary.
const INSERT_WORDS: &str = "WITH added AS (INSERT INTO customer_words SELECT * FROM floor_words RETURNING word, account_id)
    INSERT INTO search_words (account_id, word) SELECT DISTINCT account_id, word FROM added ON CONFLICT DO NOTHING";
// The merge's marks: customers whose subscriptions the run read.
const MARK_CUSTOMERS: &str = "UPDATE customers c SET subscriptions_synced_at = r.subscriptions_synced_at
    FROM floor_customers r WHERE c.account_id = r.account_id AND c.id = r.id";
const INSERT_SUBSCRIPTIONS: &str = "INSERT INTO subscriptions SELECT r.* FROM floor_subscriptions r
    JOIN customers c ON c.account_id = r.account_id AND c.id = r.customer_id AND c.subscriptions_synced_at = r.synced_at";
// Every row is new in a first fill, so the update list does not change the cost.
const UPSERT_SUBSCRIPTIONS: &str = "INSERT INTO subscriptions SELECT r.* FROM floor_subscriptions r
    JOIN customers c ON c.account_id = r.account_id AND c.id = r.customer_id AND c.subscriptions_synced_at = r.synced_at
    ON CONFLICT (account_id, id) DO UPDATE SET quantity = EXCLUDED.quantity, synced_at = EXCLUDED.synced_at
    WHERE subscriptions.synced_at <= EXCLUDED.synced_at";

const BARE_TABLES: &[&str] = &[
    "CREATE TABLE floor_bulk_customers (LIKE customers INCLUDING DEFAULTS INCLUDING GENERATED) WITH (fillfactor = 50)",
    "CREATE TABLE floor_bulk_subscriptions (LIKE subscriptions INCLUDING DEFAULTS) WITH (fillfactor = 50)",
    "CREATE TABLE floor_bulk_words (LIKE customer_words)",
];
const LOAD_CUSTOMERS: &str = "INSERT INTO floor_bulk_customers (account_id, id, commerce_id, company_name, domain, relationship,
        reseller_id, synced_at, subscriptions_synced_at)
    SELECT account_id, id, commerce_id, company_name, domain, relationship, reseller_id, synced_at, subscriptions_synced_at
    FROM floor_customers";
const LOAD_SUBSCRIPTIONS: &str = "INSERT INTO floor_bulk_subscriptions SELECT r.* FROM floor_subscriptions r
    JOIN floor_bulk_customers c ON c.account_id = r.account_id AND c.id = r.customer_id AND c.subscriptions_synced_at = r.synced_at";

const WAYS: &[Way] = &[
    Way {
        label: "as the merge writes a first fill",
        setup: &[],
        customers: &[
            "SELECT set_config('switchboard.words_written', 'on', true)",
            INSERT_CUSTOMERS,
            "SELECT set_config('switchboard.words_written', 'off', true)",
            INSERT_WORDS,
        ],
        subscriptions: &[MARK_CUSTOMERS, INSERT_SUBSCRIPTIONS],
    },
    Way {
        label: "before: upserts, trigger's words, foreign keys",
        setup: &[
            "ALTER TABLE subscriptions DISABLE TRIGGER subscriptions_inserted",
            "ALTER TABLE subscriptions ADD FOREIGN KEY (account_id, customer_id)
                REFERENCES customers (account_id, id) ON DELETE CASCADE",
            "ALTER TABLE customers ADD FOREIGN KEY (account_id) REFERENCES partner_accounts (id) ON DELETE CASCADE",
        ],
        customers: &[UPSERT_CUSTOMERS],
        subscriptions: &[MARK_CUSTOMERS, UPSERT_SUBSCRIPTIONS],
    },
    Way {
        label: "bulk: bare tables, then each index built once",
        setup: BARE_TABLES,
        customers: &[
            LOAD_CUSTOMERS,
            "SELECT pg_temp.build_floor_indexes('customers', 'floor_bulk_customers')",
            "INSERT INTO floor_bulk_words SELECT * FROM floor_words",
            "SELECT pg_temp.build_floor_indexes('customer_words', 'floor_bulk_words')",
            "INSERT INTO search_words (account_id, word) SELECT DISTINCT account_id, word FROM floor_bulk_words
                ON CONFLICT DO NOTHING",
        ],
        subscriptions: &[
            LOAD_SUBSCRIPTIONS,
            "SELECT pg_temp.build_floor_indexes('subscriptions', 'floor_bulk_subscriptions')",
            "ALTER TABLE floor_bulk_subscriptions ADD FOREIGN KEY (account_id, customer_id)
                REFERENCES floor_bulk_customers (account_id, id)",
        ],
    },
    Way {
        label: "bare tables, no index (the rows alone)",
        setup: BARE_TABLES,
        customers: &[LOAD_CUSTOMERS],
        subscriptions: &[LOAD_SUBSCRIPTIONS],
    },
];

/// Builds on `target` every index `source` has (names left to Postgres).
const BUILD_INDEXES: &str = "CREATE FUNCTION pg_temp.build_floor_indexes(source regclass, target text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE definition text;
BEGIN
    FOR definition IN SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = source LOOP
        EXECUTE regexp_replace(definition, '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+ ', 'CREATE \\1INDEX ON ' || target || ' ');
    END LOOP;
END
$$";

/// Prints the table of ways for the rows cached now (a first fill's worth).
pub async fn print_first_fill_ways(pool: &PgPool) -> Result<()> {
    let mut connection = pool.acquire().await?.detach();
    for statement in [
        "CREATE TEMP TABLE floor_customers AS SELECT account_id, id, commerce_id, company_name, domain, relationship,
            reseller_id, synced_at, subscriptions_synced_at FROM customers",
        "CREATE TEMP TABLE floor_subscriptions AS SELECT * FROM subscriptions",
        "CREATE TEMP TABLE floor_words AS SELECT DISTINCT w.word, c.account_id, c.id AS customer_id
            FROM floor_customers c CROSS JOIN LATERAL company_name_words(c.company_name) AS w (word) ORDER BY 1, 2, 3",
        "ANALYZE floor_customers, floor_subscriptions, floor_words",
        BUILD_INDEXES,
    ] {
        sqlx::raw_sql(statement).execute(&mut connection).await?;
    }
    let (customers, subscriptions): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM floor_customers), (SELECT count(*) FROM floor_subscriptions)",
    )
    .fetch_one(&mut connection)
    .await?;
    let rows = (customers + subscriptions) as f64;
    println!();
    println!(
        "first fill of {customers} customers and {subscriptions} subscriptions, written each way into an empty cache \
         (median of {REPEATS}, rolled back):"
    );
    println!("  (the words are split beforehand, as staging splits them)");
    println!(
        "  {:<52} {:>10} {:>14} {:>8} {:>8}",
        "way", "customers", "subscriptions", "both", "rows/s"
    );
    for way in WAYS {
        let mut customer_times = Vec::with_capacity(REPEATS);
        let mut subscription_times = Vec::with_capacity(REPEATS);
        for _ in 0..REPEATS {
            let (customers, subscriptions) = time_way(&mut connection, way).await?;
            customer_times.push(customers);
            subscription_times.push(subscriptions);
        }
        let (customers, subscriptions) = (median(customer_times), median(subscription_times));
        let both = customers + subscriptions;
        println!(
            "  {:<52} {:>7.0} ms {:>11.0} ms {:>5.0} ms {:>8.0}",
            way.label,
            millis(customers),
            millis(subscriptions),
            millis(both),
            rows / both.as_secs_f64()
        );
    }
    connection.close().await?;
    Ok(())
}

async fn time_way(connection: &mut PgConnection, way: &Way) -> Result<(Duration, Duration)> {
    let mut tx = connection.begin().await?;
    // An empty cache, and the merge's own settings (JobContext::begin_merge).
    for statement in [
        "TRUNCATE customers, subscriptions, customer_words, search_words CASCADE",
        "SET LOCAL jit = off",
        "SET LOCAL work_mem = '64MB'",
        "SET LOCAL enable_nestloop = off",
    ]
    .iter()
    .chain(way.setup)
    {
        sqlx::raw_sql(statement).execute(&mut *tx).await?;
    }
    let mut timed = async |statements: &[&str]| -> Result<Duration> {
        let started = Instant::now();
        for statement in statements {
            sqlx::raw_sql(statement).execute(&mut *tx).await?;
        }
        Ok(started.elapsed())
    };
    let customers = timed(way.customers).await?;
    let subscriptions = timed(way.subscriptions).await?;
    tx.rollback().await?;
    Ok((customers, subscriptions))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
