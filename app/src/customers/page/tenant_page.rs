use crate::components::{Loading, PageHeader};
use crate::customers::search::CustomerHit;
use crate::customers::tenant_customers;
use crate::error::AppError;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

/// `/t/{tenant-id}`: the customer with that tenant, or a choice when several accounts serve it.
#[component]
pub fn TenantPage() -> impl IntoView {
    let params = use_params_map();
    let tenant = move || params.get().get("tenant").unwrap_or_default();
    let customers = Resource::new(tenant, tenant_customers);
    view! {
        <Suspense fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                let customers = customers.await?;
                match customers.as_slice() {
                    [] => Err(AppError::NotFound),
                    [only] => Ok(Either::Left(view! { <Redirect path=only.customer.href() /> })),
                    _ => Ok(Either::Right(view! { <TenantChoice customers /> })),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TenantChoice(customers: Vec<CustomerHit>) -> impl IntoView {
    view! {
        <PageHeader
            title="Which account?"
            summary="This tenant is a customer of several Partner Center accounts. Pick the account to work in."
        />
        <ul class="plain-list tenant-choice">
            {customers
                .into_iter()
                .map(|hit| {
                    let hit = hit.customer;
                    let href = hit.href();
                    view! {
                        <li>
                            <a href=href>
                                <strong>{hit.company_name}</strong>
                                {format!(" — {} ({})", hit.account_name, hit.cloud.label())}
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
