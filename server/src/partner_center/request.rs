//! One logical Partner Center call as the client sends it, and the answer it got.

use super::error::CallInfo;
use super::tokens::TokenKind;
use super::wire::Link;
use bytes::Bytes;
use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Request {
    /// The contract's operation id (`CUST-03`), for logs, counters and throttling families.
    pub operation: &'static str,
    pub method: Method,
    /// Relative to `{base}/v1/`, or a link's `uri`.
    pub path: String,
    /// Extra headers, such as a link's `MS-ContinuationToken`.
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
    pub auth: TokenKind,
    /// A stored `MS-RequestId` (commands); otherwise a new one per logical call.
    pub request_id: Option<Uuid>,
    /// A stored `MS-CorrelationId` (commands, so the audit names what Partner Center saw).
    pub correlation_id: Option<Uuid>,
}

impl Request {
    pub fn get(operation: &'static str, path: impl Into<String>) -> Request {
        Request {
            operation,
            method: Method::GET,
            path: path.into(),
            headers: Vec::new(),
            body: None,
            auth: TokenKind::App,
            request_id: None,
            correlation_id: None,
        }
    }

    /// The request a `links.next` (or any link) describes: its URI, method and headers.
    pub fn follow(operation: &'static str, cursor: &Cursor) -> Request {
        Request {
            operation,
            method: Method::from_bytes(cursor.method.as_bytes()).unwrap_or(Method::GET),
            path: cursor.uri.clone(),
            headers: cursor.headers.clone(),
            body: None,
            auth: TokenKind::App,
            request_id: None,
            correlation_id: None,
        }
    }

    /// A write (`PATCH`, `POST`, …) with a JSON body, sent with the command's stored ids on
    /// every attempt, so Partner Center acts on it once however often it is retried.
    pub fn write(
        operation: &'static str,
        method: Method,
        path: impl Into<String>,
        body: Value,
        request_id: Uuid,
        correlation_id: Uuid,
    ) -> Request {
        Request {
            method,
            body: Some(body),
            request_id: Some(request_id),
            correlation_id: Some(correlation_id),
            ..Request::get(operation, path)
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Request {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Needs an App+User token (contract: "Auth: App+User only").
    pub fn app_user(mut self) -> Request {
        self.auth = TokenKind::AppUser;
        self
    }

    pub fn with_auth(mut self, auth: TokenKind) -> Request {
        self.auth = auth;
        self
    }
}

/// Where the next page is: a link to follow, storable in a sync checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cursor {
    pub uri: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
}

impl From<&Link> for Cursor {
    fn from(link: &Link) -> Cursor {
        Cursor {
            uri: link.uri.clone(),
            method: link.method.clone().unwrap_or_else(|| "GET".to_owned()),
            headers: link
                .headers
                .iter()
                .map(|header| (header.key.clone(), header.value.clone()))
                .collect(),
        }
    }
}

/// A successful answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Bytes,
    pub call: CallInfo,
}
