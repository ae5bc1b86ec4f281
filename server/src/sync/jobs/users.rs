//! Customer users, customer by customer (USR-02, App+User). For every customer a run read
//! completely, the cached users become exactly the active users Partner Center listed: new ones
//! added, changed ones updated, deleted or missing ones removed.

use super::super::SyncError;
use super::super::changes::user_changes;
use super::super::fanout::{
    PerCustomer, Selection, gone_as_none, incremental_selection, mark_customers_read, visit,
};
use super::super::staging::{StagedRow, kind};
use super::{JobContext, is_full, watermark_of};
use crate::partner_center::PcError;
use crate::partner_center::operations::customer_users;
use crate::partner_center::wire::CustomerUser;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

struct Users;

impl PerCustomer for Users {
    type Item = Vec<CustomerUser>;

    async fn fetch(&self, ctx: &JobContext, customer: Uuid) -> Result<Option<Vec<CustomerUser>>, PcError> {
        gone_as_none(
            ctx.client()
                .all_pages(customer_users(customer), Some(&ctx.stats))
                .await,
        )
    }

    fn rows(&self, customer: Uuid, users: Vec<CustomerUser>, read_at: OffsetDateTime) -> Vec<StagedRow> {
        users
            .into_iter()
            // USR-02 lists active users only; a deleted one listed anyway is not one to show.
            .filter(|user| {
                user.state
                    .as_deref()
                    .is_none_or(|state| state.eq_ignore_ascii_case("active"))
            })
            .map(|user| {
                let given = |text: Option<String>| text.filter(|text| !text.trim().is_empty());
                let row = UserRow {
                    customer_id: customer,
                    id: user.id,
                    display_name: given(user.display_name)
                        .unwrap_or_else(|| user.user_principal_name.clone()),
                    user_principal_name: user.user_principal_name,
                    first_name: given(user.first_name),
                    last_name: given(user.last_name),
                    usage_location: given(user.usage_location),
                    user_domain_type: user.user_domain_type.map(|kind| kind.to_ascii_lowercase()),
                    last_directory_sync_at: user.last_directory_sync_time.map(|at| at.0),
                    synced_at: read_at,
                };
                StagedRow::new(kind::USER, format!("{customer}/{}", row.id), &row)
            })
            .collect()
    }
}

pub async fn run(ctx: &JobContext) -> Result<(), SyncError> {
    let selection = if is_full(&ctx.run) {
        Selection::All
    } else {
        incremental_selection(ctx, user_changes).await?
    };
    visit(ctx, &Users, selection).await?;
    let (account, run) = (ctx.account_id(), ctx.run.id);
    let mut tx = ctx.begin_merge().await?;
    // Customers whose users this run read after any copy already cached.
    mark_customers_read(&mut tx, ctx).await?;
    sqlx::query!(
        "DELETE FROM customer_users u USING sync_staging s, customers c
         WHERE s.run_id = $2 AND s.kind = 'scope' AND c.account_id = $1 AND c.id = s.key::uuid
           AND c.users_synced_at = (s.payload->>'read_at')::timestamptz
           AND u.account_id = $1 AND u.customer_id = c.id
           AND NOT EXISTS (SELECT 1 FROM sync_staging k WHERE k.run_id = $2 AND k.kind = 'user'
                           AND k.key = u.customer_id::text || '/' || u.id::text)",
        account,
        run
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO customer_users (account_id, customer_id, id, user_principal_name, display_name, first_name,
                                     last_name, usage_location, user_domain_type, last_directory_sync_at, synced_at)
         SELECT $1, r.customer_id, r.id, r.user_principal_name, r.display_name, r.first_name, r.last_name,
                r.usage_location, r.user_domain_type, r.last_directory_sync_at, r.synced_at
         FROM sync_staging s CROSS JOIN LATERAL jsonb_populate_record(NULL::customer_users, s.payload) AS r
         JOIN customers c ON c.account_id = $1 AND c.id = r.customer_id AND c.users_synced_at = r.synced_at
         WHERE s.run_id = $2 AND s.kind = 'user'
         ON CONFLICT (account_id, customer_id, id) DO UPDATE SET
             user_principal_name = EXCLUDED.user_principal_name, display_name = EXCLUDED.display_name,
             first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
             usage_location = EXCLUDED.usage_location, user_domain_type = EXCLUDED.user_domain_type,
             last_directory_sync_at = EXCLUDED.last_directory_sync_at,
             synced_at = EXCLUDED.synced_at",
        account,
        run
    )
    .execute(&mut *tx)
    .await?;
    let items = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM customer_users WHERE account_id = $1"#,
        account
    )
    .fetch_one(&mut *tx)
    .await?;
    ctx.complete(tx, items, watermark_of(&ctx.run)).await
}

/// A user's columns as staged (`jsonb_populate_record` reads them back by name).
#[derive(Debug, Serialize)]
struct UserRow {
    customer_id: Uuid,
    id: Uuid,
    user_principal_name: String,
    display_name: String,
    first_name: Option<String>,
    last_name: Option<String>,
    usage_location: Option<String>,
    user_domain_type: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    last_directory_sync_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    synced_at: OffsetDateTime,
}
