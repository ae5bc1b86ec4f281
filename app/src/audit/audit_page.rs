use super::{AuditQuery, AuditRow, search_audit};
use crate::accounts::list_partner_accounts;
use crate::auth::Permission;
use crate::components::{BackToAdmin, Loading, PageHeader, UtcTime};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// `/admin/audit`: the audit log, newest first, filtered by person, account, customer, action
/// and days (all in the URL, so a filtered view can be shared), 50 rows a page, and the
/// filtered rows as CSV.
#[component]
pub fn AuditPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let params = params.get();
        let field = |name: &str| params.get(name).unwrap_or_default();
        AuditQuery {
            person: field("person"),
            account: field("account"),
            customer: field("customer"),
            action: field("action"),
            from: field("from"),
            to: field("to"),
            before: field("before"),
        }
    });
    let page = Resource::new(move || query.get(), search_audit);
    let accounts = Resource::new(|| (), |_| list_partner_accounts(Some(Permission::Administer)));
    view! {
        <PageHeader
            title="Audit log"
            summary="Sign-ins, sign-outs, refused requests and every change, newest first."
        />
        <BackToAdmin />
        <Form
            method="GET"
            action=""
            attr:class="inline-form audit-filters"
            attr:aria-label="Filter the audit log"
        >
            <label>
                "Person"
                <input type="search" name="person" maxlength="100" prop:value=move || query.get().person />
            </label>
            <label>
                "Account" <select name="account">
                    <option value="">"Any account"</option>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let chosen = query.get_untracked().account;
                            accounts
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|account| {
                                    let id = account.id.to_string();
                                    let selected = id == chosen;
                                    view! {
                                        <option value=id selected=selected>
                                            {account.name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        })}
                    </Transition>
                </select>
            </label>
            <label>
                "Customer id"
                <input type="search" name="customer" maxlength="36" prop:value=move || query.get().customer />
            </label>
            <label>
                "Action"
                <input
                    type="search"
                    name="action"
                    placeholder="grant, auth.login…"
                    maxlength="100"
                    prop:value=move || query.get().action
                />
            </label>
            <label>"From (UTC)" <input type="date" name="from" prop:value=move || query.get().from /></label>
            <label>"To (UTC)" <input type="date" name="to" prop:value=move || query.get().to /></label>
            <button type="submit" class="button">
                "Filter"
            </button>
            <a
                class="button-link"
                href=move || format!("/admin/audit.csv?{}", query.get().to_query_string(None))
            >
                "Download CSV"
            </a>
        </Form>
        <Transition fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                let page = page.await?;
                let older = page
                    .older
                    .map(|before| {
                        format!("/admin/audit?{}", query.get_untracked().to_query_string(Some(before)))
                    });
                Ok::<
                    _,
                    crate::AppError,
                >(
                    view! {
                        <AuditTable rows=page.rows />
                        <p class="page-links">
                            {(!query.get_untracked().before.is_empty())
                                .then(|| {
                                    let newest = format!(
                                        "/admin/audit?{}",
                                        query.get_untracked().to_query_string(None),
                                    );
                                    view! {
                                        <a href=newest>"← Newest"</a>
                                        " "
                                    }
                                })} {older.map(|href| view! { <a href=href>"Older entries →"</a> })}
                        </p>
                    },
                )
            })}
        </Transition>
    }
}

#[component]
fn AuditTable(rows: Vec<AuditRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">"No entries match these filters."</p> }.into_any();
    }
    view! {
        <table class="data-table audit-table">
            <caption>"Audit entries, newest first"</caption>
            <thead>
                <tr>
                    <th scope="col">"When (UTC)"</th>
                    <th scope="col">"Who"</th>
                    <th scope="col">"Action"</th>
                    <th scope="col">"Outcome"</th>
                    <th scope="col">"Account"</th>
                    <th scope="col">"What"</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|row| {
                        let change = match (&row.before, &row.after) {
                            (None, None) => None,
                            (before, after) => {
                                Some(
                                    format!(
                                        "{} → {}",
                                        before.as_deref().unwrap_or("—"),
                                        after.as_deref().unwrap_or("—"),
                                    ),
                                )
                            }
                        };
                        let action = row.action.clone();
                        view! {
                            <tr data-action=action>
                                <td>
                                    <UtcTime rfc3339=row.at seconds=true />
                                </td>
                                <td>{row.staff_name.unwrap_or_else(|| "—".to_owned())}</td>
                                <td>
                                    <code>{row.action}</code>
                                </td>
                                <td data-outcome=row.outcome.clone()>{row.outcome.clone()}</td>
                                <td>{row.account_name.unwrap_or_default()}</td>
                                <td class="audit-what">
                                    {row.detail}
                                    {row.reason.map(|reason| view! { <p>{format!("Reason: {reason}")}</p> })}
                                    {change
                                        .map(|change| view! { <p class="muted audit-change">{change}</p> })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
