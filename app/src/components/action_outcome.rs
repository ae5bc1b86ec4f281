use crate::error::AppError;
use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The last result of `action` as a sentence: `message` on success, the error otherwise.
pub fn outcome_of<S>(
    action: ServerAction<S>,
    message: &'static str,
) -> Signal<Option<Result<String, AppError>>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        action
            .value()
            .get()
            .map(|result| result.map(|_| message.to_owned()))
    })
}

/// What the last submission of a form said: a status notice on success, an alert on failure,
/// nothing before the first submission.
#[component]
pub fn ActionOutcome(
    /// The action's last result, with the success turned into the sentence to show.
    #[prop(into)]
    outcome: Signal<Option<Result<String, AppError>>>,
) -> impl IntoView {
    move || {
        outcome.get().map(|outcome| match outcome {
            Ok(message) => Either::Left(view! {
                <p class="notice" role="status">
                    {message}
                </p>
            }),
            Err(error) => Either::Right(view! {
                <p class="form-error" role="alert">
                    {error.to_string()}
                </p>
            }),
        })
    }
}

/// The placeholder while a page's data loads.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="loading" role="status">
            "Loading…"
        </p>
    }
}

/// The way back from an admin sub-page.
#[component]
pub fn BackToAdmin() -> impl IntoView {
    view! {
        <p class="page-links">
            <a href="/admin">"← Admin"</a>
        </p>
    }
}
