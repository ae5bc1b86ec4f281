//! A circuit breaker per account: after repeated service failures (5xx, timeouts, resets,
//! outages) calls fail fast for a cool-down instead of piling onto a failing service; then one
//! probe is let through, and its outcome closes the circuit or opens it for longer.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a refused call is told to wait while a probe is out.
const PROBE_WAIT: Duration = Duration::from_millis(250);
/// How often a call waiting for a probe's outcome looks again.
const PROBE_POLL: Duration = Duration::from_millis(20);

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Closed { failures: u32 },
    Open { until: Instant, cooldown: Duration },
    HalfOpen { cooldown: Duration },
}

/// How often and how long the breaker trips.
#[derive(Debug, Clone, Copy)]
pub struct BreakerSettings {
    /// Consecutive failed attempts that open the circuit.
    pub failure_threshold: u32,
    /// First open period; doubled after each failed probe up to `max_cooldown`.
    pub cooldown: Duration,
    pub max_cooldown: Duration,
}

impl Default for BreakerSettings {
    fn default() -> Self {
        BreakerSettings {
            failure_threshold: 5,
            cooldown: Duration::from_secs(30),
            max_cooldown: Duration::from_secs(300),
        }
    }
}

#[derive(Debug)]
pub struct Breaker {
    settings: BreakerSettings,
    state: Mutex<State>,
}

impl Breaker {
    pub fn new(settings: BreakerSettings) -> Breaker {
        Breaker {
            settings,
            state: Mutex::new(State::Closed { failures: 0 }),
        }
    }

    /// Whether an attempt may go out now; `Err(wait)` while the circuit is open or a probe is
    /// already out.
    pub fn allow(&self) -> Result<(), Duration> {
        let mut state = self.state.lock().expect("breaker lock");
        match *state {
            State::Closed { .. } => Ok(()),
            State::Open { until, cooldown } => {
                let now = Instant::now();
                if now >= until {
                    *state = State::HalfOpen { cooldown };
                    Ok(())
                } else {
                    Err(until - now)
                }
            }
            State::HalfOpen { .. } => Err(PROBE_WAIT),
        }
    }

    /// Waits while another call is the half-open probe (for at most `patience`), so calls
    /// made alongside a probe learn its outcome instead of failing; then claims the right to
    /// call. `Err(wait)` while the circuit is open.
    pub async fn admit(&self, patience: Duration) -> Result<Claim<'_>, Duration> {
        let deadline = Instant::now() + patience;
        loop {
            match self.allow() {
                Ok(()) => return Ok(self.claim()),
                Err(_) if self.is_probing() && Instant::now() < deadline => {
                    tokio::time::sleep(PROBE_POLL).await;
                }
                Err(wait) => return Err(wait),
            }
        }
    }

    fn is_probing(&self) -> bool {
        matches!(*self.state.lock().expect("breaker lock"), State::HalfOpen { .. })
    }

    /// The service answered (any status but 5xx): it is up.
    pub fn record_success(&self) {
        *self.state.lock().expect("breaker lock") = State::Closed { failures: 0 };
    }

    /// The service failed (5xx, timeout, reset, refused connection).
    pub fn record_failure(&self) {
        let mut state = self.state.lock().expect("breaker lock");
        let now = Instant::now();
        *state = match *state {
            State::Closed { failures } if failures + 1 >= self.settings.failure_threshold => State::Open {
                until: now + self.settings.cooldown,
                cooldown: self.settings.cooldown,
            },
            State::Closed { failures } => State::Closed {
                failures: failures + 1,
            },
            State::HalfOpen { cooldown } | State::Open { cooldown, .. } => {
                let longer = (cooldown * 2).min(self.settings.max_cooldown);
                State::Open {
                    until: now + longer,
                    cooldown: longer,
                }
            }
        };
    }

    /// An attempt that ended without telling anything about the service (cancelled, refused
    /// locally): a half-open probe slot is given back.
    pub fn record_neutral(&self) {
        let mut state = self.state.lock().expect("breaker lock");
        if let State::HalfOpen { cooldown } = *state {
            *state = State::Open {
                until: Instant::now(),
                cooldown,
            };
        }
    }

    /// Holds an attempt's claim on the breaker: if the attempt is dropped before its outcome
    /// is recorded (cancelled while waiting for the throttle, say), a half-open probe slot is
    /// given back instead of being held forever.
    fn claim(&self) -> Claim<'_> {
        Claim {
            breaker: self,
            settled: false,
        }
    }

    /// How long calls will be refused: the rest of the cool-down, or a moment while a probe is
    /// out. `None` when calls may go.
    pub fn wait(&self) -> Option<Duration> {
        match *self.state.lock().expect("breaker lock") {
            State::Closed { .. } => None,
            State::Open { until, .. } => until
                .checked_duration_since(Instant::now())
                .filter(|wait| !wait.is_zero()),
            State::HalfOpen { .. } => Some(PROBE_WAIT),
        }
    }

    /// Whether calls are currently refused or probing.
    pub fn is_open(&self) -> bool {
        !matches!(*self.state.lock().expect("breaker lock"), State::Closed { .. })
    }
}

/// See [`Breaker::claim`].
pub struct Claim<'a> {
    breaker: &'a Breaker,
    settled: bool,
}

impl Claim<'_> {
    /// The attempt's outcome was recorded.
    pub fn settle(mut self) {
        self.settled = true;
    }
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        if !self.settled {
            self.breaker.record_neutral();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker(cooldown_ms: u64) -> Breaker {
        Breaker::new(BreakerSettings {
            failure_threshold: 3,
            cooldown: Duration::from_millis(cooldown_ms),
            max_cooldown: Duration::from_millis(cooldown_ms * 4),
        })
    }

    #[test]
    fn opens_after_consecutive_failures_only() {
        let breaker = breaker(10_000);
        breaker.record_failure();
        breaker.record_failure();
        breaker.record_success();
        breaker.record_failure();
        breaker.record_failure();
        assert!(breaker.allow().is_ok());
        breaker.record_failure();
        let wait = breaker.allow().unwrap_err();
        assert!(wait > Duration::from_secs(9), "{wait:?}");
        assert!(breaker.is_open());
    }

    #[test]
    fn lets_one_probe_through_after_the_cooldown() {
        let breaker = breaker(20);
        for _ in 0..3 {
            breaker.record_failure();
        }
        assert!(breaker.allow().is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(breaker.allow().is_ok(), "the probe");
        assert!(breaker.allow().is_err(), "only one probe at a time");
        breaker.record_failure();
        let wait = breaker.allow().unwrap_err();
        assert!(
            wait > Duration::from_millis(25),
            "the cool-down doubled: {wait:?}"
        );
        std::thread::sleep(Duration::from_millis(45));
        assert!(breaker.allow().is_ok());
        breaker.record_success();
        assert!(!breaker.is_open());
        assert!(breaker.allow().is_ok());
    }

    #[tokio::test]
    async fn a_probe_dropped_before_its_outcome_gives_its_slot_back() {
        let breaker = breaker(10);
        for _ in 0..3 {
            breaker.record_failure();
        }
        std::thread::sleep(Duration::from_millis(15));
        let probe = breaker.admit(Duration::ZERO).await.expect("the probe");
        drop(probe);
        assert!(breaker.allow().is_ok(), "another probe may go");
    }

    #[tokio::test]
    async fn calls_alongside_a_probe_wait_for_its_outcome() {
        let breaker = breaker(10);
        for _ in 0..3 {
            breaker.record_failure();
        }
        std::thread::sleep(Duration::from_millis(15));
        let probe = breaker.admit(Duration::ZERO).await.expect("the probe");
        let waiting = async {
            let claim = breaker.admit(Duration::from_secs(5)).await;
            claim.map(Claim::settle).is_ok()
        };
        let probing = async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            breaker.record_success();
            probe.settle();
        };
        let (admitted, ()) = tokio::join!(waiting, probing);
        assert!(admitted, "the probe succeeded, so the waiting call went");
        assert!(breaker.admit(Duration::ZERO).await.is_ok());
    }
}
