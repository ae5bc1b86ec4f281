//! Conformance: customers (CUST-01/02/03/04/07/08/09) and domain availability (UTIL-03).

use crate::support::{TestSim, new_customer_body, urlencode};
use reqwest::Method;
use serde_json::{Value, json};
use sim::Cloud;
use std::collections::HashSet;

#[tokio::test]
async fn cust_03_pages_through_every_customer_with_continuation_tokens() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;

    let first = sim
        .call(
            account,
            &token,
            Method::GET,
            "/customers?size=5",
            None,
            &[
                ("MS-RequestId", "req-1"),
                ("MS-CorrelationId", "0f8fad5b-d9cb-469f-a165-70867728950e"),
            ],
        )
        .await
        .expect(200);
    assert_eq!(first.header("ms-requestid"), Some("req-1"));
    assert_eq!(
        first.header("ms-correlationid"),
        Some("0f8fad5b-d9cb-469f-a165-70867728950e")
    );
    assert!(first.header("ms-cv").is_some());
    assert_eq!(
        first.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(first.body["attributes"]["objectType"], "Collection");
    assert_eq!(first.body["totalCount"], 5);
    let next = &first.body["links"]["next"];
    assert_eq!(next["uri"], "/customers?seekOperation=Next");
    assert_eq!(next["headers"][0]["key"], "MS-ContinuationToken");

    let (items, pages) = sim.all_pages(account, &token, "/customers?size=5").await;
    assert_eq!(pages, 3);
    let ids: HashSet<&str> = items.iter().map(|item| item["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 12, "every customer exactly once");
    for item in &items {
        assert_eq!(
            item["id"], item["companyProfile"]["tenantId"],
            "the customer id is its tenant id"
        );
        assert_eq!(item["relationshipToPartner"], "reseller");
        assert!(
            item.get("allowDelegatedAccess").is_none(),
            "lists do not carry allowDelegatedAccess"
        );
    }
}

#[tokio::test]
async fn cust_03_refuses_oversized_pages_and_bad_tokens_with_the_envelope() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;

    sim.get(account, &token, "/customers?size=100000")
        .await
        .expect_error(400, 3000);
    sim.get(account, &token, "/customers?size=abc")
        .await
        .expect_error(400, 3000);
    sim.call(
        account,
        &token,
        Method::GET,
        "/customers?seekOperation=Next",
        None,
        &[("MS-ContinuationToken", "forged")],
    )
    .await
    .expect_error(400, 3000);
    sim.get(account, &token, "/customers?seekOperation=Next")
        .await
        .expect_error(400, 3000);
}

#[tokio::test]
async fn cust_04_finds_customers_by_name_or_domain_prefix_ignoring_case() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let (all, _) = sim.all_pages(account, &token, "/customers?size=100").await;
    let target = &all[3]["companyProfile"];
    let name_prefix = target["companyName"].as_str().unwrap()[..4].to_uppercase();
    let domain_prefix = &target["domain"].as_str().unwrap()[..5];

    for (field, prefix) in [("CompanyName", name_prefix.as_str()), ("Domain", domain_prefix)] {
        let filter = json!({ "Field": field, "Value": prefix, "Operator": "starts_with" }).to_string();
        let reply = sim
            .get(
                account,
                &token,
                &format!("/customers?size=0&filter={}", urlencode(&filter)),
            )
            .await
            .expect(200);
        let items = reply.body["items"].as_array().unwrap();
        assert!(
            items.iter().any(|item| item["id"] == all[3]["id"]),
            "{field} {prefix} misses the customer"
        );
        let key = if field == "Domain" {
            "domain"
        } else {
            "companyName"
        };
        assert!(items.iter().all(|item| {
            item["companyProfile"][key]
                .as_str()
                .unwrap()
                .to_lowercase()
                .starts_with(&prefix.to_lowercase())
        }));
    }
}

#[tokio::test]
async fn cust_04_supports_only_starts_with_on_the_documented_fields() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    for filter in [
        json!({ "Field": "CompanyName", "Value": "a", "Operator": "substring" }).to_string(),
        json!({ "Field": "Colour", "Value": "a", "Operator": "starts_with" }).to_string(),
        "{not json".to_owned(),
    ] {
        sim.get(
            account,
            &token,
            &format!("/customers?filter={}", urlencode(&filter)),
        )
        .await
        .expect_error(400, 3000);
    }
}

#[tokio::test]
async fn cust_01_creates_a_customer_whose_id_is_its_tenant_and_shows_the_password_once() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let suffix = "onmicrosoft.com";
    sim.call(
        account,
        &token,
        Method::HEAD,
        &format!("/domains/fourthcoffee1.{suffix}"),
        None,
        &[],
    )
    .await
    .expect(404);

    let created = sim
        .call(
            account,
            &token,
            Method::POST,
            "/customers",
            Some(new_customer_body("fourthcoffee1", suffix)),
            &[],
        )
        .await
        .expect(201);

    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(created.body["companyProfile"]["tenantId"], id.as_str());
    assert_eq!(created.body["userCredentials"]["userName"], "admin");
    assert!(
        created.body["userCredentials"]["password"]
            .as_str()
            .unwrap()
            .len()
            >= 8
    );
    assert_eq!(
        created.body["relationshipToPartner"], "none",
        "the create response echoes the request"
    );
    assert!(created.body["billingProfile"]["attributes"]["etag"].is_string());
    let fetched = sim
        .get(account, &token, &format!("/customers/{id}"))
        .await
        .expect(200);
    assert!(
        fetched.body.get("userCredentials").is_none(),
        "the password is shown only once"
    );
    assert_eq!(fetched.body["relationshipToPartner"], "reseller");
    assert_eq!(fetched.body["allowDelegatedAccess"], true);
    sim.call(
        account,
        &token,
        Method::HEAD,
        &format!("/domains/fourthcoffee1.{suffix}"),
        None,
        &[],
    )
    .await
    .expect(200);
    let audit = sim.get(account, &token, "/auditrecords").await.expect(200);
    assert!(
        audit.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|record| record["operationType"] == "add_customer" && record["customerId"] == id.as_str())
    );
}

#[tokio::test]
async fn cust_01_explains_each_bad_input() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let suffix = "onmicrosoft.com";
    let with = |change: &dyn Fn(&mut Value)| {
        let mut body = new_customer_body("badinput", suffix);
        change(&mut body);
        body
    };
    let cases: Vec<(Value, u16, i64)> = vec![
        (
            with(&|body| {
                body.as_object_mut().unwrap().remove("BillingProfile");
            }),
            400,
            3000,
        ),
        (
            with(&|body| body["BillingProfile"]["DefaultAddress"]["PostalCode"] = json!("ABC")),
            400,
            3000,
        ),
        (
            with(&|body| body["BillingProfile"]["DefaultAddress"]["State"] = json!("XX")),
            400,
            3000,
        ),
        (
            with(&|body| body["BillingProfile"]["Email"] = json!("not-an-email")),
            400,
            3000,
        ),
        (
            with(&|body| body["CompanyProfile"]["Domain"] = json!("bad domain.onmicrosoft.com")),
            400,
            3000,
        ),
        (
            with(&|body| body["CompanyProfile"]["Domain"] = json!("contoso.example.org")),
            400,
            3000,
        ),
        (with(&|body| body["Colour"] = json!("red")), 400, 3000),
        (
            with(&|body| {
                body["BillingProfile"]["DefaultAddress"] = json!({ "Country": "DE", "City": "Berlin", "AddressLine1": "Hauptstraße 1", "PostalCode": "10115" });
            }),
            403,
            2030,
        ),
        (
            with(&|body| body["CompanyProfile"]["OrganizationRegistrationNumber"] = json!("12345")),
            400,
            600_002,
        ),
    ];
    for (body, status, code) in cases {
        sim.call(account, &token, Method::POST, "/customers", Some(body), &[])
            .await
            .expect_error(status, code);
    }
    let raw = sim
        .http
        .post(format!(
            "{}/v1/customers",
            account["api_base_url"].as_str().unwrap()
        ))
        .bearer_auth(&token)
        .header("Content-Type", "application/json")
        .body("{\"CompanyProfile\":")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let envelope: Value = raw.json().await.unwrap();
    assert_eq!(envelope["code"], 3000);
    let (all, _) = sim.all_pages(account, &token, "/customers?size=100").await;
    assert_eq!(all.len(), 12, "no failed request created a customer");
}

#[tokio::test]
async fn cust_01_cannot_reuse_a_domain_and_germany_takes_no_new_customers() {
    let sim = TestSim::start().await;
    let global = sim.account(Cloud::Global);
    let token = sim.app_token(global).await;
    sim.call(
        global,
        &token,
        Method::POST,
        "/customers",
        Some(new_customer_body("twice", "onmicrosoft.com")),
        &[],
    )
    .await
    .expect(201);
    sim.call(
        global,
        &token,
        Method::POST,
        "/customers",
        Some(new_customer_body("twice", "onmicrosoft.com")),
        &[],
    )
    .await
    .expect_error(400, 3000);

    let germany = sim.account(Cloud::Germany);
    let token = sim.app_token(germany).await;
    sim.call(
        germany,
        &token,
        Method::POST,
        "/customers",
        Some(new_customer_body("neukunde", "onmicrosoft.de")),
        &[],
    )
    .await
    .expect_error(403, 900_127);
}

#[tokio::test]
async fn cust_07_needs_an_app_and_user_token_and_cust_08_does_not() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::UsGov);
    let app = sim.app_token(account).await;
    let user = sim.user_token(account).await;
    let (customers, _) = sim.all_pages(account, &app, "/customers").await;
    let id = customers[0]["id"].as_str().unwrap();

    sim.get(account, &app, &format!("/customers/{id}/profiles/company"))
        .await
        .expect_error(401, 400);
    let company = sim
        .get(account, &user, &format!("/customers/{id}/profiles/company"))
        .await
        .expect(200);
    assert_eq!(company.body["attributes"]["objectType"], "CustomerCompanyProfile");
    let billing = sim
        .get(account, &app, &format!("/customers/{id}/profiles/billing"))
        .await
        .expect(200);
    assert_eq!(billing.body["attributes"]["objectType"], "CustomerBillingProfile");
}

#[tokio::test]
async fn cust_09_updates_the_billing_profile_only_with_the_current_etag() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let (customers, _) = sim.all_pages(account, &token, "/customers").await;
    let path = format!(
        "/customers/{}/profiles/billing",
        customers[0]["id"].as_str().unwrap()
    );
    let profile = sim.get(account, &token, &path).await.expect(200).body;
    let etag = profile["attributes"]["etag"].as_str().unwrap().to_owned();
    let mut changed = profile.clone();
    changed["email"] = json!("accounts-payable@example.com");

    let updated = sim
        .call(
            account,
            &token,
            Method::PUT,
            &path,
            Some(changed.clone()),
            &[("If-Match", &format!("\"{etag}\""))],
        )
        .await
        .expect(200);
    assert_eq!(updated.body["email"], "accounts-payable@example.com");
    assert_ne!(updated.body["attributes"]["etag"], etag.as_str());

    sim.call(
        account,
        &token,
        Method::PUT,
        &path,
        Some(changed.clone()),
        &[("If-Match", &etag)],
    )
    .await
    .expect_error(400, 2055);
    let mut moved = updated.body.clone();
    moved["defaultAddress"]["country"] = json!("CA");
    moved["defaultAddress"]["postalCode"] = json!("M5H 2N2");
    moved["defaultAddress"]["state"] = json!("ON");
    let current = updated.body["attributes"]["etag"].as_str().unwrap().to_owned();
    sim.call(
        account,
        &token,
        Method::PUT,
        &path,
        Some(moved),
        &[("If-Match", &current)],
    )
    .await
    .expect_error(400, 3000);
}

#[tokio::test]
async fn cust_02_refuses_malformed_ids_and_unknown_customers() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    sim.get(account, &token, "/customers/not-a-guid")
        .await
        .expect_error(400, 3000);
    sim.get(account, &token, "/customers/00000000-0000-0000-0000-000000000001")
        .await
        .expect_error(404, 60_003);
    sim.get(account, &token, "/no/such/operation")
        .await
        .expect_error(404, 1000);
}
