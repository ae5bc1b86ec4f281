//! Conformance: orders (ORD-01/02/03/04) and subscriptions (SUB-01 … SUB-08), with every rule of
//! the contract's subscription state machine.

use crate::support::TestSim;
use reqwest::Method;
use serde_json::{Value, json};
use sim::Cloud;

const E3: &str = "796B6B5F-613C-4E24-A17C-EBA730D49C02";
const ATP_ADD_ON: &str = "84A03D81-6B37-4D66-8D4A-FAEA24541538";

fn order(customer: &str, lines: &[(&str, Option<i64>)]) -> Value {
    let items: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(number, (offer, quantity))| json!({ "LineItemNumber": number, "OfferId": offer, "FriendlyName": "new offer purchase", "Quantity": quantity }))
        .collect();
    json!({ "ReferenceCustomerId": customer, "BillingCycle": "unknown", "LineItems": items, "Attributes": { "ObjectType": "Order" } })
}

/// The first customer of `account` and its id.
async fn first_customer(sim: &TestSim, account: &Value, token: &str) -> String {
    let (customers, _) = sim.all_pages(account, token, "/customers").await;
    customers[0]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn ord_01_adds_subscriptions_that_provision_after_the_delay() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let (app, user) = (sim.app_token(account).await, sim.user_token(account).await);
    let customer = first_customer(&sim, account, &app).await;

    let created = sim
        .call(
            account,
            &app,
            Method::POST,
            &format!("/customers/{customer}/orders"),
            Some(order(&customer, &[(E3, Some(5)), ("MS-AZR-0145P", None)])),
            &[],
        )
        .await
        .expect(201);

    assert_eq!(created.body["billingCycle"], "monthly");
    assert_eq!(created.body["referenceCustomerId"], customer.as_str());
    let lines = created.body["lineItems"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    let subscription = lines[0]["subscriptionId"].as_str().unwrap();
    let path = format!("/customers/{customer}/subscriptions/{subscription}");
    assert_eq!(lines[0]["links"]["subscription"]["uri"], path.as_str());
    let fetched = sim.get(account, &app, &path).await.expect(200);
    assert_eq!(
        (fetched.body["status"].as_str(), fetched.body["quantity"].as_i64()),
        (Some("active"), Some(5))
    );
    let azure = sim
        .get(
            account,
            &app,
            &format!(
                "/customers/{customer}/subscriptions/{}",
                lines[1]["subscriptionId"].as_str().unwrap()
            ),
        )
        .await
        .expect(200);
    assert_eq!(
        (
            azure.body["unitType"].as_str(),
            azure.body["billingType"].as_str()
        ),
        (Some("Usage-based"), Some("usage"))
    );
    assert_eq!(azure.body["commitmentEndDate"], "9999-12-10T00:00:00Z");

    let pending = sim
        .get(account, &user, &format!("{path}/provisioningstatus"))
        .await
        .expect(200);
    assert_eq!(pending.body["status"], "pending");
    sim.advance_clock(31).await;
    let done = sim
        .get(account, &user, &format!("{path}/provisioningstatus"))
        .await
        .expect(200);
    assert!(["success", "failed"].contains(&done.body["status"].as_str().unwrap()));
    sim.get(account, &app, &format!("{path}/provisioningstatus"))
        .await
        .expect_error(401, 400);

    let by_order = sim
        .get(
            account,
            &app,
            &format!(
                "/customers/{customer}/subscriptions?order_id={}",
                created.body["id"].as_str().unwrap()
            ),
        )
        .await
        .expect(200);
    assert_eq!(by_order.body["totalCount"], 2);
    let orders = sim
        .get(account, &app, &format!("/customers/{customer}/orders"))
        .await
        .expect(200);
    assert!(
        orders.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item["id"] == created.body["id"])
    );
    sim.get(
        account,
        &app,
        &format!(
            "/customers/{customer}/orders/{}",
            created.body["id"].as_str().unwrap()
        ),
    )
    .await
    .expect(200);
    sim.get(
        account,
        &app,
        &format!("/customers/{customer}/orders/{}", uuid_like(9)),
    )
    .await
    .expect_error(404, 20_000);
}

#[tokio::test]
async fn ord_01_refuses_bad_orders_with_the_documented_codes() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let customer = first_customer(&sim, account, &token).await;
    let path = format!("/customers/{customer}/orders");
    let mut misnumbered = order(&customer, &[(E3, Some(5))]);
    misnumbered["LineItems"][0]["LineItemNumber"] = json!(3);
    let cases = [
        (misnumbered, 400, 800_071),
        (order(&customer, &[("NOT-AN-OFFER", Some(1))]), 400, 800_070),
        (order(&customer, &[(E3, Some(0))]), 400, 2002),
        (order(&customer, &[(E3, Some(100_000))]), 400, 2002),
        (order(&customer, &[("MS-AZR-0145P", Some(3))]), 400, 2002),
        (order(&uuid_like(1), &[(E3, Some(5))]), 400, 3000),
        (
            json!({ "ReferenceCustomerId": customer, "LineItems": [] }),
            400,
            3000,
        ),
    ];
    for (body, status, code) in cases {
        sim.call(account, &token, Method::POST, &path, Some(body), &[])
            .await
            .expect_error(status, code);
    }

    let china = sim.account(Cloud::China);
    let china_token = sim.app_token(china).await;
    let china_customer = first_customer(&sim, china, &china_token).await;
    sim.call(
        china,
        &china_token,
        Method::POST,
        &format!("/customers/{china_customer}/orders"),
        Some(order(&china_customer, &[("MS-AZR-0145P", None)])),
        &[],
    )
    .await
    .expect_error(400, 800_070);
}

#[tokio::test]
async fn ord_02_puts_the_indirect_reseller_on_record_with_an_app_and_user_token() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let (app, user) = (sim.app_token(account).await, sim.user_token(account).await);
    let customer = first_customer(&sim, account, &app).await;
    let resellers = sim
        .get(
            account,
            &user,
            "/relationships?relationship_type=IsIndirectCloudSolutionProviderOf",
        )
        .await
        .expect(200);
    let mpn = resellers.body["items"][0]["mpnId"].as_str().unwrap().to_owned();
    let path = format!("/customers/{customer}/orders");
    let mut body = order(&customer, &[(E3, Some(10))]);
    body["LineItems"][0]["PartnerIdOnRecord"] = json!(mpn);

    sim.call(account, &app, Method::POST, &path, Some(body.clone()), &[])
        .await
        .expect_error(401, 400);
    let created = sim
        .call(account, &user, Method::POST, &path, Some(body.clone()), &[])
        .await
        .expect(201);
    assert_eq!(created.body["lineItems"][0]["partnerIdOnRecord"], mpn.as_str());
    let by_mpn = sim
        .get(
            account,
            &app,
            &format!("/customers/{customer}/subscriptions?mpn_id={mpn}"),
        )
        .await
        .expect(200);
    assert!(
        by_mpn.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|item| item["partnerId"] == mpn.as_str())
    );

    body["LineItems"][0]["PartnerIdOnRecord"] = json!("9999999");
    sim.call(account, &user, Method::POST, &path, Some(body.clone()), &[])
        .await
        .expect_error(404, 800_015);
    body["LineItems"][0]["PartnerIdOnRecord"] = json!(account["mpn_id"]);
    sim.call(account, &user, Method::POST, &path, Some(body), &[])
        .await
        .expect_error(400, 800_016);
}

/// Orders a base licence and its add-on for a customer; returns (base path, add-on path).
async fn base_and_add_on(sim: &TestSim, account: &Value, token: &str, customer: &str) -> (String, String) {
    let base = sim
        .call(
            account,
            token,
            Method::POST,
            &format!("/customers/{customer}/orders"),
            Some(order(customer, &[(E3, Some(20))])),
            &[],
        )
        .await
        .expect(201);
    let mut add_on_order = order(customer, &[(ATP_ADD_ON, Some(10))]);
    add_on_order["LineItems"][0]["ParentSubscriptionId"] =
        base.body["lineItems"][0]["subscriptionId"].clone();
    let add_on = sim
        .call(
            account,
            token,
            Method::POST,
            &format!("/customers/{customer}/orders"),
            Some(add_on_order),
            &[],
        )
        .await
        .expect(201);
    let path = |reply: &crate::support::Reply| {
        format!(
            "/customers/{customer}/subscriptions/{}",
            reply.body["lineItems"][0]["subscriptionId"].as_str().unwrap()
        )
    };
    (path(&base), path(&add_on))
}

async fn patch(
    sim: &TestSim,
    account: &Value,
    token: &str,
    path: &str,
    body: Value,
    etag: Option<&str>,
) -> crate::support::Reply {
    let headers: Vec<(&str, &str)> = etag.map(|etag| vec![("If-Match", etag)]).unwrap_or_default();
    sim.call(account, token, Method::PATCH, path, Some(body), &headers)
        .await
}

#[tokio::test]
async fn sub_06_and_sub_07_suspend_and_reactivate_with_the_current_etag() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let customer = first_customer(&sim, account, &token).await;
    let (base, _) = base_and_add_on(&sim, account, &token, &customer).await;
    let current = sim.get(account, &token, &base).await.expect(200).body;
    let etag = current["attributes"]["etag"].as_str().unwrap().to_owned();

    let mut full = current.clone();
    full["status"] = json!("suspended");
    let suspended = patch(&sim, account, &token, &base, full, Some(&etag))
        .await
        .expect(200);
    assert_eq!(suspended.body["status"], "suspended");
    assert_eq!(sim.calls(account, "SUB-06", 200).await, 1);

    patch(
        &sim,
        account,
        &token,
        &base,
        json!({ "Status": "active" }),
        Some(&etag),
    )
    .await
    .expect_error(400, 2055);
    let new_etag = suspended.body["attributes"]["etag"].as_str().unwrap();
    let active = patch(
        &sim,
        account,
        &token,
        &base,
        json!({ "Status": "active" }),
        Some(new_etag),
    )
    .await
    .expect(200);
    assert_eq!(active.body["status"], "active");
    assert_eq!(sim.calls(account, "SUB-07", 200).await, 1);
    let audit = sim
        .get(account, &token, "/auditrecords?size=1000")
        .await
        .expect(200);
    let subscription_id = current["id"].as_str().unwrap().to_lowercase();
    let updates = audit.body["items"]
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
    assert_eq!(updates, 2);
}

#[tokio::test]
async fn a_suspended_subscription_keeps_its_seats_and_name_until_reactivated() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let customer = first_customer(&sim, account, &token).await;
    let (base, _) = base_and_add_on(&sim, account, &token, &customer).await;
    patch(
        &sim,
        account,
        &token,
        &base,
        json!({ "Status": "suspended" }),
        None,
    )
    .await
    .expect(200);

    patch(&sim, account, &token, &base, json!({ "Quantity": 25 }), None)
        .await
        .expect_error(400, 2001);
    patch(
        &sim,
        account,
        &token,
        &base,
        json!({ "FriendlyName": "Finance" }),
        None,
    )
    .await
    .expect_error(400, 800_091);
    patch(
        &sim,
        account,
        &token,
        &base,
        json!({ "Status": "suspended" }),
        None,
    )
    .await
    .expect(200);
    patch(
        &sim,
        account,
        &token,
        &base,
        json!({ "Status": "active", "Quantity": 25 }),
        None,
    )
    .await
    .expect(200);
    let renamed = patch(
        &sim,
        account,
        &token,
        &base,
        json!({ "FriendlyName": "Finance team" }),
        None,
    )
    .await
    .expect(200);
    assert_eq!(
        (
            renamed.body["friendlyName"].as_str(),
            renamed.body["quantity"].as_i64()
        ),
        (Some("Finance team"), Some(25))
    );
    assert_eq!(sim.calls(account, "SUB-05", 200).await, 1);
    patch(&sim, account, &token, &base, json!({ "Quantity": 100_000 }), None)
        .await
        .expect_error(400, 2002);
    patch(&sim, account, &token, &base, json!({ "Status": "deleted" }), None)
        .await
        .expect_error(400, 800_096);
    patch(&sim, account, &token, &base, json!({ "Colour": "blue" }), None)
        .await
        .expect_error(400, 3000);
}

#[tokio::test]
async fn an_add_on_cannot_be_reactivated_while_its_parent_is_suspended() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let customer = first_customer(&sim, account, &token).await;
    let (base, add_on) = base_and_add_on(&sim, account, &token, &customer).await;
    let add_on_body = sim.get(account, &token, &add_on).await.expect(200).body;
    assert_eq!(
        add_on_body["parentSubscriptionId"],
        base.rsplit('/').next().unwrap()
    );
    assert!(add_on_body["links"]["parentSubscription"]["uri"].is_string());

    patch(
        &sim,
        account,
        &token,
        &add_on,
        json!({ "Status": "suspended" }),
        None,
    )
    .await
    .expect(200);
    patch(
        &sim,
        account,
        &token,
        &base,
        json!({ "Status": "suspended" }),
        None,
    )
    .await
    .expect(200);
    patch(
        &sim,
        account,
        &token,
        &add_on,
        json!({ "Status": "active" }),
        None,
    )
    .await
    .expect_error(409, 27_009);
    patch(&sim, account, &token, &base, json!({ "Status": "active" }), None)
        .await
        .expect(200);
    patch(
        &sim,
        account,
        &token,
        &add_on,
        json!({ "Status": "active" }),
        None,
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn a_deleted_subscription_cannot_change() {
    let sim = TestSim::start_with(sim::SimConfig {
        customers_per_account: 60,
        ..crate::support::small_config()
    })
    .await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let (customers, _) = sim.all_pages(account, &token, "/customers?size=100").await;
    let mut deleted = None;
    for customer in &customers {
        let id = customer["id"].as_str().unwrap();
        let subscriptions = sim
            .get(account, &token, &format!("/customers/{id}/subscriptions"))
            .await
            .expect(200);
        if let Some(item) = subscriptions.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["status"] == "deleted")
        {
            deleted = Some(format!(
                "/customers/{id}/subscriptions/{}",
                item["id"].as_str().unwrap()
            ));
            break;
        }
    }
    let path = deleted.expect("the generated data has deleted subscriptions");
    patch(&sim, account, &token, &path, json!({ "Status": "active" }), None)
        .await
        .expect_error(400, 2011);
    patch(
        &sim,
        account,
        &token,
        &path,
        json!({ "FriendlyName": "again" }),
        None,
    )
    .await
    .expect_error(400, 2011);
}

#[tokio::test]
async fn generated_data_has_every_subscription_state() {
    let sim = TestSim::start_with(sim::SimConfig {
        customers_per_account: 60,
        ..crate::support::small_config()
    })
    .await;
    let account = sim.account(Cloud::Global);
    let (app, user) = (sim.app_token(account).await, sim.user_token(account).await);
    let (customers, _) = sim.all_pages(account, &app, "/customers?size=100").await;
    let mut statuses = std::collections::HashSet::new();
    let mut provisioning = std::collections::HashSet::new();
    for customer in &customers {
        let id = customer["id"].as_str().unwrap();
        for item in sim
            .get(account, &app, &format!("/customers/{id}/subscriptions"))
            .await
            .expect(200)
            .body["items"]
            .as_array()
            .unwrap()
        {
            statuses.insert(item["status"].as_str().unwrap().to_owned());
            let path = format!(
                "/customers/{id}/subscriptions/{}/provisioningstatus",
                item["id"].as_str().unwrap()
            );
            provisioning.insert(
                sim.get(account, &user, &path).await.expect(200).body["status"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
    }
    for status in ["active", "suspended", "deleted", "expired"] {
        assert!(
            statuses.contains(status),
            "no {status} subscription in {statuses:?}"
        );
    }
    for status in ["success", "pending", "failed"] {
        assert!(
            provisioning.contains(status),
            "no {status} provisioning in {provisioning:?}"
        );
    }
}

fn uuid_like(n: u8) -> String {
    format!("00000000-0000-0000-0000-0000000000{n:02}")
}
