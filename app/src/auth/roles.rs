//! Roles, what each allows, and a person's grants: shared by the server (which enforces them)
//! and the browser (which hides or disables what a person cannot do, and says why).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A role on one partner account or on all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "lowercase"))]
pub enum Role {
    /// Everything, including accounts, grants, sessions, the audit log and "Sync now".
    Admin,
    /// Suspend and reactivate subscriptions, budgets.
    Billing,
    /// Onboarding and orders.
    Sales,
    /// Customers, their users and support requests.
    Helpdesk,
    /// Read only.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Billing,
        Role::Sales,
        Role::Helpdesk,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Billing => "billing",
            Role::Sales => "sales",
            Role::Helpdesk => "helpdesk",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// Whether this role allows `permission`. Every role reads.
    pub fn allows(self, permission: Permission) -> bool {
        match permission {
            Permission::Read => true,
            Permission::Bill => matches!(self, Role::Admin | Role::Billing),
            Permission::Sell => matches!(self, Role::Admin | Role::Sales),
            Permission::Manage => matches!(self, Role::Admin | Role::Billing | Role::Sales),
            Permission::Support => matches!(self, Role::Admin | Role::Helpdesk),
            Permission::Administer => self == Role::Admin,
        }
    }
}

/// What a server function needs on the account that owns the data it touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Permission {
    /// See the account's cached data.
    Read,
    /// Suspend or reactivate subscriptions, set budgets.
    Bill,
    /// Onboard customers, place orders.
    Sell,
    /// Change a subscription's settings, such as its nickname.
    Manage,
    /// Open and update support requests.
    Support,
    /// Administer the account: its settings, grants, sessions, audit log, "Sync now".
    Administer,
}

impl Permission {
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Read => "read",
            Permission::Bill => "bill",
            Permission::Sell => "sell",
            Permission::Manage => "manage",
            Permission::Support => "support",
            Permission::Administer => "administer",
        }
    }

    /// The roles that allow this, for messages ("needs the billing or admin role").
    pub fn roles(self) -> Vec<Role> {
        Role::ALL.into_iter().filter(|role| role.allows(self)).collect()
    }

    /// Why someone without it cannot act, e.g. "Needs the billing or admin role on Contoso".
    pub fn missing(self, account: Option<&str>) -> String {
        let roles: Vec<&str> = self.roles().into_iter().map(Role::as_str).collect();
        let roles = match roles.as_slice() {
            [one] => format!("the {one} role"),
            [rest @ .., last] => format!("the {} or {last} role", rest.join(", ")),
            [] => "a role".to_owned(),
        };
        match account {
            Some(account) => format!("Needs {roles} on {account}."),
            None => format!("Needs {roles}."),
        }
    }
}

/// One grant: a role on one account, or (`account: None`) on every account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub account: Option<Uuid>,
}

impl Grant {
    pub fn covers(&self, account: Uuid) -> bool {
        self.account.is_none_or(|granted| granted == account)
    }
}

/// Which accounts a permission reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountSet {
    All,
    Only(Vec<Uuid>),
}

impl AccountSet {
    pub fn is_empty(&self) -> bool {
        matches!(self, AccountSet::Only(accounts) if accounts.is_empty())
    }

    /// The ids for SQL (`account_id = ANY($n)`), or `None` for every account.
    pub fn ids(&self) -> Option<&[Uuid]> {
        match self {
            AccountSet::All => None,
            AccountSet::Only(accounts) => Some(accounts),
        }
    }
}

/// Everything a person is granted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grants(pub Vec<Grant>);

impl Grants {
    /// Whether `permission` is granted on `account`.
    pub fn allows(&self, permission: Permission, account: Uuid) -> bool {
        self.0
            .iter()
            .any(|grant| grant.role.allows(permission) && grant.covers(account))
    }

    /// Every account `permission` is granted on.
    pub fn accounts(&self, permission: Permission) -> AccountSet {
        let granting = self.0.iter().filter(|grant| grant.role.allows(permission));
        let mut accounts = Vec::new();
        for grant in granting {
            match grant.account {
                None => return AccountSet::All,
                Some(account) => accounts.push(account),
            }
        }
        accounts.sort();
        accounts.dedup();
        AccountSet::Only(accounts)
    }

    /// Whether `permission` is granted on at least one account.
    pub fn allows_anywhere(&self, permission: Permission) -> bool {
        !self.accounts(permission).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Uuid = Uuid::from_u128(1);
    const B: Uuid = Uuid::from_u128(2);

    #[test]
    fn each_role_allows_exactly_its_permissions() {
        use Permission::*;
        let table = [
            (Role::Admin, [true, true, true, true, true, true]),
            (Role::Billing, [true, true, false, true, false, false]),
            (Role::Sales, [true, false, true, true, false, false]),
            (Role::Helpdesk, [true, false, false, false, true, false]),
            (Role::Viewer, [true, false, false, false, false, false]),
        ];
        for (role, expected) in table {
            let actual =
                [Read, Bill, Sell, Manage, Support, Administer].map(|permission| role.allows(permission));
            assert_eq!(actual, expected, "{role:?}");
        }
    }

    #[test]
    fn a_grant_on_one_account_reaches_only_that_account() {
        let grants = Grants(vec![Grant {
            role: Role::Billing,
            account: Some(A),
        }]);
        assert!(grants.allows(Permission::Bill, A));
        assert!(!grants.allows(Permission::Bill, B));
        assert!(!grants.allows(Permission::Sell, A));
        assert_eq!(grants.accounts(Permission::Read), AccountSet::Only(vec![A]));
        assert!(grants.accounts(Permission::Administer).is_empty());
    }

    #[test]
    fn a_grant_on_all_accounts_reaches_every_account() {
        let grants = Grants(vec![
            Grant {
                role: Role::Viewer,
                account: Some(B),
            },
            Grant {
                role: Role::Helpdesk,
                account: None,
            },
        ]);
        assert_eq!(grants.accounts(Permission::Read), AccountSet::All);
        assert!(grants.allows(Permission::Support, B));
        assert_eq!(grants.accounts(Permission::Bill), AccountSet::Only(vec![]));
        assert!(Grants::default().accounts(Permission::Read).is_empty());
    }

    #[test]
    fn missing_permissions_name_the_roles_that_would_allow_them() {
        assert_eq!(
            Permission::Bill.missing(Some("Contoso")),
            "Needs the admin or billing role on Contoso."
        );
        assert_eq!(Permission::Administer.missing(None), "Needs the admin role.");
        assert_eq!(
            Permission::Read.missing(None),
            "Needs the admin, billing, sales, helpdesk or viewer role."
        );
    }
}
