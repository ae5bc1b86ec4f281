//! The typo dictionary (`search_words`) against the names it is made from: per account, every
//! word of three or more letters and digits in its customers' company names, with how many
//! names use it (a word twice in one name counts twice). Computed here independently of SQL.

use sqlx::PgPool;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The words of `names`, counted as the dictionary counts them.
pub fn counted_words<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, i32> {
    let mut words = BTreeMap::new();
    for name in names {
        for word in name.to_lowercase().split(|c: char| !c.is_alphanumeric()) {
            if word.chars().count() >= 3 {
                *words.entry(word.to_owned()).or_default() += 1;
            }
        }
    }
    words
}

/// Asserts the account's dictionary holds exactly the words of `names`, each with its count.
pub async fn assert_dictionary<'a>(
    pool: &PgPool,
    account: Uuid,
    names: impl IntoIterator<Item = &'a str>,
    label: &str,
) {
    let stored: BTreeMap<String, i32> =
        sqlx::query_as::<_, (String, i32)>("SELECT word, uses FROM search_words WHERE account_id = $1")
            .bind(account)
            .fetch_all(pool)
            .await
            .expect("dictionary read")
            .into_iter()
            .collect();
    assert_eq!(stored, counted_words(names), "{label}: typo dictionary");
}

/// Asserts the account's dictionary holds exactly the words of its cached customers' names.
pub async fn assert_dictionary_matches_cache(pool: &PgPool, account: Uuid, label: &str) {
    let names: Vec<String> = sqlx::query_scalar("SELECT company_name FROM customers WHERE account_id = $1")
        .bind(account)
        .fetch_all(pool)
        .await
        .expect("names read");
    assert_dictionary(pool, account, names.iter().map(String::as_str), label).await;
    assert_customer_words_match_cache(pool, account, label).await;
}

/// Asserts `customer_words` (the B-tree the search finds word starts in) holds exactly the words
/// of each cached customer's name: letters and digits, three or more, once each.
pub async fn assert_customer_words_match_cache(pool: &PgPool, account: Uuid, label: &str) {
    let customers: Vec<(Uuid, String)> =
        sqlx::query_as("SELECT id, company_name FROM customers WHERE account_id = $1")
            .bind(account)
            .fetch_all(pool)
            .await
            .expect("customers read");
    let mut expected = std::collections::BTreeSet::new();
    for (customer, name) in &customers {
        for word in counted_words([name.as_str()]).into_keys() {
            expected.insert((word, *customer));
        }
    }
    let stored: std::collections::BTreeSet<(String, Uuid)> = sqlx::query_as::<_, (String, Uuid)>(
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
