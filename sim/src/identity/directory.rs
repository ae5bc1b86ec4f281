//! Who can sign in and which apps exist: the demo staff (one per Switchboard role, two of them
//! scoped to one account through a group), each partner tenant's admin agent, and the staff
//! portal's multi-tenant app registration.

use crate::dice::Dice;
use crate::model::AccountInfo;
use serde::Serialize;
use uuid::Uuid;

/// A person who can sign in at every simulated tenant.
#[derive(Debug, Clone, Serialize)]
pub struct StaffUser {
    /// The part before `@`; the UPN is `{username}@{tenant domain}`.
    pub username: String,
    pub display_name: String,
    /// What the person does, shown on the sign-in page.
    pub description: String,
    /// App role values in the token's `roles` claim.
    pub roles: Vec<String>,
    /// Security groups in the token's `groups` claim: (object id, display name).
    pub groups: Vec<(Uuid, String)>,
    /// The one account name the person's group is meant for (`None`: every account), so a
    /// portal can map the demo groups to scoped grants.
    pub scope: Option<String>,
    /// True for the partner's Partner Center admin agent (Secure Application Model consent).
    pub partner_admin_agent: bool,
}

/// The staff portal's app registration, valid in every tenant.
#[derive(Debug, Clone, Serialize)]
pub struct StaffApp {
    pub client_id: Uuid,
    pub client_secret: String,
    /// Allowed redirect URIs besides any `http://127.0.0.1:{port}/…` or `http://localhost:{port}/…`.
    pub redirect_uris: Vec<String>,
}

/// Everyone who can sign in, and the staff app.
#[derive(Debug, Clone)]
pub struct StaffDirectory {
    pub users: Vec<StaffUser>,
    pub password: String,
    pub app: StaffApp,
}

/// The password every demo user signs in with (it is a simulator; the page shows it).
pub const DEMO_PASSWORD: &str = "switchboard-demo";

impl StaffDirectory {
    pub fn demo(seed: u64, accounts: &[AccountInfo]) -> StaffDirectory {
        let mut dice = Dice::new(seed, "staff", 0);
        let mut group = |name: String| (dice.uuid(), name);
        let first = accounts
            .first()
            .map_or("the first account".to_owned(), |account| account.name.clone());
        let second = accounts
            .get(1)
            .map_or(first.clone(), |account| account.name.clone());
        let person = |username: &str,
                      name: &str,
                      description: String,
                      role: &str,
                      group: (Uuid, String),
                      scope: Option<&String>| StaffUser {
            username: username.to_owned(),
            display_name: name.to_owned(),
            description,
            roles: vec![format!("Switchboard.{role}")],
            groups: vec![group],
            scope: scope.cloned(),
            partner_admin_agent: false,
        };
        let users = vec![
            person(
                "avery.admin",
                "Avery Admin",
                "Administrator of every account".into(),
                "Admin",
                group("SB Admins (all accounts)".into()),
                None,
            ),
            person(
                "blake.billing",
                "Blake Billing",
                "Billing for every account".into(),
                "Billing",
                group("SB Billing (all accounts)".into()),
                None,
            ),
            person(
                "sasha.sales",
                "Sasha Sales",
                format!("Sales for {first} only"),
                "Sales",
                group(format!("SB Sales ({first})")),
                Some(&first),
            ),
            person(
                "harper.helpdesk",
                "Harper Helpdesk",
                "Helpdesk for every account".into(),
                "Helpdesk",
                group("SB Helpdesk (all accounts)".into()),
                None,
            ),
            person(
                "val.viewer",
                "Val Viewer",
                format!("Read-only for {second} only"),
                "Viewer",
                group(format!("SB Viewers ({second})")),
                Some(&second),
            ),
            StaffUser {
                username: "partner.admin".to_owned(),
                display_name: "Partner Admin Agent".to_owned(),
                description: "Partner Center admin agent (consents for the Secure Application Model)"
                    .to_owned(),
                roles: Vec::new(),
                groups: Vec::new(),
                scope: None,
                partner_admin_agent: true,
            },
        ];
        let app = StaffApp {
            client_id: dice.uuid(),
            client_secret: dice.secret(40),
            redirect_uris: Vec::new(),
        };
        StaffDirectory {
            users,
            password: DEMO_PASSWORD.to_owned(),
            app,
        }
    }

    pub fn find(&self, username: &str) -> Option<&StaffUser> {
        let local = username.split('@').next().unwrap_or(username);
        self.users
            .iter()
            .find(|user| user.username.eq_ignore_ascii_case(local))
    }

    /// The admin agent who consented for the account's Partner Center app.
    pub fn admin_agent(&self) -> &StaffUser {
        self.users
            .iter()
            .find(|user| user.partner_admin_agent)
            .expect("the directory has an admin agent")
    }
}

impl StaffUser {
    /// The user's object id in `tenant` (stable for the same seed).
    pub fn object_id(&self, tenant: Uuid) -> Uuid {
        let hash = crate::dice::stable_hash(&[tenant.as_bytes(), self.username.as_bytes()]);
        let low = crate::dice::stable_hash(&[&hash.to_le_bytes()]);
        uuid::Builder::from_random_bytes(
            [hash.to_le_bytes(), low.to_le_bytes()]
                .concat()
                .try_into()
                .expect("16 bytes"),
        )
        .into_uuid()
    }

    pub fn upn(&self, domain: &str) -> String {
        format!("{}@{domain}", self.username)
    }
}

/// Whether `uri` is a redirect URI the staff app accepts: loopback on any port, or listed.
pub fn redirect_allowed(app: &StaffApp, uri: &str) -> bool {
    let loopback = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"];
    loopback.iter().any(|prefix| uri.starts_with(prefix))
        || app.redirect_uris.iter().any(|allowed| allowed == uri)
}
