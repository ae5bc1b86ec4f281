use super::set_http_status;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for any path no route matches; answers HTTP 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let error = AppError::NotFound;
    set_http_status(error.status_code());
    view! {
        <Title text="Page not found" />
        <section class="error-view" aria-labelledby="not-found-title">
            <h1 id="not-found-title">{error.title()}</h1>
            <p>"There is no page at this address. Check the link, or pick an area from the menu."</p>
            <p class="error-status">"Error 404"</p>
            <p>
                <a href="/">"Back to the dashboard"</a>
            </p>
        </section>
    }
}
