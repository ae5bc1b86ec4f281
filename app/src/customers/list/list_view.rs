//! The customers list: filters in a GET form (so a filtered view is a link), the count, the
//! table with sortable headings, "next page" links and the CSV of exactly the filtered rows.

use super::{CustomerListPage, CustomerListQuery, CustomerRow, SortBy, list_customers};
use crate::accounts::{Cloud, PartnerAccountSummary};
use crate::components::Loading;
use crate::customers::customer_cells::CustomerCells;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CustomerList(accounts: Vec<PartnerAccountSummary>) -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let params = params.get();
        let field = |name: &str| params.get(name).unwrap_or_default();
        CustomerListQuery {
            account: field("account"),
            cloud: field("cloud"),
            relationship: field("relationship"),
            suspended: field("suspended"),
            pending: field("pending"),
            sort: field("sort"),
            order: field("order"),
            after: field("after"),
        }
    });
    let page = Resource::new(move || query.get(), list_customers);
    view! {
        <Filters query accounts />
        <Transition fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                let page = page.await?;
                Ok::<_, crate::AppError>(view! { <ListPage page query=query.get_untracked() /> })
            })}
        </Transition>
    }
}

#[component]
fn Filters(query: Memo<CustomerListQuery>, accounts: Vec<PartnerAccountSummary>) -> impl IntoView {
    let chosen = move |field: fn(&CustomerListQuery) -> &String, value: &str| {
        let value = value.to_owned();
        move || field(&query.get()) == &value
    };
    view! {
        <Form
            method="GET"
            action=""
            attr:class="inline-form list-filters"
            attr:aria-label="Filter the customers"
        >
            <label>
                "Account" <select name="account">
                    <option value="">"Any account"</option>
                    {accounts
                        .into_iter()
                        .map(|account| {
                            let id = account.id.to_string();
                            view! {
                                <option value=id.clone() selected=chosen(|q| &q.account, &id)>
                                    {account.name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                "Cloud" <select name="cloud">
                    <option value="">"Any cloud"</option>
                    {Cloud::ALL
                        .map(|cloud| {
                            view! {
                                <option value=cloud.as_str() selected=chosen(|q| &q.cloud, cloud.as_str())>
                                    {cloud.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                "Relationship" <select name="relationship">
                    <option value="">"Direct or via reseller"</option>
                    <option value="direct" selected=chosen(|q| &q.relationship, "direct")>
                        "Direct"
                    </option>
                    <option value="reseller" selected=chosen(|q| &q.relationship, "reseller")>
                        "Via reseller"
                    </option>
                </select>
            </label>
            <label class="checkbox">
                <input
                    type="checkbox"
                    name="suspended"
                    value="1"
                    prop:checked=chosen(|q| &q.suspended, "1")
                />
                "Has suspended subscriptions"
            </label>
            <label class="checkbox">
                <input type="checkbox" name="pending" value="1" prop:checked=chosen(|q| &q.pending, "1") />
                "Has pending provisioning"
            </label>
            <input type="hidden" name="sort" prop:value=move || query.get().sort />
            <input type="hidden" name="order" prop:value=move || query.get().order />
            <button type="submit" class="button">
                "Filter"
            </button>
            <a
                class="button-link"
                href=move || format!("/customers.csv?{}", query.get().to_query_string(None))
            >
                "Download CSV"
            </a>
        </Form>
    }
}

#[component]
fn ListPage(page: CustomerListPage, query: CustomerListQuery) -> impl IntoView {
    let first = (!query.after.is_empty()).then(|| format!("/customers?{}", query.to_query_string(None)));
    let next = page
        .next
        .as_deref()
        .map(|next| format!("/customers?{}", query.to_query_string(Some(next))));
    let count = match page.total {
        1 => "1 customer".to_owned(),
        total => format!("{total} customers"),
    };
    if page.rows.is_empty() {
        let message = if first.is_some() {
            "No more customers after this page."
        } else {
            "No customers match these filters."
        };
        return view! {
            <p class="muted" role="status">
                {message}
            </p>
            {first.map(|href| view! { <a href=href>"← First page"</a> })}
        }
        .into_any();
    }
    view! {
        <p class="list-count" role="status">
            {count}
        </p>
        <table class="data-table customer-list">
            <caption>"Customers through these filters"</caption>
            <thead>
                <tr>
                    <SortHeading label="Customer" sort=SortBy::Name query=query.clone() />
                    <SortHeading label="Account" sort=SortBy::Account query=query.clone() />
                    <th scope="col">"Relationship"</th>
                    <th scope="col">"Subscriptions"</th>
                    <SortHeading label="Synced" sort=SortBy::Synced query=query.clone() />
                </tr>
            </thead>
            <tbody>
                {page.rows.into_iter().map(|row| view! { <ListRow row /> }.into_any()).collect_view()}
            </tbody>
        </table>
        <p class="page-links">
            {first.map(|href| view! { <a href=href>"← First page"</a> })} " "
            {next.map(|href| view! { <a href=href>"Next page →"</a> })}
        </p>
    }
    .into_any()
}

/// A column heading that sorts by its column, and says which way it is sorted now.
#[component]
fn SortHeading(label: &'static str, sort: SortBy, query: CustomerListQuery) -> impl IntoView {
    let current = query.parse().ok().map(|filter| (filter.sort, filter.descending));
    let (state, arrow) = match current {
        Some((by, false)) if by == sort => ("ascending", " ▲"),
        Some((by, true)) if by == sort => ("descending", " ▼"),
        _ => ("none", ""),
    };
    let href = format!("/customers?{}", query.sorted_by(sort).to_query_string(None));
    view! {
        <th scope="col" aria-sort=state>
            <a href=href>{label} <span aria-hidden="true">{arrow}</span></a>
        </th>
    }
}

#[component]
fn ListRow(row: CustomerRow) -> impl IntoView {
    let provisioning =
        (row.pending_provisioning > 0).then(|| format!("{} provisioning", row.pending_provisioning));
    view! {
        <tr>
            <CustomerCells customer=row.customer also=provisioning />
        </tr>
    }
}
