//! The cached customer users against the simulator's: every active user of every customer,
//! field by field (USR-02 lists no deleted user).

use sim::model::{Customer, UserState};
use sqlx::PgPool;
use std::collections::BTreeSet;
use time::OffsetDateTime;
use uuid::Uuid;

type UserFields = (
    Uuid,
    Uuid,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub async fn assert_users(pool: &PgPool, account: Uuid, data: &[Customer], now: OffsetDateTime, name: &str) {
    let rows: BTreeSet<UserFields> = sqlx::query_as(
        "SELECT customer_id, id, user_principal_name, display_name, first_name, last_name, usage_location
         FROM customer_users WHERE account_id = $1",
    )
    .bind(account)
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let text = |text: &sim::model::Text| (!text.is_empty()).then(|| text.to_string());
    let expected: BTreeSet<UserFields> = data
        .iter()
        .flat_map(|customer| {
            customer
                .users
                .iter()
                .filter(|user| user.state == UserState::Active && !user.is_purged(now))
                .map(|user| {
                    (
                        customer.id,
                        user.id,
                        user.user_principal_name.clone(),
                        user.display_name.clone(),
                        text(&user.first_name),
                        text(&user.last_name),
                        text(&user.usage_location),
                    )
                })
        })
        .collect();
    assert!(!expected.is_empty(), "{name}: the simulator has users");
    assert_eq!(rows, expected, "{name}: customer users");
}
