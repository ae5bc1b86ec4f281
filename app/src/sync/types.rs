//! What the Sync page and `/api/status` show: datasets, their state per account, and runs.

use crate::accounts::{AccountHealth, Cloud};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What the sync worker copies from Partner Center, one job each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dataset {
    /// The customer list (CUST-03); incremental runs re-read changed customers (CUST-02).
    Customers,
    /// Company and billing profiles and domains (CUST-02).
    Profiles,
    /// Subscriptions per customer (SUB-01).
    Subscriptions,
    /// Orders and line items per customer (ORD-03).
    Orders,
    /// Provisioning status of recent and pending subscriptions (SUB-08).
    Provisioning,
    /// Offers of each market (OFFR-02).
    Offers,
    /// Monthly Azure spending budgets (BUD-01).
    Budgets,
    /// Daily Azure spend per subscription (USE-01 priced by PRICE-01).
    Spend,
    /// Customer users per customer (USR-02).
    Users,
}

impl Dataset {
    pub const ALL: [Dataset; 9] = [
        Dataset::Customers,
        Dataset::Profiles,
        Dataset::Subscriptions,
        Dataset::Orders,
        Dataset::Provisioning,
        Dataset::Offers,
        Dataset::Budgets,
        Dataset::Spend,
        Dataset::Users,
    ];

    /// The database and wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Dataset::Customers => "customers",
            Dataset::Profiles => "profiles",
            Dataset::Subscriptions => "subscriptions",
            Dataset::Orders => "orders",
            Dataset::Provisioning => "provisioning",
            Dataset::Offers => "offers",
            Dataset::Budgets => "budgets",
            Dataset::Spend => "spend",
            Dataset::Users => "users",
        }
    }

    pub fn parse(text: &str) -> Option<Dataset> {
        Dataset::ALL
            .into_iter()
            .find(|dataset| dataset.as_str().eq_ignore_ascii_case(text.trim()))
    }

    pub fn label(self) -> &'static str {
        match self {
            Dataset::Customers => "Customers",
            Dataset::Profiles => "Customer profiles",
            Dataset::Subscriptions => "Subscriptions",
            Dataset::Orders => "Orders",
            Dataset::Provisioning => "Provisioning status",
            Dataset::Offers => "Offers",
            Dataset::Budgets => "Budgets",
            Dataset::Spend => "Azure spend",
            Dataset::Users => "Customer users",
        }
    }

    /// The dataset whose first complete run this one needs (it reads its rows).
    pub fn requires(self) -> Option<Dataset> {
        match self {
            Dataset::Customers => None,
            Dataset::Profiles
            | Dataset::Subscriptions
            | Dataset::Orders
            | Dataset::Budgets
            | Dataset::Users => Some(Dataset::Customers),
            Dataset::Provisioning | Dataset::Spend => Some(Dataset::Subscriptions),
            Dataset::Offers => Some(Dataset::Profiles),
        }
    }

    /// Whether the cloud offers what the dataset reads (contract §1.1: 21Vianet has no Azure
    /// subscriptions, hence no usage or budgets).
    pub fn available_in(self, cloud: Cloud) -> bool {
        !(cloud == Cloud::China && matches!(self, Dataset::Budgets | Dataset::Spend))
    }
}

/// The state of a run in progress or finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunState {
    Running,
    /// Stopped part-way (failure, crash or shutdown); the next full run resumes it.
    Interrupted,
    Succeeded,
    Failed,
}

impl RunState {
    pub fn parse(text: &str) -> Option<RunState> {
        match text {
            "running" => Some(RunState::Running),
            "interrupted" => Some(RunState::Interrupted),
            "succeeded" => Some(RunState::Succeeded),
            "failed" => Some(RunState::Failed),
            _ => None,
        }
    }
}

/// A moment as UTC RFC 3339 text, with its distance from when it was read (negative: past),
/// so the page can say "2 min ago" without a clock of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    pub utc: String,
    pub relative_seconds: i64,
}

impl Moment {
    /// `at`, relative to the database's `now` (read in the same statement).
    #[cfg(feature = "ssr")]
    pub fn at(at: time::OffsetDateTime, now: time::OffsetDateTime) -> Moment {
        use time::format_description::well_known::Rfc3339;
        Moment {
            utc: at.format(&Rfc3339).unwrap_or_default(),
            relative_seconds: (at - now).whole_seconds(),
        }
    }

    /// "just now", "4 min ago", "in 2 h", ...
    pub fn relative(&self) -> String {
        let seconds = self.relative_seconds;
        let magnitude = seconds.unsigned_abs();
        let amount = match magnitude {
            0..=4 => return "just now".to_owned(),
            5..=59 => format!("{magnitude} s"),
            60..=3_599 => format!("{} min", magnitude / 60),
            3_600..=172_799 => format!("{} h", magnitude / 3_600),
            _ => format!("{} days", magnitude / 86_400),
        };
        if seconds < 0 {
            format!("{amount} ago")
        } else {
            format!("in {amount}")
        }
    }
}

/// The latest run of a dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub full: bool,
    pub state: RunState,
    pub started_at: Moment,
    pub finished_at: Option<Moment>,
    /// Units of work done (pages, customers, markets) and their total when known.
    pub progress_done: i32,
    pub progress_total: Option<i32>,
    pub calls: i32,
    /// Calls Partner Center answered 429 Too Many Requests.
    pub throttled: i32,
    pub attempts: i32,
}

/// One account × dataset on the Sync page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetStatus {
    pub dataset: Dataset,
    /// Rows cached after the last complete run.
    pub items: Option<i32>,
    /// The cached data is complete as of this moment.
    pub as_of: Option<Moment>,
    pub last_success_at: Option<Moment>,
    pub last_error: Option<String>,
    pub last_error_at: Option<Moment>,
    pub next_run_at: Option<Moment>,
    /// "Sync now" was asked for and no run has answered it yet.
    pub requested: bool,
    pub latest_run: Option<RunSummary>,
}

/// One account with its health and datasets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountSyncStatus {
    pub id: Uuid,
    pub name: String,
    pub cloud: Cloud,
    pub health: AccountHealth,
    pub health_detail: Option<String>,
    pub demo: bool,
    /// Customers and subscriptions cached, as of their datasets' last complete runs.
    pub customers: i64,
    pub subscriptions: i64,
    /// The oldest "as of" of its datasets: everything is complete at least as of then
    /// (`None` until every dataset has completed once).
    pub as_of: Option<Moment>,
    pub datasets: Vec<DatasetStatus>,
}

/// The shell's health light of one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountLight {
    pub id: Uuid,
    pub name: String,
    pub cloud: Cloud,
    pub health: AccountHealth,
    pub health_detail: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datasets_round_trip_and_depend_on_completed_ones() {
        for dataset in Dataset::ALL {
            assert_eq!(Dataset::parse(dataset.as_str()), Some(dataset));
            let mut chain = dataset;
            let mut steps = 0;
            while let Some(required) = chain.requires() {
                chain = required;
                steps += 1;
                assert!(steps < Dataset::ALL.len(), "no cycles");
            }
            assert_eq!(chain, Dataset::Customers);
        }
        assert!(!Dataset::Spend.available_in(Cloud::China));
        assert!(Dataset::Spend.available_in(Cloud::UsGov));
    }

    #[test]
    fn moments_read_as_relative_time() {
        let at = |relative_seconds| Moment {
            utc: String::new(),
            relative_seconds,
        };
        assert_eq!(at(-2).relative(), "just now");
        assert_eq!(at(-42).relative(), "42 s ago");
        assert_eq!(at(-600).relative(), "10 min ago");
        assert_eq!(at(7_300).relative(), "in 2 h");
        assert_eq!(at(-3 * 86_400).relative(), "3 days ago");
    }
}
