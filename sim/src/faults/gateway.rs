//! The middleware in front of every Partner Center route: echoes MS-RequestId and
//! MS-CorrelationId, authenticates, applies throttling and faults, makes mutating requests
//! idempotent on their MS-RequestId, and counts every request.

use super::operations::{classify, family};
use super::{Admission, Spoil, admit, count_request};
use crate::http::context::CallContext;
use crate::http::error::PcError;
use crate::identity::verify_partner_center;
use crate::model::account::StoredResponse;
use crate::state::Sim;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use uuid::Uuid;

/// Set by a handler that learns the exact operation from the body (a PATCH that suspends is SUB-06).
#[derive(Debug, Clone, Copy)]
pub struct RefinedOperation(pub &'static str);

/// The idempotency store's marker for a request still being handled.
const IN_PROGRESS: u16 = 0;

pub async fn gateway(State(sim): State<Arc<Sim>>, request: Request, next: Next) -> Response {
    let client_request_id = header_text(request.headers(), "ms-requestid");
    let request_id = client_request_id
        .clone()
        .unwrap_or_else(|| Uuid::new_v4().to_string());
    let correlation_id = header_text(request.headers(), "ms-correlationid")
        .and_then(|text| Uuid::parse_str(&text).ok())
        .unwrap_or_else(Uuid::new_v4);
    let mut response = handle(&sim, request, next, client_request_id, correlation_id).await;
    let headers = response.headers_mut();
    for (name, value) in [
        ("ms-requestid", request_id),
        ("ms-correlationid", correlation_id.to_string()),
        (
            "ms-cv",
            format!("{}.0", &Uuid::new_v4().simple().to_string()[..16]),
        ),
        ("ms-serverid", "101112616".to_owned()),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}

async fn handle(
    sim: &Arc<Sim>,
    mut request: Request,
    next: Next,
    client_request_id: Option<String>,
    correlation_id: Uuid,
) -> Response {
    let logged_id = client_request_id.clone();
    let count = |sim: &Sim, index: usize, operation: &str, status: u16| {
        count_request(sim, index, operation, status, logged_id.as_deref());
    };
    let path = request.uri().path().to_owned();
    let mut segments = path.splitn(5, '/');
    let (host, api_path) = (
        segments.nth(2).unwrap_or("").to_owned(),
        format!("/{}", segments.nth(1).unwrap_or("")),
    );
    let method = request.method().clone();
    let operation = classify(&method, &api_path, request.uri().query());
    let authorization = header_text(request.headers(), "authorization");
    let (index, token) = match verify_partner_center(sim, &host, authorization.as_deref()) {
        Ok(verified) => verified,
        Err(error) => return error.into_response(),
    };
    let spoil = match admit(sim, index, operation, family(operation), token.issued_at) {
        Admission::Respond(response) => {
            count(sim, index, operation, response.status().as_u16());
            return response;
        }
        Admission::Hang(duration) => {
            count(sim, index, operation, 504);
            tokio::time::sleep(duration).await;
            return PcError::new(StatusCode::GATEWAY_TIMEOUT, 504, "The request timed out.").into_response();
        }
        Admission::Proceed { latency, spoil } => {
            tokio::time::sleep(latency).await;
            spoil
        }
    };
    let mutating = matches!(
        method,
        Method::POST | Method::PATCH | Method::PUT | Method::DELETE
    );
    let idempotency_key = client_request_id.filter(|_| mutating).map(|id| {
        (
            id,
            method.to_string(),
            request
                .uri()
                .path_and_query()
                .map_or(path.clone(), |pq| pq.to_string()),
        )
    });
    if let Some(key) = &idempotency_key {
        let mut data = sim.accounts[index]
            .data
            .write()
            .expect("account data lock is never poisoned");
        match data.idempotency.get(key) {
            Some(stored) if stored.status == IN_PROGRESS => {
                drop(data);
                count(sim, index, operation, 409);
                return PcError::new(StatusCode::CONFLICT, 800_060, "A request with this MS-RequestId is in progress. Retry with the same MS-RequestId to get its result.").into_response();
            }
            Some(stored) => {
                let replay = stored.clone();
                drop(data);
                sim.accounts[index]
                    .counters
                    .lock()
                    .expect("counter lock")
                    .replayed += 1;
                count(sim, index, operation, replay.status);
                return stored_response(&replay);
            }
            None => {
                data.idempotency.insert(
                    key.clone(),
                    StoredResponse {
                        status: IN_PROGRESS,
                        body: Bytes::new(),
                    },
                );
            }
        }
    }
    request.extensions_mut().insert(CallContext {
        sim: Arc::clone(sim),
        account: index,
        token,
        correlation_id,
        operation,
    });
    let response = next.run(request).await;
    let operation = response
        .extensions()
        .get::<RefinedOperation>()
        .map_or(operation, |refined| refined.0);
    let status = response.status();
    let needs_body = idempotency_key.is_some() || (spoil.is_some() && status.is_success());
    let response = if needs_body {
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
        if let Some(key) = idempotency_key {
            let mut data = sim.accounts[index]
                .data
                .write()
                .expect("account data lock is never poisoned");
            if status.is_server_error() {
                data.idempotency.remove(&key);
            } else {
                data.idempotency.insert(
                    key,
                    StoredResponse {
                        status: status.as_u16(),
                        body: bytes.clone(),
                    },
                );
            }
        }
        match spoil.filter(|_| status.is_success()) {
            Some(Spoil::Hang(duration)) => {
                // Carried out and recorded above: a repeat of its MS-RequestId gets the answer.
                count(sim, index, operation, 504);
                tokio::time::sleep(duration).await;
                return PcError::new(StatusCode::GATEWAY_TIMEOUT, 504, "The request timed out.")
                    .into_response();
            }
            Some(Spoil::Reset) => reset_response(&bytes[..bytes.len() / 2]),
            Some(Spoil::InvalidJson) => {
                Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
            }
            None => Response::from_parts(parts, Body::from(bytes)),
        }
    } else {
        response
    };
    count(sim, index, operation, response.status().as_u16());
    response
}

/// A 200 whose body stops after `prefix` with a broken connection. The pause lets the status,
/// headers and the partial body reach the client first, as a real mid-body reset does.
pub fn reset_response(prefix: &[u8]) -> Response {
    use futures_util::StreamExt;
    let first = futures_util::stream::once(std::future::ready(Ok::<Bytes, std::io::Error>(
        Bytes::copy_from_slice(prefix),
    )));
    let broken = futures_util::stream::once(async {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "simulated connection reset",
        ))
    });
    let mut response = Response::new(Body::from_stream(first.chain(broken)));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

fn stored_response(stored: &StoredResponse) -> Response {
    let mut response = Response::new(Body::from(stored.body.clone()));
    *response.status_mut() = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    if !stored.body.is_empty() {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
    }
    response
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}
