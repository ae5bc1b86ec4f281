use super::server_fns::account_lights;
use crate::components::use_ticker;
use leptos::prelude::*;
use std::time::Duration;

/// How often the shell asks again how the accounts are doing.
const REFRESH: Duration = Duration::from_secs(15);

/// One small light per Partner Center account in the header: green working, amber throttled,
/// red not responding or sign-in failed, grey not checked yet. Each names its account and
/// state for screen readers and on hover, and leads to the Sync page.
#[component]
pub fn HealthLights() -> impl IntoView {
    let tick = use_ticker(REFRESH);
    let lights = Resource::new(move || tick.get(), |_| account_lights());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let lights = lights.await.unwrap_or_default();
                (!lights.is_empty())
                    .then(|| {
                        // The header never fails the page: without data it shows no lights.
                        view! {
                            <ul class="health-lights" aria-label="Partner Center accounts">
                                {lights
                                    .into_iter()
                                    .map(|light| {
                                        let text = format!(
                                            "{} ({}): {}",
                                            light.name,
                                            light.cloud.label(),
                                            light.health.label(),
                                        );
                                        let title = match &light.health_detail {
                                            Some(detail) => format!("{text}. {detail}"),
                                            None => text.clone(),
                                        };
                                        view! {
                                            <li>
                                                <a
                                                    href="/admin/sync"
                                                    class=format!(
                                                        "health-light health-{}",
                                                        light.health.as_str(),
                                                    )
                                                    title=title
                                                    data-health=light.health.as_str()
                                                >
                                                    <span class="visually-hidden">{text}</span>
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
            })}
        </Transition>
    }
}
