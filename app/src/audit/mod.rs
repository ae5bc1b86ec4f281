//! The audit log: an append-only record of sign-ins, sign-outs, denied attempts and writes.

#[cfg(feature = "ssr")]
pub mod queries;
mod types;

pub use types::{AuditEntry, Outcome};
