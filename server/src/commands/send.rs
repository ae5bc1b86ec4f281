//! One attempt at a command: the PATCH (SUB-05/06/07) with the command's stored MS-RequestId
//! and ETag, and what its answer means. A lost answer is never guessed at: the command is sent
//! again with the same MS-RequestId (Partner Center answers a repeat from its record), and once
//! the attempts run out the subscription is read back (SUB-02) to learn what happened.

use super::store::{self, Claimed, Finish};
use crate::accounts::Account;
use crate::partner_center::operations::{patch_subscription, subscription};
use crate::partner_center::wire::{Subscription, from_slice};
use crate::partner_center::{ApiErrorKind, PcError};
use app::subscriptions::CommandKind;
use serde_json::{Map, Value};
use sqlx::PgPool;
use std::time::Duration;

/// Partner Center's "a request with this MS-RequestId is in progress" (the simulator's 800060).
const IN_PROGRESS: i64 = 800_060;
/// Partner Center's "Etag is no longer valid" (contract §1.9).
const STALE_ETAG: i64 = 2055;

/// Sends `command` once (with the client's own retries) and settles or postpones it.
pub async fn attempt(
    pool: &PgPool,
    account: &Account,
    command: &Claimed,
    max_attempts: i32,
) -> Result<(), sqlx::Error> {
    let request = patch_subscription(
        command.kind.operation(),
        command.customer_id,
        command.subscription_id,
        changes(command),
        &command.etag,
        (command.request_id, command.correlation_id),
    );
    let answer = account.client.send(&request, None).await.and_then(|reply| {
        from_slice::<Subscription>(&reply.body).map_err(|error| PcError::Decode {
            call: reply.call,
            message: error.to_string(),
        })
    });
    let error = match answer {
        Ok(subscription) => {
            let detail = format!("Partner Center made the change (attempt {})", command.attempts);
            store::finish(
                pool,
                command,
                Finish::Done {
                    subscription: &subscription,
                    detail,
                },
            )
            .await?;
            return Ok(());
        }
        Err(error) => error,
    };
    if error.code() == Some(IN_PROGRESS) {
        // An earlier attempt of this command is still being handled: its answer will be replayed.
        let why = "Partner Center is still working on an earlier attempt";
        store::retry_later(pool, command, Duration::from_secs(2), why).await?;
        return Ok(());
    }
    if let Some(kind) = error.api_kind().filter(|kind| is_refusal(*kind)) {
        let current = read_back(account, command).await;
        let message = refusal_message(&error, kind);
        let finish = Finish::Failed {
            code: error.code(),
            message,
            current: current.as_ref(),
        };
        store::finish(pool, command, finish).await?;
        return Ok(());
    }
    if command.attempts < max_attempts {
        let delay = backoff(command.attempts, &error);
        store::retry_later(pool, command, delay, &error.to_string()).await?;
        return Ok(());
    }
    settle_unanswered(pool, account, command, &error).await
}

/// The attempts ran out without an answer: what Partner Center holds now decides.
async fn settle_unanswered(
    pool: &PgPool,
    account: &Account,
    command: &Claimed,
    error: &PcError,
) -> Result<(), sqlx::Error> {
    let tries = command.attempts;
    let current = read_back(account, command).await;
    let message = match &current {
        Some(current) if is_applied(command, current) => {
            let detail = format!(
                "no answer after {tries} attempts ({error}); reading it back shows the change was made"
            );
            store::finish(
                pool,
                command,
                Finish::Done {
                    subscription: current,
                    detail,
                },
            )
            .await?;
            return Ok(());
        }
        Some(_) => {
            format!("Partner Center did not answer after {tries} attempts ({error}). Nothing was changed.")
        }
        None => format!(
            "Partner Center did not answer after {tries} attempts ({error}), and the subscription could not be read back: whether the change was made is not known yet. The next sync shows it."
        ),
    };
    let failed = Finish::Failed {
        code: error.code(),
        message,
        current: current.as_ref(),
    };
    store::finish(pool, command, failed).await?;
    Ok(())
}

/// The properties the PATCH changes.
fn changes(command: &Claimed) -> Map<String, Value> {
    let mut changes = Map::new();
    match command.kind {
        CommandKind::Suspend => changes.insert("status".to_owned(), "suspended".into()),
        CommandKind::Reactivate => changes.insert("status".to_owned(), "active".into()),
        CommandKind::Rename => changes.insert(
            "friendlyName".to_owned(),
            command.nickname.clone().unwrap_or_default().into(),
        ),
    };
    changes
}

/// Whether `current` already shows what `command` asked for.
fn is_applied(command: &Claimed, current: &Subscription) -> bool {
    match command.kind {
        CommandKind::Suspend => current.status.as_str() == "suspended",
        CommandKind::Reactivate => current.status.as_str() == "active",
        CommandKind::Rename => current.friendly_name == command.nickname,
    }
}

/// SUB-02, with the client's retries; `None` if it cannot be read.
async fn read_back(account: &Account, command: &Claimed) -> Option<Subscription> {
    let request = subscription(command.customer_id, command.subscription_id);
    match account.client.fetch::<Subscription>(&request, None).await {
        Ok(current) => Some(current),
        Err(error) => {
            tracing::warn!(account = %account.name, command = %command.id, error = %error, "could not read the subscription back");
            None
        }
    }
}

/// An answer that settles the command as failed: Partner Center refused it on its merits.
fn is_refusal(kind: ApiErrorKind) -> bool {
    !matches!(
        kind,
        ApiErrorKind::Throttled | ApiErrorKind::Unavailable | ApiErrorKind::Unauthorized
    )
}

/// What the person reads when Partner Center refused the change.
fn refusal_message(error: &PcError, kind: ApiErrorKind) -> String {
    let PcError::Api {
        status,
        code,
        description,
        ..
    } = error
    else {
        return error.to_string();
    };
    let code_text = code.map_or_else(String::new, |code| format!(", code {code}"));
    if *code == Some(STALE_ETAG) || kind == ApiErrorKind::PreconditionFailed {
        return format!(
            "The subscription changed in Partner Center after the page was loaded ({description}{code_text}). Nothing was changed; its current state is shown."
        );
    }
    format!("Partner Center refused the change: {description} (HTTP {status}{code_text}).")
}

/// The wait before the next attempt: what Partner Center asked for, or 2, 4, 8 … s (at most 60).
fn backoff(attempts: i32, error: &PcError) -> Duration {
    if let PcError::CircuitOpen { retry_in } = error {
        return *retry_in;
    }
    error
        .retry_after()
        .unwrap_or_else(|| Duration::from_secs(2u64.saturating_pow(attempts.clamp(1, 6) as u32).min(60)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backoff_doubles_up_to_a_minute() {
        let error = PcError::CircuitOpen {
            retry_in: Duration::from_secs(7),
        };
        assert_eq!(backoff(1, &error), Duration::from_secs(7));
        let timeout = PcError::TokenUnavailable {
            description: "x".to_owned(),
        };
        let waits: Vec<u64> = (1..=7)
            .map(|attempt| backoff(attempt, &timeout).as_secs())
            .collect();
        assert_eq!(waits, [2, 4, 8, 16, 32, 60, 60]);
    }

    #[test]
    fn only_answers_on_the_merits_settle_a_command_as_failed() {
        assert!(is_refusal(ApiErrorKind::BadRequest));
        assert!(is_refusal(ApiErrorKind::Conflict));
        assert!(is_refusal(ApiErrorKind::NotFound));
        assert!(!is_refusal(ApiErrorKind::Unavailable));
        assert!(!is_refusal(ApiErrorKind::Throttled));
    }
}
