//! A token of one account never reads or writes another account's data, and tokens are only
//! accepted where they belong: signed by the simulator, by the account's own cloud authority,
//! for that cloud's Partner Center, unexpired.

use crate::support::TestSim;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Method;
use serde_json::json;
use sim::Cloud;

#[tokio::test]
async fn one_accounts_token_cannot_read_or_write_another_accounts_customers() {
    let sim = TestSim::start().await;
    let (global, usgov) = (sim.account(Cloud::Global), sim.account(Cloud::UsGov));
    let global_token = sim.app_token(global).await;
    let usgov_token = sim.app_token(usgov).await;
    let foreign = sim.all_pages(usgov, &usgov_token, "/customers").await.0.remove(0);
    let foreign_id = foreign["id"].as_str().unwrap();
    let subscriptions = sim
        .get(
            usgov,
            &usgov_token,
            &format!("/customers/{foreign_id}/subscriptions"),
        )
        .await
        .expect(200)
        .body;
    let subscription = subscriptions["items"][0]["id"].as_str().unwrap();

    let own_customers = sim
        .all_pages(global, &global_token, "/customers?size=100")
        .await
        .0;
    assert!(
        !own_customers
            .iter()
            .any(|customer| customer["id"] == foreign["id"]),
        "listings are per account"
    );
    sim.get(global, &global_token, &format!("/customers/{foreign_id}"))
        .await
        .expect_error(403, 20_002);
    sim.get(
        global,
        &global_token,
        &format!("/customers/{foreign_id}/subscriptions"),
    )
    .await
    .expect_error(403, 20_002);
    let path = format!("/customers/{foreign_id}/subscriptions/{subscription}");
    sim.call(
        global,
        &global_token,
        Method::PATCH,
        &path,
        Some(json!({ "Status": "suspended" })),
        &[],
    )
    .await
    .expect_error(403, 20_002);
    let order = json!({ "ReferenceCustomerId": foreign_id, "LineItems": [ { "LineItemNumber": 0, "OfferId": "MS-AZR-0145P" } ] });
    sim.call(
        global,
        &global_token,
        Method::POST,
        &format!("/customers/{foreign_id}/orders"),
        Some(order),
        &[],
    )
    .await
    .expect_error(403, 20_002);

    let unchanged = sim.get(usgov, &usgov_token, &path).await.expect(200).body;
    assert_eq!(unchanged["status"], subscriptions["items"][0]["status"]);
}

#[tokio::test]
async fn tokens_are_accepted_only_by_their_own_cloud_and_host() {
    let sim = TestSim::start().await;
    let (global, china) = (sim.account(Cloud::Global), sim.account(Cloud::China));
    let china_token = sim.app_token(china).await;
    sim.get(global, &china_token, "/customers")
        .await
        .expect_error(401, 400);
    sim.get(china, &china_token, "/customers").await.expect(200);

    let germany = sim.account(Cloud::Germany);
    let germany_token = sim.app_token(germany).await;
    sim.get(germany, &germany_token, "/customers").await.expect(200);
}

#[tokio::test]
async fn missing_forged_tampered_and_expired_tokens_get_401_with_the_envelope() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;

    let missing = sim
        .http
        .get(format!(
            "{}/v1/customers",
            account["api_base_url"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 401);
    assert!(missing.headers().get("www-authenticate").is_some());
    sim.get(account, "not-a-jwt", "/customers")
        .await
        .expect_error(401, 400);

    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
    claims["tid"] = sim.account(Cloud::UsGov)["tenant_id"].clone();
    parts[1] = URL_SAFE_NO_PAD.encode(claims.to_string());
    sim.get(account, &parts.join("."), "/customers")
        .await
        .expect_error(401, 400);

    sim.advance_clock(3600).await;
    let expired = sim
        .get(account, &token, "/customers")
        .await
        .expect_error(401, 400);
    assert!(expired.body["description"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn a_token_for_another_audience_is_refused() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", account["client_id"].as_str().unwrap()),
        ("client_secret", account["client_secret"].as_str().unwrap()),
        (
            "refresh_token",
            account["consented_refresh_token"].as_str().unwrap(),
        ),
        ("scope", "openid profile"),
    ];
    let reply: serde_json::Value = sim
        .http
        .post(account["token_endpoint"].as_str().unwrap())
        .form(&form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let graph_token = reply["access_token"].as_str().unwrap();
    let refused = sim
        .get(account, graph_token, "/customers")
        .await
        .expect_error(401, 400);
    assert!(refused.body["description"].as_str().unwrap().contains("audience"));
}
