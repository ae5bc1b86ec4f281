//! A subscription's nickname, and its editor (SUB-05) for people who may rename it.

use super::state::{Panel, offer};
use crate::customers::SubscriptionRow;
use crate::subscriptions::{MAX_NICKNAME_CHARS, parse_nickname, rename_subscription};
use leptos::prelude::*;

#[component]
pub fn NicknameEditor(panel: Panel, row: SubscriptionRow, enabled: bool) -> AnyView {
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(row.nickname.clone().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let shown = row.nickname.clone();
    let (id, etag) = (row.id, row.etag.clone().unwrap_or_default());
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let nickname = match parse_nickname(&draft.get_untracked()) {
            Ok(nickname) => nickname,
            Err(message) => return error.set(Some(message)),
        };
        let etag = etag.clone();
        leptos::task::spawn_local(async move {
            match rename_subscription(panel.account, panel.customer, id, etag, nickname).await {
                Ok(_) => {
                    editing.set(false);
                    panel.notice.set(Some(
                        Ok("The new nickname was sent to Partner Center.".to_owned()),
                    ));
                }
                Err(refused) => error.set(Some(refused.to_string())),
            }
            panel.refresh();
        });
    };
    let label = format!("New nickname for {}", offer(&row));
    view! {
        <Show
            when=move || editing.get()
            fallback=move || {
                view! {
                    {shown
                        .clone()
                        .map(|nickname| {
                            view! { <span class="nickname">{format!("“{nickname}”")}</span> }
                        })}
                    {enabled
                        .then(|| {
                            view! {
                                <button type="button" class="link-button" on:click=move |_| editing.set(true)>
                                    "Rename"
                                </button>
                            }
                        })}
                }
            }
        >
            <form class="inline-form nickname-form" on:submit=save.clone()>
                <input
                    type="text"
                    aria-label=label.clone()
                    maxlength=MAX_NICKNAME_CHARS.to_string()
                    prop:value=move || draft.get()
                    on:input=move |event| draft.set(event_target_value(&event))
                />
                <button type="submit">"Save nickname"</button>
                <button type="button" on:click=move |_| editing.set(false)>
                    "Cancel"
                </button>
                {move || {
                    error
                        .get()
                        .map(|message| {
                            view! {
                                <span class="form-error" role="alert">
                                    {message}
                                </span>
                            }
                        })
                }}
            </form>
        </Show>
    }
    .into_any()
}
