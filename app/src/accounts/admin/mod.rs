//! The partner accounts admin: add, edit, disable, test and connect Partner Center accounts.

mod account_form;
mod accounts_page;
#[cfg(feature = "ssr")]
pub mod backend;
#[cfg(feature = "ssr")]
pub mod queries;
mod server_fns;
mod types;

pub use accounts_page::AccountsAdminPage;
pub use server_fns::{
    AddAccount, EditAccount, ListAdminAccounts, SetAccountEnabled, TestAccount, add_account, edit_account,
    list_admin_accounts, set_account_enabled, test_account,
};
pub use types::{
    AccountForm, AccountInput, AccountSource, AccountsAdmin, AdminAccount, ConnectionReport, FieldError,
    Sealing,
};
