//! What the database keeps consistent in the cache by itself, checked statement by statement:
//! - the typo dictionary (`search_words`) stays exactly the words of each account's company
//!   names, whichever way names arrive, change or go: a bulk insert, the sync's upsert (new and
//!   renamed customers in one statement), a rename, updates that leave the name alone (the
//!   per-customer datasets' marks), deletes, an account removed; and so does `customer_words`,
//!   the words of each customer's name.
//!
//! The references between cached rows are checked in `cache_references`.

use crate::support::insert_account;
use crate::support::search_words::{assert_dictionary, assert_dictionary_matches_cache};
use sqlx::PgPool;
use uuid::Uuid;

/// Upserts `names` of `account` in one statement, as the customers merge does.
pub async fn upsert(pool: &PgPool, account: Uuid, customers: &[(Uuid, &str)]) {
    let ids: Vec<Uuid> = customers.iter().map(|customer| customer.0).collect();
    let names: Vec<&str> = customers.iter().map(|customer| customer.1).collect();
    sqlx::query(
        "INSERT INTO customers (account_id, id, company_name, domain, synced_at)
         SELECT $1, id, name, id || '.onmicrosoft.com', now() FROM UNNEST($2::uuid[], $3::text[]) AS t (id, name)
         ON CONFLICT (account_id, id) DO UPDATE SET company_name = EXCLUDED.company_name, synced_at = EXCLUDED.synced_at",
    )
    .bind(account)
    .bind(&ids)
    .bind(&names)
    .execute(pool)
    .await
    .unwrap();
}

pub async fn execute(pool: &PgPool, sql: &str, account: Uuid) {
    sqlx::query(sql).bind(account).execute(pool).await.unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn the_word_tables_follow_names_as_they_come_change_and_go(pool: PgPool) {
    let (first, second) = (
        insert_account(&pool, "First", "global").await,
        insert_account(&pool, "Second", "global").await,
    );
    let [contoso, pharma, northwind, fabrikam] = [1, 2, 3, 4].map(Uuid::from_u128);
    upsert(
        &pool,
        first,
        &[
            (contoso, "Contoso Ltd"),
            (pharma, "Contoso-Contoso Pharma, Ltd."),
            (northwind, "Northwind Traders"),
        ],
    )
    .await;
    upsert(&pool, second, &[(contoso, "Contoso Ltd")]).await;
    assert_dictionary(
        &pool,
        first,
        ["Contoso Ltd", "Contoso-Contoso Pharma, Ltd.", "Northwind Traders"],
        "three names",
    )
    .await;
    assert_dictionary(&pool, second, ["Contoso Ltd"], "the other account").await;

    // The sync's upsert: one name kept, one renamed, one new, in one statement.
    upsert(
        &pool,
        first,
        &[
            (contoso, "Contoso Ltd"),
            (northwind, "Southwind Traders"),
            (fabrikam, "Fabrikam Inc"),
        ],
    )
    .await;
    assert_dictionary_matches_cache(&pool, first, "after the upsert").await;
    assert_dictionary(
        &pool,
        first,
        [
            "Contoso Ltd",
            "Contoso-Contoso Pharma, Ltd.",
            "Southwind Traders",
            "Fabrikam Inc",
        ],
        "after the upsert",
    )
    .await;

    // A rename on its own, a rename to the same name, and a mark that does not touch names.
    execute(&pool, "UPDATE customers SET company_name = 'Fabrikam Fabrikam' WHERE account_id = $1 AND id = '00000000-0000-0000-0000-000000000004'", first).await;
    execute(
        &pool,
        "UPDATE customers SET company_name = company_name WHERE account_id = $1",
        first,
    )
    .await;
    execute(
        &pool,
        "UPDATE customers SET subscriptions_synced_at = now() WHERE account_id = $1",
        first,
    )
    .await;
    assert_dictionary(
        &pool,
        first,
        [
            "Contoso Ltd",
            "Contoso-Contoso Pharma, Ltd.",
            "Southwind Traders",
            "Fabrikam Fabrikam",
        ],
        "after renames",
    )
    .await;

    // A domain added changes neither: its start has a B-tree of its own, the rest a trigram index.
    sqlx::query(
        "INSERT INTO customer_domains (account_id, customer_id, domain, synced_at) VALUES ($1, $2, 'shop.fabrikam-online.example', now())",
    )
    .bind(first)
    .bind(fabrikam)
    .execute(&pool)
    .await
    .unwrap();
    let online: i64 =
        sqlx::query_scalar("SELECT count(*) FROM customer_words WHERE word = 'online' AND customer_id = $1")
            .bind(fabrikam)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(online, 0);
    assert_dictionary_matches_cache(&pool, first, "after renames and a domain").await;

    // The last name with a word takes it away; a word other names still use stays.
    execute(
        &pool,
        "DELETE FROM customers WHERE account_id = $1 AND company_name LIKE 'Contoso-%'",
        first,
    )
    .await;
    assert_dictionary(
        &pool,
        first,
        ["Contoso Ltd", "Southwind Traders", "Fabrikam Fabrikam"],
        "after a delete",
    )
    .await;
    execute(&pool, "DELETE FROM customers WHERE account_id = $1", first).await;
    assert_dictionary_matches_cache(&pool, first, "all gone").await;
    assert_dictionary(&pool, second, ["Contoso Ltd"], "the other account, untouched").await;

    // An account removed takes its customers and its words.
    execute(&pool, "DELETE FROM partner_accounts WHERE id = $1", second).await;
    assert_dictionary(&pool, second, [], "account removed").await;
}
