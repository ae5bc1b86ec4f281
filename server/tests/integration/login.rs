//! Staff sign-in through the portal: pages and server functions need a session, `/login`
//! brings the browser back to the page it asked for, the session cookie is `__Host-`,
//! Secure, HttpOnly and SameSite=Lax and changes id at sign-in, sessions live in Postgres
//! (another instance accepts them), logout ends them, and every outcome is audited.

use crate::support::TestApp;
use crate::support::login::{location, session_cookie, sign_in, sign_in_at_authority};
use sqlx::PgPool;
use url::Url;

fn base(app: &TestApp) -> Url {
    Url::parse(&app.url("/")).unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn without_a_session_pages_go_to_sign_in_and_calls_get_401(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let page = app
        .client
        .get(app.url("/admin/sync?tab=1"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 303);
    assert_eq!(location(&page), "/login?next=%2Fadmin%2Fsync%3Ftab%3D1");
    for (method, path) in [("POST", "/api/accounts/list"), ("GET", "/api/status")] {
        let request = match method {
            "POST" => app.client.post(app.url(path)),
            _ => app.client.get(app.url(path)),
        };
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{method} {path}");
    }
    assert_eq!(
        app.get("/healthz").await.status(),
        200,
        "health checks stay public"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn signing_in_returns_to_the_page_asked_for_with_a_strict_cookie(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (pre_login, callback) = sign_in_at_authority(&base(&app), "harper.helpdesk", "/admin/sync").await;
    let back = crate::support::client(Some(&pre_login))
        .get(callback)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&back), "/admin/sync");
    // The cookie the sign-in sets (pages within the next minute do not set it again).
    let set_cookie = back.headers()["set-cookie"].to_str().unwrap().to_owned();
    let cookie = session_cookie(&back).unwrap();
    let page = crate::support::client(Some(&cookie))
        .get(app.url("/admin/sync"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    for attribute in [
        "__Host-switchboard=",
        "Secure",
        "HttpOnly",
        "SameSite=Lax",
        "Path=/",
    ] {
        assert!(set_cookie.contains(attribute), "{attribute} in {set_cookie}");
    }
    assert!(
        !set_cookie.contains("Domain="),
        "__Host- cookies have no domain: {set_cookie}"
    );

    let (name, outcome): (String, String) = sqlx::query_as(
        "SELECT staff_name, outcome FROM audit_log WHERE action = 'auth.login' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        (name.as_str(), outcome.as_str()),
        ("Harper Helpdesk", "succeeded")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_tampered_or_replayed_response_fails_clearly_and_is_audited(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let (pre_login, callback) = sign_in_at_authority(&base(&app), "avery.admin", "/").await;

    let mut tampered = callback.clone();
    let pairs: Vec<(String, String)> = callback.query_pairs().into_owned().collect();
    tampered.query_pairs_mut().clear();
    for (key, value) in &pairs {
        let value = if key == "state" {
            format!("{value}x")
        } else {
            value.clone()
        };
        tampered.query_pairs_mut().append_pair(key, &value);
    }
    let refused = crate::support::client(Some(&pre_login))
        .get(tampered)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    assert!(session_cookie(&refused).is_none_or(|cookie| cookie == pre_login));
    let text = refused.text().await.unwrap();
    assert!(
        text.contains("Sign-in failed") && text.contains("state mismatch"),
        "{text}"
    );

    // The sign-in under way was spent by the failed attempt: the genuine response cannot be
    // replayed to get in either.
    let replayed = crate::support::client(Some(&pre_login))
        .get(callback)
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status(), 401);
    assert!(replayed.text().await.unwrap().contains("no sign-in was started"));

    let failures: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'auth.login' AND outcome = 'failed' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert!(failures[0].starts_with("state_mismatch") && failures[1].starts_with("no_pending_login"));
    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM tower_sessions.session")
        .fetch_one(&pool)
        .await
        .unwrap();
    let signed_in: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE outcome = 'succeeded'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(signed_in, 0, "nobody signed in ({sessions} sessions stored)");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_session_works_on_another_instance_and_ends_at_logout(pool: PgPool) {
    let first = TestApp::spawn(pool.clone()).await;
    let second = TestApp::spawn(pool.clone()).await;
    let signed_in = sign_in(&base(&first), "blake.billing", "/").await;
    let client = crate::support::client(Some(&signed_in.cookie));
    let elsewhere = client.get(second.url("/customers")).send().await.unwrap();
    assert_eq!(elsewhere.status(), 200, "the other instance knows the session");

    let logout = client.post(first.url("/logout")).send().await.unwrap();
    assert_eq!(logout.status(), 303);
    let end_session = Url::parse(location(&logout)).unwrap();
    assert!(
        end_session.path().ends_with("/oauth2/v2.0/logout"),
        "{end_session}"
    );
    let back_to: Vec<String> = end_session
        .query_pairs()
        .filter(|(key, _)| key == "post_logout_redirect_uri")
        .map(|(_, value)| value.into_owned())
        .collect();
    assert_eq!(back_to, vec![first.url("/login")]);

    let after = client
        .get(second.url("/customers"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 303, "the session is gone everywhere");
    let logouts: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'auth.logout' AND staff_name = 'Blake Billing'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(logouts, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_audit_log_cannot_be_changed_or_emptied(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    sign_in(&base(&app), "avery.admin", "/").await;
    for statement in [
        "UPDATE audit_log SET outcome = 'failed'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let error = sqlx::query(statement).execute(&pool).await.unwrap_err();
        assert!(error.to_string().contains("append-only"), "{statement}: {error}");
    }
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_session_ends_after_30_idle_minutes_or_12_hours_after_sign_in(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let page = |cookie: &str| {
        crate::support::client(Some(cookie))
            .get(app.url("/customers"))
            .header("accept", "text/html")
            .send()
    };

    let idle = sign_in(&base(&app), "harper.helpdesk", "/").await.cookie;
    app.clock.advance(time::Duration::minutes(29));
    assert_eq!(page(&idle).await.unwrap().status(), 200, "29 idle minutes");
    app.clock.advance(time::Duration::minutes(29));
    assert_eq!(
        page(&idle).await.unwrap().status(),
        200,
        "each request restarts the idle time"
    );
    app.clock.advance(time::Duration::minutes(30));
    assert_eq!(page(&idle).await.unwrap().status(), 303, "30 idle minutes end it");
    assert_eq!(page(&idle).await.unwrap().status(), 303, "and it stays ended");

    let busy = sign_in(&base(&app), "harper.helpdesk", "/").await.cookie;
    for _ in 0..(12 * 60 / 20 - 1) {
        app.clock.advance(time::Duration::minutes(20));
        assert_eq!(page(&busy).await.unwrap().status(), 200);
    }
    app.clock.advance(time::Duration::minutes(20));
    assert_eq!(
        page(&busy).await.unwrap().status(),
        303,
        "12 hours after sign-in, however busy"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_busy_session_is_written_at_most_once_a_minute(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let cookie = sign_in(&base(&app), "harper.helpdesk", "/").await.cookie;
    let client = crate::support::client(Some(&cookie));
    let expiry = || async {
        sqlx::query_scalar::<_, time::OffsetDateTime>("SELECT max(expiry_date) FROM tower_sessions.session")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let call = || client.post(app.url("/api/auth/me")).send();
    let written = expiry().await;
    for _ in 0..5 {
        assert_eq!(call().await.unwrap().status(), 200);
    }
    assert_eq!(
        expiry().await,
        written,
        "requests within a minute do not write the session"
    );
    app.clock.advance(time::Duration::seconds(61));
    assert_eq!(call().await.unwrap().status(), 200);
    assert!(expiry().await > written, "a minute later the request renews it");
}
