//! The HTML shell, the layout and the router.

use crate::accounts::admin::AccountsAdminPage;
use crate::admin::AdminPage;
use crate::audit::AuditLogPage;
use crate::auth::{GrantsPage, SessionsPage};
use crate::components::{
    AppHeader, ErrorView, MAIN_CONTENT_ID, NotFoundPage, SideNav, SkipLink, theme_boot_script,
};
use crate::customers::{CustomerPage, CustomersPage, TenantPage};
use crate::dashboard::DashboardPage;
use crate::onboarding::OnboardingPage;
use crate::support::SupportPage;
use crate::sync::SyncPage;
use leptos::prelude::*;
use leptos_meta::{Link, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The whole HTML document the server renders around `App`.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <script inner_html=theme_boot_script()></script>
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The portal: header, navigation and one routed page per area.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    // Async SSR waits for each page's data, so an error can still set the HTTP status.
    let ssr = SsrMode::Async;
    view! {
        <Stylesheet id="leptos" href="/pkg/switchboard.css" />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Title formatter=|page: String| format!("{page} · Switchboard") />
        <Router>
            <SkipLink />
            <AppHeader />
            <div class="app-body">
                <SideNav />
                <main id=MAIN_CONTENT_ID tabindex="-1">
                    <ErrorBoundary fallback=|errors| view! { <ErrorView errors /> }>
                        <Routes fallback=NotFoundPage>
                            <Route path=path!("/") view=DashboardPage ssr=ssr.clone() />
                            <Route path=path!("/customers") view=CustomersPage ssr=ssr.clone() />
                            <Route
                                path=path!("/customers/:account/:customer")
                                view=CustomerPage
                                ssr=ssr.clone()
                            />
                            <Route path=path!("/t/:tenant") view=TenantPage ssr=ssr.clone() />
                            <Route path=path!("/onboarding") view=OnboardingPage ssr=ssr.clone() />
                            <Route path=path!("/support") view=SupportPage ssr=ssr.clone() />
                            <Route path=path!("/admin") view=AdminPage ssr=ssr.clone() />
                            <Route path=path!("/admin/sync") view=SyncPage ssr=ssr.clone() />
                            <Route path=path!("/admin/accounts") view=AccountsAdminPage ssr=ssr.clone() />
                            <Route path=path!("/admin/grants") view=GrantsPage ssr=ssr.clone() />
                            <Route path=path!("/admin/sessions") view=SessionsPage ssr=ssr.clone() />
                            <Route path=path!("/admin/audit") view=AuditLogPage ssr />
                        </Routes>
                    </ErrorBoundary>
                </main>
            </div>
        </Router>
    }
}
