//! Mutating requests are idempotent on MS-RequestId: a retry after a timeout returns the first
//! result and never acts twice (contract §1.3, CUST-01 "idempotent").

use crate::support::{TestSim, new_customer_body};
use reqwest::Method;
use serde_json::json;
use sim::Cloud;

#[tokio::test]
async fn a_retried_create_returns_the_first_customer_and_creates_no_second() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let headers = [("MS-RequestId", "9e3e5ad6-4d1f-4a5c-8a4b-2a0c7a2b7f10")];
    let body = new_customer_body("retrycoffee", "onmicrosoft.com");

    let first = sim
        .call(
            account,
            &token,
            Method::POST,
            "/customers",
            Some(body.clone()),
            &headers,
        )
        .await
        .expect(201);
    let retry = sim
        .call(
            account,
            &token,
            Method::POST,
            "/customers",
            Some(body.clone()),
            &headers,
        )
        .await
        .expect(201);

    assert_eq!(first.body, retry.body, "the retry answers the stored result");
    let (customers, _) = sim.all_pages(account, &token, "/customers?size=100").await;
    assert_eq!(
        customers
            .iter()
            .filter(|customer| customer["companyProfile"]["domain"] == "retrycoffee.onmicrosoft.com")
            .count(),
        1
    );
    assert_eq!(sim.counters(account).await["replayed"], 1);
    let another = sim
        .call(
            account,
            &token,
            Method::POST,
            "/customers",
            Some(body),
            &[("MS-RequestId", "another")],
        )
        .await;
    another.expect_error(400, 3000);
}

#[tokio::test]
async fn a_retried_order_and_a_retried_suspension_act_once() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let customer = sim.all_pages(account, &token, "/customers").await.0.remove(0);
    let id = customer["id"].as_str().unwrap();
    let order = json!({ "ReferenceCustomerId": id, "LineItems": [ { "LineItemNumber": 0, "OfferId": "796B6B5F-613C-4E24-A17C-EBA730D49C02", "Quantity": 3 } ] });
    let before = sim
        .get(account, &token, &format!("/customers/{id}/subscriptions"))
        .await
        .expect(200)
        .body["totalCount"]
        .as_u64()
        .unwrap();

    let headers = [("MS-RequestId", "order-retry-1")];
    let first = sim
        .call(
            account,
            &token,
            Method::POST,
            &format!("/customers/{id}/orders"),
            Some(order.clone()),
            &headers,
        )
        .await
        .expect(201);
    let second = sim
        .call(
            account,
            &token,
            Method::POST,
            &format!("/customers/{id}/orders"),
            Some(order),
            &headers,
        )
        .await
        .expect(201);
    assert_eq!(first.body["id"], second.body["id"]);
    let after = sim
        .get(account, &token, &format!("/customers/{id}/subscriptions"))
        .await
        .expect(200)
        .body["totalCount"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before + 1);

    let path = format!(
        "/customers/{id}/subscriptions/{}",
        first.body["lineItems"][0]["subscriptionId"].as_str().unwrap()
    );
    let suspend = [("MS-RequestId", "suspend-retry-1")];
    for _ in 0..3 {
        sim.call(
            account,
            &token,
            Method::PATCH,
            &path,
            Some(json!({ "Status": "suspended" })),
            &suspend,
        )
        .await
        .expect(200);
    }
    let audit = sim
        .get(account, &token, "/auditrecords?size=1000")
        .await
        .expect(200)
        .body;
    let subscription_id = first.body["lineItems"][0]["subscriptionId"]
        .as_str()
        .unwrap()
        .to_lowercase();
    let suspensions = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|record| record["operationType"] == "update_subscription")
        .filter(|record| {
            record["customizedData"]
                .as_array()
                .unwrap()
                .iter()
                .any(|pair| pair["value"] == subscription_id.as_str())
        })
        .count();
    assert_eq!(
        suspensions, 1,
        "three requests with one MS-RequestId changed the subscription once"
    );
}

#[tokio::test]
async fn concurrent_duplicates_never_create_twice() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let headers = [("MS-RequestId", "racing-request")];
    let body = new_customer_body("racingcoffee", "onmicrosoft.com");
    let attempts = (0..8).map(|_| {
        sim.call(
            account,
            &token,
            Method::POST,
            "/customers",
            Some(body.clone()),
            &headers,
        )
    });
    let replies = futures_util::future::join_all(attempts).await;

    let created: Vec<_> = replies.iter().filter(|reply| reply.status == 201).collect();
    assert!(!created.is_empty());
    assert!(
        created
            .iter()
            .all(|reply| reply.body["id"] == created[0].body["id"]),
        "every success names the same customer"
    );
    assert!(
        replies
            .iter()
            .all(|reply| reply.status == 201 || (reply.status == 409 && reply.body["code"] == 800_060))
    );
    let (customers, _) = sim.all_pages(account, &token, "/customers?size=100").await;
    assert_eq!(
        customers
            .iter()
            .filter(|customer| customer["companyProfile"]["domain"] == "racingcoffee.onmicrosoft.com")
            .count(),
        1
    );
}
