//! Staff sign-in with OpenID Connect against one staff authority, and the sessions it starts.

pub mod csrf;
pub mod grants;
pub mod guard;
pub mod oidc;
mod page;
pub mod routes;
pub mod session;
pub mod setup;
pub mod sign_ins;

pub use oidc::{LoginError, PendingLogin, StaffAuthority, StaffAuthorityConfig, StaffIdentity};
pub use session::SignedIn;
pub use setup::Auth;
