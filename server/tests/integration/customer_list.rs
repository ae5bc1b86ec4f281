//! The customers list (`/api/customers/list`) and its CSV (`/customers.csv`): every filter,
//! every sort both ways, keyset pages that visit each customer once even while customers are
//! added, the accounts a person may see, and bad filters refused with the reason.

use crate::support::TestApp;
use crate::support::roles::{Demo, call_with_query};
use serde_json::Value;
use sqlx::PgPool;
use std::collections::BTreeSet;
use uuid::Uuid;

/// 130 customers over the demo's two accounts (plus its own "Role Matrix Customer" on each):
/// every 7th buys through a reseller, every 5th has a suspended subscription, every 11th one
/// whose provisioning is pending; their sync times are all different.
async fn customers(pool: &PgPool, demo: &Demo) {
    sqlx::query(
        "INSERT INTO customers (account_id, id, company_name, domain, relationship, reseller_id, synced_at)
         SELECT CASE WHEN g % 3 = 0 THEN $2 ELSE $1 END, ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid,
                CASE WHEN g = 13 THEN '=HYPERLINK(\"x\") Ltd' ELSE 'Customer ' || lpad(((g * 37) % 130)::text, 3, '0') END,
                'c' || g || '.onmicrosoft.com', 'reseller',
                CASE WHEN g % 7 = 0 THEN 'reseller-' || g END, now() - g * interval '1 minute'
         FROM generate_series(1, 130) g",
    )
    .bind(demo.accounts[0])
    .bind(demo.accounts[1])
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO subscriptions (account_id, customer_id, id, offer_id, offer_name, quantity, status,
                                    provisioning_status, billing_type, synced_at)
         SELECT c.account_id, c.id, gen_random_uuid(), 'CFQ7TTC0LF8Q', 'Project Plan 3', 1,
                CASE WHEN n = 2 AND g % 5 = 0 THEN 'suspended' ELSE 'active' END,
                CASE WHEN n = 1 AND g % 11 = 0 THEN 'pending' ELSE 'success' END,
                'license', now()
         FROM generate_series(1, 130) g CROSS JOIN generate_series(1, 2) n
         JOIN customers c ON c.id = ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid",
    )
    .execute(pool)
    .await
    .unwrap();
}

/// One page of the list through `query` (`name=value&…` of the list's URL).
async fn list(app: &TestApp, query: &str) -> (u16, Value) {
    call_with_query(app, "/api/customers/list", query).await
}

/// A customer of an account: the demo's "Role Matrix Customer" has one id on both accounts.
type Key = (Uuid, Uuid);

/// Every page of `query`, following the "next" cursors: the customers in order, and the total
/// each page reported.
async fn walk(app: &TestApp, query: &str) -> (Vec<Key>, Vec<i64>) {
    walk_from(app, query, None).await
}

/// `walk`, starting after the cursor `after`.
async fn walk_from(app: &TestApp, query: &str, mut after: Option<String>) -> (Vec<Key>, Vec<i64>) {
    let (mut ids, mut totals) = (Vec::new(), Vec::new());
    loop {
        let position = after
            .as_deref()
            .map(|after| {
                format!(
                    "&after={}",
                    url::form_urlencoded::byte_serialize(after.as_bytes()).collect::<String>()
                )
            })
            .unwrap_or_default();
        let (status, page) = list(app, &format!("{query}{position}")).await;
        assert_eq!(status, 200, "{query}: {page}");
        totals.push(page["total"].as_i64().unwrap());
        ids.extend(page["rows"].as_array().unwrap().iter().map(key));
        match page["next"].as_str() {
            Some(next) => after = Some(next.to_owned()),
            None => return (ids, totals),
        }
    }
}

/// A row's account and customer.
fn key(row: &Value) -> Key {
    let id = |field: &str| row[field].as_str().unwrap().parse::<Uuid>().unwrap();
    (id("account_id"), id("customer_id"))
}

/// The customers `sql` selects (account and customer id), in its order.
async fn expected(pool: &PgPool, sql: &str, demo: &Demo) -> Vec<Key> {
    sqlx::query_as(sql)
        .bind(demo.accounts[0])
        .bind(demo.accounts[1])
        .fetch_all(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn every_sort_both_ways_visits_each_customer_once_in_order(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    customers(&pool, &demo).await;
    app.sign_in("avery.admin").await;

    let all =
        "FROM customers c JOIN partner_accounts a ON a.id = c.account_id WHERE c.account_id IN ($1, $2)";
    for (sort, order_by) in [
        ("name", "lower(c.company_name) COLLATE \"C\""),
        (
            "account",
            "lower(a.name) COLLATE \"C\", lower(c.company_name) COLLATE \"C\"",
        ),
        ("synced", "c.synced_at"),
    ] {
        for (order, direction) in [("asc", "ASC"), ("desc", "DESC")] {
            let (ids, totals) = walk(&app, &format!("sort={sort}&order={order}")).await;
            let want = expected(
                &pool,
                &format!(
                    "SELECT c.account_id, c.id {all} ORDER BY {}, c.account_id {direction}, c.id {direction}",
                    order_by
                        .split(", ")
                        .map(|key| format!("{key} {direction}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                &demo,
            )
            .await;
            assert_eq!(ids, want, "sorted by {sort} {order}");
            assert_eq!(want.len(), 132);
            assert_eq!(totals, [132, 132, 132], "three pages of 50, each with the total");
        }
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn each_filter_and_their_combination_select_exactly_their_customers(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    customers(&pool, &demo).await;
    app.sign_in("avery.admin").await;
    let cloud: String = sqlx::query_scalar("SELECT cloud FROM partner_accounts WHERE id = $1")
        .bind(demo.accounts[1])
        .fetch_one(&pool)
        .await
        .unwrap();

    let base =
        "FROM customers c JOIN partner_accounts a ON a.id = c.account_id WHERE c.account_id IN ($1, $2)";
    let suspended =
        "EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.id AND s.status = 'suspended')";
    let pending = "EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.id AND s.provisioning_status = 'pending')";
    for (query, condition) in [
        (
            format!("account={}", demo.accounts[1]),
            "c.account_id = $2".to_owned(),
        ),
        (format!("cloud={cloud}"), format!("a.cloud = '{cloud}'")),
        (
            "relationship=direct".to_owned(),
            "c.reseller_id IS NULL".to_owned(),
        ),
        (
            "relationship=reseller".to_owned(),
            "c.reseller_id IS NOT NULL".to_owned(),
        ),
        ("suspended=1".to_owned(), suspended.to_owned()),
        ("pending=1".to_owned(), pending.to_owned()),
        (
            format!(
                "account={}&suspended=1&pending=1&relationship=direct",
                demo.accounts[0]
            ),
            format!("c.account_id = $1 AND {suspended} AND {pending} AND c.reseller_id IS NULL"),
        ),
    ] {
        let (ids, totals) = walk(&app, &query).await;
        let want = expected(
            &pool,
            &format!("SELECT c.account_id, c.id {base} AND {condition} ORDER BY lower(c.company_name) COLLATE \"C\", c.account_id, c.id"),
            &demo,
        )
        .await;
        assert!(!want.is_empty(), "{query} selects someone");
        assert_eq!(ids, want, "{query}");
        assert!(
            totals.iter().all(|total| *total == want.len() as i64),
            "{query}: {totals:?}"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_customer_added_between_pages_neither_repeats_nor_hides_a_row(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    customers(&pool, &demo).await;
    app.sign_in("avery.admin").await;

    let (_, first) = list(&app, "").await;
    let next = first["next"].as_str().unwrap().to_owned();
    // "Aaron" sorts before every row already shown; "Customer 0999" after the first page.
    for (id, name) in [(0xA11, "Aaron Ltd"), (0xB22, "Customer 0999")] {
        sqlx::query("INSERT INTO customers (account_id, id, company_name, domain, synced_at) VALUES ($1, $2, $3, 'x.example', now())")
            .bind(demo.accounts[0])
            .bind(Uuid::from_u128(id))
            .bind(name)
            .execute(&pool)
            .await
            .unwrap();
    }
    let (rest, _) = walk_from(&app, "", Some(next)).await;
    let shown: Vec<Key> = first["rows"].as_array().unwrap().iter().map(key).collect();
    let seen: BTreeSet<Key> = shown.iter().chain(&rest).copied().collect();
    assert_eq!(
        seen.len(),
        shown.len() + rest.len(),
        "no customer twice: {shown:?} then {rest:?}"
    );
    assert_eq!(
        seen.len(),
        132 + 1,
        "every customer once, and the new one after the cursor"
    );
    let added = |id: u128| (demo.accounts[0], Uuid::from_u128(id));
    assert!(rest.contains(&added(0xB22)) && !seen.contains(&added(0xA11)));
}

#[sqlx::test(migrations = "../migrations")]
async fn people_list_only_their_accounts_and_bad_filters_are_refused(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    customers(&pool, &demo).await;

    app.sign_in("sasha.sales").await; // the first account only
    let (ids, totals) = walk(&app, "").await;
    let first: i64 = sqlx::query_scalar("SELECT count(*) FROM customers WHERE account_id = $1")
        .bind(demo.accounts[0])
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!((ids.len() as i64, totals[0]), (first, first));
    let (_, other) = list(&app, &format!("account={}", demo.accounts[1])).await;
    assert_eq!(
        (other["total"].as_i64(), other["rows"].as_array().map(Vec::len)),
        (Some(0), Some(0))
    );
    app.sign_in("partner.admin").await; // no role anywhere
    assert_eq!(list(&app, "").await.0, 403);

    app.sign_in("harper.helpdesk").await;
    for (query, field, says) in [
        ("cloud=mars", "cloud", "unknown cloud"),
        ("sort=revenue", "sort", "name, account or synced"),
        ("after=garbage", "after", "damaged"),
    ] {
        let (status, body) = list(&app, query).await;
        assert_eq!(status, 422, "{query}: {body}");
        assert!(
            body.to_string().contains(field) && body.to_string().contains(says),
            "{query}: {body}"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_csv_holds_exactly_the_filtered_rows_in_order_defused(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    customers(&pool, &demo).await;
    assert_ne!(
        app.get("/customers.csv").await.status(),
        200,
        "not without signing in"
    );
    app.sign_in("harper.helpdesk").await;

    let (listed, _) = walk(&app, "suspended=1&sort=synced&order=desc").await;
    let response = app.get("/customers.csv?suspended=1&sort=synced&order=desc").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("switchboard-customers.csv")
    );
    let text = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap().get(4), Some("company_name"));
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let exported: Vec<Key> = records
        .iter()
        .map(|record| (record[0].parse().unwrap(), record[3].parse().unwrap()))
        .collect();
    assert_eq!(exported, listed);
    assert!(records.iter().all(|record| record[8].contains("suspended")));

    // All 132, over several batches' worth of rows; a name that looks like a formula stays text.
    let all = app.get("/customers.csv").await.text().await.unwrap();
    assert_eq!(all.lines().count(), 1 + 132);
    assert!(all.contains("'=HYPERLINK"), "formula defused");
    assert_eq!(app.get("/customers.csv?order=sideways").await.status(), 422);
}
