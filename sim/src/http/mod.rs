//! Partner Center REST under `/pc/{host}/v1`, one module per resource (contract §3).

pub mod address;
pub mod audit;
pub mod body;
pub mod budgets;
pub mod context;
pub mod customers;
pub mod customers_new;
pub mod envelope;
pub mod error;
pub mod invoices;
pub mod offers;
pub mod orders;
pub mod ratecards;
pub mod relationships;
pub mod subscriptions;
pub mod support;
pub mod usage;
pub mod users;
pub mod utilities;

use crate::faults::gateway::gateway;
use crate::state::Sim;
use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, head, post};
use std::sync::Arc;

fn pc(path: &str) -> String {
    format!("/pc/{{host}}/v1{path}")
}

/// Every Partner Center route, behind the gateway (auth, throttling, faults, idempotency).
pub fn router(sim: Arc<Sim>) -> Router<Arc<Sim>> {
    let customer = "/customers/{customer_id}";
    let subscription = "/customers/{customer_id}/subscriptions/{subscription_id}";
    Router::new()
        .route(&pc("/customers"), get(customers::list).post(customers::create))
        .route(&pc(customer), get(customers::get))
        .route(
            &pc(&format!("{customer}/profiles/company")),
            get(customers::company_profile),
        )
        .route(
            &pc(&format!("{customer}/profiles/billing")),
            get(customers::billing_profile).put(customers::update_billing_profile),
        )
        .route(
            &pc("/countryvalidationrules/{country}"),
            get(utilities::country_rules),
        )
        .route(&pc("/validations/address"), post(utilities::validate_address))
        .route(&pc("/domains/{domain}"), head(utilities::domain_exists))
        .route(&pc("/offers"), get(offers::list))
        .route(&pc("/offers/{offer_id}"), get(offers::get))
        .route(
            &pc(&format!("{customer}/orders")),
            get(orders::list).post(orders::create),
        )
        .route(&pc(&format!("{customer}/orders/{{order_id}}")), get(orders::get))
        .route(
            &pc(&format!("{customer}/subscriptions")),
            get(subscriptions::list),
        )
        .route(
            &pc(subscription),
            get(subscriptions::get).patch(subscriptions::update),
        )
        .route(
            &pc(&format!("{subscription}/provisioningstatus")),
            get(subscriptions::provisioning_status),
        )
        .route(
            &pc(&format!("{subscription}/utilizations/azure")),
            get(usage::utilization),
        )
        .route(
            &pc(&format!("{customer}/usagesummary")),
            get(usage::customer_summary),
        )
        .route(&pc("/customers/usagerecords"), get(usage::all_customers))
        .route(
            &pc(&format!("{customer}/usagebudget")),
            get(budgets::get).patch(budgets::update),
        )
        .route(
            &pc(&format!("{customer}/users")),
            get(users::list).post(users::create),
        )
        .route(
            &pc(&format!("{customer}/users/{{user_id}}")),
            get(users::get).patch(users::update).delete(users::delete),
        )
        .route(&pc("/invoices"), get(invoices::list))
        .route(&pc("/invoices/summary"), get(invoices::summary))
        .route(&pc("/invoices/{invoice_id}"), get(invoices::get))
        .route(
            &pc("/invoices/{invoice_id}/lineitems/{provider}/{item_type}"),
            get(invoices::line_items),
        )
        .route(&pc("/servicerequests"), get(support::list))
        .route(&pc("/servicerequests/supporttopics"), get(support::topics))
        .route(
            &pc("/servicerequests/{id}"),
            get(support::get).post(support::create).patch(support::update),
        )
        .route(
            &pc(&format!("{customer}/servicerequests")),
            get(support::list_for_customer),
        )
        .route(&pc("/ratecards/azure"), get(ratecards::azure))
        .route(&pc("/auditrecords"), get(audit::list))
        .route(&pc("/relationships"), get(relationships::list))
        .route_layer(from_fn_with_state(sim, gateway))
        .route(
            &pc("/{*rest}"),
            get(not_found)
                .post(not_found)
                .patch(not_found)
                .put(not_found)
                .delete(not_found),
        )
        .method_not_allowed_fallback(method_not_allowed)
}

async fn method_not_allowed(method: axum::http::Method) -> error::PcError {
    let description = format!("{method} is not supported for this resource.");
    error::PcError::new(axum::http::StatusCode::METHOD_NOT_ALLOWED, 0, description)
}

async fn not_found() -> error::PcError {
    error::PcError::not_found(1000, "Not found: no Partner Center operation at this address.")
}

/// A path segment that was not a valid GUID, or the GUID.
pub fn guid(what: &str, text: &str) -> error::PcResult<uuid::Uuid> {
    context::parse_guid(what, text)
}

/// Marks a response with the operation id the handler determined.
pub fn refined(mut response: axum::response::Response, operation: &'static str) -> axum::response::Response {
    response
        .extensions_mut()
        .insert(crate::faults::gateway::RefinedOperation(operation));
    response
}

/// Shared by handlers: `Path` params as a map (host and ids), and the call context.
pub type Params = axum::extract::Path<std::collections::HashMap<String, String>>;
pub type Ctx = axum::Extension<context::CallContext>;

/// The path parameter `name` (routes guarantee it exists).
pub fn param<'a>(params: &'a std::collections::HashMap<String, String>, name: &str) -> &'a str {
    params.get(name).map(String::as_str).unwrap_or_default()
}
