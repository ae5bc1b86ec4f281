//! The confirmation of a status change: what it does to each chosen subscription, a required
//! reason, and the button that stores the commands.

use super::state::{Panel, facts, offer};
use crate::subscriptions::{
    MAX_REASON_CHARS, Reason, ReasonCode, StatusChange, change_subscription_status, consequence,
};
use leptos::prelude::*;

#[component]
pub fn ConfirmChange(panel: Panel, change: StatusChange) -> impl IntoView {
    let chosen = panel.chosen();
    let count = chosen.len();
    let plural = if count == 1 {
        "subscription"
    } else {
        "subscriptions"
    };
    let title = format!("{} {count} {plural}", change.label());
    let code = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let items: Vec<(String, &'static str)> = chosen
        .iter()
        .map(|row| (offer(row), consequence(change, facts(row))))
        .collect();
    let (ids, etags): (Vec<_>, Vec<_>) = chosen
        .iter()
        .map(|row| (row.id, row.etag.clone().unwrap_or_default()))
        .unzip();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let reason = match Reason::parse(&code.get_untracked(), &text.get_untracked()) {
            Ok(reason) => reason,
            Err(message) => return error.set(Some(message)),
        };
        sending.set(true);
        let (ids, etags) = (ids.clone(), etags.clone());
        leptos::task::spawn_local(async move {
            let answer = change_subscription_status(
                panel.account,
                panel.customer,
                change.as_str().to_owned(),
                ids,
                etags,
                reason.code.as_str().to_owned(),
                reason.text.unwrap_or_default(),
            )
            .await;
            sending.set(false);
            match answer {
                Ok(commands) => {
                    panel.confirming.set(None);
                    panel.selected.set(Default::default());
                    let noun = if commands.len() == 1 { "change" } else { "changes" };
                    panel.notice.set(Some(Ok(format!(
                        "{} {noun} sent to Partner Center.",
                        commands.len()
                    ))));
                }
                Err(refused) => error.set(Some(refused.to_string())),
            }
            panel.refresh();
        });
    };
    let danger = change == StatusChange::Suspend;
    view! {
        <form
            class="confirm-change panel"
            role="dialog"
            aria-labelledby="confirm-change-title"
            on:submit=submit
        >
            <h3 id="confirm-change-title">{title.clone()}</h3>
            <ul class="consequences">
                {items
                    .into_iter()
                    .map(|(name, effect)| {
                        view! {
                            <li>
                                <strong>{name}</strong>
                                ": "
                                {effect}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <fieldset>
                <legend>"Reason"</legend>
                {ReasonCode::ALL
                    .into_iter()
                    .map(|reason| {
                        view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name="reason"
                                    value=reason.as_str()
                                    on:change=move |_| code.set(reason.as_str().to_owned())
                                />
                                {reason.label()}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <label class="field">
                <span>"Details (required for “Other”)"</span>
                <input
                    type="text"
                    maxlength=MAX_REASON_CHARS.to_string()
                    prop:value=move || text.get()
                    on:input=move |event| text.set(event_target_value(&event))
                />
            </label>
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="form-error" role="alert">
                                {message}
                            </p>
                        }
                    })
            }}
            <div class="form-actions">
                <button type="submit" class:danger=danger disabled=move || sending.get()>
                    {format!("Confirm: {}", title.to_lowercase())}
                </button>
                <button type="button" on:click=move |_| panel.confirming.set(None)>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}
