//! Shapes every Partner Center response shares: links, collections, JSON bodies (§1.6, §1.7).

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

/// A `GET` link to `uri` with no headers.
pub fn link(uri: &str) -> Value {
    json!({ "uri": uri, "method": "GET", "headers": [] })
}

/// A `GET` link to the next page, carrying the continuation token header.
pub fn next_link(uri: &str, token: &str) -> Value {
    json!({ "uri": uri, "method": "GET", "headers": [ { "key": "MS-ContinuationToken", "value": token } ] })
}

/// A collection of `items` with its self link and, when more pages exist, a next link.
pub fn collection(items: Vec<Value>, self_uri: &str, next: Option<Value>) -> Value {
    let mut links = json!({ "self": link(self_uri) });
    if let Some(next) = next {
        links["next"] = next;
    }
    json!({
        "totalCount": items.len(),
        "items": items,
        "links": links,
        "attributes": { "objectType": "Collection" },
    })
}

/// A JSON response as Partner Center sends it (`application/json; charset=utf-8`).
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// 200 with `body`.
pub fn ok(body: Value) -> Response {
    json_response(StatusCode::OK, &body)
}

/// 201 with `body`.
pub fn created(body: Value) -> Response {
    json_response(StatusCode::CREATED, &body)
}

/// A response with no body (`Content-Length: 0`).
pub fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}
