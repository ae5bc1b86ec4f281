//! `/admin/accounts`: the Partner Center accounts Switchboard serves. Admins add accounts,
//! edit and disable those added here, test any account's credentials, and connect App+User
//! access (the Secure Application Model consent).

use super::account_form::{AddAccountForm, EditAccountForm};
use super::types::{AccountSource, AccountsAdmin, AdminAccount, ConnectionReport, Sealing};
use super::{AddAccount, EditAccount, SetAccountEnabled, TestAccount, list_admin_accounts};
use crate::components::{ActionOutcome, BackToAdmin, Loading, PageHeader, UtcTime, outcome_of};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountsAdminPage() -> impl IntoView {
    let add = ServerAction::<AddAccount>::new();
    let edit = ServerAction::<EditAccount>::new();
    let enable = ServerAction::<SetAccountEnabled>::new();
    let test = ServerAction::<TestAccount>::new();
    let accounts = Resource::new(
        move || (add.version().get(), edit.version().get(), enable.version().get()),
        |_| list_admin_accounts(),
    );
    let tested = Signal::derive(move || {
        test.value()
            .get()
            .map(|result| result.map(|report| sentence(&report)))
    });
    view! {
        <PageHeader
            title="Partner accounts"
            summary="The Partner Center accounts Switchboard serves, their credentials and App+User access."
        />
        <BackToAdmin />
        <ConsentOutcome />
        <ActionOutcome outcome=outcome_of(add, "Account added. Its first sync starts within seconds.") />
        <ActionOutcome outcome=outcome_of(edit, "Account changed.") />
        <ActionOutcome outcome=outcome_of(enable, "Done.") />
        <ActionOutcome outcome=tested />
        <Transition fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                accounts.await.map(|admin| view! { <AccountsAdminView admin add edit enable test /> })
            })}
        </Transition>
    }
}

/// What the consent round trip (`/admin/accounts/{id}/connect`) reported on its way back.
#[component]
fn ConsentOutcome() -> impl IntoView {
    let query = use_query_map();
    move || {
        let query = query.get();
        if let Some(name) = query.get("connected") {
            Some(
                view! {
                    <p class="notice" role="status">
                        {format!("App+User access to {name} is connected.")}
                    </p>
                }
                .into_any(),
            )
        } else {
            query.get("connect_error").map(|message| {
                view! {
                    <p class="form-error" role="alert">
                        {format!("Connecting failed: {message}")}
                    </p>
                }
                .into_any()
            })
        }
    }
}

#[component]
fn AccountsAdminView(
    admin: AccountsAdmin,
    add: ServerAction<AddAccount>,
    edit: ServerAction<EditAccount>,
    enable: ServerAction<SetAccountEnabled>,
    test: ServerAction<TestAccount>,
) -> impl IntoView {
    let sealing_note = match admin.sealing {
        Sealing::Configured => None,
        Sealing::Ephemeral => Some(
            "Demo mode: secrets entered here are sealed with a key made up when the portal started. After a restart, enter them again (or set secrets.key).",
        ),
        Sealing::Unavailable => Some(
            "Secrets cannot be stored until secrets.key is set in the configuration: accounts can be added here once it is.",
        ),
    };
    let can_store = admin.sealing != Sealing::Unavailable;
    view! {
        {sealing_note.map(|note| view! { <p class="notice">{note}</p> })}
        {(admin.may_add && can_store).then(|| view! { <AddAccountForm add /> })}
        <table class="data-table accounts-admin-table">
            <caption>{format!("{} partner accounts", admin.accounts.len())}</caption>
            <thead>
                <tr>
                    <th scope="col">"Account"</th>
                    <th scope="col">"Identity"</th>
                    <th scope="col">"Health"</th>
                    <th scope="col">"App+User access"</th>
                    <th scope="col">"Actions"</th>
                </tr>
            </thead>
            <tbody>
                {admin
                    .accounts
                    .into_iter()
                    .map(|account| view! { <AccountRow account can_store edit enable test /> })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn AccountRow(
    account: AdminAccount,
    can_store: bool,
    edit: ServerAction<EditAccount>,
    enable: ServerAction<SetAccountEnabled>,
    test: ServerAction<TestAccount>,
) -> impl IntoView {
    let portal = account.source == AccountSource::Portal;
    let id = account.id.to_string();
    let test_id = id.clone();
    let connect = format!("/admin/accounts/{}/connect", account.id);
    let toggle = if account.enabled { "Disable" } else { "Enable" };
    let toggle_label = format!("{toggle} {}", account.name);
    let test_label = format!("Test the connection of {}", account.name);
    let connect_label = format!("Connect App+User access for {}", account.name);
    view! {
        <tr data-account=account.name.clone() class:disabled=!account.enabled>
            <th scope="row">
                {account.name.clone()} <br />
                <span class="muted">
                    {format!("{} · {}", account.cloud.label(), account.source.label())}
                    {(!account.enabled).then_some(" · disabled")}
                </span>
            </th>
            <td class="identity">
                <span>"Tenant " <code>{account.tenant_id.to_string()}</code></span>
                <br />
                <span>"App " <code>{account.client_id.to_string()}</code></span>
                {account
                    .mpn_id
                    .clone()
                    .map(|mpn| {
                        view! {
                            <br />
                            <span>{format!("MPN {mpn}")}</span>
                        }
                    })}
            </td>
            <td>
                {account.health.label()}
                {account
                    .health_detail
                    .clone()
                    .map(|detail| {
                        view! {
                            <br />
                            <span class="muted">{detail}</span>
                        }
                    })}
            </td>
            <td>
                {match (account.connected_at.clone(), account.connected_by.clone()) {
                    (Some(at), by) => {
                        view! {
                            "Connected "
                            <UtcTime rfc3339=at />
                            {by.map(|by| format!(" by {by}"))}
                        }
                            .into_any()
                    }
                    (None, _) => view! { <span class="muted">"Not connected here"</span> }.into_any(),
                }}
            </td>
            <td class="actions">
                <ActionForm action=test attr:class="inline-form">
                    <input type="hidden" name="account" value=test_id />
                    <button
                        type="submit"
                        class="button-link"
                        aria-label=test_label
                        disabled=move || test.pending().get()
                    >
                        "Test connection"
                    </button>
                </ActionForm>
                {can_store
                    .then(|| {
                        view! {
                            <a href=connect rel="external" class="button-link" aria-label=connect_label>
                                "Connect"
                            </a>
                        }
                    })}
                {portal
                    .then(|| {
                        view! {
                            <ActionForm action=enable attr:class="inline-form">
                                <input type="hidden" name="account" value=id />
                                <input type="hidden" name="enabled" value=(!account.enabled).to_string() />
                                <button type="submit" class="button-link" aria-label=toggle_label>
                                    {toggle}
                                </button>
                            </ActionForm>
                            <EditAccountForm edit account=account.clone() />
                        }
                    })}
            </td>
        </tr>
    }
}

/// The test's findings in one sentence.
fn sentence(report: &ConnectionReport) -> String {
    let app_user = match &report.app_user {
        Ok(()) => "App+User access works.".to_owned(),
        Err(problem) => format!("App+User access: {problem}"),
    };
    format!(
        "Connection works: token in {} ms; {} customers read in {} ms (CUST-03). {app_user}",
        report.token_ms, report.customers_on_page, report.page_ms
    )
}
