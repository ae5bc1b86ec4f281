//! The signed-in person and their grants, for the navigation, the staff menu and every control
//! that depends on a role.
//!
//! Each component that needs them loads them itself (one indexed query each) rather than
//! sharing one resource between several `Suspense` boundaries, which Leptos has been seen to
//! leave unresolved now and then during server rendering (leptos-rs/leptos#4851).

use super::{Permission, StaffAccess, current_staff};
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

#[derive(Clone, Copy)]
pub struct CurrentStaff(pub Resource<Result<StaffAccess, AppError>>);

/// Loads the signed-in person and their grants.
pub fn load_current_staff() -> CurrentStaff {
    CurrentStaff(Resource::new(|| (), |_| current_staff()))
}

impl CurrentStaff {
    /// Whether the person holds `permission` on `account` (false until loaded).
    pub fn allows(&self, permission: Permission, account: Uuid) -> bool {
        self.0
            .get()
            .and_then(Result::ok)
            .is_some_and(|access| access.grants.allows(permission, account))
    }
}
