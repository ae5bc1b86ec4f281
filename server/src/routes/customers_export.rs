//! `GET /customers.csv?…`: exactly the customers the list's filters select (every page of them,
//! in the list's order, streamed in keyset batches), as CSV. Same role check as the list.

use super::csv::{allowed, keyset_download};
use app::auth::{Grants, Permission, Staff};
use app::customers::list::{CustomerFilter, CustomerListQuery, CustomerRow};
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use sqlx::PgPool;

/// Rows read per query while streaming (each query sorts the filtered rows: fewer, larger).
const BATCH: i64 = 5_000;

const HEADER: [&str; 11] = [
    "account_id",
    "account",
    "cloud",
    "customer_id",
    "company_name",
    "domain",
    "relationship",
    "reseller_id",
    "subscriptions",
    "pending_provisioning",
    "synced_at",
];

pub async fn export(
    State(pool): State<PgPool>,
    Extension(staff): Extension<Staff>,
    Extension(grants): Extension<Grants>,
    Query(query): Query<CustomerListQuery>,
) -> Response {
    let (visible, filter) = match allowed(
        &pool,
        (staff, &grants),
        Permission::Read,
        "/customers.csv",
        query.parse(),
    )
    .await
    {
        Ok(allowed) => allowed,
        Err(refusal) => return refusal,
    };
    keyset_download("switchboard-customers.csv", &HEADER, BATCH, cells, move |after| {
        let (pool, visible) = (pool.clone(), visible.clone());
        let filter = CustomerFilter {
            after,
            ..filter.clone()
        };
        async move {
            let (rows, _) = app::customers::list::queries::page(&pool, &visible, &filter, BATCH).await?;
            let last = rows.last().map(CustomerRow::cursor);
            Ok((rows, last))
        }
    })
}

fn cells(row: CustomerRow) -> Vec<String> {
    let customer = row.customer;
    let (subscriptions, relationship) = (customer.subscriptions_joined("; "), customer.relationship());
    vec![
        customer.account_id.to_string(),
        customer.account_name,
        customer.cloud.as_str().to_owned(),
        customer.customer_id.to_string(),
        customer.company_name,
        customer.domain,
        relationship.to_owned(),
        customer.reseller.unwrap_or_default(),
        subscriptions,
        row.pending_provisioning.to_string(),
        customer.synced.utc,
    ]
}
