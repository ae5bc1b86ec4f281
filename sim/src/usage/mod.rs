//! Azure usage, derived rather than stored: the quantity of every meter of every usage-based
//! subscription in every hour is a pure function of the seed, the subscription and the hour.
//! Utilization records (USE-01), usage summaries (USE-03), spend and invoices all read it, so
//! they always agree, and usage "accrues" simply as the simulated clock moves on.

mod metered;

use crate::model::Subscription;
use metered::Metered;
use time::OffsetDateTime;

/// An Azure meter with its USD unit price (rate card PRICE-01 style).
#[derive(Debug, Clone, Copy)]
pub struct Meter {
    pub id: &'static str,
    pub name: &'static str,
    pub category: &'static str,
    pub subcategory: &'static str,
    pub unit: &'static str,
    pub usd_rate: f64,
    /// Quantity per hour of a workload of size 1.
    pub hourly_base: f64,
    pub region: &'static str,
}

/// The meters simulated workloads consume.
pub const METERS: [Meter; 6] = [
    Meter {
        id: "505db374-df8a-44df-9d8c-13c14b61dee1",
        name: "D2s v3 VM Hours",
        category: "Virtual Machines",
        subcategory: "Dsv3 Series",
        unit: "Hours",
        usd_rate: 0.096,
        hourly_base: 2.0,
        region: "US West 2",
    },
    Meter {
        id: "2a2419c0-cefe-46b2-8004-8eb002ad606c",
        name: "Standard SSD Managed Disks",
        category: "Storage",
        subcategory: "Standard SSD Managed Disks",
        unit: "GB/Month",
        usd_rate: 0.075,
        hourly_base: 0.18,
        region: "US West 2",
    },
    Meter {
        id: "9995d93a-7d35-4d3f-9c69-7a7fea447ef4",
        name: "Hot LRS Data Stored",
        category: "Storage",
        subcategory: "General Block Blob v2",
        unit: "GB/Month",
        usd_rate: 0.0184,
        hourly_base: 1.4,
        region: "US West 2",
    },
    Meter {
        id: "9e2739ba-86d4-4a3c-8a33-4b8f8a8c2f4e",
        name: "Data Transfer Out",
        category: "Networking",
        subcategory: "Bandwidth",
        unit: "GB",
        usd_rate: 0.087,
        hourly_base: 0.35,
        region: "Zone 1",
    },
    Meter {
        id: "0a6b7e44-3a64-4b08-8ea7-6c7b1e4b1f8a",
        name: "Standard S1 App Service Hours",
        category: "Azure App Service",
        subcategory: "Standard Plan",
        unit: "Hours",
        usd_rate: 0.1,
        hourly_base: 1.0,
        region: "US West 2",
    },
    Meter {
        id: "c5c1c54b-6a1f-4a5c-9d61-5f1a9a9c6f1d",
        name: "S0 Database DTU Hours",
        category: "SQL Database",
        subcategory: "Standard",
        unit: "Hours",
        usd_rate: 0.0202,
        hourly_base: 1.0,
        region: "US West 2",
    },
];

/// Quantity of `meter_index` used by `subscription` in the hour starting at `hour_start`.
pub fn hourly_quantity(
    seed: u64,
    subscription: &Subscription,
    meter_index: usize,
    hour_start: OffsetDateTime,
) -> f64 {
    Metered::new(seed, subscription).map_or(0.0, |metered| {
        metered.hourly(meter_index, hour_start.unix_timestamp())
    })
}

/// Quantity of a meter over `[from, to)`.
pub fn quantity_between(
    seed: u64,
    subscription: &Subscription,
    meter_index: usize,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> f64 {
    Metered::new(seed, subscription).map_or(0.0, |metered| {
        metered.between(meter_index, from.unix_timestamp(), to.unix_timestamp())
    })
}

/// Estimated cost of `subscription` over `[from, to)` in `currency`.
pub fn cost_between(
    seed: u64,
    subscription: &Subscription,
    from: OffsetDateTime,
    to: OffsetDateTime,
    currency: &str,
) -> f64 {
    let Some(metered) = Metered::new(seed, subscription) else {
        return 0.0;
    };
    let (from, to) = (from.unix_timestamp(), to.unix_timestamp());
    let rate = crate::model::catalog::exchange_rate(currency);
    let usd: f64 = (0..METERS.len())
        .map(|meter| metered.between(meter, from, to) * METERS[meter].usd_rate)
        .sum();
    (usd * rate * 100.0).round() / 100.0
}

/// The start of every hour in `[from, to)`, `from` rounded down to the hour.
pub fn hours(from: OffsetDateTime, to: OffsetDateTime) -> impl Iterator<Item = OffsetDateTime> {
    let first = from.unix_timestamp().div_euclid(3600) * 3600;
    let last = to.unix_timestamp();
    (first..last)
        .step_by(3600)
        .filter_map(|seconds| OffsetDateTime::from_unix_timestamp(seconds).ok())
}

/// Midnight UTC of the day containing `moment`.
pub fn start_of_day(moment: OffsetDateTime) -> OffsetDateTime {
    moment.replace_time(time::Time::MIDNIGHT)
}

/// The partner billing period containing `moment`, for a cycle starting on `billing_day`.
pub fn billing_period(moment: OffsetDateTime, billing_day: u8) -> (OffsetDateTime, OffsetDateTime) {
    let day = billing_day.clamp(1, 28);
    let this_month = start_of_day(moment)
        .replace_day(day)
        .expect("days 1-28 exist in every month");
    let start = if moment >= this_month {
        this_month
    } else {
        add_months(this_month, -1)
    };
    (start, add_months(start, 1))
}

/// `moment` moved by `months` calendar months; a day the target month lacks (31 April,
/// 29 February in a common year) becomes that month's last day.
pub fn add_months(moment: OffsetDateTime, months: i32) -> OffsetDateTime {
    let total = moment.year() * 12 + i32::from(u8::from(moment.month())) - 1 + months;
    let (year, month) = (
        total.div_euclid(12),
        time::Month::try_from((total.rem_euclid(12) + 1) as u8).expect("1-12 is a month"),
    );
    let day = moment.day().min(time::util::days_in_month(month, year));
    let date = time::Date::from_calendar_date(year, month, day).expect("the day was clamped to the month");
    moment.replace_date(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn billing_periods_start_on_the_billing_day() {
        let (start, end) = billing_period(datetime!(2026-11-21 10:00 UTC), 26);
        assert_eq!(start, datetime!(2026-10-26 0:00 UTC));
        assert_eq!(end, datetime!(2026-11-26 0:00 UTC));
        let (start, _) = billing_period(datetime!(2026-01-03 0:00 UTC), 1);
        assert_eq!(start, datetime!(2026-01-01 0:00 UTC));
        assert_eq!(
            add_months(datetime!(2026-01-15 0:00 UTC), -2),
            datetime!(2025-11-15 0:00 UTC)
        );
    }

    #[test]
    fn adding_months_to_a_day_the_target_month_lacks_lands_on_its_last_day() {
        assert_eq!(
            add_months(datetime!(2024-02-29 0:00 UTC), 12),
            datetime!(2025-02-28 0:00 UTC)
        );
        assert_eq!(
            add_months(datetime!(2026-01-31 8:00 UTC), 3),
            datetime!(2026-04-30 8:00 UTC)
        );
        assert_eq!(
            add_months(datetime!(2026-03-31 0:00 UTC), -1),
            datetime!(2026-02-28 0:00 UTC)
        );
    }

    #[test]
    fn hour_shares_add_up_to_one_day() {
        let total: f64 = (0..24).map(metered::hour_share).sum();
        assert!((total - 1.0).abs() < 1e-12);
    }

    #[test]
    fn hours_cover_the_range_on_hour_boundaries() {
        let hours: Vec<_> = hours(datetime!(2026-01-01 10:30 UTC), datetime!(2026-01-01 13:00 UTC)).collect();
        assert_eq!(hours.len(), 3);
        assert_eq!(hours[0], datetime!(2026-01-01 10:00 UTC));
    }
}
