use leptos::prelude::*;

/// A calm panel saying there is nothing here yet, and what to do about it.
#[component]
pub fn EmptyState(
    /// One line naming what is missing.
    #[prop(into)]
    title: String,
    /// What the user can do next.
    children: Children,
) -> impl IntoView {
    view! {
        <section class="empty-state" aria-labelledby="empty-state-title">
            <svg class="empty-state-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M3 7l9-4 9 4-9 4zM3 12l9 4 9-4M3 17l9 4 9-4" />
            </svg>
            <h2 id="empty-state-title">{title}</h2>
            <div class="empty-state-body">{children()}</div>
        </section>
    }
}
