use crate::customers::SubscriptionRow;
use leptos::prelude::*;

/// The customer's subscriptions, add-ons under their parents.
#[component]
pub fn SubscriptionsTable(subscriptions: Vec<SubscriptionRow>) -> impl IntoView {
    let count = subscriptions.len();
    let body = if subscriptions.is_empty() {
        view! { <p class="muted">"No subscriptions cached for this customer."</p> }.into_any()
    } else {
        view! {
            <table class="data-table subscriptions-table">
                <caption class="visually-hidden">"Subscriptions"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Offer"</th>
                        <th scope="col">"Quantity"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Billing"</th>
                        <th scope="col">"Term ends"</th>
                        <th scope="col">"Provisioning"</th>
                    </tr>
                </thead>
                <tbody>{subscriptions.into_iter().map(subscription_row).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="subscriptions-title">
            <h2 id="subscriptions-title">{format!("Subscriptions ({count})")}</h2>
            {body}
        </section>
    }
}

fn subscription_row(row: SubscriptionRow) -> impl IntoView {
    let offer = row.offer_name.clone().unwrap_or_else(|| row.offer_id.clone());
    let add_on = row.parent_id.is_some();
    let quantity = match &row.unit_type {
        Some(unit) => format!("{} {}", row.quantity, unit.to_lowercase()),
        None => row.quantity.to_string(),
    };
    let billing = [row.billing_cycle.clone(), row.billing_type.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let term = match (&row.term_end, row.auto_renew) {
        (Some(end), Some(true)) => format!("{end} (renews)"),
        (Some(end), _) => end.clone(),
        (None, _) => "—".to_owned(),
    };
    let reasons = (!row.suspension_reasons.is_empty()).then(
        || view! { <span class="muted">{format!("Reason: {}", row.suspension_reasons.join(", "))}</span> },
    );
    view! {
        <tr data-subscription=row.id.to_string() data-status=row.status.clone() class:add-on=add_on>
            <td>
                <span class="offer-name">{add_on.then_some("↳ ")} {offer}</span>
                {row
                    .nickname
                    .map(|nickname| view! { <span class="nickname">{format!("“{nickname}”")}</span> })}
                {row.is_trial.then(|| view! { <span class="tag">"trial"</span> })}
                <code class="subscription-id">{row.id.to_string()}</code>
            </td>
            <td>{quantity}</td>
            <td>
                <span class="status" data-status=row.status.clone()>
                    {row.status.clone()}
                </span>
                {reasons}
            </td>
            <td>{billing}</td>
            <td>{term}</td>
            <td>{row.provisioning_status.unwrap_or_else(|| "—".to_owned())}</td>
        </tr>
    }
}
