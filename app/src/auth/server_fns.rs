#[cfg(feature = "ssr")]
use super::Staff;
use super::StaffAccess;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in staff member and their grants (the server's sign-in guard answers 401 before
/// this without one). Reads only the caller's own grants, so it needs no role.
#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn current_staff() -> Result<StaffAccess, AppError> {
    let (staff, grants) = super::access::caller().await?;
    Ok(StaffAccess { staff, grants })
}

/// The staff member the sign-in guard attached to this request.
#[cfg(feature = "ssr")]
pub async fn signed_in() -> Result<Staff, AppError> {
    let axum::Extension(staff) = leptos_axum::extract::<axum::Extension<Staff>>()
        .await
        .map_err(|_| crate::error::with_http_status(AppError::Unauthorized))?;
    Ok(staff)
}
