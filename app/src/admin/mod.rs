//! Administration: partner accounts, role grants, sessions and the audit log.

mod admin_page;

pub use admin_page::AdminPage;
