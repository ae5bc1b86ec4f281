use super::{ActiveSession, RevokeSession, list_sessions};
use crate::components::{ActionOutcome, BackToAdmin, Loading, PageHeader, UtcTime, outcome_of};
use leptos::prelude::*;

/// `/admin/sessions`: every signed-in session that has not ended, with "End session".
#[component]
pub fn SessionsPage() -> impl IntoView {
    let revoke = ServerAction::<RevokeSession>::new();
    let sessions = Resource::new(move || revoke.version().get(), |_| list_sessions());
    let outcome = outcome_of(revoke, "Session ended. That person must sign in again.");
    view! {
        <PageHeader
            title="Sessions"
            summary="Who is signed in, since when, and when they were last active (to the minute)."
        />
        <BackToAdmin />
        <ActionOutcome outcome />
        <Transition fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                sessions.await.map(|sessions| view! { <SessionsTable sessions revoke /> })
            })}
        </Transition>
    }
}

#[component]
fn SessionsTable(sessions: Vec<ActiveSession>, revoke: ServerAction<RevokeSession>) -> impl IntoView {
    view! {
        <table class="data-table sessions-table">
            <caption>
                {match sessions.len() {
                    1 => "1 active session".to_owned(),
                    count => format!("{count} active sessions"),
                }}
            </caption>
            <thead>
                <tr>
                    <th scope="col">"Person"</th>
                    <th scope="col">"Signed in (UTC)"</th>
                    <th scope="col">"Last active (UTC)"</th>
                    <th scope="col">"Browser"</th>
                    <th scope="col">
                        <span class="visually-hidden">"Actions"</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                {sessions
                    .into_iter()
                    .map(|session| {
                        let label = format!(
                            "End the session of {} signed in at {}",
                            session.name,
                            session.signed_in_at,
                        );
                        view! {
                            <tr data-session-of=session.username.clone()>
                                <th scope="row">
                                    {session.name.clone()} <br />
                                    <span class="muted">{session.username.clone()}</span>
                                </th>
                                <td>
                                    <UtcTime rfc3339=session.signed_in_at.clone() />
                                </td>
                                <td>
                                    <UtcTime rfc3339=session.last_seen_at.clone() />
                                </td>
                                <td class="muted" title=session.user_agent.clone().unwrap_or_default()>
                                    {browser(session.user_agent.as_deref())}
                                </td>
                                <td>
                                    {if session.current {
                                        view! { <span class="muted">"This session (sign out instead)"</span> }
                                            .into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=revoke attr:class="inline-form">
                                                <input
                                                    type="hidden"
                                                    name="session"
                                                    value=session.id.to_string()
                                                />
                                                <button type="submit" class="button-link" aria-label=label>
                                                    "End session"
                                                </button>
                                            </ActionForm>
                                        }
                                            .into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// A user agent in a few words: "Chrome on Linux" (the whole string is the cell's title).
fn browser(user_agent: Option<&str>) -> String {
    let Some(agent) = user_agent else {
        return "unknown".to_owned();
    };
    let name = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(mark, _)| agent.contains(mark))
    .map_or("A browser", |(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(mark, _)| agent.contains(mark))
    .map(|(_, system)| system);
    match system {
        Some(system) => format!("{name} on {system}"),
        None => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::browser;

    #[test]
    fn browsers_are_named_in_a_few_words() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";
        assert_eq!(browser(Some(chrome)), "Chrome on Linux");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0";
        assert_eq!(browser(Some(edge)), "Edge on Windows");
        assert_eq!(browser(Some("curl/8.0")), "A browser");
        assert_eq!(browser(None), "unknown");
    }
}
