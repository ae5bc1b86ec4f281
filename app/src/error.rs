//! One error type for the whole portal.
//!
//! - `AppError` is what server functions, axum routes and the UI see. Its `Display` is safe to
//!   show a user; details stay on the server.
//! - Subsystems below the boundary (Partner Center client, sync jobs) keep their own `thiserror`
//!   enums and convert into `AppError` where they are handled, logging the real cause once there.
//! - Start-up code uses `anyhow` with context.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// `Result` with `AppError` as the default error.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Every error a user can meet, with a message fit to show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The page or record does not exist (or is not visible to this user).
    #[error("We could not find that page or record.")]
    NotFound,
    /// No signed-in user.
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// Signed in, but the user's role does not allow this.
    #[error("Your role does not allow this action.")]
    Forbidden,
    /// One input field holds a bad value.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// The request clashes with the current state (a duplicate, a stale version).
    #[error("{0}")]
    Conflict(String),
    /// Partner Center (or the identity provider) failed or is unreachable.
    #[error("Partner Center is not responding right now. Please try again shortly.")]
    Upstream,
    /// Anything else; the cause is in the server log.
    #[error("Something went wrong on our side. The problem has been logged.")]
    Internal,
    /// The browser could not reach the server function, or could not read its answer.
    #[error("Could not reach Switchboard: {0}")]
    Transport(String),
}

impl AppError {
    /// The HTTP status this error maps to.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Invalid { .. } => 422,
            AppError::Conflict(_) => 409,
            AppError::Upstream => 502,
            AppError::Internal => 500,
            AppError::Transport(_) => 503,
        }
    }

    /// A short heading for an error page.
    pub fn title(&self) -> &'static str {
        match self {
            AppError::NotFound => "Page not found",
            AppError::Unauthorized => "Sign-in required",
            AppError::Forbidden => "Not allowed",
            AppError::Invalid { .. } => "Check your input",
            AppError::Conflict(_) => "Something changed",
            AppError::Upstream => "Partner Center unavailable",
            AppError::Internal => "Unexpected error",
            AppError::Transport(_) => "Connection problem",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
pub use ssr::with_http_status;

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};

    impl From<sqlx::Error> for AppError {
        fn from(error: sqlx::Error) -> Self {
            match error {
                sqlx::Error::RowNotFound => AppError::NotFound,
                other => {
                    tracing::error!(error = %other, "database query failed");
                    AppError::Internal
                }
            }
        }
    }

    /// Sets the HTTP status of the server function's response from `error` (Leptos answers
    /// 500 for every error otherwise), and returns it.
    pub fn with_http_status(error: AppError) -> AppError {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(
                StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
        error
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let status =
                StatusCode::from_u16(self.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = axum::Json(serde_json::json!({
                "error": self.title(),
                "message": self.to_string(),
            }));
            (status, body).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_maps_to_a_client_or_server_status() {
        let all = [
            AppError::NotFound,
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::Invalid {
                field: "seats".into(),
                message: "must be 1 to 300".into(),
            },
            AppError::Conflict("changed".into()),
            AppError::Upstream,
            AppError::Internal,
            AppError::Transport("offline".into()),
        ];
        for error in all {
            assert!((400..600).contains(&error.status_code()), "{error:?}");
            assert!(!error.title().is_empty());
        }
    }

    #[test]
    fn invalid_names_the_field_in_its_message() {
        let error = AppError::Invalid {
            field: "Seats".into(),
            message: "must be 1 to 300".into(),
        };
        assert_eq!(error.to_string(), "Seats: must be 1 to 300");
    }

    #[test]
    fn transport_failures_become_app_errors_and_survive_the_wire() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Request("timed out".into()));
        assert!(matches!(error, AppError::Transport(_)));
        assert_eq!(AppError::de(error.ser()), error);
    }
}
