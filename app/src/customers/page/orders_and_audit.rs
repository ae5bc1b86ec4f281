use crate::audit::AuditRow;
use crate::components::UtcTime;
use crate::customers::OrderRow;
use leptos::prelude::*;

/// The newest orders.
#[component]
pub fn OrdersTable(orders: Vec<OrderRow>) -> impl IntoView {
    let body = if orders.is_empty() {
        view! { <p class="muted">"No orders cached for this customer."</p> }.into_any()
    } else {
        view! {
            <table class="data-table orders-table">
                <caption class="visually-hidden">"Orders, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Placed (UTC)"</th>
                        <th scope="col">"Order"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Billing cycle"</th>
                        <th scope="col">"Line items"</th>
                    </tr>
                </thead>
                <tbody>
                    {orders
                        .into_iter()
                        .map(|order| {
                            view! {
                                <tr>
                                    <td>{order.created_on.map(|at| view! { <UtcTime rfc3339=at /> })}</td>
                                    <td>
                                        <code>{order.id}</code>
                                    </td>
                                    <td>{order.status.unwrap_or_default()}</td>
                                    <td>{order.billing_cycle.unwrap_or_default()}</td>
                                    <td>{format!("{}: {}", order.line_items, order.offers.join(", "))}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="orders-title">
            <h2 id="orders-title">"Orders"</h2>
            {body}
        </section>
    }
}

/// The newest audit entries about this customer.
#[component]
pub fn CustomerAudit(audit: Vec<AuditRow>) -> impl IntoView {
    let body = if audit.is_empty() {
        view! { <p class="muted">"Nobody has changed anything of this customer through Switchboard yet."</p> }
            .into_any()
    } else {
        view! {
            <ol class="plain-list audit-trail">
                {audit
                    .into_iter()
                    .map(|row| {
                        let action = row.action.clone();
                        view! {
                            <li data-action=action>
                                <UtcTime rfc3339=row.at />
                                " "
                                <strong>{row.staff_name.unwrap_or_else(|| "Switchboard".to_owned())}</strong>
                                " "
                                <code>{row.action}</code>
                                " "
                                <span data-outcome=row.outcome.clone()>{row.outcome.clone()}</span>
                                {row.detail.map(|detail| view! { <span>{format!(": {detail}")}</span> })}
                                {row
                                    .reason
                                    .map(|reason| {
                                        view! { <span class="muted">{format!(" (reason: {reason})")}</span> }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="audit-title">
            <h2 id="audit-title">"Audit trail"</h2>
            {body}
        </section>
    }
}
