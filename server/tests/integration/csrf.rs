//! Cross-site request forgery: every state-changing route refuses a request a browser marks as
//! coming from another site, audits the refusal, and leaves the session and the data alone.

use crate::support::TestApp;
use sqlx::PgPool;

/// Every state-changing route, with a body its handler accepts as well-formed.
const MUTATING: [(&str, &str); 11] = [
    (
        "/api/sync/request",
        "account=00000000-0000-0000-0000-000000000001",
    ),
    (
        "/api/admin/grants/add",
        "staff=00000000-0000-0000-0000-000000000001&role=viewer",
    ),
    (
        "/api/admin/grants/revoke",
        "grant=00000000-0000-0000-0000-000000000001",
    ),
    (
        "/api/admin/sessions/revoke",
        "session=00000000-0000-0000-0000-000000000001",
    ),
    (
        "/api/admin/accounts/add",
        "name=Forged&cloud=global&tenant_id=00000000-0000-0000-0000-000000000001\
         &client_id=00000000-0000-0000-0000-000000000002&client_secret=x",
    ),
    (
        "/api/admin/accounts/edit",
        "account=00000000-0000-0000-0000-000000000001&name=Forged&cloud=global\
         &tenant_id=00000000-0000-0000-0000-000000000001&client_id=00000000-0000-0000-0000-000000000002",
    ),
    (
        "/api/admin/accounts/enable",
        "account=00000000-0000-0000-0000-000000000001&enabled=false",
    ),
    (
        "/api/admin/accounts/test",
        "account=00000000-0000-0000-0000-000000000001",
    ),
    (
        "/api/subscriptions/status",
        "account=00000000-0000-0000-0000-000000000001&customer=00000000-0000-0000-0000-000000000002\
         &change=suspend&subscriptions[0]=00000000-0000-0000-0000-000000000003&etags[0]=e&reason=non_payment&reason_text=",
    ),
    (
        "/api/subscriptions/rename",
        "account=00000000-0000-0000-0000-000000000001&customer=00000000-0000-0000-0000-000000000002\
         &subscription=00000000-0000-0000-0000-000000000003&etag=e&nickname=Forged",
    ),
    ("/logout", ""),
];

#[sqlx::test(migrations = "../migrations")]
async fn state_changing_requests_from_another_site_are_refused_and_audited(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    app.sign_in("avery.admin").await;
    let own_origin = app.url("");
    let forged: [(&str, &str); 3] = [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ];
    for (path, body) in MUTATING {
        for (name, value) in forged {
            let response = app
                .client
                .post(app.url(path))
                .header(name, value)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 403, "{path} with {name}: {value}");
        }
    }
    let denials: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'auth.cross_site_request' AND outcome = 'denied'
           AND staff_name = 'Avery Admin'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(denials, (MUTATING.len() * forged.len()) as i64);

    // The forged logouts did not end the session; the portal's own requests still work.
    assert_eq!(app.get("/customers").await.status(), 200);
    let own = app
        .client
        .post(app.url(MUTATING[0].0))
        .header("origin", own_origin.trim_end_matches('/'))
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(MUTATING[0].1)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 404, "reaches the handler: no such account");
}
