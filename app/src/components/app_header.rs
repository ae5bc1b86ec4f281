use super::ThemeToggle;
use crate::auth::StaffMenu;
use crate::customers::search::SearchBox;
use crate::sync::HealthLights;
use leptos::prelude::*;

/// The top bar: product name (home link), the customer search box, a health light per account
/// and the theme control.
#[component]
pub fn AppHeader() -> impl IntoView {
    view! {
        <header class="app-header">
            <a href="/" class="brand">
                <svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M4 6h6v4H4zM14 6h6v4h-6zM4 14h6v4H4zM14 14h6v4h-6zM10 8h4M10 16h4M7 10v4M17 10v4" />
                </svg>
                <span>"Switchboard"</span>
            </a>
            <SearchBox />
            <div class="header-tools">
                <HealthLights />
                <ThemeToggle />
                <StaffMenu />
            </div>
        </header>
    }
}
