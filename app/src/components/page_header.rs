use leptos::prelude::*;
use leptos_meta::Title;

/// A page's `<h1>` with a one-line summary; also sets the document title.
#[component]
pub fn PageHeader(
    /// The page name, used for the heading and the browser tab.
    title: &'static str,
    /// One sentence saying what the page is for.
    summary: &'static str,
) -> impl IntoView {
    view! {
        <Title text=title />
        <header class="page-header">
            <h1>{title}</h1>
            <p>{summary}</p>
        </header>
    }
}
