//! The Partner Center error envelope (contract §1.9): `{code, description, data, source}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// A Partner Center error: HTTP status, numeric code and a description for people.
#[derive(Debug, Clone, PartialEq)]
pub struct PcError {
    pub status: StatusCode,
    pub code: i64,
    pub description: String,
}

impl PcError {
    pub fn new(status: StatusCode, code: i64, description: impl Into<String>) -> PcError {
        PcError {
            status,
            code,
            description: description.into(),
        }
    }

    /// 400 / 3000 "Invalid property", the generic bad-input answer.
    pub fn invalid(description: impl Into<String>) -> PcError {
        PcError::new(StatusCode::BAD_REQUEST, 3000, description)
    }

    /// 401 / 400 "Access denied".
    pub fn access_denied(reason: impl Into<String>) -> PcError {
        PcError::new(
            StatusCode::UNAUTHORIZED,
            400,
            format!("Access denied: {}", reason.into()),
        )
    }

    /// 404 with `code`.
    pub fn not_found(code: i64, description: impl Into<String>) -> PcError {
        PcError::new(StatusCode::NOT_FOUND, code, description)
    }

    /// 403 / 900127: the cloud does not offer this (contract §1.1).
    pub fn unsupported(description: impl Into<String>) -> PcError {
        PcError::new(StatusCode::FORBIDDEN, 900_127, description)
    }

    /// 403 / 20002: the customer belongs to another partner.
    pub fn no_relationship(partner_id: &str, customer_id: &str) -> PcError {
        PcError::new(
            StatusCode::FORBIDDEN,
            20_002,
            format!(
                "The partner id {partner_id} has no commerce relationship with the customer id {customer_id}."
            ),
        )
    }
}

impl IntoResponse for PcError {
    fn into_response(self) -> Response {
        let body =
            json!({ "code": self.code, "description": self.description, "data": [], "source": "PartnerFD" });
        let mut response = crate::http::envelope::json_response(self.status, &body);
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(
                    r#"Bearer error="invalid_token", realm="urn:cpsvc:cpid:partnercenter""#,
                ),
            );
        }
        response
    }
}

/// Handler results.
pub type PcResult<T = Response> = Result<T, PcError>;
