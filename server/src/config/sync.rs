//! `[sync]` and `[demo]`: how the cache is filled, and the simulator that demo mode embeds.

use serde::{Deserialize, Serialize};

/// The sync worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncSettings {
    /// Run the sync worker in this instance (any number of instances may).
    pub enabled: bool,
    /// Requests per minute per account and resource family; Partner Center allows 500.
    pub rate_limit_per_minute: u32,
    /// Requests that may go out at once before the rate applies.
    pub rate_burst: u32,
    /// Calls in flight per dataset run.
    pub concurrency: usize,
    /// Customers per checkpointed page of the per-customer datasets (subscriptions, orders, …).
    pub customers_per_page: usize,
    /// Customers per page of the customer list (CUST-03; Partner Center serves at most 500).
    pub list_page_size: u32,
    /// Accounts this instance syncs at the same time.
    pub max_accounts: usize,
    /// How often the worker looks for due work.
    pub tick_seconds: u64,
    /// Days of Azure usage kept as daily spend.
    pub spend_days: u32,
    pub schedule: Schedules,
}

/// How often each dataset is read in full (and between full runs, incrementally).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedules {
    pub customers: Schedule,
    pub profiles: Schedule,
    pub subscriptions: Schedule,
    pub orders: Schedule,
    pub provisioning: Schedule,
    pub offers: Schedule,
    pub budgets: Schedule,
    pub spend: Schedule,
    pub users: Schedule,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Minutes between full runs (which also detect deletions).
    pub full_minutes: u32,
    /// Seconds between incremental runs; 0 = full runs only.
    pub incremental_seconds: u32,
}

const fn schedule(full_minutes: u32, incremental_seconds: u32) -> Schedule {
    Schedule {
        full_minutes,
        incremental_seconds,
    }
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            enabled: true,
            rate_limit_per_minute: 480,
            rate_burst: 10,
            concurrency: 4,
            customers_per_page: 50,
            list_page_size: 500,
            max_accounts: 4,
            tick_seconds: 2,
            spend_days: 60,
            schedule: Schedules {
                customers: schedule(360, 120),
                profiles: schedule(1440, 120),
                subscriptions: schedule(360, 120),
                orders: schedule(1440, 300),
                provisioning: schedule(60, 180),
                offers: schedule(1440, 0),
                budgets: schedule(360, 300),
                spend: schedule(1440, 21_600),
                users: schedule(720, 300),
            },
        }
    }
}

/// Demo mode: with no `[[accounts]]`, the portal embeds the simulator and syncs its accounts.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoSettings {
    pub mode: DemoMode,
    /// The simulator's seed: the same seed, the same customers.
    pub seed: u64,
    pub customers_per_account: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DemoMode {
    /// Demo mode when no accounts are configured.
    Auto,
    /// Never: with no accounts the portal shows its empty state.
    Off,
}

impl Default for DemoSettings {
    fn default() -> Self {
        DemoSettings {
            mode: DemoMode::Auto,
            seed: 1,
            customers_per_account: 40,
        }
    }
}
