//! Sync status: the shared types of the Sync page and `/api/status`.

mod types;

pub use types::{AccountSyncStatus, Dataset, DatasetStatus, RunState, RunSummary};
