//! Call counters: per account for health and `/api/status`, per sync run for the Sync page
//! and the benchmark.

use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct CallStats {
    calls: AtomicU64,
    throttled: AtomicU64,
    failed: AtomicU64,
    decode_errors: AtomicU64,
    retries: AtomicU64,
}

/// A point-in-time copy of [`CallStats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallCounts {
    /// HTTP requests sent to Partner Center (every attempt counts).
    pub calls: u64,
    /// Answers 429.
    pub throttled: u64,
    /// Attempts that failed for the service's sake (5xx, timeouts, resets).
    pub failed: u64,
    /// Answers that could not be parsed.
    pub decode_errors: u64,
    /// Attempts repeated after a retryable failure.
    pub retries: u64,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Event {
    Call,
    Throttled,
    Failed,
    DecodeError,
    Retry,
}

impl CallStats {
    pub(crate) fn record(&self, event: Event) {
        let counter = match event {
            Event::Call => &self.calls,
            Event::Throttled => &self.throttled,
            Event::Failed => &self.failed,
            Event::DecodeError => &self.decode_errors,
            Event::Retry => &self.retries,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> CallCounts {
        CallCounts {
            calls: self.calls.load(Ordering::Relaxed),
            throttled: self.throttled.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            decode_errors: self.decode_errors.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
        }
    }
}
