//! A customer's cells in a table of customers (the list and the search results page).

use super::search::CustomerSummary;
use leptos::prelude::*;

/// Customer (a link, with its domain), account and cloud, relationship, subscriptions by status
/// (with `also`, e.g. how many are still provisioning), and when it was last synced.
#[component]
pub fn CustomerCells(
    customer: CustomerSummary,
    #[prop(optional_no_strip)] also: Option<String>,
) -> impl IntoView {
    let href = customer.href();
    let relationship = customer.relationship();
    let subscriptions = match also {
        Some(also) if customer.subscriptions.is_empty() => also,
        Some(also) => format!("{} · {also}", customer.subscription_counts()),
        None => customer.subscription_counts(),
    };
    view! {
        <td>
            <a href=href>{customer.company_name}</a>
            <span class="muted">{format!(" {}", customer.domain)}</span>
        </td>
        <td>{format!("{} · {}", customer.account_name, customer.cloud.label())}</td>
        <td>{relationship}</td>
        <td>{subscriptions}</td>
        <td title=customer.synced.utc.clone()>{customer.synced.relative()}</td>
    }
}
