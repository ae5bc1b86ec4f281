use super::server_fns::{RequestSync, sync_status};
use super::sync_table::AccountSyncSection;
use crate::accounts::NoAccountsConnected;
use crate::auth::load_current_staff;
use crate::components::{Loading, PageHeader, use_ticker};
use leptos::either::Either;
use leptos::prelude::*;
use std::time::Duration;

/// How often the page refreshes itself while open.
const REFRESH: Duration = Duration::from_secs(2);

/// `/admin/sync`: every account × dataset with its progress, counts, last success and error,
/// next run, calls and 429s, refreshed every two seconds, with "Sync now" per account.
#[component]
pub fn SyncPage() -> impl IntoView {
    let tick = use_ticker(REFRESH);
    let request = ServerAction::<RequestSync>::new();
    let staff = load_current_staff();
    let status = Resource::new(move || (tick.get(), request.version().get()), |_| sync_status());
    view! {
        <PageHeader
            title="Sync"
            summary="How fresh the cache of each Partner Center account is, and what the sync worker is doing."
        />
        <p class="page-links">
            <a href="/admin">"← Partner accounts"</a>
        </p>
        {move || {
            request
                .value()
                .get()
                .map(|outcome| match outcome {
                    Ok(datasets) => {
                        Either::Left(
                            view! {
                                <p class="notice" role="status">
                                    {format!(
                                        "Sync requested for {datasets} datasets; it starts within seconds.",
                                    )}
                                </p>
                            },
                        )
                    }
                    Err(error) => {
                        Either::Right(
                            view! {
                                <p class="form-error" role="alert">
                                    {error.to_string()}
                                </p>
                            },
                        )
                    }
                })
        }}
        <Transition fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                status
                    .await
                    .map(|accounts| {
                        if accounts.is_empty() {
                            Either::Left(view! { <NoAccountsConnected /> })
                        } else {
                            Either::Right(
                                accounts
                                    .into_iter()
                                    .map(|account| view! { <AccountSyncSection account request staff /> })
                                    .collect_view(),
                            )
                        }
                    })
            })}
        </Transition>
    }
}
