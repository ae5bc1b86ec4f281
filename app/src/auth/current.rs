//! The signed-in person and their grants, loaded once per page load and shared by the
//! navigation, the staff menu and every control that depends on a role.

use super::{Permission, StaffAccess, current_staff};
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

#[derive(Clone, Copy)]
pub struct CurrentStaff(pub Resource<Result<StaffAccess, AppError>>);

/// Loads the signed-in person for the components below.
pub fn provide_current_staff() {
    provide_context(CurrentStaff(Resource::new(|| (), |_| current_staff())));
}

pub fn use_current_staff() -> CurrentStaff {
    expect_context::<CurrentStaff>()
}

impl CurrentStaff {
    /// Whether the person holds `permission` on `account` (false until loaded).
    pub fn allows(&self, permission: Permission, account: Uuid) -> bool {
        self.0
            .get()
            .and_then(Result::ok)
            .is_some_and(|access| access.grants.allows(permission, account))
    }

    /// Whether the person holds `permission` on at least one account (false until loaded).
    pub fn allows_anywhere(&self, permission: Permission) -> bool {
        self.0
            .get()
            .and_then(Result::ok)
            .is_some_and(|access| access.grants.allows_anywhere(permission))
    }
}
