use crate::accounts::{AccountList, WithPartnerAccounts};
use crate::components::PageHeader;
use leptos::prelude::*;

/// `/`: the connected accounts and, as they arrive, budgets, spend, provisioning and renewals.
#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <PageHeader title="Dashboard" summary="Every connected Partner Center account at a glance." />
        <WithPartnerAccounts render=|accounts| {
            view! {
                <p>{connected_accounts_sentence(accounts.len())}</p>
                <AccountList accounts />
            }
        } />
    }
}

/// "1 partner account connected." / "3 partner accounts connected."
fn connected_accounts_sentence(count: usize) -> String {
    let noun = if count == 1 { "account" } else { "accounts" };
    format!("{count} partner {noun} connected.")
}

#[cfg(test)]
mod tests {
    use super::connected_accounts_sentence;

    #[test]
    fn sentence_uses_singular_for_one_account() {
        assert_eq!(connected_accounts_sentence(1), "1 partner account connected.");
        assert_eq!(connected_accounts_sentence(4), "4 partner accounts connected.");
    }
}
