//! The audit log: an append-only record of sign-ins, sign-outs, denied attempts and writes,
//! and the admin page that searches it.

mod audit_page;
mod filter;
#[cfg(feature = "ssr")]
pub mod queries;
mod server_fns;
mod types;

pub use audit_page::AuditPage as AuditLogPage;
pub use filter::{AuditFilter, AuditQuery, FilterError};
pub use server_fns::{PAGE_SIZE, SearchAudit, search_audit};
pub use types::{AuditEntry, AuditPage, AuditRow, Outcome};
