//! The simulator's clock: real time plus an offset that tests and the admin API can advance,
//! so provisioning, usage accrual and user purges can be driven without waiting.

use std::sync::atomic::{AtomicI64, Ordering};
use time::OffsetDateTime;

/// Wall-clock time as the simulated services see it.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// The simulated current time (UTC).
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + time::Duration::milliseconds(self.offset_ms.load(Ordering::SeqCst))
    }

    /// Moves simulated time forward by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.offset_ms.fetch_add(seconds * 1000, Ordering::SeqCst);
    }

    /// How far simulated time is ahead of real time, in seconds.
    pub fn offset_seconds(&self) -> i64 {
        self.offset_ms.load(Ordering::SeqCst) / 1000
    }
}

/// Formats a time as Partner Center does: RFC 3339 in UTC with a `Z`.
pub fn format_utc(moment: OffsetDateTime) -> String {
    moment
        .to_offset(time::UtcOffset::UTC)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance(3600);
        assert!(clock.now() - before >= time::Duration::seconds(3600));
        assert_eq!(clock.offset_seconds(), 3600);
    }

    #[test]
    fn times_format_in_utc_with_z() {
        let moment = time::macros::datetime!(2016-05-10 07:30:05 UTC);
        assert_eq!(format_utc(moment), "2016-05-10T07:30:05Z");
    }
}
