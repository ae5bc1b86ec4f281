//! The partner accounts admin against the simulator: an admin adds an account (its secret
//! sealed, never stored, logged or audited in the clear), the running instance serves it at
//! once, "Test connection" proves the credentials (and reports a wrong secret in Entra ID's
//! words), "Connect" runs the Secure Application Model consent and stores an App+User refresh
//! token, and disabling stops serving it. Accounts from the configuration cannot be changed.

use crate::support::TestApp;
use crate::support::login::{location, pick_at_authority};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

fn form(fields: &[(&str, &str)]) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        serializer.append_pair(name, value);
    }
    serializer.finish()
}

async fn call(app: &TestApp, path: &str, body: String) -> (u16, String) {
    let response = app
        .client
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[sqlx::test(migrations = "../migrations")]
async fn an_admin_adds_tests_connects_and_disables_an_account(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    app.sign_in("avery.admin").await;
    let sim = app.identity.as_ref().unwrap().sim.sim().clone();
    let target = &sim.accounts[1].info;
    let api = sim.api_base_url(target);
    let authority = sim.authority_url(target);
    let tenant = target.tenant_id.to_string();
    let client = target.client_id.to_string();
    let fields = |secret: &str| {
        form(&[
            ("name", "Adatum via portal"),
            ("cloud", target.cloud.as_str()),
            ("tenant_id", &tenant),
            ("client_id", &client),
            ("client_secret", secret),
            ("mpn_id", "4711"),
            ("api_base_url", &api),
            ("authority_url", &authority),
        ])
    };

    // Added: the secret is sealed; the instance serves the account at once (its datasets are
    // registered for the worker).
    let (status, body) = call(&app, "/api/admin/accounts/add", fields(&target.client_secret)).await;
    assert_eq!(status, 200, "{body}");
    let id: Uuid = serde_json::from_str(&body).unwrap();
    let (source, secret_ref, sealed): (String, String, Vec<u8>) =
        sqlx::query_as("SELECT source, secret_ref, client_secret_sealed FROM partner_accounts WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((source.as_str(), secret_ref.as_str()), ("portal", "sealed"));
    let secret = target.client_secret.as_bytes();
    assert!(
        !sealed.windows(secret.len()).any(|window| window == secret),
        "stored sealed"
    );
    let datasets: i64 = sqlx::query_scalar("SELECT count(*) FROM sync_state WHERE account_id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(datasets > 0, "the instance serves the new account");

    // The same name, or the same tenant under another name, is refused with the field named.
    let (status, body) = call(&app, "/api/admin/accounts/add", fields(&target.client_secret)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("already has this name"), "{body}");
    let renamed = fields(&target.client_secret).replace("Adatum+via+portal", "Another+name");
    let (status, body) = call(&app, "/api/admin/accounts/add", renamed).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("tenant_id"), "{body}");

    // Test connection: a token and one page of customers; App+User not connected yet.
    let test = form(&[("account", &id.to_string())]);
    let (status, body) = call(&app, "/api/admin/accounts/test", test.clone()).await;
    assert_eq!(status, 200, "{body}");
    let report: Value = serde_json::from_str(&body).unwrap();
    assert!(report["customers_on_page"].as_u64().unwrap() >= 1, "{report}");
    assert!(
        report["app_user"]["Err"]
            .as_str()
            .unwrap()
            .contains("not connected"),
        "{report}"
    );

    // A wrong secret: the test fails in Entra ID's words; an empty secret keeps the stored one.
    let edit = |secret: &str| format!("account={id}&{}", fields(secret));
    assert_eq!(
        call(&app, "/api/admin/accounts/edit", edit("wrong-secret"))
            .await
            .0,
        200
    );
    let (status, body) = call(&app, "/api/admin/accounts/test", test.clone()).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("AADSTS7000215"), "{body}");
    assert_eq!(
        call(&app, "/api/admin/accounts/edit", edit(&target.client_secret))
            .await
            .0,
        200
    );
    assert_eq!(call(&app, "/api/admin/accounts/edit", edit("")).await.0, 200);
    assert_eq!(call(&app, "/api/admin/accounts/test", test.clone()).await.0, 200);

    // Connect: the consent round trip through the account's own tenant.
    let started = app.get(&format!("/admin/accounts/{id}/connect")).await;
    assert_eq!(started.status(), 303);
    let authorize = url::Url::parse(location(&started)).unwrap();
    assert!(authorize.as_str().starts_with(&authority), "{authorize}");
    assert!(
        authorize.query().unwrap().contains("user_impersonation"),
        "{authorize}"
    );
    let callback = pick_at_authority(&authorize, "avery.admin").await;
    let mut tampered = callback.clone();
    let pairs: Vec<(String, String)> = callback
        .query_pairs()
        .map(|(name, value)| {
            let value = if name == "state" {
                "forged".to_owned()
            } else {
                value.into_owned()
            };
            (name.into_owned(), value)
        })
        .collect();
    tampered.query_pairs_mut().clear().extend_pairs(pairs);
    let refused = app.client.get(tampered).send().await.unwrap();
    assert!(
        location(&refused).contains("connect_error"),
        "{}",
        location(&refused)
    );
    let connected: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT refresh_token_sealed FROM partner_accounts WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(connected.is_none(), "a forged state stores nothing");

    let started = app.get(&format!("/admin/accounts/{id}/connect")).await;
    let callback = pick_at_authority(&url::Url::parse(location(&started)).unwrap(), "avery.admin").await;
    let finished = app.client.get(callback).send().await.unwrap();
    assert_eq!(location(&finished), "/admin/accounts?connected=Adatum+via+portal");
    let (status, body) = call(&app, "/api/admin/accounts/test", test.clone()).await;
    assert_eq!(status, 200, "{body}");
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["app_user"], serde_json::json!({ "Ok": null }), "{report}");
    let listed: Value =
        serde_json::from_str(&call(&app, "/api/admin/accounts", String::new()).await.1).unwrap();
    let entry = listed["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|account| account["id"] == id.to_string())
        .unwrap()
        .clone();
    assert_eq!(entry["connected_by"], "Avery Admin");
    assert_eq!(entry["source"], "portal");
    assert_eq!(listed["sealing"], "Configured");

    // Disabled: no longer served; enabling twice is refused as already done.
    let disable = form(&[("account", &id.to_string()), ("enabled", "false")]);
    assert_eq!(
        call(&app, "/api/admin/accounts/enable", disable.clone()).await.0,
        200
    );
    assert_eq!(call(&app, "/api/admin/accounts/enable", disable).await.0, 409);

    // The audit log has every step, and no secret anywhere.
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE account_id = $1 AND action LIKE 'account.%' ORDER BY id",
    )
    .bind(id)
    .fetch_all(&pool)
    .await
    .unwrap();
    for expected in [
        "account.add",
        "account.test",
        "account.edit",
        "account.connect",
        "account.disable",
    ] {
        assert!(
            actions.iter().any(|action| action == expected),
            "{expected} in {actions:?}"
        );
    }
    let leaked: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE concat(before::text, after::text, detail) LIKE '%' || $1 || '%'",
    )
    .bind(&target.client_secret)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(leaked, 0, "no secret in the audit log");
}

#[sqlx::test(migrations = "../migrations")]
async fn configured_accounts_are_changed_in_the_configuration_only(pool: PgPool) {
    let mut app = TestApp::spawn(pool.clone()).await;
    let sim = app.identity.as_ref().unwrap().sim.sim().clone();
    let mut definitions = server::accounts::simulated_accounts(&sim);
    for definition in &mut definitions {
        definition.demo = false;
    }
    server::accounts::Registry::register(&pool, definitions, reqwest::Client::new(), Default::default())
        .await
        .unwrap();
    app.sign_in("avery.admin").await;
    let id: Uuid = sqlx::query_scalar("SELECT id FROM partner_accounts WHERE tenant_id = $1")
        .bind(sim.accounts[0].info.tenant_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let (status, body) = call(
        &app,
        "/api/admin/accounts/enable",
        form(&[("account", &id.to_string()), ("enabled", "false")]),
    )
    .await;
    assert_eq!(status, 409);
    assert!(body.contains("configuration file"), "{body}");
    let enabled: bool = sqlx::query_scalar("SELECT enabled FROM partner_accounts WHERE id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(enabled);
}
