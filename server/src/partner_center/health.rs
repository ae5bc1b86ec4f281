//! What an account's recent calls say about its health (ok / throttled / down / auth failed).

use super::breaker::Breaker;
use super::throttle::Throttle;
use app::accounts::AccountHealth;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A 429 this recent still shows the account as throttled.
const THROTTLED_WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
struct Seen {
    last_success: Option<Instant>,
    last_failure: Option<(Instant, String)>,
    auth_failure: Option<String>,
}

#[derive(Debug, Default)]
pub struct HealthTracker {
    seen: Mutex<Seen>,
}

impl HealthTracker {
    pub fn success(&self) {
        let mut seen = self.seen.lock().expect("health lock");
        seen.last_success = Some(Instant::now());
        seen.auth_failure = None;
    }

    pub fn failure(&self, message: String) {
        self.seen.lock().expect("health lock").last_failure = Some((Instant::now(), message));
    }

    pub fn auth_failed(&self, message: String) {
        self.seen.lock().expect("health lock").auth_failure = Some(message);
    }

    pub fn health(&self, breaker: &Breaker, throttle: &Throttle) -> AccountHealth {
        let seen = self.seen.lock().expect("health lock");
        let failing = match (&seen.last_failure, seen.last_success) {
            (Some((failed, _)), Some(succeeded)) => *failed > succeeded,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if seen.auth_failure.is_some() {
            AccountHealth::AuthFailed
        } else if breaker.is_open() || failing {
            AccountHealth::Down
        } else if throttle.recently_throttled(THROTTLED_WINDOW) {
            AccountHealth::Throttled
        } else if seen.last_success.is_some() {
            AccountHealth::Ok
        } else {
            AccountHealth::Unknown
        }
    }

    /// The message behind an unhealthy state.
    pub fn detail(&self) -> Option<String> {
        let seen = self.seen.lock().expect("health lock");
        if let Some(message) = &seen.auth_failure {
            return Some(message.clone());
        }
        match (&seen.last_failure, seen.last_success) {
            (Some((failed, message)), Some(succeeded)) if *failed > succeeded => Some(message.clone()),
            (Some((_, message)), None) => Some(message.clone()),
            _ => None,
        }
    }
}
