use crate::accounts::WithPartnerAccounts;
use crate::components::{EmptyState, PageHeader};
use leptos::prelude::*;

/// `/customers`: customers across every account.
#[component]
pub fn CustomersPage() -> impl IntoView {
    view! {
        <PageHeader
            title="Customers"
            summary="Customers of every connected Partner Center account, in one list."
        />
        <WithPartnerAccounts render=|_| {
            view! {
                <EmptyState title="No customers cached yet">
                    <p>"Customers appear here once the connected accounts have been synced."</p>
                </EmptyState>
            }
        } />
    }
}
