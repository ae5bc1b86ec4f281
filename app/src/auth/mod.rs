//! The signed-in staff member as the app sees them, their roles per partner account, the one
//! role check every server function makes, and the header's account menu.

#[cfg(feature = "ssr")]
pub mod access;
mod admin_fns;
#[cfg(feature = "ssr")]
pub mod admin_queries;
mod admin_types;
mod current;
mod grants_page;
#[cfg(feature = "ssr")]
pub mod queries;
mod roles;
mod server_fns;
mod sessions_page;
mod staff_menu;
mod types;

pub use admin_fns::{
    AddGrant, ListGrants, ListSessions, RevokeGrant, RevokeSession, add_grant, list_grants, list_sessions,
    revoke_grant, revoke_session,
};
pub use admin_types::{ActiveSession, GrantRow, PersonGrants, SessionPolicy};
pub use current::{CurrentStaff, load_current_staff};
pub use grants_page::GrantsPage;
pub use roles::{AccountSet, Grant, Grants, Permission, Role};
pub use server_fns::current_staff;
pub use sessions_page::SessionsPage;
pub use staff_menu::StaffMenu;
pub use types::{SignInId, Staff, StaffAccess};
