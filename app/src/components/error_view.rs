use crate::error::AppError;
use leptos::prelude::*;

/// Sets the HTTP status of the response being rendered on the server; a no-op in the browser.
pub fn set_http_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let status = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// The `ErrorBoundary` fallback: shows the first error as an `AppError` and sets the status.
/// Rendered from the error as it is when the boundary catches it: reactive reads here could
/// outlive the fallback's owner during server rendering.
#[component]
pub fn ErrorView(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let error = errors
        .read_untracked()
        .iter()
        .next()
        .map(|(_, error)| {
            error
                .downcast_ref::<AppError>()
                .cloned()
                .unwrap_or(AppError::Internal)
        })
        .unwrap_or(AppError::Internal);
    set_http_status(error.status_code());
    let how_roles_are_granted = (error == AppError::Forbidden).then(|| {
        view! { <p>"Roles are granted per partner account; an administrator grants them under Admin → Roles."</p> }
    });
    view! {
        <section class="error-view" role="alert" aria-labelledby="error-title">
            <h1 id="error-title">{error.title()}</h1>
            <p>{error.to_string()}</p>
            {how_roles_are_granted}
            <p class="error-status">"Error " {error.status_code()}</p>
            <p>
                <a href="/">"Back to the dashboard"</a>
            </p>
        </section>
    }
}
