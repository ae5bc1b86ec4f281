//! Staff sign-in with OpenID Connect against one staff authority.

pub mod oidc;

pub use oidc::{LoginError, PendingLogin, StaffAuthority, StaffAuthorityConfig, StaffIdentity};
