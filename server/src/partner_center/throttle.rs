//! Staying inside an account's budget (contract §1.11): a token bucket per resource family
//! below the published 500 requests per minute, and a gate that holds every request to the
//! account until a `Retry-After` has expired.

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Requests per minute and burst per resource family.
#[derive(Debug, Clone, Copy)]
pub struct RateSettings {
    pub per_minute: NonZeroU32,
    pub burst: NonZeroU32,
}

impl Default for RateSettings {
    fn default() -> Self {
        RateSettings {
            per_minute: NonZeroU32::new(480).expect("non-zero"),
            burst: NonZeroU32::new(10).expect("non-zero"),
        }
    }
}

/// An added margin after `Retry-After`, so the next request never arrives early.
const GATE_MARGIN: Duration = Duration::from_millis(100);

/// The throttling family of an operation id (contract §1.11). The table lives with the
/// contract's operation list in the simulator's crate, so client and simulator agree on it.
pub use sim::faults::operations::family;

pub struct Throttle {
    limiter: DefaultKeyedRateLimiter<&'static str>,
    blocked_until: Mutex<Option<Instant>>,
    last_throttled: Mutex<Option<Instant>>,
}

impl Throttle {
    pub fn new(settings: RateSettings) -> Throttle {
        let quota = Quota::per_minute(settings.per_minute).allow_burst(settings.burst);
        Throttle {
            limiter: RateLimiter::keyed(quota),
            blocked_until: Mutex::new(None),
            last_throttled: Mutex::new(None),
        }
    }

    /// Waits until a request of `operation` may go out: no `Retry-After` pending for the
    /// account and a token in the family's bucket.
    pub async fn admit(&self, operation: &'static str) {
        let family = family(operation);
        loop {
            self.wait_for_gate().await;
            self.limiter.until_key_ready(&family).await;
            if self.gate_remaining().is_none() {
                return;
            }
        }
    }

    async fn wait_for_gate(&self) {
        while let Some(remaining) = self.gate_remaining() {
            tokio::time::sleep(remaining).await;
        }
    }

    fn gate_remaining(&self) -> Option<Duration> {
        let until = (*self.blocked_until.lock().expect("gate lock"))?;
        until
            .checked_duration_since(Instant::now())
            .filter(|left| !left.is_zero())
    }

    /// Partner Center answered 429: hold the account for `wait` (plus a margin), or keep a
    /// later hold already in place.
    pub fn throttled(&self, wait: Option<Duration>) {
        let now = Instant::now();
        *self.last_throttled.lock().expect("gate lock") = Some(now);
        if let Some(wait) = wait {
            let until = now + wait + GATE_MARGIN;
            let mut blocked = self.blocked_until.lock().expect("gate lock");
            if blocked.is_none_or(|current| current < until) {
                *blocked = Some(until);
            }
        }
    }

    /// Whether a 429 arrived within `window`, or the account is being held now.
    pub fn recently_throttled(&self, window: Duration) -> bool {
        self.gate_remaining().is_some()
            || self
                .last_throttled
                .lock()
                .expect("gate lock")
                .is_some_and(|at| at.elapsed() < window)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn no_request_leaves_before_a_retry_after_expires() {
        let throttle = Throttle::new(RateSettings::default());
        throttle.throttled(Some(Duration::from_millis(300)));
        let started = Instant::now();
        throttle.admit("CUST-03").await;
        assert!(
            started.elapsed() >= Duration::from_millis(300),
            "{:?}",
            started.elapsed()
        );
        assert!(throttle.recently_throttled(Duration::from_secs(60)));
    }

    #[tokio::test]
    async fn each_family_has_its_own_bucket() {
        let throttle = Throttle::new(RateSettings {
            per_minute: NonZeroU32::new(60).unwrap(),
            burst: NonZeroU32::new(2).unwrap(),
        });
        let started = Instant::now();
        for _ in 0..2 {
            throttle.admit("CUST-03").await;
            throttle.admit("SUB-01").await;
        }
        assert!(
            started.elapsed() < Duration::from_millis(200),
            "bursts are immediate"
        );
        throttle.admit("CUST-03").await;
        assert!(
            started.elapsed() >= Duration::from_millis(900),
            "the third waits a second"
        );
    }

    #[test]
    fn operations_map_to_the_documented_families() {
        assert_eq!(family("CUST-03"), "customers");
        assert_eq!(family("SUB-08"), "subscriptions");
        assert_eq!(family("ORD-01"), "orders");
        assert_eq!(family("PRICE-01"), "usage");
    }
}
