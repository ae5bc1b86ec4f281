//! The add and edit forms of a partner account. The client secret field is write-only: it is
//! never filled in, and when editing, leaving it empty keeps the stored secret.

use super::types::AdminAccount;
use super::{AddAccount, EditAccount};
use crate::accounts::Cloud;
use leptos::prelude::*;

/// Adds an account; shown to admins of every account when secrets can be stored.
#[component]
pub fn AddAccountForm(add: ServerAction<AddAccount>) -> impl IntoView {
    view! {
        <details class="account-form">
            <summary class="button">"Add a partner account"</summary>
            <ActionForm action=add attr:class="stacked-form" attr:aria-label="Add a partner account">
                <AccountFields account=None />
                <button type="submit" class="button" disabled=move || add.pending().get()>
                    {move || if add.pending().get() { "Adding…" } else { "Add account" }}
                </button>
            </ActionForm>
        </details>
    }
}

/// Changes an account added in the portal.
#[component]
pub fn EditAccountForm(edit: ServerAction<EditAccount>, account: AdminAccount) -> impl IntoView {
    let label = format!("Edit {}", account.name);
    view! {
        <details class="account-form">
            <summary class="button-link">"Edit"</summary>
            <ActionForm action=edit attr:class="stacked-form" attr:aria-label=label>
                <input type="hidden" name="account" value=account.id.to_string() />
                <AccountFields account=Some(account) />
                <button type="submit" class="button" disabled=move || edit.pending().get()>
                    "Save changes"
                </button>
            </ActionForm>
        </details>
    }
}

#[component]
fn AccountFields(account: Option<AdminAccount>) -> impl IntoView {
    let editing = account.is_some();
    let value = |pick: fn(&AdminAccount) -> String| account.as_ref().map(pick).unwrap_or_default();
    let cloud = account.as_ref().map_or(Cloud::Global, |account| account.cloud);
    view! {
        <label>"Name" <input name="name" required maxlength="200" value=value(|a| a.name.clone()) /></label>
        <label>
            "Cloud" <select name="cloud" required>
                {Cloud::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <option value=option.as_str() selected=option == cloud>
                                {option.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
        <GuidField label="Partner tenant id" name="tenant_id" value=value(|a| a.tenant_id.to_string()) />
        <GuidField
            label="App registration (client) id"
            name="client_id"
            value=value(|a| a.client_id.to_string())
        />
        <label>
            "Client secret"
            <input
                name="client_secret"
                type="password"
                autocomplete="new-password"
                required=!editing
                placeholder=if editing { "Leave empty to keep the stored secret" } else { "" }
            />
            <span class="field-hint">
                "Stored encrypted; never shown again. Only a new one can replace it."
            </span>
        </label>
        <label>
            "MPN (partner) id"
            <input name="mpn_id" inputmode="numeric" value=value(|a| a.mpn_id.clone().unwrap_or_default()) />
        </label>
        <fieldset>
            <legend>"Endpoints (leave empty for the cloud's own)"</legend>
            <label>
                "Partner Center API base URL"
                <input
                    name="api_base_url"
                    type="url"
                    placeholder="https://api.partnercenter.microsoft.com"
                    value=value(|a| a.api_base_url.clone().unwrap_or_default())
                />
            </label>
            <label>
                "Entra ID authority URL"
                <input
                    name="authority_url"
                    type="url"
                    placeholder="https://login.microsoftonline.com"
                    value=value(|a| a.authority_url.clone().unwrap_or_default())
                />
            </label>
        </fieldset>
    }
}

/// A required GUID input.
#[component]
fn GuidField(label: &'static str, name: &'static str, value: String) -> impl IntoView {
    view! {
        <label>
            {label}
            <input
                name=name
                required
                spellcheck="false"
                placeholder="00000000-0000-0000-0000-000000000000"
                value=value
            />
        </label>
    }
}
