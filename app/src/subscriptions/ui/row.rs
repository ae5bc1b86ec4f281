//! One subscription's row: its facts, what is happening to it (a change on its way, a failed
//! one, who suspended it and why), a checkbox for people who may change its status, and the
//! nickname editor for people who may rename it.

use super::nickname::NicknameEditor;
use super::state::{Panel, facts, offer};
use crate::customers::SubscriptionRow;
use crate::subscriptions::{CommandState, CommandView, rename_refusal};
use leptos::prelude::*;

pub fn subscription_row(panel: Panel, row: SubscriptionRow, checked: bool) -> AnyView {
    let name = offer(&row);
    let add_on = row.parent_id.is_some();
    let latest = panel.latest_command(row.id);
    let busy = latest.as_ref().is_some_and(|command| command.state.is_open());
    let changeable = matches!(row.status.as_str(), "active" | "suspended") && !busy;
    let renamable = panel.rights.nickname && !busy && rename_refusal(facts(&row)).is_none();
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
    let id = row.id;
    let select = panel.rights.status.then(|| {
        let label = format!("Select {name}");
        view! {
            <td class="select-cell">
                <input
                    type="checkbox"
                    aria-label=label
                    prop:checked=checked
                    disabled=!changeable
                    on:change=move |event| {
                        let on = event_target_checked(&event);
                        panel
                            .selected
                            .update(|selected| {
                                if on {
                                    selected.insert(id);
                                } else {
                                    selected.remove(&id);
                                }
                            });
                    }
                />
            </td>
        }
    });
    let status = row.status.clone();
    let status_view = status_cell(row.clone(), latest);
    view! {
        <tr data-subscription=id.to_string() data-status=status.clone() class:add-on=add_on>
            {select}
            <td>
                <span class="offer-name">{add_on.then_some("↳ ")} {name.clone()}</span>
                <NicknameEditor panel row=row.clone() enabled=renamable />
                {row.is_trial.then(|| view! { <span class="tag">"trial"</span> })}
                <code class="subscription-id">{id.to_string()}</code>
            </td>
            <td>{quantity}</td>
            <td>{status_view}</td>
            <td>{billing}</td>
            <td>{term}</td>
            <td>{row.provisioning_status.clone().unwrap_or_else(|| "—".to_owned())}</td>
        </tr>
    }
    .into_any()
}

/// The status, and what is happening to it.
fn status_cell(row: SubscriptionRow, latest: Option<CommandView>) -> AnyView {
    let pending = latest
        .as_ref()
        .filter(|command| command.state.is_open())
        .map(|command| {
            let attempt = (command.attempts > 1).then(|| format!(", attempt {}", command.attempts));
            let detail = format!(
                "{}… asked by {} {}{}",
                command.kind.progressive(),
                command.requested_by,
                command.requested.relative(),
                attempt.unwrap_or_default()
            );
            view! {
                <span class="command-state" data-command-state="pending">
                    {detail}
                </span>
            }
        });
    let failed = latest
        .filter(|command| command.state == CommandState::Failed)
        .map(|command| {
            let text = format!(
                "Could not {}: {}",
                command.kind.as_str(),
                command.error.unwrap_or_else(|| "no reason given".to_owned())
            );
            view! {
                <span class="form-error" data-command-state="failed">
                    {text}
                </span>
            }
        });
    let note = match (&row.suspension, row.suspension_reasons.is_empty()) {
        (Some(note), _) => Some(format!(
            "Suspended by {} · {} · since {}",
            note.by,
            note.reason,
            note.since.relative()
        )),
        (None, false) => Some(format!("Reason: {}", row.suspension_reasons.join(", "))),
        (None, true) => None,
    };
    view! {
        <span class="status" data-status=row.status.clone()>
            {row.status.clone()}
        </span>
        {note.map(|note| view! { <span class="muted suspension-note">{note}</span> })}
        {pending}
        {failed}
    }
    .into_any()
}
