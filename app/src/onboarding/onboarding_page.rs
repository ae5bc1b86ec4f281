use crate::accounts::WithPartnerAccounts;
use crate::auth::Permission;
use crate::components::{EmptyState, PageHeader};
use leptos::prelude::*;

/// `/onboarding`: new customers being set up.
#[component]
pub fn OnboardingPage() -> impl IntoView {
    view! {
        <PageHeader
            title="Onboarding"
            summary="Create new customers and their first subscriptions in the right account."
        />
        <WithPartnerAccounts
            permission=Permission::Sell
            render=|_| {
                view! {
                    <EmptyState title="No onboarding in progress">
                        <p>"Customers being onboarded are listed here with their progress."</p>
                    </EmptyState>
                }
            }
        />
    }
}
