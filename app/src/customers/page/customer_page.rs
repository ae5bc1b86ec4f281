use super::orders_and_audit::{CustomerAudit, OrdersTable};
use super::profile_panel::{FreshnessPanel, ProfilePanel};
use super::spend_chart::SpendPanel;
use super::users_panel::UsersPanel;
use crate::components::Loading;
use crate::customers::{CustomerView, load_customer, portal_url};
use crate::subscriptions::SubscriptionsPanel;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/customers/{account}/{customer}`: one customer of one account, everything the cache holds.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        let params = params.get();
        (
            params.get("account").unwrap_or_default(),
            params.get("customer").unwrap_or_default(),
        )
    };
    let view = Resource::new(ids, |(account, customer)| load_customer(account, customer));
    view! {
        <Suspense fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move { view.await.map(|view| view! { <CustomerSections view /> }) })}
        </Suspense>
    }
}

#[component]
fn CustomerSections(view: CustomerView) -> impl IntoView {
    let CustomerView {
        account,
        profile,
        domains,
        subscriptions,
        users,
        commands,
        rights,
        orders,
        spend,
        audit,
        freshness,
    } = view;
    let portal = portal_url(account.cloud, profile.id);
    let users_read = freshness.users.is_some();
    let (account_id, customer_id, cloud) = (account.id, profile.id, account.cloud);
    let title = profile.company_name.clone();
    view! {
        <Title text=title.clone() />
        <header class="page-header customer-header">
            <p class="breadcrumbs">
                <a href="/customers">"Customers"</a>
                " › "
                {format!("{} · {}", account.name, account.cloud.label())}
            </p>
            <h1>{title}</h1>
            <p>
                <span class="customer-domain">{profile.domain.clone()}</span>
                " · "
                <a href=portal target="_blank" rel="noopener noreferrer">
                    "Open in Partner Center"
                </a>
            </p>
        </header>
        <div class="customer-grid">
            <ProfilePanel profile domains />
            <FreshnessPanel account freshness />
        </div>
        <SubscriptionsPanel account=account_id customer=customer_id cloud rights subscriptions commands />
        <UsersPanel users read=users_read />
        <SpendPanel spend />
        <OrdersTable orders />
        <CustomerAudit audit />
    }
}
