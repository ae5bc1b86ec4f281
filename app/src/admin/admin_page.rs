use crate::accounts::{AccountList, WithPartnerAccounts};
use crate::components::PageHeader;
use leptos::prelude::*;

/// `/admin`: the partner accounts Switchboard is connected to.
#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <PageHeader title="Admin" summary="Partner Center accounts, staff roles and the audit log." />
        <p class="page-links">
            <a href="/admin/sync">"Sync status of every account →"</a>
        </p>
        <WithPartnerAccounts render=|accounts| view! { <AccountList accounts /> } />
    }
}
