//! The signed-in staff member as the app sees them, and the header's account menu.

mod server_fns;
mod staff_menu;
mod types;

pub use server_fns::current_staff;
pub use staff_menu::StaffMenu;
pub use types::Staff;
