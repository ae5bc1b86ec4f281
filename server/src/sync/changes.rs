//! What changed since the last run, from the partner's activity log (AUD-01): the contract's
//! advice is to prefer the activity log over polling. The log has day granularity for its
//! start, so records are read from the watermark's day and filtered by time, with an overlap
//! for records that reach the log late (re-reading a customer twice is harmless).

use super::SyncError;
use super::jobs::JobContext;
use crate::partner_center::operations::audit_records;
use crate::partner_center::wire::AuditRecord;
use std::collections::BTreeSet;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// How far before the watermark records are read again.
const OVERLAP: Duration = Duration::minutes(5);
/// The log keeps 90 days; a watermark older than that cannot be caught up incrementally.
const RETENTION: Duration = Duration::days(89);

/// The customers named by activity-log records since `since` that `relevant` selects.
pub async fn changed_customers(
    ctx: &JobContext,
    since: OffsetDateTime,
    relevant: impl Fn(&AuditRecord) -> bool,
) -> Result<BTreeSet<Uuid>, SyncError> {
    let from = since - OVERLAP;
    if OffsetDateTime::now_utc() - from > RETENTION {
        return Err(SyncError::Invalid(
            "the last sync is older than the activity log's 90 days; a full run is needed".into(),
        ));
    }
    let records: Vec<AuditRecord> = ctx
        .client()
        .all_pages(audit_records(from.date()), Some(&ctx.stats))
        .await?;
    Ok(records
        .iter()
        .filter(|record| record.operation_date.0 >= from && relevant(record))
        .filter_map(|record| record.customer_id)
        .collect())
}

/// Records about the customer resource (new customers, profile changes).
pub fn customer_changes(record: &AuditRecord) -> bool {
    record.resource_type.eq_ignore_ascii_case("customer")
}

/// Records that change subscriptions: orders create them, updates change them.
pub fn subscription_changes(record: &AuditRecord) -> bool {
    ["subscription", "order"]
        .iter()
        .any(|kind| record.resource_type.eq_ignore_ascii_case(kind))
}

pub fn order_changes(record: &AuditRecord) -> bool {
    record.resource_type.eq_ignore_ascii_case("order")
}

pub fn user_changes(record: &AuditRecord) -> bool {
    record.resource_type.eq_ignore_ascii_case("customer_user")
        || record
            .operation_type
            .to_ascii_lowercase()
            .contains("customer_user")
}

pub fn budget_changes(record: &AuditRecord) -> bool {
    record.operation_type.to_ascii_lowercase().contains("budget")
}
