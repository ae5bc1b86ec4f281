//! The fault settings of an account, as the admin API reads and writes them (JSON).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How an account's Partner Center (and its token endpoint) misbehaves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Requests per minute per resource family (customers, subscriptions, orders, …).
    pub rate_limit_per_minute: u32,
    /// Per-family overrides of `rate_limit_per_minute`, e.g. `{"customers": 100}`.
    pub family_limits: BTreeMap<String, u32>,
    /// Send `Retry-After` with 429 answers (the documented behaviour).
    pub retry_after: bool,
    /// Added to every request.
    pub latency_ms: u64,
    /// Share of requests answered 500 (0.0 – 1.0).
    pub error_rate: f64,
    /// Share of requests that hang for `hang_seconds` before a 504.
    pub hang_rate: f64,
    pub hang_seconds: u64,
    /// Share of requests carried out and then left unanswered for `hang_seconds` before a 504:
    /// the change is made, and the client never hears of it (a timeout after the fact).
    pub late_hang_rate: f64,
    /// Share of successful responses cut off mid-body (connection reset).
    pub reset_rate: f64,
    /// Share of successful responses whose JSON is truncated.
    pub invalid_json_rate: f64,
    /// Every request answered 503, token endpoint included.
    pub outage: bool,
    /// Tokens older than this are refused as expired, whatever their `exp` says.
    pub token_lifetime_seconds: Option<u64>,
    /// One-off faults for exact tests, applied in order.
    pub scheduled: Vec<ScheduledFault>,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            rate_limit_per_minute: 500,
            family_limits: BTreeMap::new(),
            retry_after: true,
            latency_ms: 0,
            error_rate: 0.0,
            hang_rate: 0.0,
            hang_seconds: 120,
            late_hang_rate: 0.0,
            reset_rate: 0.0,
            invalid_json_rate: 0.0,
            outage: false,
            token_lifetime_seconds: None,
            scheduled: Vec::new(),
        }
    }
}

/// What a scheduled fault does to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer `status` (default 500) with the error envelope.
    Error,
    /// Answer 429 with `Retry-After: retry_after_seconds` (default 5).
    Throttle,
    /// Answer 429 without a `Retry-After` header.
    ThrottleWithoutRetryAfter,
    /// Never answer (until `hang_seconds`, then 504).
    Hang,
    /// Carry the request out, then never answer (until `hang_seconds`, then 504).
    HangAfterApplying,
    /// Start a 200 response and drop the connection mid-body.
    Reset,
    /// Answer 200 with truncated JSON.
    InvalidJson,
    /// Answer 401 as for an expired token.
    ExpiredToken,
}

/// "The next `count` requests for `operation`, after letting `skip` through, fail with `kind`."
/// Failure on page k of a listing: `{"kind":"error","operation":"CUST-03","skip":k-1}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledFault {
    pub kind: FaultKind,
    /// An operation id (`CUST-03`, `SUB-06`, `TOKEN` for the token endpoint); absent = any.
    #[serde(default)]
    pub operation: Option<String>,
    #[serde(default)]
    pub skip: u32,
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub retry_after_seconds: Option<u64>,
}

fn one() -> u32 {
    1
}

impl Faults {
    /// The limit for `family`.
    pub fn limit_for(&self, family: &str) -> u32 {
        self.family_limits
            .get(family)
            .copied()
            .unwrap_or(self.rate_limit_per_minute)
    }

    /// Checks values a client could get wrong.
    pub fn validate(&self) -> Result<(), String> {
        let rates = [
            ("error_rate", self.error_rate),
            ("hang_rate", self.hang_rate),
            ("late_hang_rate", self.late_hang_rate),
            ("reset_rate", self.reset_rate),
            ("invalid_json_rate", self.invalid_json_rate),
        ];
        for (name, rate) in rates {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1"));
            }
        }
        if self.rate_limit_per_minute == 0 || self.family_limits.values().any(|limit| *limit == 0) {
            return Err("rate limits must be at least 1 request per minute".to_owned());
        }
        Ok(())
    }
}
