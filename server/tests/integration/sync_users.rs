//! Customer users (USR-02) between full runs: a user added and a user deleted in Partner
//! Center reach the cache through an incremental run, because the activity log names the
//! customer; the other customers' users are not read again.

use crate::support::sync::*;
use server::config::Schedule;
use sim::model::{AuditRecord, CustomerUser, UserState};
use sqlx::PgPool;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::time::Duration;
use uuid::Uuid;

#[sqlx::test(migrations = "../migrations")]
async fn a_user_added_and_one_deleted_arrive_with_the_next_incremental_run(pool: PgPool) {
    let sim = sim::start(world(31, 6)).await.unwrap();
    let registry = register(&pool, &sim).await;
    let mut settings = quick_settings();
    settings.schedule.users = Schedule {
        full_minutes: 720,
        incremental_seconds: 1,
    };
    let since = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    let worker = start_worker(&pool, &registry, settings);
    wait_until_complete(&pool, since, Duration::from_secs(60)).await;

    // In Partner Center: one new user, one user deleted, and the activity log saying so.
    let account = &sim.sim().accounts[0];
    let (customer, deleted, added) = {
        let mut data = account.data.write().unwrap();
        let now = sim.sim().clock.now();
        let customer = &mut data.customers[0];
        let deleted = customer
            .users
            .iter_mut()
            .find(|user| user.state == UserState::Active && !user.user_principal_name.starts_with("admin@"))
            .expect("a user to delete");
        deleted.state = UserState::Inactive;
        deleted.soft_deleted_at = Some(now);
        let deleted = deleted.id;
        let added = CustomerUser {
            id: Uuid::new_v4(),
            user_principal_name: format!("new.starter@{}", customer.domain),
            first_name: Cow::Borrowed("New"),
            last_name: Cow::Borrowed("Starter"),
            display_name: "New Starter".to_owned(),
            usage_location: Cow::Borrowed("GB"),
            phone_number: None,
            state: UserState::Active,
            soft_deleted_at: None,
        };
        customer.users.push(added.clone());
        let (id, name) = (customer.id, customer.company_name.clone());
        for operation_type in ["create_customer_user", "delete_customer_user"] {
            data.audit.push(AuditRecord {
                id: Uuid::new_v4(),
                customer_id: Some(id),
                customer_name: Some(name.clone()),
                user_principal_name: "admin@partner.example".to_owned(),
                application_id: "test".to_owned(),
                resource_type: "customer_user",
                old_value: None,
                new_value: None,
                operation_type,
                operation_date: now,
                correlation_id: Uuid::new_v4(),
                customized_data: Vec::new(),
            });
        }
        (id, deleted, added.id)
    };
    let account_id: Uuid = sqlx::query_scalar("SELECT id FROM partner_accounts WHERE tenant_id = $1")
        .bind(account.info.tenant_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let others_read_before = others_read_at(&pool, account_id, customer).await;

    let cached = || async {
        sqlx::query_scalar::<_, Uuid>(
            "SELECT id FROM customer_users WHERE account_id = $1 AND customer_id = $2",
        )
        .bind(account_id)
        .bind(customer)
        .fetch_all(&pool)
        .await
        .unwrap()
        .into_iter()
        .collect::<BTreeSet<Uuid>>()
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let users = cached().await;
        if users.contains(&added) && !users.contains(&deleted) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the incremental run brings the change within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    worker.shutdown().await;

    let runs: Vec<String> = sqlx::query_scalar(
        "SELECT kind FROM sync_runs WHERE account_id = $1 AND dataset = 'users' AND state = 'succeeded' ORDER BY started_at",
    )
    .bind(account_id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(runs.first().map(String::as_str), Some("full"));
    assert!(
        runs[1..].iter().all(|kind| kind == "incremental") && runs.len() > 1,
        "{runs:?}"
    );
    assert_eq!(
        others_read_at(&pool, account_id, customer).await,
        others_read_before,
        "customers the log does not name are not read again"
    );
}

/// When the users of every other customer of the account were last read.
async fn others_read_at(pool: &PgPool, account: Uuid, customer: Uuid) -> Vec<Option<time::OffsetDateTime>> {
    sqlx::query_scalar("SELECT users_synced_at FROM customers WHERE account_id = $1 AND id <> $2 ORDER BY id")
        .bind(account)
        .bind(customer)
        .fetch_all(pool)
        .await
        .unwrap()
}
