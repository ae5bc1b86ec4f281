//! Roles per partner account: every demo person (one per role, two scoped to one account)
//! calls every data-touching server function and `/api/status` for every account. Reads return
//! exactly the accounts the person has a role on; writes succeed only with the role that allows
//! them on that account; every refusal is a 403 with an audit row naming the person.

mod support;

use serde_json::Value;
use sqlx::PgPool;
use std::collections::BTreeSet;
use support::TestApp;
use uuid::Uuid;

/// Every server function, and how the matrix calls it. A new server function fails
/// `every_server_function_is_in_the_matrix` until it is added here.
const READS: [&str; 3] = ["/api/accounts/list", "/api/sync/status", "/api/sync/lights"];
const ADMIN_WRITES: [&str; 1] = ["/api/sync/request"];
const OWN_DATA: [&str; 1] = ["/api/auth/me"];

#[test]
fn every_server_function_is_in_the_matrix() {
    let registered: BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    let covered: BTreeSet<&str> = READS.into_iter().chain(ADMIN_WRITES).chain(OWN_DATA).collect();
    assert_eq!(
        registered, covered,
        "server functions the role matrix does not cover"
    );
}

/// Who the demo people are and which accounts (by index in the simulator) each may read and
/// administer. Written out, not derived from the code under test.
struct Person {
    username: &'static str,
    name: &'static str,
    reads: &'static [usize],
    administers: &'static [usize],
}

const PEOPLE: [Person; 6] = [
    Person {
        username: "avery.admin",
        name: "Avery Admin",
        reads: &[0, 1],
        administers: &[0, 1],
    },
    Person {
        username: "blake.billing",
        name: "Blake Billing",
        reads: &[0, 1],
        administers: &[],
    },
    Person {
        username: "sasha.sales",
        name: "Sasha Sales",
        reads: &[0],
        administers: &[],
    },
    Person {
        username: "harper.helpdesk",
        name: "Harper Helpdesk",
        reads: &[0, 1],
        administers: &[],
    },
    Person {
        username: "val.viewer",
        name: "Val Viewer",
        reads: &[1],
        administers: &[],
    },
    // No app role and no group: signs in, and may see nothing.
    Person {
        username: "partner.admin",
        name: "Partner Admin Agent",
        reads: &[],
        administers: &[],
    },
];

#[sqlx::test(migrations = "../migrations")]
async fn each_role_reaches_exactly_its_accounts_and_every_denial_is_audited(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let identity = app.identity.as_ref().expect("a staff authority");
    let registry = support::sync::register(&pool, &identity.sim).await;
    let accounts: Vec<Uuid> = identity
        .sim
        .sim()
        .accounts
        .iter()
        .map(|account| {
            registry
                .accounts()
                .iter()
                .find(|registered| registered.name == account.info.name)
                .expect("registered")
                .id
        })
        .collect();
    assert_eq!(accounts.len(), 2);
    // The datasets a worker registers, so "Sync now" has something to ask for.
    sqlx::query("INSERT INTO sync_state (account_id, dataset) SELECT id, 'customers' FROM partner_accounts")
        .execute(&pool)
        .await
        .unwrap();

    for person in &PEOPLE {
        app.sign_in(person.username).await;
        let denied_before = denials(&pool, person.name).await;
        let mut expected_denials = 0;
        let readable: BTreeSet<Uuid> = person.reads.iter().map(|index| accounts[*index]).collect();

        for path in READS.into_iter().chain(["/api/status"]) {
            let response = call(&app, path, "").await;
            if readable.is_empty() {
                assert_eq!(response.0, 403, "{} {path}", person.username);
                expected_denials += 1;
                continue;
            }
            assert_eq!(response.0, 200, "{} {path}: {}", person.username, response.1);
            assert_eq!(
                account_ids(path, &response.1),
                readable,
                "{} {path}",
                person.username
            );
        }

        for path in ADMIN_WRITES {
            for (index, account) in accounts.iter().enumerate() {
                let (status, body) = call(&app, path, &format!("account={account}")).await;
                if person.administers.contains(&index) {
                    assert_eq!(
                        status, 200,
                        "{} {path} on account {index}: {body}",
                        person.username
                    );
                } else {
                    assert_eq!(status, 403, "{} {path} on account {index}", person.username);
                    expected_denials += 1;
                }
            }
        }

        let (status, body) = call(&app, OWN_DATA[0], "").await;
        assert_eq!(status, 200, "{}", person.username);
        let me: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(me["staff"]["name"], person.name);
        let granted: BTreeSet<Uuid> = me["grants"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|grant| match grant["account"].as_str() {
                Some(id) => vec![id.parse().unwrap()],
                None => accounts.clone(),
            })
            .collect();
        assert_eq!(granted, readable, "{}: own grants", person.username);

        assert_eq!(
            denials(&pool, person.name).await - denied_before,
            expected_denials,
            "{}: every denial audited",
            person.username
        );
    }

    // A denial names the account and the server function that was refused.
    let row: (Option<Uuid>, Option<String>) = sqlx::query_as(
        "SELECT account_id, detail FROM audit_log
         WHERE action = 'auth.denied' AND staff_name = 'Val Viewer' ORDER BY id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(row.0, Some(accounts[0]));
    assert!(
        row.1
            .as_deref()
            .unwrap_or("")
            .starts_with("/api/sync/request: Needs the admin role"),
        "{row:?}"
    );
}

/// POSTs `body` to `path` (a server function, or GETs `/api/status`): (status, body).
async fn call(app: &TestApp, path: &str, body: &str) -> (u16, String) {
    let request = if path == "/api/status" {
        app.client.get(app.url(path))
    } else {
        app.client
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned())
    };
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// The account ids a read answered with.
fn account_ids(path: &str, body: &str) -> BTreeSet<Uuid> {
    let value: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("{path} answers JSON: {body}"));
    let list = match path {
        "/api/status" => value["accounts"].clone(),
        _ => value,
    };
    list.as_array()
        .unwrap_or_else(|| panic!("{path} answers a list: {body}"))
        .iter()
        .map(|account| account["id"].as_str().unwrap().parse().unwrap())
        .collect()
}

async fn denials(pool: &PgPool, name: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'auth.denied' AND outcome = 'denied' AND staff_name = $1",
    )
    .bind(name)
    .fetch_one(pool)
    .await
    .unwrap()
}
