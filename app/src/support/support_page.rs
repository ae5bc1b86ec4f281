use crate::accounts::WithPartnerAccounts;
use crate::auth::Permission;
use crate::components::{EmptyState, PageHeader};
use leptos::prelude::*;

/// `/support`: support requests and their SLAs.
#[component]
pub fn SupportPage() -> impl IntoView {
    view! {
        <PageHeader
            title="Support"
            summary="Service requests with Microsoft, by severity and time left on their SLA."
        />
        <WithPartnerAccounts
            permission=Permission::Support
            render=|_| {
                view! {
                    <EmptyState title="No support requests">
                        <p>"Open and recent service requests of every account are listed here."</p>
                    </EmptyState>
                }
            }
        />
    }
}
