//! The word tables against the names they are made from: the typo dictionary (`search_words`)
//! holds per account every word of three or more letters and digits in its customers' company
//! names, and `customer_words` each customer's. Computed here independently of SQL.

use sqlx::PgPool;
use std::collections::BTreeSet;
use uuid::Uuid;

/// The words of `names`.
pub fn words_of<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    names
        .into_iter()
        .flat_map(|name| {
            name.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| word.chars().count() >= 3)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Asserts the account's dictionary holds exactly the words of `names`.
pub async fn assert_dictionary<'a>(
    pool: &PgPool,
    account: Uuid,
    names: impl IntoIterator<Item = &'a str>,
    label: &str,
) {
    let stored: BTreeSet<String> =
        sqlx::query_scalar::<_, String>("SELECT word FROM search_words WHERE account_id = $1")
            .bind(account)
            .fetch_all(pool)
            .await
            .expect("dictionary read")
            .into_iter()
            .collect();
    assert_eq!(stored, words_of(names), "{label}: typo dictionary");
}

/// Asserts both word tables match the account's cached customers' names, read once.
pub async fn assert_dictionary_matches_cache(pool: &PgPool, account: Uuid, label: &str) {
    let customers: Vec<(Uuid, String)> =
        sqlx::query_as("SELECT id, company_name FROM customers WHERE account_id = $1")
            .bind(account)
            .fetch_all(pool)
            .await
            .expect("customers read");
    let names = customers.iter().map(|(_, name)| name.as_str());
    assert_dictionary(pool, account, names, label).await;
    let customers = customers.iter().map(|(id, name)| (*id, name.as_str()));
    assert_customer_words(pool, account, customers, label).await;
}

/// Asserts `customer_words` (the B-tree the search finds word starts in) holds exactly the words
/// of each of `customers`' names (id, company name): letters and digits, three or more, once each.
pub async fn assert_customer_words<'a>(
    pool: &PgPool,
    account: Uuid,
    customers: impl IntoIterator<Item = (Uuid, &'a str)>,
    label: &str,
) {
    let expected: BTreeSet<(String, Uuid)> = customers
        .into_iter()
        .flat_map(|(customer, name)| words_of([name]).into_iter().map(move |word| (word, customer)))
        .collect();
    let stored: BTreeSet<(String, Uuid)> = sqlx::query_as::<_, (String, Uuid)>(
        "SELECT word, customer_id FROM customer_words WHERE account_id = $1",
    )
    .bind(account)
    .fetch_all(pool)
    .await
    .expect("customer words read")
    .into_iter()
    .collect();
    assert_eq!(stored, expected, "{label}: customer words");
}
