//! Per-account request counters, so tests can assert that a client made exactly the calls it
//! should have and sent nothing before a `Retry-After` expired.

use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};

/// How many recent requests the log keeps.
const LOG_CAPACITY: usize = 1000;

/// One request as the log records it.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    /// Unix time in milliseconds (simulated clock).
    pub at_ms: i64,
    pub operation: String,
    pub status: u16,
    /// The `MS-RequestId` the client sent, if it sent one.
    pub request_id: Option<String>,
}

/// What an account has been asked, by operation id and HTTP status.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counters {
    pub total: u64,
    /// Operation id → status → count.
    pub by_operation: BTreeMap<String, BTreeMap<u16, u64>>,
    /// Answered 429.
    pub throttled: u64,
    /// Arrived while a `Retry-After` sent to this account for the same resource family was running.
    pub early_requests: u64,
    /// Mutating requests answered from the idempotency store (same MS-RequestId).
    pub replayed: u64,
    /// Requests a configured fault changed.
    pub faults_injected: u64,
    /// The latest requests, oldest first.
    pub recent: VecDeque<LoggedRequest>,
}

impl Counters {
    pub fn record(&mut self, at_ms: i64, operation: &str, status: u16, request_id: Option<&str>) {
        self.total += 1;
        *self
            .by_operation
            .entry(operation.to_owned())
            .or_default()
            .entry(status)
            .or_default() += 1;
        if status == 429 {
            self.throttled += 1;
        }
        if self.recent.len() == LOG_CAPACITY {
            self.recent.pop_front();
        }
        self.recent.push_back(LoggedRequest {
            at_ms,
            operation: operation.to_owned(),
            status,
            request_id: request_id.map(str::to_owned),
        });
    }

    /// Calls of `operation`, any status.
    pub fn calls(&self, operation: &str) -> u64 {
        self.by_operation
            .get(operation)
            .map_or(0, |statuses| statuses.values().sum())
    }
}
