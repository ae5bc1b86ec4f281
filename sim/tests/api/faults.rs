//! Throttling and faults (contract §1.11): 429 with and without Retry-After, requests sent
//! before a Retry-After expired, latency, errors, hangs, resets, truncated JSON, outages,
//! early token expiry and failure on page k; and the counters that let tests check a client.

use crate::support::TestSim;
use reqwest::Method;
use serde_json::{Value, json};
use sim::Cloud;
use std::time::{Duration, Instant};

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after_and_counts_early_retries() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    sim.set_faults(account, json!({ "family_limits": { "customers": 3 } }))
        .await;

    for _ in 0..3 {
        sim.get(account, &token, "/customers?size=1").await.expect(200);
    }
    let throttled = sim.get(account, &token, "/customers?size=1").await.expect(429);
    let wait: u64 = throttled
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!(wait >= 1);
    assert_eq!(throttled.body["statusCode"], 429);
    assert!(
        throttled.body["message"]
            .as_str()
            .unwrap()
            .contains(&format!("Try again in {wait} seconds"))
    );
    let other_family = sim.get(account, &token, "/invoices").await;
    assert_eq!(other_family.status, 200, "families are throttled separately");

    sim.get(account, &token, "/customers?size=1").await.expect(429);
    let counters = sim.counters(account).await;
    assert_eq!(
        counters["early_requests"], 1,
        "one request came before Retry-After expired"
    );
    assert_eq!(counters["throttled"], 2);
    assert_eq!(counters["by_operation"]["CUST-03"]["200"], 3);
    assert_eq!(counters["by_operation"]["CUST-03"]["429"], 2);
}

#[tokio::test]
async fn a_client_that_waits_out_retry_after_is_served_and_never_counted_early() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    sim.set_faults(account, json!({ "family_limits": { "customers": 60 }, "scheduled": [ { "kind": "throttle", "operation": "CUST-03", "retry_after_seconds": 1 } ] })).await;

    let throttled = sim.get(account, &token, "/customers").await.expect(429);
    assert_eq!(throttled.header("retry-after"), Some("1"));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    sim.get(account, &token, "/customers").await.expect(200);
    assert_eq!(sim.counters(account).await["early_requests"], 0);
}

#[tokio::test]
async fn throttling_without_retry_after_sends_no_header() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    sim.set_faults(
        account,
        json!({ "scheduled": [ { "kind": "throttle_without_retry_after" } ] }),
    )
    .await;
    let throttled = sim.get(account, &token, "/customers").await.expect(429);
    assert!(throttled.header("retry-after").is_none());
    sim.get(account, &token, "/customers").await.expect(200);
}

#[tokio::test]
async fn latency_errors_and_outages_apply_to_one_account_only() {
    let sim = TestSim::start().await;
    let (global, china) = (sim.account(Cloud::Global), sim.account(Cloud::China));
    let token = sim.app_token(global).await;
    let china_token = sim.app_token(china).await;

    sim.set_faults(global, json!({ "latency_ms": 300 })).await;
    let started = Instant::now();
    sim.get(global, &token, "/customers?size=1").await.expect(200);
    assert!(started.elapsed() >= Duration::from_millis(300));

    sim.set_faults(global, json!({ "latency_ms": 0, "error_rate": 1.0 }))
        .await;
    sim.get(global, &token, "/customers").await.expect_error(500, 500);
    sim.get(china, &china_token, "/customers").await.expect(200);

    sim.set_faults(global, json!({ "error_rate": 0.0, "outage": true }))
        .await;
    sim.get(global, &token, "/customers").await.expect_error(503, 503);
    let token_endpoint = sim
        .http
        .post(global["token_endpoint"].as_str().unwrap())
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        token_endpoint.status(),
        503,
        "the outage covers the account's token endpoint too"
    );
    sim.set_faults(global, json!({ "outage": false })).await;
    sim.get(global, &token, "/customers").await.expect(200);
}

#[tokio::test]
async fn a_hanging_request_never_answers_in_time() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    sim.set_faults(
        account,
        json!({ "hang_seconds": 30, "scheduled": [ { "kind": "hang" } ] }),
    )
    .await;
    let url = format!("{}/v1/customers", account["api_base_url"].as_str().unwrap());
    let started = Instant::now();
    let outcome = sim
        .http
        .get(url)
        .bearer_auth(&token)
        .timeout(Duration::from_millis(700))
        .send()
        .await;
    assert!(outcome.unwrap_err().is_timeout());
    assert!(started.elapsed() < Duration::from_secs(5));
    sim.get(account, &token, "/customers").await.expect(200);
}

#[tokio::test]
async fn a_reset_cuts_the_body_and_invalid_json_cannot_be_parsed() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let url = format!("{}/v1/customers", account["api_base_url"].as_str().unwrap());

    sim.set_faults(account, json!({ "scheduled": [ { "kind": "reset" } ] }))
        .await;
    let response = sim
        .http
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .expect("the headers arrive");
    assert!(response.bytes().await.is_err(), "the body breaks off");

    sim.set_faults(account, json!({ "scheduled": [ { "kind": "invalid_json" } ] }))
        .await;
    let response = sim.http.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.json::<Value>().await.is_err());
    sim.get(account, &token, "/customers").await.expect(200);
}

#[tokio::test]
async fn failure_on_page_k_hits_exactly_that_page() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    sim.set_faults(
        account,
        json!({ "scheduled": [ { "kind": "error", "operation": "CUST-03", "skip": 1, "status": 503 } ] }),
    )
    .await;

    let first = sim.get(account, &token, "/customers?size=5").await.expect(200);
    let next = &first.body["links"]["next"];
    let continuation = next["headers"][0]["value"].as_str().unwrap();
    let headers = [("MS-ContinuationToken", continuation)];
    sim.call(
        account,
        &token,
        Method::GET,
        next["uri"].as_str().unwrap(),
        None,
        &headers,
    )
    .await
    .expect_error(503, 503);
    let retried = sim
        .call(
            account,
            &token,
            Method::GET,
            next["uri"].as_str().unwrap(),
            None,
            &headers,
        )
        .await
        .expect(200);
    assert_eq!(retried.body["totalCount"], 5, "the retried page is the same page");
}

#[tokio::test]
async fn tokens_can_be_made_to_expire_early() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    sim.set_faults(account, json!({ "token_lifetime_seconds": 1 }))
        .await;
    sim.get(account, &token, "/customers").await.expect(200);
    sim.advance_clock(2).await;
    sim.get(account, &token, "/customers")
        .await
        .expect_error(401, 400);
    let fresh = sim.app_token(account).await;
    sim.get(account, &fresh, "/customers").await.expect(200);
}

#[tokio::test]
async fn the_admin_api_refuses_bad_settings_and_unknown_accounts() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let url = sim.admin(&format!(
        "/accounts/{}/faults",
        account["tenant_id"].as_str().unwrap()
    ));
    for bad in [
        json!({ "error_rate": 2.0 }),
        json!({ "rate_limit_per_minute": 0 }),
        json!({ "nonsense": true }),
    ] {
        let response = sim.http.patch(&url).json(&bad).send().await.unwrap();
        assert_eq!(response.status(), 400, "{bad}");
    }
    let unknown = sim
        .http
        .get(sim.admin("/accounts/00000000-0000-0000-0000-000000000000/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let current: Value = sim.http.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        current["rate_limit_per_minute"], 500,
        "the default is the documented 500 per minute"
    );
    let reset = sim
        .http
        .delete(sim.admin(&format!(
            "/accounts/{}/counters",
            account["tenant_id"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 204);
}
