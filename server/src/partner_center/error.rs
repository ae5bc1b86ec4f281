//! What can go wrong calling Partner Center, classified by HTTP status and Partner Center error
//! code (contract §1.9), with what each means for retries, the circuit breaker and account health.

use std::time::Duration;
use uuid::Uuid;

/// Which logical call failed: enough to find it in Partner Center's logs, never the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallInfo {
    pub operation: &'static str,
    pub correlation_id: Uuid,
    pub request_id: Uuid,
}

/// A Partner Center error answer, by what a caller can do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// 400: the request broke a rule (code says which: 2055 stale etag, 2002 quantity, …).
    BadRequest,
    /// 401: the token was refused even after fetching a new one.
    Unauthorized,
    /// 403: the role, relationship (20002) or cloud does not allow it.
    Forbidden,
    /// 404: no such resource (1000, 20003, 60003, …).
    NotFound,
    /// 409: conflict, or a request with this MS-RequestId still in progress (800060).
    Conflict,
    /// 412: stale If-Match.
    PreconditionFailed,
    /// 429 after the retries ran out.
    Throttled,
    /// 5xx, 408 after the retries ran out.
    Unavailable,
    /// Anything else.
    Other,
}

impl ApiErrorKind {
    pub fn of_status(status: u16) -> ApiErrorKind {
        match status {
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Unauthorized,
            403 => ApiErrorKind::Forbidden,
            404 => ApiErrorKind::NotFound,
            409 => ApiErrorKind::Conflict,
            412 => ApiErrorKind::PreconditionFailed,
            429 => ApiErrorKind::Throttled,
            408 | 500..=599 => ApiErrorKind::Unavailable,
            _ => ApiErrorKind::Other,
        }
    }
}

/// How a request failed before a complete answer arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    Connect,
    Timeout,
    /// The connection broke while the body was arriving.
    Reset,
    Other,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum PcError {
    /// Entra ID refused the account's credentials: wrong or expired secret, unknown app or
    /// tenant, revoked consent. Retrying cannot help until someone fixes the credentials.
    #[error("Entra ID refused the credentials of app {client_id}: {description} ({hint})")]
    AuthFailed {
        client_id: Uuid,
        description: String,
        hint: &'static str,
    },
    /// The token endpoint could not be used right now (5xx, transport, malformed answer).
    #[error("Entra ID token endpoint unavailable: {description}")]
    TokenUnavailable { description: String },
    /// App+User access is needed but no consented refresh token is configured.
    #[error("{operation} needs App+User access; configure the account's refresh_token")]
    NoAppUserToken { operation: &'static str },
    #[error("Partner Center answered {status} to {} (code {}): {description}", call.operation, code.map_or("none".to_owned(), |code| code.to_string()))]
    Api {
        call: CallInfo,
        kind: ApiErrorKind,
        status: u16,
        code: Option<i64>,
        description: String,
        retry_after: Option<Duration>,
    },
    #[error("{} failed before Partner Center answered ({kind:?}): {message}", call.operation)]
    Transport {
        call: CallInfo,
        kind: TransportKind,
        message: String,
    },
    /// A response the client cannot parse: logged with the operation and correlation id.
    #[error("the response to {} could not be read (correlation id {}): {message}", call.operation, call.correlation_id)]
    Decode { call: CallInfo, message: String },
    /// The account's circuit breaker is open after repeated failures.
    #[error("Partner Center is failing for this account; next attempt in {} s", retry_in.as_secs().max(1))]
    CircuitOpen { retry_in: Duration },
    /// The link to follow was not a Partner Center address.
    #[error("cannot follow {uri:?}: {reason}")]
    BadLink { uri: String, reason: String },
}

impl PcError {
    /// Worth another attempt within the same logical call.
    pub fn is_retryable(&self) -> bool {
        match self {
            PcError::TokenUnavailable { .. } | PcError::Transport { .. } => true,
            PcError::Api { kind, .. } => {
                matches!(kind, ApiErrorKind::Throttled | ApiErrorKind::Unavailable)
            }
            _ => false,
        }
    }

    /// The wait Partner Center asked for (429 `Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            PcError::Api { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The service itself is failing (counts towards opening the circuit breaker).
    pub fn is_service_failure(&self) -> bool {
        match self {
            PcError::TokenUnavailable { .. } | PcError::Transport { .. } => true,
            PcError::Api { kind, .. } => *kind == ApiErrorKind::Unavailable,
            _ => false,
        }
    }

    pub fn is_throttled(&self) -> bool {
        matches!(
            self,
            PcError::Api {
                kind: ApiErrorKind::Throttled,
                ..
            }
        )
    }

    pub fn is_auth_failure(&self) -> bool {
        matches!(self, PcError::AuthFailed { .. } | PcError::NoAppUserToken { .. })
    }

    /// The Partner Center error code, if the answer carried one.
    pub fn code(&self) -> Option<i64> {
        match self {
            PcError::Api { code, .. } => *code,
            _ => None,
        }
    }

    /// The HTTP status and kind of an error answer.
    pub fn api_kind(&self) -> Option<ApiErrorKind> {
        match self {
            PcError::Api { kind, .. } => Some(*kind),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, code: Option<i64>) -> PcError {
        PcError::Api {
            call: CallInfo {
                operation: "SUB-06",
                correlation_id: Uuid::nil(),
                request_id: Uuid::nil(),
            },
            kind: ApiErrorKind::of_status(status),
            status,
            code,
            description: "x".into(),
            retry_after: None,
        }
    }

    #[test]
    fn throttling_and_server_errors_are_retried_business_errors_are_not() {
        assert!(api(429, None).is_retryable());
        assert!(api(503, Some(503)).is_retryable());
        assert!(api(408, None).is_retryable());
        for status in [400, 401, 403, 404, 409, 412] {
            assert!(!api(status, Some(2055)).is_retryable(), "{status}");
        }
        assert!(!api(429, None).is_service_failure());
        assert!(api(500, None).is_service_failure());
        assert_eq!(api(400, Some(2055)).code(), Some(2055));
    }

    #[test]
    fn messages_name_the_operation_and_code_but_hold_no_secrets() {
        let text = api(400, Some(2055)).to_string();
        assert!(text.contains("SUB-06") && text.contains("2055"), "{text}");
    }
}
