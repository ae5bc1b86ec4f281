use super::server_fns::RequestSync;
use super::types::{AccountSyncStatus, DatasetStatus, Moment, RunState};
use crate::auth::{CurrentStaff, Permission};
use leptos::either::EitherOf4;
use leptos::prelude::*;

fn relative(moment: &Option<Moment>) -> impl IntoView + use<> {
    match moment {
        Some(moment) => view! {
            <time datetime=moment.utc.clone() title=moment.utc.clone()>
                {moment.relative()}
            </time>
        }
        .into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

/// One account on the Sync page: health, cached counts, "Sync now", and a row per dataset.
#[component]
pub fn AccountSyncSection(
    account: AccountSyncStatus,
    request: ServerAction<RequestSync>,
    /// The viewer's grants: "Sync now" needs the admin role on the account.
    staff: CurrentStaff,
) -> impl IntoView {
    let heading_id = format!("sync-{}", account.id);
    let labelled_by = heading_id.clone();
    let health = account.health;
    let account_id = account.id;
    let may_sync = move || staff.allows(Permission::Administer, account_id);
    let why_not_id = format!("sync-now-why-{}", account.id);
    let why_not_for_text = why_not_id.clone();
    let why_not = Permission::Administer.missing(Some(&account.name));
    view! {
        <section class="sync-account" aria-labelledby=labelled_by>
            <header class="sync-account-header">
                <h2 id=heading_id>
                    <span class=format!("health-light health-{}", health.as_str()) aria-hidden="true"></span>
                    {account.name.clone()}
                </h2>
                <p class="muted">
                    {account.cloud.label()} " · " <span data-health=health.as_str()>{health.label()}</span>
                    {account.demo.then_some(" · simulated (demo mode)")}
                </p>
                {account.health_detail.clone().map(|detail| view! { <p class="form-error">{detail}</p> })}
                <dl class="sync-facts">
                    <div>
                        <dt>"Customers cached"</dt>
                        <dd data-count="customers">{account.customers}</dd>
                    </div>
                    <div>
                        <dt>"Subscriptions cached"</dt>
                        <dd data-count="subscriptions">{account.subscriptions}</dd>
                    </div>
                    <div>
                        <dt>"Complete as of"</dt>
                        <dd>{relative(&account.as_of)}</dd>
                    </div>
                </dl>
                <ActionForm action=request>
                    <input type="hidden" name="account" value=account.id.to_string() />
                    <button
                        type="submit"
                        class="button"
                        disabled=move || request.pending().get() || !may_sync()
                        aria-describedby=move || (!may_sync()).then(|| why_not_id.clone())
                    >
                        "Sync now"
                    </button>
                </ActionForm>
                <Show when=move || !may_sync()>
                    <p class="muted" id=why_not_for_text.clone()>
                        {why_not.clone()}
                    </p>
                </Show>
            </header>
            <table class="data-table sync-table">
                <caption>{format!("Datasets of {}", account.name)}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Dataset"</th>
                        <th scope="col">"Progress"</th>
                        <th scope="col">"Rows"</th>
                        <th scope="col">"Last success"</th>
                        <th scope="col">"Last error"</th>
                        <th scope="col">"Next run"</th>
                        <th scope="col">"Calls"</th>
                        <th scope="col">"429s"</th>
                    </tr>
                </thead>
                <tbody>
                    {account
                        .datasets
                        .into_iter()
                        .map(|status| view! { <DatasetRow status /> })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn DatasetRow(status: DatasetStatus) -> impl IntoView {
    let run = status.latest_run.clone();
    let (calls, throttled) = run.as_ref().map_or((0, 0), |run| (run.calls, run.throttled));
    let running = run.as_ref().is_some_and(|run| run.state == RunState::Running);
    view! {
        <tr data-dataset=status.dataset.as_str()>
            <th scope="row">{status.dataset.label()}</th>
            <td>
                <RunProgress status=status.clone() />
            </td>
            <td>{status.items.map_or_else(|| "—".to_owned(), |items| items.to_string())}</td>
            <td>{relative(&status.last_success_at)}</td>
            <td class="sync-error">
                {status
                    .last_error
                    .clone()
                    .map(|error| {
                        view! {
                            <span>{error}</span>
                            " "
                            {relative(&status.last_error_at)}
                        }
                    })}
            </td>
            <td>
                {if running {
                    view! { <span>"Running now"</span> }.into_any()
                } else if status.requested {
                    view! { <span>"Queued"</span> }.into_any()
                } else {
                    relative(&status.next_run_at).into_any()
                }}
            </td>
            <td>{calls}</td>
            <td>{throttled}</td>
        </tr>
    }
}

/// A progress bar while a run is going; otherwise the outcome of the latest run.
#[component]
fn RunProgress(status: DatasetStatus) -> impl IntoView {
    let label = format!("{} progress", status.dataset.label());
    match status.latest_run {
        Some(run) if run.state == RunState::Running => {
            let text = match run.progress_total {
                Some(total) => format!("{} of {total}", run.progress_done),
                None => format!("{} read", run.progress_done),
            };
            let kind = if run.full { "Full run" } else { "Changes" };
            EitherOf4::A(view! {
                <div class="sync-progress" data-state="running">
                    {match run.progress_total {
                        Some(total) => {
                            view! {
                                <progress
                                    aria-label=label
                                    max=total.max(1)
                                    value=run.progress_done
                                ></progress>
                            }
                                .into_any()
                        }
                        None => view! { <progress aria-label=label></progress> }.into_any(),
                    }}
                    <span class="muted">{format!("{kind}: {text}")}</span>
                </div>
            })
        }
        Some(run) if run.state == RunState::Succeeded => EitherOf4::B(view! {
            <div class="sync-progress" data-state="succeeded">
                <progress aria-label=label max="1" value="1"></progress>
                <span class="muted">"Up to date"</span>
            </div>
        }),
        Some(run) => {
            let text = match run.state {
                RunState::Interrupted => "Stopped; resumes at the next run",
                _ => "Failed",
            };
            EitherOf4::C(view! {
                <div
                    class="sync-progress"
                    data-state=if run.state == RunState::Failed { "failed" } else { "interrupted" }
                >
                    <span>{text}</span>
                </div>
            })
        }
        None => EitherOf4::D(view! {
            <div class="sync-progress" data-state="waiting">
                <span class="muted">"Not run yet"</span>
            </div>
        }),
    }
}
