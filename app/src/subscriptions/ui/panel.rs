//! The customer page's subscriptions: the table, and for people who may change them the
//! selection, "Suspend" and "Reactivate" with their confirmation, and the latest changes,
//! followed live (read again every second while one is on its way).

use super::confirm::ConfirmChange;
use super::row::subscription_row;
use super::state::Panel;
use crate::accounts::Cloud;
use crate::components::use_ticker;
use crate::customers::SubscriptionRow;
use crate::subscriptions::{ChangeRights, CommandState, CommandView, StatusChange, SubscriptionActivity};
use leptos::prelude::*;
use std::time::Duration;
use uuid::Uuid;

#[component]
pub fn SubscriptionsPanel(
    account: Uuid,
    customer: Uuid,
    cloud: Cloud,
    rights: ChangeRights,
    subscriptions: Vec<SubscriptionRow>,
    commands: Vec<CommandView>,
) -> impl IntoView {
    let panel = Panel {
        account,
        customer,
        cloud,
        rights,
        activity: RwSignal::new(SubscriptionActivity {
            subscriptions,
            commands,
        }),
        selected: RwSignal::new(Default::default()),
        confirming: RwSignal::new(None),
        notice: RwSignal::new(None),
    };
    let tick = use_ticker(Duration::from_secs(1));
    Effect::new(move |_| {
        tick.track();
        if panel.has_open_commands() {
            panel.refresh();
        }
    });
    let count = move || panel.activity.with(|activity| activity.subscriptions.len());
    view! {
        <section class="panel" aria-labelledby="subscriptions-title">
            <h2 id="subscriptions-title">{move || format!("Subscriptions ({})", count())}</h2>
            {rights.status.then(|| view! { <Toolbar panel /> })}
            {move || { panel.confirming.get().map(|change| view! { <ConfirmChange panel change /> }) }}
            {move || {
                panel
                    .notice
                    .get()
                    .map(|notice| match notice {
                        Ok(text) => {
                            view! {
                                <p class="notice" role="status">
                                    {text}
                                </p>
                            }
                                .into_any()
                        }
                        Err(text) => {
                            view! {
                                <p class="form-error" role="alert">
                                    {text}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
            <SubscriptionsTable panel />
            <RecentChanges panel />
        </section>
    }
}

/// "Suspend" and "Reactivate" for the chosen rows, disabled with the reason when the rules
/// refuse them.
#[component]
fn Toolbar(panel: Panel) -> impl IntoView {
    // Each rule check reads the chosen rows once per change of the rows or the selection.
    let suspend = Memo::new(move |_| panel.refusal(StatusChange::Suspend));
    let reactivate = Memo::new(move |_| panel.refusal(StatusChange::Reactivate));
    let refusal_of = move |change: StatusChange| match change {
        StatusChange::Suspend => suspend,
        StatusChange::Reactivate => reactivate,
    };
    let button = move |change: StatusChange| {
        let refusal = refusal_of(change);
        view! {
            <button
                type="button"
                class:danger=change == StatusChange::Suspend
                disabled=move || refusal.with(Option::is_some)
                title=move || refusal.get().unwrap_or_default()
                on:click=move |_| {
                    panel.notice.set(None);
                    panel.confirming.set(Some(change));
                }
            >
                {change.label()}
            </button>
        }
    };
    let chosen = move || panel.selected.with(|selected| selected.len());
    view! {
        <div class="toolbar" role="group" aria-label="Change the selected subscriptions">
            <span class="muted">{move || format!("{} selected", chosen())}</span>
            {button(StatusChange::Suspend)}
            {button(StatusChange::Reactivate)}
            {move || {
                (chosen() > 0)
                    .then(|| {
                        let why = [StatusChange::Suspend, StatusChange::Reactivate]
                            .into_iter()
                            .filter_map(|change| {
                                refusal_of(change).get().map(|why| format!("{}: {why}", change.label()))
                            })
                            .collect::<Vec<_>>()
                            .join(" ");
                        (!why.is_empty()).then(|| view! { <span class="muted toolbar-why">{why}</span> })
                    })
                    .flatten()
            }}
        </div>
    }
}

#[component]
fn SubscriptionsTable(panel: Panel) -> impl IntoView {
    let selectable = panel.rights.status;
    move || {
        let select_header = selectable.then(|| {
            view! {
                <th scope="col">
                    <span class="visually-hidden">"Select"</span>
                </th>
            }
        });
        let rows = panel.activity.with(|activity| activity.subscriptions.clone());
        if rows.is_empty() {
            return view! { <p class="muted">"No subscriptions cached for this customer."</p> }.into_any();
        }
        let selected = panel.selected.get();
        view! {
            <table class="data-table subscriptions-table">
                <caption class="visually-hidden">"Subscriptions"</caption>
                <thead>
                    <tr>
                        {select_header} <th scope="col">"Offer"</th> <th scope="col">"Quantity"</th>
                        <th scope="col">"Status"</th> <th scope="col">"Billing"</th>
                        <th scope="col">"Term ends"</th> <th scope="col">"Provisioning"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let checked = selected.contains(&row.id);
                            subscription_row(panel, row, checked)
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    }
}

/// The customer's latest changes, announced politely as they move on.
#[component]
fn RecentChanges(panel: Panel) -> impl IntoView {
    let names = move |id: Uuid| {
        panel.activity.with(|activity| {
            activity
                .subscriptions
                .iter()
                .find(|row| row.id == id)
                .map(super::state::offer)
                .unwrap_or_else(|| id.to_string())
        })
    };
    view! {
        <div class="recent-changes" aria-live="polite">
            {move || {
                let commands = panel.activity.with(|activity| activity.commands.clone());
                (!commands.is_empty())
                    .then(|| {
                        view! {
                            <h3>"Latest changes"</h3>
                            <ul>
                                {commands
                                    .into_iter()
                                    .map(|command| {
                                        let state = match command.state {
                                            CommandState::Pending | CommandState::Sending => {
                                                "on its way".to_owned()
                                            }
                                            CommandState::Done => {
                                                format!("{} in Partner Center", command.kind.past())
                                            }
                                            CommandState::Failed => {
                                                format!(
                                                    "failed: {}",
                                                    command.error.clone().unwrap_or_default(),
                                                )
                                            }
                                        };
                                        let what = match &command.nickname {
                                            Some(nickname) => {
                                                format!("{} → “{nickname}”", command.kind.as_str())
                                            }
                                            None => command.kind.as_str().to_owned(),
                                        };
                                        let line = format!(
                                            "{} · {what} {} · {} {} · {state}",
                                            command.requested.relative(),
                                            names(command.subscription_id),
                                            command.requested_by,
                                            command
                                                .reason
                                                .map(|reason| format!("({reason})"))
                                                .unwrap_or_default(),
                                        );
                                        view! { <li data-command-state=command.state.as_str()>{line}</li> }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
            }}
        </div>
    }
}
