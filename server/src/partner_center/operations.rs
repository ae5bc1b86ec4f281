//! The contract operations Switchboard reads, by operation id, and the two paging styles:
//! seek paging that follows `links.next` with its headers (contract §1.7 style 2) and index
//! paging with `offset`/`size` (style 1).

use super::client::PartnerCenter;
use super::error::PcError;
use super::request::{Cursor, Request};
use super::stats::CallStats;
use super::wire::Collection;
use serde::de::DeserializeOwned;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Largest utilization page (USE-01: "default 1000, which is also the maximum").
pub const UTILIZATION_PAGE: u32 = 1000;
/// A guard against a service that never stops announcing another page.
const MAX_PAGES: usize = 100_000;

/// CUST-03: the first page of the partner's customers.
pub fn list_customers(size: u32) -> Request {
    Request::get("CUST-03", format!("customers?size={size}"))
}

/// CUST-02: one customer with both profiles.
pub fn customer(id: Uuid) -> Request {
    Request::get("CUST-02", format!("customers/{id}"))
}

/// SUB-01: every subscription of a customer.
pub fn subscriptions(customer: Uuid) -> Request {
    Request::get("SUB-01", format!("customers/{customer}/subscriptions"))
}

/// SUB-02: one subscription.
pub fn subscription(customer: Uuid, subscription: Uuid) -> Request {
    Request::get(
        "SUB-02",
        format!("customers/{customer}/subscriptions/{subscription}"),
    )
}

/// SUB-05 (nickname), SUB-06 (suspend), SUB-07 (reactivate): a PATCH of only the changed
/// properties, as the SDK sends them (contract SUB-06, "Partial bodies"), with the ETag the
/// change was decided on in `If-Match` and `attributes.etag` (§1.10). `ids` are the command's
/// stored `MS-RequestId` and `MS-CorrelationId`.
pub fn patch_subscription(
    operation: &'static str,
    customer: Uuid,
    subscription: Uuid,
    changes: serde_json::Map<String, serde_json::Value>,
    etag: &str,
    ids: (Uuid, Uuid),
) -> Request {
    let mut body = changes;
    body.insert(
        "attributes".to_owned(),
        serde_json::json!({ "etag": etag, "objectType": "Subscription" }),
    );
    Request::write(
        operation,
        reqwest::Method::PATCH,
        format!("customers/{customer}/subscriptions/{subscription}"),
        serde_json::Value::Object(body),
        ids.0,
        ids.1,
    )
    .with_header("If-Match", etag)
}

/// SUB-08: provisioning status (App+User only).
pub fn provisioning_status(customer: Uuid, subscription: Uuid) -> Request {
    Request::get(
        "SUB-08",
        format!("customers/{customer}/subscriptions/{subscription}/provisioningstatus"),
    )
    .app_user()
}

/// ORD-03: every order of a customer.
pub fn orders(customer: Uuid) -> Request {
    Request::get("ORD-03", format!("customers/{customer}/orders"))
}

/// USR-02: a customer's users (App+User only; active ones: deleted users are USR-06's).
pub fn customer_users(customer: Uuid) -> Request {
    Request::get("USR-02", format!("customers/{customer}/users")).app_user()
}

/// BUD-01: a customer's monthly Azure spending budget.
pub fn budget(customer: Uuid) -> Request {
    Request::get("BUD-01", format!("customers/{customer}/usagebudget"))
}

/// PRICE-01: the Azure rate card in the partner's currency.
pub fn rate_card() -> Request {
    Request::get("PRICE-01", "ratecards/azure")
}

/// USE-01: daily utilization records of an Azure subscription over `[start, end)`.
pub fn utilization(
    customer: Uuid,
    subscription: Uuid,
    start: OffsetDateTime,
    end: OffsetDateTime,
) -> Request {
    let iso = |moment: OffsetDateTime| moment.format(&Rfc3339).unwrap_or_default();
    Request::get(
        "USE-01",
        format!(
            "customers/{customer}/subscriptions/{subscription}/utilizations/azure?start_time={}&end_time={}&granularity=daily&show_details=false&size={UTILIZATION_PAGE}",
            iso(start),
            iso(end)
        ),
    )
}

/// AUD-01: the activity log from `start` (a day, the API's granularity) to now.
pub fn audit_records(start: Date) -> Request {
    Request::get("AUD-01", format!("auditrecords?startDate={start}&size=500"))
}

/// OFFR-02 path for a market; index-paged.
pub fn offers_path(country: &str) -> String {
    format!("offers?country={country}")
}

/// One page of a collection and where the next one is.
#[derive(Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

impl PartnerCenter {
    /// One page of a seek-paged (or unpaged) collection.
    pub async fn page<T: DeserializeOwned>(
        &self,
        request: &Request,
        run: Option<&CallStats>,
    ) -> Result<Page<T>, PcError> {
        let collection: Collection<T> = self.fetch(request, run).await?;
        let next = collection.next_link().map(Cursor::from);
        Ok(Page {
            items: collection.items,
            next,
        })
    }

    /// Every item of a collection, following `links.next` until the service stops announcing one.
    pub async fn all_pages<T: DeserializeOwned>(
        &self,
        first: Request,
        run: Option<&CallStats>,
    ) -> Result<Vec<T>, PcError> {
        let operation = first.operation;
        let auth = first.auth;
        let mut request = first;
        let mut items = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..MAX_PAGES {
            let page = self.page::<T>(&request, run).await?;
            items.extend(page.items);
            let Some(next) = page.next else {
                return Ok(items);
            };
            if !seen.insert(next.clone()) {
                return Err(PcError::BadLink {
                    uri: next.uri,
                    reason: "the service announced the same next page twice".into(),
                });
            }
            request = Request::follow(operation, &next).with_auth(auth);
        }
        Err(PcError::BadLink {
            uri: request.path,
            reason: format!("more than {MAX_PAGES} pages"),
        })
    }

    /// Every item of an index-paged collection (`offset` and `size`), until a short page.
    pub async fn all_indexed<T: DeserializeOwned>(
        &self,
        operation: &'static str,
        path: &str,
        size: usize,
        run: Option<&CallStats>,
    ) -> Result<Vec<T>, PcError> {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        for _ in 0..MAX_PAGES {
            let request = Request::get(
                operation,
                format!("{path}{separator}offset={}&size={size}", items.len()),
            );
            let page: Collection<T> = self.fetch(&request, run).await?;
            let count = page.items.len();
            items.extend(page.items);
            if count < size {
                return Ok(items);
            }
        }
        Err(PcError::BadLink {
            uri: path.to_owned(),
            reason: format!("more than {MAX_PAGES} pages"),
        })
    }
}
