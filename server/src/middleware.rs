//! The tower layers around every route: request ids, request spans, server timing, compression,
//! timeouts.

use axum::Router;
use axum::http::{HeaderName, Request, Response, StatusCode};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{MakeSpan, OnResponse, TraceLayer};
use tracing::Span;

/// The header carrying the request id, set here if the client did not send one.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Opens one span per request with its id, method and path (never the query: it may hold codes).
#[derive(Clone, Copy)]
pub struct RequestSpan;

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, request: &Request<B>) -> Span {
        let request_id = request
            .headers()
            .get(&REQUEST_ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!(
            "request",
            request.id = %request_id,
            http.method = %request.method(),
            http.path = %request.uri().path(),
        )
    }
}

/// Logs one line per response with its status and duration.
#[derive(Clone, Copy)]
pub struct ResponseLog;

impl<B> OnResponse<B> for ResponseLog {
    fn on_response(self, response: &Response<B>, latency: Duration, _: &Span) {
        let status = response.status().as_u16();
        let duration_ms = (latency.as_secs_f64() * 1_000_000.0).round() / 1000.0;
        if response.status().is_server_error() {
            tracing::error!(http.status = status, duration_ms, "request failed");
        } else {
            tracing::info!(http.status = status, duration_ms, "request finished");
        }
    }
}

/// Wraps `router` in the middleware stack (outermost first: request id, trace, ...).
pub fn wrap(router: Router, request_timeout: Duration) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID_HEADER, MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(RequestSpan)
                    .on_request(())
                    .on_response(ResponseLog),
            )
            .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
            .layer(axum::middleware::from_fn(server_timing))
            .layer(CompressionLayer::new())
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                request_timeout,
            )),
    )
}

/// Adds `Server-Timing: app;dur=…` (milliseconds from here to the response's headers: session,
/// role checks, queries and rendering), which browsers' developer tools show and the search
/// benchmark reads as the server's share of each request.
async fn server_timing(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let started = std::time::Instant::now();
    let mut response = next.run(request).await;
    let millis = started.elapsed().as_secs_f64() * 1_000.0;
    if let Ok(value) = axum::http::HeaderValue::from_str(&format!("app;dur={millis:.3}")) {
        response.headers_mut().insert(SERVER_TIMING, value);
    }
    response
}

const SERVER_TIMING: HeaderName = HeaderName::from_static("server-timing");
