use crate::accounts::{AccountList, WithPartnerAccounts};
use crate::auth::Permission;
use crate::components::PageHeader;
use leptos::prelude::*;

/// `/admin`: the partner accounts Switchboard is connected to.
#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <PageHeader title="Admin" summary="Partner Center accounts, staff roles and the audit log." />
        <ul class="page-links">
            <li>
                <a href="/admin/accounts">"Partner accounts: add, test, connect →"</a>
            </li>
            <li>
                <a href="/admin/sync">"Sync status of every account →"</a>
            </li>
            <li>
                <a href="/admin/grants">"Roles: who may do what on which account →"</a>
            </li>
            <li>
                <a href="/admin/sessions">"Active sessions →"</a>
            </li>
            <li>
                <a href="/admin/audit">"Audit log: who did what, when and why →"</a>
            </li>
        </ul>
        <WithPartnerAccounts
            permission=Permission::Administer
            render=|accounts| view! { <AccountList accounts /> }
        />
    }
}
