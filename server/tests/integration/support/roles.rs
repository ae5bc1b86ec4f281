//! The role matrix's world: the identity simulator's two accounts registered, a person to
//! grant roles to, grants to revoke, and the demo people with what each may do (written out,
//! not derived from the code under test).

use super::TestApp;
use serde_json::Value;
use sqlx::PgPool;
use std::collections::BTreeSet;
use uuid::Uuid;

/// What a call needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Any role; answers with exactly the accounts the person has a role on.
    Read,
    /// Only a session.
    Nothing,
    /// Any role on the account at this index.
    ReadOn(usize),
    /// The billing or admin role on the account at this index.
    BillOn(usize),
    /// The sales, billing or admin role on the account at this index.
    ManageOn(usize),
    /// The admin role on the account at this index.
    AdminOn(usize),
    /// The admin role on at least one account.
    AdminSomewhere,
    /// The admin role on every account.
    AdminEverywhere,
}

pub struct Person {
    pub username: &'static str,
    pub name: &'static str,
    /// Indexes of the accounts the person has a role on.
    pub reads: &'static [usize],
    pub bills: &'static [usize],
    pub manages: &'static [usize],
    pub administers: &'static [usize],
}

impl Person {
    pub fn may(&self, needs: Needs) -> bool {
        match needs {
            Needs::Nothing => true,
            Needs::Read => !self.reads.is_empty(),
            Needs::ReadOn(index) => self.reads.contains(&index),
            Needs::BillOn(index) => self.bills.contains(&index),
            Needs::ManageOn(index) => self.manages.contains(&index),
            Needs::AdminOn(index) => self.administers.contains(&index),
            Needs::AdminSomewhere => !self.administers.is_empty(),
            Needs::AdminEverywhere => self.administers.len() == 2,
        }
    }
}

pub const PEOPLE: [Person; 6] = [
    Person {
        username: "avery.admin",
        name: "Avery Admin",
        reads: &[0, 1],
        bills: &[0, 1],
        manages: &[0, 1],
        administers: &[0, 1],
    },
    Person {
        username: "blake.billing",
        name: "Blake Billing",
        reads: &[0, 1],
        bills: &[0, 1],
        manages: &[0, 1],
        administers: &[],
    },
    Person {
        username: "sasha.sales",
        name: "Sasha Sales",
        reads: &[0],
        bills: &[],
        manages: &[0],
        administers: &[],
    },
    Person {
        username: "harper.helpdesk",
        name: "Harper Helpdesk",
        reads: &[0, 1],
        bills: &[],
        manages: &[],
        administers: &[],
    },
    Person {
        username: "val.viewer",
        name: "Val Viewer",
        reads: &[1],
        bills: &[],
        manages: &[],
        administers: &[],
    },
    // No app role and no group: signs in, and may see nothing.
    Person {
        username: "partner.admin",
        name: "Partner Admin Agent",
        reads: &[],
        bills: &[],
        manages: &[],
        administers: &[],
    },
];

/// One server-function call (a form POST), or `GET /api/status`.
pub struct Call {
    pub path: &'static str,
    pub body: String,
    pub needs: Needs,
    /// The status when allowed: 200, or the refusal that comes after the role check (a form
    /// left invalid on purpose, an account defined in the configuration file).
    pub allowed_status: u16,
}

impl Call {
    pub fn new(path: &'static str, body: String, needs: Needs) -> Call {
        Call {
            path,
            body,
            needs,
            allowed_status: 200,
        }
    }

    /// A call that, once allowed, is refused for a reason other than roles.
    pub fn refused_after_check(path: &'static str, body: String, needs: Needs, status: u16) -> Call {
        Call {
            allowed_status: status,
            ..Call::new(path, body, needs)
        }
    }

    pub fn read(path: &'static str) -> Call {
        Call::new(path, String::new(), Needs::Read)
    }

    /// Sends the call with `app`'s session: (status, body).
    pub async fn send(&self, app: &TestApp) -> (u16, String) {
        let request = if self.path == "/api/status" {
            app.client.get(app.url(self.path))
        } else {
            app.client
                .post(app.url(self.path))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(self.body.clone())
        };
        let response = request.send().await.expect("answered");
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }
}

pub struct Demo {
    base: url::Url,
    /// A customer (tenant) of both accounts, named "Role Matrix Customer".
    pub customer: Uuid,
    /// The identity simulator's accounts, registered, in its order.
    pub accounts: Vec<Uuid>,
    /// A person who signed in once (and is not one of `PEOPLE`), to grant roles to.
    pub grantee: Uuid,
    /// The grantee's helpdesk grant on every account, and sales grant on each account.
    pub everywhere_grant: Uuid,
    pub account_grants: Vec<Uuid>,
}

impl Demo {
    pub async fn set_up(app: &TestApp, pool: &PgPool) -> Demo {
        let identity = app.identity.as_ref().expect("a staff authority");
        let registry = super::sync::register(pool, &identity.sim).await;
        let accounts: Vec<Uuid> = identity
            .sim
            .sim()
            .accounts
            .iter()
            .map(|account| {
                let registered = registry.accounts();
                registered
                    .iter()
                    .find(|registered| registered.name == account.info.name)
                    .expect("registered")
                    .id
            })
            .collect();
        assert_eq!(accounts.len(), 2);
        // The datasets a worker registers, so "Sync now" has something to ask for.
        sqlx::query(
            "INSERT INTO sync_state (account_id, dataset) SELECT id, 'customers' FROM partner_accounts",
        )
        .execute(pool)
        .await
        .unwrap();
        let grantee = Uuid::new_v4();
        sqlx::query(
            "INSERT INTO staff_members (id, name, username) VALUES ($1, 'Robin Former', 'robin@example.com')",
        )
        .bind(grantee)
        .execute(pool)
        .await
        .unwrap();
        let grant = |role: &'static str, account: Option<Uuid>| async move {
            sqlx::query_scalar::<_, Uuid>(
                "INSERT INTO role_grants (staff_id, role, account_id, source) VALUES ($1, $2, $3, 'admin') RETURNING id",
            )
            .bind(grantee)
            .bind(role)
            .bind(account)
            .fetch_one(pool)
            .await
            .unwrap()
        };
        let everywhere_grant = grant("helpdesk", None).await;
        let customer = Uuid::from_u128(0x00c0_ffee);
        for account in &accounts {
            super::customers::Customer {
                account: *account,
                id: customer,
                name: "Role Matrix Customer",
                domain: "rolematrix.onmicrosoft.com",
                other_domains: &[],
                reseller: None,
                subscriptions: &[],
            }
            .insert(pool)
            .await;
        }
        let mut account_grants = Vec::new();
        for account in &accounts {
            account_grants.push(grant("sales", Some(*account)).await);
        }
        Demo {
            base: url::Url::parse(&app.url("/")).unwrap(),
            customer,
            accounts,
            grantee,
            everywhere_grant,
            account_grants,
        }
    }

    /// Signs `username` in on a session of its own; returns its cookie.
    pub async fn sign_in(&self, username: &str) -> String {
        super::login::sign_in(&self.base, username, "/").await.cookie
    }
}

/// Calls the server function at `path`, whose one argument `query` is a filter struct, with the
/// fields of `query_string` (`name=value&…`, as the page's URL carries them); the status and the
/// answer as JSON (or as a string when it is not JSON).
pub async fn call_with_query(app: &TestApp, path: &'static str, query_string: &str) -> (u16, Value) {
    let body = query_string
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap();
            format!("query[{name}]={value}")
        })
        .collect::<Vec<_>>()
        .join("&");
    let (status, body) = Call::new(path, body, Needs::Nothing).send(app).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::String(body)))
}

/// The account ids a read answered with.
pub fn account_ids(path: &str, body: &str) -> BTreeSet<Uuid> {
    let value: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("{path} answers JSON: {body}"));
    let list = match path {
        "/api/status" => value["accounts"].clone(),
        "/api/customers/list" => value["rows"].clone(),
        _ => value,
    };
    list.as_array()
        .unwrap_or_else(|| panic!("{path} answers a list: {body}"))
        .iter()
        .map(|row| {
            row.get("account_id")
                .unwrap_or(&row["id"])
                .as_str()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect()
}

/// How many denials of `name` the audit log holds.
pub async fn denials(pool: &PgPool, name: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'auth.denied' AND outcome = 'denied' AND staff_name = $1",
    )
    .bind(name)
    .fetch_one(pool)
    .await
    .unwrap()
}
