//! Throttling and faults per account (contract §1.11): a token bucket per resource family
//! answering 429 with `Retry-After`, added latency, errors, hangs, resets, truncated JSON,
//! outages and early token expiry. Everything is set at start and changeable at run time.

mod config;
mod counters;
pub mod gateway;
pub mod operations;

pub use config::{FaultKind, Faults, ScheduledFault};
pub use counters::{Counters, LoggedRequest};

use crate::http::error::PcError;
use crate::state::Sim;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A family's token bucket and the end of the last `Retry-After` it announced.
#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
    blocked_until: Option<Instant>,
}

/// An account's fault settings and what they track.
#[derive(Debug)]
pub struct FaultState {
    pub faults: Faults,
    buckets: HashMap<&'static str, Bucket>,
    rng: ChaCha8Rng,
}

impl FaultState {
    pub fn new(faults: Faults, seed: u64) -> FaultState {
        FaultState {
            faults,
            buckets: HashMap::new(),
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// Replaces the settings and forgets throttling history.
    pub fn replace(&mut self, faults: Faults) {
        self.faults = faults;
        self.buckets.clear();
    }

    fn roll(&mut self, probability: f64) -> bool {
        probability > 0.0 && self.rng.gen_bool(probability.min(1.0))
    }

    /// Takes the first scheduled fault that applies to `operation`, counting down its skips.
    fn take_scheduled(&mut self, operation: &str) -> Option<ScheduledFault> {
        let position = self.faults.scheduled.iter().position(|fault| {
            fault
                .operation
                .as_deref()
                .is_none_or(|wanted| wanted.eq_ignore_ascii_case(operation))
        })?;
        let fault = &mut self.faults.scheduled[position];
        if fault.skip > 0 {
            fault.skip -= 1;
            return None;
        }
        let taken = fault.clone();
        fault.count = fault.count.saturating_sub(1);
        if fault.count == 0 {
            self.faults.scheduled.remove(position);
        }
        Some(taken)
    }
}

/// What happens to a request after admission.
pub enum Admission {
    /// Answer this instead of calling the handler.
    Respond(Response),
    /// Hold the request this long, then answer 504.
    Hang(Duration),
    /// Call the handler after `latency`, then maybe spoil the response.
    Proceed { latency: Duration, spoil: Option<Spoil> },
}

/// Ways a successful response gets spoiled on the way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spoil {
    Reset,
    InvalidJson,
    /// Hold the (already carried out) request this long, then answer 504.
    Hang(Duration),
}

/// Decides what to do with a Partner Center request of `operation` (family `family`) for
/// account `index`, made with a token issued at `issued_at`.
pub fn admit(sim: &Sim, index: usize, operation: &str, family: &'static str, issued_at: i64) -> Admission {
    let account = &sim.accounts[index];
    let mut state = account.faults.lock().expect("fault lock");
    let now = Instant::now();
    let mut injected = true;
    let admission = 'decide: {
        if state.faults.outage {
            break 'decide Admission::Respond(
                PcError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    503,
                    "The service is unavailable.",
                )
                .into_response(),
            );
        }
        if let Some(lifetime) = state.faults.token_lifetime_seconds
            && sim.clock.now().unix_timestamp() - issued_at > lifetime as i64
        {
            break 'decide Admission::Respond(
                PcError::access_denied("the access token has expired").into_response(),
            );
        }
        let limit = state.faults.limit_for(family);
        let send_retry_after = state.faults.retry_after;
        let bucket = state.buckets.entry(family).or_insert(Bucket {
            tokens: f64::from(limit),
            updated: now,
            blocked_until: None,
        });
        if bucket.blocked_until.is_some_and(|until| now < until) {
            account.counters.lock().expect("counter lock").early_requests += 1;
        }
        let rate = f64::from(limit) / 60.0;
        bucket.tokens = (bucket.tokens + (now - bucket.updated).as_secs_f64() * rate).min(f64::from(limit));
        bucket.updated = now;
        if bucket.tokens < 1.0 {
            let wait = ((1.0 - bucket.tokens) / rate).ceil().max(1.0) as u64;
            break 'decide Admission::Respond(throttled(bucket, now, send_retry_after.then_some(wait)));
        }
        bucket.tokens -= 1.0;
        if let Some(fault) = state.take_scheduled(operation) {
            break 'decide match fault.kind {
                FaultKind::Error => {
                    let status = StatusCode::from_u16(fault.status.unwrap_or(500))
                        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                    Admission::Respond(
                        PcError::new(
                            status,
                            i64::from(status.as_u16()),
                            "The service encountered an internal error.",
                        )
                        .into_response(),
                    )
                }
                FaultKind::Throttle => {
                    let bucket = state.buckets.get_mut(family).expect("created above");
                    Admission::Respond(throttled(
                        bucket,
                        now,
                        Some(fault.retry_after_seconds.unwrap_or(5)),
                    ))
                }
                FaultKind::ThrottleWithoutRetryAfter => {
                    let bucket = state.buckets.get_mut(family).expect("created above");
                    Admission::Respond(throttled(bucket, now, None))
                }
                FaultKind::Hang => Admission::Hang(Duration::from_secs(state.faults.hang_seconds)),
                FaultKind::HangAfterApplying => Admission::Proceed {
                    latency: Duration::ZERO,
                    spoil: Some(Spoil::Hang(Duration::from_secs(state.faults.hang_seconds))),
                },
                FaultKind::Reset => Admission::Proceed {
                    latency: Duration::ZERO,
                    spoil: Some(Spoil::Reset),
                },
                FaultKind::InvalidJson => Admission::Proceed {
                    latency: Duration::ZERO,
                    spoil: Some(Spoil::InvalidJson),
                },
                FaultKind::ExpiredToken => {
                    Admission::Respond(PcError::access_denied("the access token has expired").into_response())
                }
            };
        }
        let (error_rate, hang_rate, late_hang_rate, reset_rate, invalid_rate) = (
            state.faults.error_rate,
            state.faults.hang_rate,
            state.faults.late_hang_rate,
            state.faults.reset_rate,
            state.faults.invalid_json_rate,
        );
        if state.roll(error_rate) {
            break 'decide Admission::Respond(
                PcError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    500,
                    "The service encountered an internal error.",
                )
                .into_response(),
            );
        }
        if state.roll(hang_rate) {
            break 'decide Admission::Hang(Duration::from_secs(state.faults.hang_seconds));
        }
        let spoil = if state.roll(late_hang_rate) {
            Some(Spoil::Hang(Duration::from_secs(state.faults.hang_seconds)))
        } else if state.roll(reset_rate) {
            Some(Spoil::Reset)
        } else if state.roll(invalid_rate) {
            Some(Spoil::InvalidJson)
        } else {
            None
        };
        injected = spoil.is_some();
        Admission::Proceed {
            latency: Duration::from_millis(state.faults.latency_ms),
            spoil,
        }
    };
    if injected {
        account.counters.lock().expect("counter lock").faults_injected += 1;
    }
    admission
}

/// The documented 429 (its body is not the usual error envelope), remembering the announced wait.
fn throttled(bucket: &mut Bucket, now: Instant, retry_after: Option<u64>) -> Response {
    let seconds = retry_after.unwrap_or(0);
    let body = json!({ "statusCode": 429, "message": format!("Rate limit is exceeded. Try again in {seconds} seconds.") });
    let mut response = crate::http::envelope::json_response(StatusCode::TOO_MANY_REQUESTS, &body);
    if let Some(seconds) = retry_after {
        bucket.blocked_until = Some(now + Duration::from_secs(seconds));
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Faults of the token endpoint of account `index`: outage, latency and scheduled `TOKEN` faults.
pub async fn before_token_request(sim: &Sim, index: usize) -> Option<Response> {
    let (outage, latency, fault) = {
        let mut state = sim.accounts[index].faults.lock().expect("fault lock");
        (
            state.faults.outage,
            Duration::from_millis(state.faults.latency_ms),
            state.take_scheduled("TOKEN"),
        )
    };
    tokio::time::sleep(latency).await;
    let unavailable = || {
        let body = json!({ "error": "temporarily_unavailable", "error_description": "AADSTS90033: A transient error has occurred. Please try again." });
        crate::http::envelope::json_response(StatusCode::SERVICE_UNAVAILABLE, &body)
    };
    let response = match (outage, fault.map(|fault| fault.kind)) {
        (true, _)
        | (_, Some(FaultKind::Error | FaultKind::Throttle | FaultKind::ThrottleWithoutRetryAfter)) => {
            unavailable()
        }
        (_, Some(FaultKind::Hang)) => {
            let hang = sim.accounts[index]
                .faults
                .lock()
                .expect("fault lock")
                .faults
                .hang_seconds;
            tokio::time::sleep(Duration::from_secs(hang)).await;
            unavailable()
        }
        (_, Some(FaultKind::Reset)) => gateway::reset_response(b"{\"token_type\":\"Bearer\",\"expires_in\":"),
        (_, Some(FaultKind::InvalidJson)) => {
            crate::http::envelope::json_response(StatusCode::OK, &json!("{\"token_type\":"))
        }
        _ => return None,
    };
    count(sim, index, "TOKEN", response.status().as_u16());
    Some(response)
}

/// Records one request of account `index` in its counters.
pub fn count(sim: &Sim, index: usize, operation: &str, status: u16) {
    count_request(sim, index, operation, status, None);
}

/// Records one request with the `MS-RequestId` the client sent.
pub fn count_request(sim: &Sim, index: usize, operation: &str, status: u16, request_id: Option<&str>) {
    let at_ms = (sim.clock.now().unix_timestamp_nanos() / 1_000_000) as i64;
    sim.accounts[index]
        .counters
        .lock()
        .expect("counter lock")
        .record(at_ms, operation, status, request_id);
}
