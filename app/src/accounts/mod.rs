//! Partner Center accounts: the isolated partner tenants Switchboard serves, one per cloud or more.

mod account_list;
pub mod admin;
#[cfg(feature = "ssr")]
pub mod queries;
mod server_fns;
mod types;
mod with_partner_accounts;

pub use account_list::AccountList;
pub use server_fns::{ListPartnerAccounts, list_partner_accounts};
pub use types::{AccountHealth, Cloud, PartnerAccountSummary};
pub use with_partner_accounts::{NoAccountsConnected, WithPartnerAccounts};
