//! The arithmetic behind usage, in Unix seconds: a subscription's meters day by day and hour
//! by hour, skipping the periods it was suspended or deleted.

use super::METERS;
use crate::dice::{stable_hash, unit_interval};
use crate::model::Subscription;
use time::OffsetDateTime;

/// Share of a day's usage in each hour (UTC): busier in working hours. Sums to 1.
pub(super) fn hour_share(hour_of_day: u8) -> f64 {
    const WORKING: f64 = 1.4;
    const OFF: f64 = 0.7;
    const TOTAL: f64 = 12.0 * WORKING + 12.0 * OFF;
    if (7..19).contains(&hour_of_day) {
        WORKING / TOTAL
    } else {
        OFF / TOTAL
    }
}

/// SplitMix64's finaliser: spreads every input bit over the output.
fn mix(mut value: u64) -> u64 {
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// One subscription's usage, prepared for arithmetic in Unix seconds (the inner loops run
/// millions of times when a large world is generated).
pub(super) struct Metered {
    key: u64,
    factor: f64,
    uses: [bool; METERS.len()],
    start: i64,
    /// Suspended or deleted periods; an open end is `i64::MAX`.
    inactive: Vec<(i64, i64)>,
}

impl Metered {
    /// `None` for subscriptions that are not usage-based.
    pub(super) fn new(seed: u64, subscription: &Subscription) -> Option<Metered> {
        subscription.is_azure().then(|| {
            let mut uses = [true; METERS.len()];
            for (meter, used) in uses.iter_mut().enumerate().skip(2) {
                *used = !stable_hash(&[subscription.id.as_bytes(), &[meter as u8]]).is_multiple_of(3);
            }
            Metered {
                key: stable_hash(&[&seed.to_le_bytes(), subscription.id.as_bytes()]),
                factor: subscription.usage_factor,
                uses,
                start: subscription.usage_since.unix_timestamp(),
                inactive: subscription
                    .inactive_periods
                    .iter()
                    .map(|(from, to)| {
                        (
                            from.unix_timestamp(),
                            to.map_or(i64::MAX, OffsetDateTime::unix_timestamp),
                        )
                    })
                    .collect(),
            }
        })
    }

    fn accrues_at(&self, moment: i64) -> bool {
        moment >= self.start
            && !self
                .inactive
                .iter()
                .any(|&(from, to)| moment >= from && moment < to)
    }

    fn accrues_throughout(&self, from: i64, to: i64) -> bool {
        self.start <= from && !self.inactive.iter().any(|&(start, end)| start < to && end > from)
    }

    /// The whole day's quantity of `meter` for the day starting at `day_start`.
    fn daily(&self, meter: usize, day_start: i64) -> f64 {
        if !self.uses[meter] {
            return 0.0;
        }
        let day = day_start.div_euclid(DAY) as u64;
        let noise = unit_interval(mix(self.key
            ^ day.wrapping_mul(0x9e37_79b9_7f4a_7c15)
            ^ ((meter as u64) << 56)));
        METERS[meter].hourly_base * 24.0 * self.factor * (0.7 + 0.6 * noise)
    }

    pub(super) fn hourly(&self, meter: usize, hour_start: i64) -> f64 {
        if !self.accrues_at(hour_start) {
            return 0.0;
        }
        let hour_of_day = hour_start.rem_euclid(DAY) / HOUR;
        round6(self.daily(meter, hour_start - hour_start.rem_euclid(DAY)) * hour_share(hour_of_day as u8))
    }

    /// Whole days at once where nothing changed that day, hour by hour otherwise.
    pub(super) fn between(&self, meter: usize, from: i64, to: i64) -> f64 {
        let mut total = 0.0;
        let mut day = from - from.rem_euclid(DAY);
        while day < to {
            let next = day + DAY;
            if from <= day && next <= to && self.accrues_throughout(day, next) {
                total += self.daily(meter, day);
            } else {
                let mut hour = from.max(day) - from.max(day).rem_euclid(HOUR);
                while hour < to.min(next) {
                    total += self.hourly(meter, hour);
                    hour += HOUR;
                }
            }
            day = next;
        }
        round6(total)
    }
}

pub(super) fn round6(quantity: f64) -> f64 {
    (quantity * 1_000_000.0).round() / 1_000_000.0
}
