use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys;

/// The id of the `<main>` element the skip link jumps to.
pub const MAIN_CONTENT_ID: &str = "main";

/// "Skip to main content": the first stop for keyboard users, visible only when focused.
///
/// The router would treat `#main` as a client-side navigation and leave focus on the link, so
/// after hydration the click moves focus itself (the element's own listener runs before the
/// router's window listener, which then skips the prevented event); before hydration the
/// browser does it natively.
#[component]
pub fn SkipLink() -> impl IntoView {
    let focus_main = |event: web_sys::MouseEvent| {
        let main = document()
            .get_element_by_id(MAIN_CONTENT_ID)
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(main) = main {
            event.prevent_default();
            let _ = main.focus();
            main.scroll_into_view();
        }
    };
    view! {
        <a class="skip-link" href=format!("#{MAIN_CONTENT_ID}") on:click=focus_main>
            "Skip to main content"
        </a>
    }
}
