//! The simulator's own API under `/_sim/`: who is simulated, how each account misbehaves, what
//! each account was asked, and the simulated clock. Documented in the crate README and `--help`.

use crate::faults::{Counters, Faults};
use crate::state::{Account, Sim};
use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;
use uuid::Uuid;

pub fn router() -> Router<Arc<Sim>> {
    Router::new()
        .route("/_sim/health", get(|| async { Json(json!({ "status": "ok" })) }))
        .route("/_sim/accounts", get(accounts))
        .route("/_sim/staff", get(staff))
        .route(
            "/_sim/accounts/{tenant}/faults",
            get(get_faults).put(put_faults).patch(patch_faults),
        )
        .route(
            "/_sim/accounts/{tenant}/counters",
            get(get_counters).delete(reset_counters),
        )
        .route("/_sim/clock", get(clock))
        .route("/_sim/clock/advance", post(advance_clock))
}

fn problem(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

fn account<'a>(sim: &'a Sim, tenant: &str) -> Option<&'a Account> {
    Uuid::parse_str(tenant)
        .ok()
        .and_then(|id| sim.account_by_tenant(id))
}

fn unknown_tenant(tenant: &str) -> Response {
    problem(
        StatusCode::NOT_FOUND,
        format!("no simulated account has tenant id {tenant}"),
    )
}

/// Every account: identity, credentials (it is a simulator), endpoints and data counts.
pub fn accounts_json(sim: &Sim) -> Value {
    let items: Vec<Value> = sim
        .accounts
        .iter()
        .map(|account| {
            let info = &account.info;
            let data = account.data.read().expect("account data lock is never poisoned");
            let subscriptions: usize = data
                .customers
                .iter()
                .map(|customer| customer.subscriptions.len())
                .sum();
            let authority = format!("{}/{}", sim.authority_url(info), info.tenant_id);
            json!({
                "name": info.name,
                "cloud": info.cloud,
                "cloud_label": info.cloud.label(),
                "tenant_id": info.tenant_id,
                "domain": info.domain,
                "mpn_id": info.mpn_id,
                "country": info.country,
                "currency": info.currency,
                "markets": info.markets,
                "client_id": info.client_id,
                "client_secret": info.client_secret,
                "api_base_url": sim.api_base_url(info),
                "partner_center_resource": info.cloud.partner_center_resource(),
                "authority": authority,
                "token_endpoint": format!("{authority}/oauth2/v2.0/token"),
                "token_endpoint_v1": format!("{authority}/oauth2/token"),
                "openid_configuration": format!("{authority}/v2.0/.well-known/openid-configuration"),
                "consented_refresh_token": info.consented_refresh_token,
                "real_api_base_url": info.cloud.real_api_base_url(),
                "real_authority": info.cloud.real_authority(),
                "customers": data.customers.len(),
                "subscriptions": subscriptions,
            })
        })
        .collect();
    Value::Array(items)
}

async fn accounts(State(sim): State<Arc<Sim>>) -> Json<Value> {
    Json(accounts_json(&sim))
}

async fn staff(State(sim): State<Arc<Sim>>) -> Json<Value> {
    let directory = &sim.staff;
    Json(json!({
        "app": directory.app,
        "password": directory.password,
        "users": directory.users.iter().map(|user| json!({
            "username": user.username, "display_name": user.display_name, "description": user.description,
            "roles": user.roles,
            "groups": user.groups.iter().map(|(id, name)| json!({ "id": id, "name": name })).collect::<Vec<_>>(),
            "partner_admin_agent": user.partner_admin_agent,
        })).collect::<Vec<_>>(),
    }))
}

async fn get_faults(State(sim): State<Arc<Sim>>, Path(tenant): Path<String>) -> Response {
    match account(&sim, &tenant) {
        Some(account) => Json(account.faults.lock().expect("fault lock").faults.clone()).into_response(),
        None => unknown_tenant(&tenant),
    }
}

fn apply(account: &Account, faults: Faults) -> Response {
    if let Err(message) = faults.validate() {
        return problem(StatusCode::BAD_REQUEST, message);
    }
    account.faults.lock().expect("fault lock").replace(faults.clone());
    Json(faults).into_response()
}

async fn put_faults(
    State(sim): State<Arc<Sim>>,
    Path(tenant): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let Some(account) = account(&sim, &tenant) else {
        return unknown_tenant(&tenant);
    };
    match serde_json::from_slice::<Faults>(&body) {
        Ok(faults) => apply(account, faults),
        Err(error) => problem(
            StatusCode::BAD_REQUEST,
            format!("invalid fault settings: {error}"),
        ),
    }
}

/// Merges the given top-level settings into the current ones.
async fn patch_faults(
    State(sim): State<Arc<Sim>>,
    Path(tenant): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let Some(account) = account(&sim, &tenant) else {
        return unknown_tenant(&tenant);
    };
    let Ok(Value::Object(changes)) = serde_json::from_slice::<Value>(&body) else {
        return problem(
            StatusCode::BAD_REQUEST,
            "send a JSON object with the settings to change",
        );
    };
    let mut current =
        serde_json::to_value(&account.faults.lock().expect("fault lock").faults).expect("faults serialize");
    for (key, value) in changes {
        current[key] = value;
    }
    match serde_json::from_value::<Faults>(current) {
        Ok(faults) => apply(account, faults),
        Err(error) => problem(
            StatusCode::BAD_REQUEST,
            format!("invalid fault settings: {error}"),
        ),
    }
}

async fn get_counters(State(sim): State<Arc<Sim>>, Path(tenant): Path<String>) -> Response {
    match account(&sim, &tenant) {
        Some(account) => Json(account.counters.lock().expect("counter lock").clone()).into_response(),
        None => unknown_tenant(&tenant),
    }
}

async fn reset_counters(State(sim): State<Arc<Sim>>, Path(tenant): Path<String>) -> Response {
    match account(&sim, &tenant) {
        Some(account) => {
            *account.counters.lock().expect("counter lock") = Counters::default();
            StatusCode::NO_CONTENT.into_response()
        }
        None => unknown_tenant(&tenant),
    }
}

async fn clock(State(sim): State<Arc<Sim>>) -> Json<Value> {
    Json(
        json!({ "now": crate::clock::format_utc(sim.clock.now()), "offset_seconds": sim.clock.offset_seconds() }),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    seconds: i64,
}

async fn advance_clock(State(sim): State<Arc<Sim>>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Advance>(&body) {
        Ok(Advance { seconds }) if (0..=366 * 86_400).contains(&seconds) => {
            sim.clock.advance(seconds);
            clock(State(sim)).await.into_response()
        }
        _ => problem(
            StatusCode::BAD_REQUEST,
            r#"send {"seconds": N} with N from 0 to one year"#,
        ),
    }
}
