//! Roles per partner account: every demo person (one per role, two scoped to one account)
//! calls every server function and `/api/status`, for every account where one is named. Reads
//! return exactly the accounts the person has a role on; everything else succeeds only with
//! the role that allows it on that account (or on every account); every refusal is a 403 with
//! an audit row naming the person and the server function.

use crate::support::TestApp;
use crate::support::roles::{Call, Demo, Needs, PEOPLE, account_ids, denials};
use serde_json::Value;
use sqlx::PgPool;
use std::collections::BTreeSet;
use uuid::Uuid;

/// Every server function the matrix calls. A new server function fails
/// `every_server_function_is_in_the_matrix` until a call of it is added to `calls`.
const COVERED: [&str; 22] = [
    "/api/accounts/list",
    "/api/admin/accounts",
    "/api/admin/accounts/add",
    "/api/admin/accounts/edit",
    "/api/admin/accounts/enable",
    "/api/admin/accounts/test",
    "/api/sync/status",
    "/api/sync/lights",
    "/api/sync/request",
    "/api/auth/me",
    "/api/admin/grants",
    "/api/admin/grants/add",
    "/api/admin/grants/revoke",
    "/api/admin/sessions",
    "/api/audit/search",
    "/api/customers/search",
    "/api/customers/list",
    "/api/customers/view",
    "/api/customers/tenant",
    "/api/subscriptions/status",
    "/api/subscriptions/rename",
    "/api/subscriptions/activity",
];
const ALSO_COVERED: [&str; 1] = ["/api/admin/sessions/revoke"];

#[test]
fn every_server_function_is_in_the_matrix() {
    let registered: BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    let covered: BTreeSet<&str> = COVERED.into_iter().chain(ALSO_COVERED).collect();
    assert_eq!(
        registered, covered,
        "server functions the role matrix does not cover"
    );
}

/// Every call of the matrix, against the demo world `demo`.
fn calls(demo: &Demo) -> Vec<Call> {
    let mut calls = vec![
        Call::read("/api/accounts/list"),
        Call::new(
            "/api/accounts/list",
            "permission=administer".to_owned(),
            Needs::AdminSomewhere,
        ),
        Call::read("/api/sync/status"),
        Call::read("/api/sync/lights"),
        Call::new("/api/customers/search", "q=role+matrix".to_owned(), Needs::Read),
        Call::new("/api/customers/list", String::new(), Needs::Read),
        Call::new(
            "/api/customers/tenant",
            format!("tenant={}", demo.customer),
            Needs::Read,
        ),
        Call::read("/api/status"),
        Call::new("/api/auth/me", String::new(), Needs::Nothing),
        Call::new("/api/admin/grants", String::new(), Needs::AdminSomewhere),
        Call::new("/api/audit/search", String::new(), Needs::AdminSomewhere),
        Call::new("/api/admin/sessions", String::new(), Needs::AdminEverywhere),
        Call::new(
            "/api/admin/grants/add",
            format!("staff={}&role=viewer", demo.grantee),
            Needs::AdminEverywhere,
        ),
        Call::new(
            "/api/admin/grants/revoke",
            format!("grant={}", demo.everywhere_grant),
            Needs::AdminEverywhere,
        ),
        Call::new("/api/admin/accounts", String::new(), Needs::AdminSomewhere),
        // Roles are checked before the form: an admin of every account hears the form is wrong.
        Call::refused_after_check(
            "/api/admin/accounts/add",
            ACCOUNT_FORM_WITHOUT_NAME.to_owned(),
            Needs::AdminEverywhere,
            422,
        ),
    ];
    for (index, account) in demo.accounts.iter().enumerate() {
        let customer = demo.customer;
        calls.push(Call::new(
            "/api/subscriptions/activity",
            format!("account={account}&customer={customer}"),
            Needs::ReadOn(index),
        ));
        // Roles are checked before the form: without a reason, the change is refused with 422.
        calls.push(Call::refused_after_check(
            "/api/subscriptions/status",
            format!(
                "account={account}&customer={customer}&change=suspend&subscriptions[0]={customer}&etags[0]=e&reason=&reason_text="
            ),
            Needs::BillOn(index),
            422,
        ));
        calls.push(Call::refused_after_check(
            "/api/subscriptions/rename",
            format!("account={account}&customer={customer}&subscription={customer}&etag=e&nickname=+"),
            Needs::ManageOn(index),
            422,
        ));
        calls.push(Call::new(
            "/api/customers/view",
            format!("account={account}&customer={}", demo.customer),
            Needs::ReadOn(index),
        ));
        calls.push(Call::new(
            "/api/sync/request",
            format!("account={account}"),
            Needs::AdminOn(index),
        ));
        calls.push(Call::new(
            "/api/admin/grants/add",
            format!("staff={}&role=billing&account={account}", demo.grantee),
            Needs::AdminOn(index),
        ));
        calls.push(Call::new(
            "/api/admin/grants/revoke",
            format!("grant={}", demo.account_grants[index]),
            Needs::AdminOn(index),
        ));
        calls.push(Call::refused_after_check(
            "/api/admin/accounts/edit",
            format!("account={account}&{ACCOUNT_FORM_WITHOUT_NAME}"),
            Needs::AdminOn(index),
            422,
        ));
        // The matrix's accounts come from the configuration (of another registry): they are
        // changed there, and this instance holds no credentials to test them with.
        calls.push(Call::refused_after_check(
            "/api/admin/accounts/enable",
            format!("account={account}&enabled=false"),
            Needs::AdminOn(index),
            409,
        ));
        calls.push(Call::refused_after_check(
            "/api/admin/accounts/test",
            format!("account={account}"),
            Needs::AdminOn(index),
            409,
        ));
    }
    calls
}

const ACCOUNT_FORM_WITHOUT_NAME: &str = "name=&cloud=global&tenant_id=&client_id=&client_secret=";

#[sqlx::test(migrations = "../migrations")]
async fn each_role_reaches_exactly_its_accounts_and_every_denial_is_audited(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    let calls = calls(&demo);
    for person in &PEOPLE {
        app.sign_in(person.username).await;
        let denied_before = denials(&pool, person.name).await;
        let mut expected_denials = 0;
        let readable: BTreeSet<Uuid> = person.reads.iter().map(|index| demo.accounts[*index]).collect();
        for call in &calls {
            let allowed = person.may(call.needs);
            let (status, body) = call.send(&app).await;
            let what = format!("{} {} {}", person.username, call.path, call.body);
            if !allowed {
                assert_eq!(status, 403, "{what}: {body}");
                expected_denials += 1;
                continue;
            }
            assert_eq!(status, call.allowed_status, "{what}: {body}");
            if call.needs == Needs::Read {
                assert_eq!(account_ids(call.path, &body), readable, "{what}");
            }
            if call.path == "/api/auth/me" {
                let me: Value = serde_json::from_str(&body).unwrap();
                assert_eq!(me["staff"]["name"], person.name);
            }
        }
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
         WHERE action = 'auth.denied' AND staff_name = 'Val Viewer' AND account_id IS NOT NULL
           AND detail LIKE '/api/sync/%' ORDER BY id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(row.0, Some(demo.accounts[0]));
    assert!(
        row.1
            .as_deref()
            .unwrap_or("")
            .starts_with("/api/sync/request: Needs the admin role"),
        "{row:?}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn an_admin_ends_another_persons_session_at_once(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    let helpdesk = crate::support::client(Some(&demo.sign_in("harper.helpdesk").await));
    let me_url = app.url("/api/auth/me");
    let me = |client: &reqwest::Client| client.post(&me_url).send();
    assert_eq!(me(&helpdesk).await.unwrap().status(), 200);

    app.sign_in("avery.admin").await;
    let (status, body) = Call::new("/api/admin/sessions", String::new(), Needs::Nothing)
        .send(&app)
        .await;
    assert_eq!(status, 200, "{body}");
    let sessions: Vec<Value> = serde_json::from_str(&body).unwrap();
    let theirs = sessions
        .iter()
        .find(|session| {
            session["username"]
                .as_str()
                .unwrap()
                .starts_with("harper.helpdesk")
        })
        .expect("the helpdesk session is listed");
    let own = sessions
        .iter()
        .filter(|session| session["current"] == true)
        .count();
    assert_eq!(own, 1, "the admin's own session is marked");

    let revoke = format!("session={}", theirs["id"].as_str().unwrap());
    let ended = Call::new("/api/admin/sessions/revoke", revoke.clone(), Needs::Nothing);
    assert_eq!(ended.send(&app).await.0, 200);
    assert_eq!(
        me(&helpdesk).await.unwrap().status(),
        401,
        "the session ended at once"
    );
    assert_eq!(ended.send(&app).await.0, 409, "and cannot be ended twice");
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'session.revoke' AND staff_name = 'Avery Admin'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);

    // Nobody else may end sessions.
    app.sign_in("blake.billing").await;
    assert_eq!(ended.send(&app).await.0, 403);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_revoked_grant_stays_revoked_and_the_last_full_admin_cannot_be_removed(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let demo = Demo::set_up(&app, &pool).await;
    demo.sign_in("sasha.sales").await;
    app.sign_in("avery.admin").await;
    let sales_grant: Uuid = sqlx::query_scalar(
        "SELECT g.id FROM role_grants g JOIN staff_members m ON m.id = g.staff_id
         WHERE m.username LIKE 'sasha.sales%' AND g.role = 'sales'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let revoke = Call::new(
        "/api/admin/grants/revoke",
        format!("grant={sales_grant}"),
        Needs::Nothing,
    );
    assert_eq!(revoke.send(&app).await.0, 200);

    // Signing in again does not bring the grant back: Sasha now sees nothing.
    let sales = crate::support::client(Some(&demo.sign_in("sasha.sales").await));
    let list = sales.post(app.url("/api/accounts/list")).send().await.unwrap();
    assert_eq!(list.status(), 403);

    // Avery holds the only admin grant on every account.
    let avery_grant: Uuid = sqlx::query_scalar(
        "SELECT g.id FROM role_grants g JOIN staff_members m ON m.id = g.staff_id
         WHERE m.username LIKE 'avery.admin%' AND g.role = 'admin' AND g.account_id IS NULL",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let last = Call::new(
        "/api/admin/grants/revoke",
        format!("grant={avery_grant}"),
        Needs::Nothing,
    );
    let (status, body) = last.send(&app).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("last admin grant"), "{body}");
}
