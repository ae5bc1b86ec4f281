//! The signed-in staff member as the app sees them, their roles per partner account, the one
//! role check every server function makes, and the header's account menu.

#[cfg(feature = "ssr")]
pub mod access;
mod current;
#[cfg(feature = "ssr")]
pub mod queries;
mod roles;
mod server_fns;
mod staff_menu;
mod types;

pub use current::{CurrentStaff, provide_current_staff, use_current_staff};
pub use roles::{AccountSet, Grant, Grants, Permission, Role};
pub use server_fns::current_staff;
pub use staff_menu::StaffMenu;
pub use types::{Staff, StaffAccess};
