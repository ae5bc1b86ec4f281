use crate::accounts::WithPartnerAccounts;
use crate::components::{Loading, PageHeader};
use crate::customers::customer_cells::CustomerCells;
use crate::customers::list::CustomerList;
use crate::customers::search::{CustomerHit, search_customers};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/customers`: customers across every account, filtered, sorted and paged; with `?q=`, what
/// the header's search box finds (where it lands without JavaScript, or on Enter with no result
/// chosen).
#[component]
pub fn CustomersPage() -> impl IntoView {
    let query = use_query_map();
    let text = move || query.get().get("q").unwrap_or_default();
    let found = Resource::new(text, |text| async move {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            search_customers(text).await.map(Some)
        }
    });
    view! {
        <PageHeader
            title="Customers"
            summary="Customers of every connected Partner Center account, in one list."
        />
        <WithPartnerAccounts render=move |accounts| {
            if text().trim().is_empty() {
                return view! { <CustomerList accounts /> }.into_any();
            }
            view! {
                <Suspense fallback=|| {
                    view! { <Loading /> }
                }>
                    {move || Suspend::new(async move {
                        found
                            .await
                            .map(|found| match found {
                                Some(hits) => view! { <SearchResults text=text() hits /> }.into_any(),
                                None => ().into_any(),
                            })
                    })}
                </Suspense>
            }
                .into_any()
        } />
    }
}

#[component]
fn SearchResults(text: String, hits: Vec<CustomerHit>) -> impl IntoView {
    if hits.is_empty() {
        return view! { <p class="muted">{format!("No customer matches “{text}”.")}</p> }.into_any();
    }
    view! {
        <table class="data-table">
            <caption>{format!("Customers matching “{text}”, best first")}</caption>
            <thead>
                <tr>
                    <th scope="col">"Customer"</th>
                    <th scope="col">"Account"</th>
                    <th scope="col">"Relationship"</th>
                    <th scope="col">"Subscriptions"</th>
                    <th scope="col">"Synced"</th>
                </tr>
            </thead>
            <tbody>
                {hits
                    .into_iter()
                    .map(|hit| {
                        view! {
                            <tr>
                                <CustomerCells customer=hit.customer />
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
