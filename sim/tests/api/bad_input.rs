//! Bad input never crashes the simulator or gets an HTML page: malformed and hostile bodies,
//! queries, tokens and paths all answer 4xx with the Partner Center error envelope.

use crate::support::{TestSim, urlencode};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Method;
use serde_json::{Value, json};
use sim::Cloud;

fn forged_token(state: Value) -> String {
    URL_SAFE_NO_PAD.encode(state.to_string())
}

#[tokio::test]
async fn hostile_bodies_queries_tokens_and_paths_get_the_envelope() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let customer = sim.all_pages(account, &token, "/customers").await.0.remove(0);
    let id = customer["id"].as_str().unwrap().to_owned();
    let subscription = sim
        .get(account, &token, &format!("/customers/{id}/subscriptions"))
        .await
        .body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let nested = "[".repeat(5000) + &"]".repeat(5000);
    let long_text = "x".repeat(200_000);
    let bodies: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"{".to_vec(),
        b"[]".to_vec(),
        b"null".to_vec(),
        b"\"text\"".to_vec(),
        vec![0xff, 0xfe, 0x00, 0x80],
        nested.into_bytes(),
        br#"{"Quantity": 1e400}"#.to_vec(),
        br#"{"Quantity": -1, "Status": 42}"#.to_vec(),
        json!({ "FriendlyName": long_text }).to_string().into_bytes(),
        json!({ "BillingProfile": { "DefaultAddress": { "Country": "ZZ" } }, "CompanyProfile": {} })
            .to_string()
            .into_bytes(),
        json!({ "LineItems": [ { "LineItemNumber": "zero" } ] })
            .to_string()
            .into_bytes(),
    ];
    let writes = [
        (Method::POST, "/customers".to_owned()),
        (Method::PUT, format!("/customers/{id}/profiles/billing")),
        (Method::POST, format!("/customers/{id}/orders")),
        (
            Method::PATCH,
            format!("/customers/{id}/subscriptions/{subscription}"),
        ),
        (Method::PATCH, format!("/customers/{id}/usagebudget")),
        (Method::POST, "/validations/address".to_owned()),
        (Method::POST, "/servicerequests/en-US".to_owned()),
    ];
    let mut answers = Vec::new();
    for (method, path) in &writes {
        for body in &bodies {
            let url = format!("{}/v1{path}", account["api_base_url"].as_str().unwrap());
            let response = sim
                .http
                .request(method.clone(), url)
                .bearer_auth(&token)
                .header("Content-Type", "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            answers.push((
                format!("{method} {path} with {} bytes", body.len()),
                response.status().as_u16(),
                response.text().await.unwrap(),
            ));
        }
    }
    let huge = "9".repeat(40);
    let reads = [
        format!("/customers?size={huge}"),
        "/customers?size=-1".to_owned(),
        format!(
            "/customers?filter={}",
            urlencode(r#"{"Field":1,"Value":[],"Operator":{}}"#)
        ),
        "/customers?filter=%FF%FE".to_owned(),
        format!("/customers/{}", "a".repeat(3000)),
        "/customers/%E2%98%83".to_owned(),
        format!(
            "/customers/{id}/subscriptions/{subscription}/utilizations/azure?start_time=garbage&end_time=2026-01-01T00:00:00Z"
        ),
        format!(
            "/customers/{id}/subscriptions/{subscription}/utilizations/azure?start_time=0001-01-01T00:00:00Z&end_time=9999-12-31T23:59:59Z"
        ),
        format!(
            "/customers/{id}/subscriptions/{subscription}/utilizations/azure?start_time=2026-01-02T00:00:00Z&end_time=2026-01-01T00:00:00Z"
        ),
        "/auditrecords?startDate=1900-01-01".to_owned(),
        "/auditrecords?startDate=yesterday".to_owned(),
        "/invoices?size=0".to_owned(),
        "/offers?country=%00".to_owned(),
    ];
    for path in &reads {
        let reply = sim.get(account, &token, path).await;
        answers.push((
            format!("GET {path}"),
            reply.status.as_u16(),
            reply.body.to_string(),
        ));
    }
    let forged = [
        (
            "/customers?seekOperation=Next",
            forged_token(json!({ "offset": 0, "size": 0, "filter": null })),
        ),
        (
            "/customers?seekOperation=Next",
            forged_token(json!({ "offset": -5, "size": "x" })),
        ),
        (
            "/auditrecords?seekOperation=Next",
            forged_token(json!({ "start": 0, "end": 1, "filter": null, "size": 0, "offset": 0 })),
        ),
        (
            &*format!("/customers/{id}/subscriptions/{subscription}/utilizations/azure?seek_operation=Next"),
            forged_token(
                json!({ "start": i64::MAX, "end": i64::MIN, "hourly": true, "details": true, "size": 5, "offset": 0 }),
            ),
        ),
        (
            &*format!("/customers/{id}/subscriptions/{subscription}/utilizations/azure?seek_operation=Next"),
            forged_token(
                json!({ "start": 0, "end": 9_000_000_000i64, "hourly": true, "details": true, "size": 5, "offset": 0 }),
            ),
        ),
    ];
    for (path, continuation) in &forged {
        let reply = sim
            .call(
                account,
                &token,
                Method::GET,
                path,
                None,
                &[("MS-ContinuationToken", continuation)],
            )
            .await;
        answers.push((
            format!("GET {path} with a forged token"),
            reply.status.as_u16(),
            reply.body.to_string(),
        ));
    }
    let wrong_method = sim
        .call(account, &token, Method::DELETE, "/customers", None, &[])
        .await;
    answers.push((
        "DELETE /customers".into(),
        wrong_method.status.as_u16(),
        wrong_method.body.to_string(),
    ));

    for (what, status, body) in &answers {
        assert!(
            (400..500).contains(status),
            "{what} answered {status}: {}",
            &body[..body.len().min(300)]
        );
        let envelope: Value = serde_json::from_str(body)
            .unwrap_or_else(|_| panic!("{what} answered no JSON: {}", &body[..body.len().min(300)]));
        assert!(
            envelope["code"].is_number()
                && envelope["description"].is_string()
                && envelope["source"] == "PartnerFD",
            "{what}: {envelope}"
        );
    }
    sim.get(account, &token, "/customers").await.expect(200);
}
