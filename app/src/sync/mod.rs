//! Sync status: the admin Sync page, the shell's health lights, and their shared types (also
//! served as `/api/status`).

mod health_lights;
#[cfg(feature = "ssr")]
pub mod queries;
mod server_fns;
mod sync_page;
mod sync_table;
mod types;

pub use health_lights::HealthLights;
pub use server_fns::{AccountLights, RequestSync, SyncStatus, account_lights, request_sync, sync_status};
pub use sync_page::SyncPage;
pub use types::{AccountLight, AccountSyncStatus, Dataset, DatasetStatus, Moment, RunState, RunSummary};
