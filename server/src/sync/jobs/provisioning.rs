//! Provisioning status (SUB-08, App+User) of the subscriptions where it can still change:
//! those ordered in the last 30 days or still pending. Incremental runs ask only about those
//! not yet known to have succeeded or failed; full runs also recheck failures.

use super::super::SyncError;
use super::super::fanout::gone_as_none;
use super::super::lock::lock_merges;
use super::super::runs::Progress;
use super::{JobContext, is_full};
use crate::partner_center::operations::provisioning_status;
use crate::partner_center::wire::ProvisioningStatus;
use futures_util::{StreamExt, TryStreamExt, stream};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Checkpoint {
    after: Option<Uuid>,
    done: i32,
}

pub async fn run(ctx: &JobContext) -> Result<(), SyncError> {
    let full = is_full(&ctx.run);
    let account = ctx.account_id();
    let mut checkpoint: Checkpoint = serde_json::from_value(ctx.run.checkpoint.clone()).unwrap_or_default();
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM subscriptions
           WHERE account_id = $1 AND status <> 'deleted' AND (created_on > now() - interval '30 days' OR status = 'pending')
             AND CASE WHEN $2 THEN provisioning_status IS DISTINCT FROM 'success'
                      ELSE provisioning_status IS NULL OR provisioning_status = 'pending' END"#,
        account,
        full
    )
    .fetch_one(&ctx.pool)
    .await?;
    loop {
        ctx.check_shutdown()?;
        let page = sqlx::query!(
            "SELECT id, customer_id FROM subscriptions
             WHERE account_id = $1 AND ($2::uuid IS NULL OR id > $2) AND status <> 'deleted'
               AND (created_on > now() - interval '30 days' OR status = 'pending')
               AND CASE WHEN $3 THEN provisioning_status IS DISTINCT FROM 'success'
                        ELSE provisioning_status IS NULL OR provisioning_status = 'pending' END
             ORDER BY id LIMIT $4",
            account,
            checkpoint.after,
            full,
            ctx.settings.customers_per_page as i64
        )
        .fetch_all(&ctx.pool)
        .await?;
        let Some(last) = page.last().map(|row| row.id) else {
            break;
        };
        let targets: Vec<(Uuid, Uuid)> = page.iter().map(|row| (row.customer_id, row.id)).collect();
        let answers: Vec<(Uuid, Option<ProvisioningStatus>)> = stream::iter(targets)
            .map(|(customer, subscription)| async move {
                let request = provisioning_status(customer, subscription);
                gone_as_none(ctx.client().fetch(&request, Some(&ctx.stats)).await)
                    .map(|status| (subscription, status))
            })
            .buffer_unordered(ctx.settings.concurrency)
            .try_collect()
            .await?;
        let (ids, states): (Vec<Uuid>, Vec<String>) = answers
            .into_iter()
            .filter_map(|(id, status)| Some((id, status?.status.as_str().to_owned())))
            .unzip();
        checkpoint.after = Some(last);
        checkpoint.done += page.len() as i32;
        let mut tx = ctx.pool.begin().await?;
        // Written straight into the live table: in turn with the account's merges.
        lock_merges(&mut tx, account).await?;
        sqlx::query!(
            "UPDATE subscriptions t SET provisioning_status = u.status, provisioning_checked_at = now()
             FROM UNNEST($2::uuid[], $3::text[]) AS u(id, status)
             WHERE t.account_id = $1 AND t.id = u.id",
            account,
            &ids,
            &states
        )
        .execute(&mut *tx)
        .await?;
        let progress = Progress {
            pages: 1,
            items: ids.len() as i32,
            done: checkpoint.done,
            total: Some(total as i32),
        };
        let position = serde_json::to_value(&checkpoint).expect("checkpoints serialise");
        ctx.save_page(&mut tx, &position, progress).await?;
        tx.commit().await?;
    }
    let mut tx = ctx.begin_merge().await?;
    let items = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM subscriptions WHERE account_id = $1 AND provisioning_status IS NOT NULL"#,
        account
    )
    .fetch_one(&mut *tx)
    .await?;
    ctx.complete(tx, items, None).await
}
