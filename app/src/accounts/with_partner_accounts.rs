use super::{PartnerAccountSummary, list_partner_accounts};
use crate::auth::Permission;
use crate::components::{EmptyState, Loading};
use leptos::either::Either;
use leptos::prelude::*;
use std::sync::Arc;

/// Loads the partner accounts and renders `render` with them, or the empty state if none exist.
/// A failed load goes to the nearest `ErrorBoundary`.
#[component]
pub fn WithPartnerAccounts<F, V>(
    /// Builds the page body from the connected accounts (never empty).
    render: F,
    /// What the area needs on an account (default: any role); without it anywhere, the page
    /// shows the refusal.
    #[prop(optional)]
    permission: Option<Permission>,
) -> impl IntoView
where
    F: Fn(Vec<PartnerAccountSummary>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let accounts = Resource::new(|| (), move |_| list_partner_accounts(permission));
    let render = Arc::new(render);
    view! {
        <Suspense fallback=|| {
            view! { <Loading /> }
        }>
            {move || {
                let render = Arc::clone(&render);
                Suspend::new(async move {
                    accounts
                        .await
                        .map(|accounts| {
                            if accounts.is_empty() {
                                Either::Left(view! { <NoAccountsConnected /> })
                            } else {
                                Either::Right(render(accounts))
                            }
                        })
                })
            }}
        </Suspense>
    }
}

/// The empty state every area shows until a Partner Center account is connected.
#[component]
pub fn NoAccountsConnected() -> impl IntoView {
    view! {
        <EmptyState title="No partner accounts connected yet">
            <p>
                "Switchboard shows customers, subscriptions and spend from the Partner Center "
                "accounts it is connected to. None is connected, so there is nothing to show here."
            </p>
            <p>
                "An administrator connects accounts (global, 21Vianet, US Government or Germany) under "
                <a href="/admin">"Admin"</a> "."
            </p>
        </EmptyState>
    }
}
