//! Partner Center service requests (SUP-01 … SUP-06); 21Vianet has none (contract §1.1).

use super::body::{QueryParams, parse};
use super::envelope::{collection, created, ok};
use super::error::{PcError, PcResult};
use super::{Ctx, Params, param};
use crate::cloud::Capability;
use crate::model::{ServiceNote, ServiceRequest};
use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

/// Support topics: (id, name, description).
pub const SUPPORT_TOPICS: [(u64, &str, &str); 5] = [
    (
        32_444_667,
        "Partner Center Issues",
        "Office 365 questions from the CSP (Cloud Solution Provider) partners using Partner Center",
    ),
    (
        32_444_671,
        "Cannot manage my profile",
        "Issues that are related to errors or problems with managing a profile",
    ),
    (
        32_444_680,
        "Billing and invoices",
        "Questions about invoices, reconciliation files and payments",
    ),
    (
        32_444_690,
        "Cannot create a customer",
        "Errors when creating customers or adding existing customers",
    ),
    (
        32_444_702,
        "Provisioning",
        "Orders and subscriptions that do not provision",
    ),
];

fn organization(ctx: &Ctx) -> (String, String) {
    (ctx.info().tenant_id.to_string(), ctx.info().name.clone())
}

pub async fn topics(ctx: Ctx) -> PcResult<Response> {
    ctx.require(Capability::ServiceRequests)?;
    let items = SUPPORT_TOPICS.iter()
        .map(|(id, name, description)| json!({ "name": name, "description": description, "id": id, "attributes": { "objectType": "SupportTopic" } }))
        .collect();
    Ok(ok(collection(items, "/servicerequests/supporttopics", None)))
}

pub async fn list(ctx: Ctx, RawQuery(raw): RawQuery) -> PcResult<Response> {
    ctx.require(Capability::ServiceRequests)?;
    let query = QueryParams::new(raw.as_deref());
    let status = query.get("status").map(str::to_lowercase);
    let (id, name) = organization(&ctx);
    let data = ctx.read();
    let items = data
        .service_requests
        .iter()
        .filter(|request| status.as_ref().is_none_or(|status| request.status == *status))
        .map(|request| request.to_json((&id, &name)))
        .collect();
    Ok(ok(collection(items, "/servicerequests", None)))
}

pub async fn list_for_customer(ctx: Ctx, params: Params) -> PcResult<Response> {
    ctx.require_app_user()?;
    ctx.require(Capability::ServiceRequests)?;
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let (id, name) = organization(&ctx);
    let data = ctx.read();
    let items = data
        .service_requests
        .iter()
        .filter(|request| request.customer_id == Some(customer_id))
        .map(|request| request.to_json((&id, &name)))
        .collect();
    Ok(ok(collection(
        items,
        &format!("/customers/{customer_id}/servicerequests"),
        None,
    )))
}

pub async fn get(ctx: Ctx, params: Params) -> PcResult<Response> {
    ctx.require_app_user()?;
    ctx.require(Capability::ServiceRequests)?;
    let (id, name) = organization(&ctx);
    let data = ctx.read();
    let wanted = param(&params, "id");
    let request = data
        .service_requests
        .iter()
        .find(|request| request.id == wanted)
        .ok_or_else(|| PcError::not_found(1000, format!("Service request {wanted} was not found.")))?;
    Ok(ok(request.to_json((&id, &name))))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read-only properties of the full resource are accepted and ignored
struct NoteRequest {
    text: Option<String>,
    createdbyname: Option<Value>,
    createddate: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read-only properties of the full resource are accepted and ignored
struct ServiceRequestBody {
    title: Option<String>,
    description: Option<String>,
    severity: Option<String>,
    supporttopicid: Option<Value>,
    supporttopicname: Option<Value>,
    id: Option<Value>,
    status: Option<String>,
    organization: Option<Value>,
    primarycontact: Option<Value>,
    lastupdatedby: Option<Value>,
    productname: Option<Value>,
    productid: Option<Value>,
    createddate: Option<Value>,
    lastmodifieddate: Option<Value>,
    lastcloseddate: Option<Value>,
    filelinks: Option<Value>,
    newnote: Option<NoteRequest>,
    notes: Option<Value>,
    countrycode: Option<Value>,
    attributes: Option<Value>,
}

/// `POST /servicerequests/{agent-locale}` (SUP-02).
pub async fn create(ctx: Ctx, params: Params, body: Bytes) -> PcResult<Response> {
    ctx.require(Capability::ServiceRequests)?;
    let locale = param(&params, "id");
    if !(2..=10).contains(&locale.len()) {
        return Err(PcError::invalid(format!(
            "'{locale}' is not an agent locale such as en-US."
        )));
    }
    let request: ServiceRequestBody = parse(&body)?;
    let title = request
        .title
        .filter(|title| !title.trim().is_empty() && title.chars().count() <= 200)
        .ok_or_else(|| PcError::invalid("title is required (at most 200 characters)."))?;
    let description = request
        .description
        .filter(|text| !text.trim().is_empty() && text.chars().count() <= 4000)
        .ok_or_else(|| PcError::invalid("description is required (at most 4000 characters)."))?;
    let severity = request
        .severity
        .map(|severity| severity.to_lowercase())
        .filter(|severity| ["critical", "moderate", "minimal"].contains(&severity.as_str()))
        .ok_or_else(|| PcError::invalid("severity must be critical, moderate or minimal."))?;
    let topic_id = request.supporttopicid.as_ref().and_then(|id| {
        id.as_u64()
            .or_else(|| id.as_str().and_then(|text| text.parse().ok()))
    });
    let topic = SUPPORT_TOPICS
        .iter()
        .find(|topic| Some(topic.0) == topic_id)
        .ok_or_else(|| {
            PcError::invalid(
                "supportTopicId must be one of the support topics (GET /servicerequests/supporttopics).",
            )
        })?;
    let now = ctx.now();
    let actor = ctx.actor();
    let service_request = ServiceRequest {
        id: format!("{}{:05}", now.unix_timestamp(), now.nanosecond() % 100_000),
        title,
        description,
        severity,
        support_topic_id: topic.0,
        support_topic_name: topic.1.to_owned(),
        status: "open".to_owned(),
        customer_id: None,
        contact_name: (actor.clone(), String::new()),
        contact_email: actor,
        created_at: now,
        modified_at: now,
        closed_at: None,
        notes: request
            .newnote
            .and_then(|note| note.text)
            .map(|text| {
                vec![ServiceNote {
                    created_by: ctx.actor(),
                    created_at: now,
                    text,
                }]
            })
            .unwrap_or_default(),
        country: ctx.info().country.to_owned(),
    };
    let (id, name) = organization(&ctx);
    let body = service_request.to_json((&id, &name));
    ctx.write().service_requests.push(service_request);
    Ok(created(body))
}

/// `PATCH /servicerequests/{id}` (SUP-05): add a note, or change the status.
pub async fn update(ctx: Ctx, params: Params, body: Bytes) -> PcResult<Response> {
    ctx.require_app_user()?;
    ctx.require(Capability::ServiceRequests)?;
    let request: ServiceRequestBody = parse(&body)?;
    let now = ctx.now();
    let actor = ctx.actor();
    let (id, name) = organization(&ctx);
    let mut data = ctx.write();
    let wanted = param(&params, "id");
    let service_request = data
        .service_requests
        .iter_mut()
        .find(|request| request.id == wanted)
        .ok_or_else(|| PcError::not_found(1000, format!("Service request {wanted} was not found.")))?;
    if let Some(status) = request.status.map(|status| status.to_lowercase()) {
        if !["open", "closed", "attention_needed"].contains(&status.as_str()) {
            return Err(PcError::invalid(
                "status must be open, closed or attention_needed.",
            ));
        }
        service_request.closed_at = (status == "closed").then_some(now);
        service_request.status = status;
    }
    if let Some(text) = request
        .newnote
        .and_then(|note| note.text)
        .filter(|text| !text.trim().is_empty())
    {
        service_request.notes.push(ServiceNote {
            created_by: actor,
            created_at: now,
            text,
        });
    }
    service_request.modified_at = now;
    Ok(ok(service_request.to_json((&id, &name))))
}
