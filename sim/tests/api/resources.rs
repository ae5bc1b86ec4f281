//! Conformance: utilities (UTIL-01/02), offers (OFFR-01/02), customer users (USR-01 … USR-07),
//! usage (USE-01/03/06), budgets (BUD-01/02), invoices (INV-01 … INV-04), support (SUP-01 … SUP-06),
//! activity log (AUD-01) and indirect resellers (PRT-10), with each cloud's capabilities.

use crate::support::{TestSim, small_config, urlencode};
use reqwest::Method;
use serde_json::{Value, json};
use sim::{Cloud, SimConfig};

async fn first_customer(sim: &TestSim, account: &Value, token: &str) -> Value {
    sim.all_pages(account, token, "/customers").await.0.remove(0)
}

#[tokio::test]
async fn util_01_publishes_market_rules_and_util_02_checks_addresses_against_them() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let rules = sim
        .get(account, &token, "/countryvalidationrules/US")
        .await
        .expect(200)
        .body;
    assert_eq!(
        (rules["iso2Code"].as_str(), rules["isStateRequired"].as_bool()),
        (Some("US"), Some(true))
    );
    assert!(
        rules["states"]["value"]
            .as_array()
            .unwrap()
            .contains(&json!("WA"))
    );
    sim.get(account, &token, "/countryvalidationrules/ZZ")
        .await
        .expect_error(404, 1000);
    sim.get(account, &token, "/countryvalidationrules/USA")
        .await
        .expect_error(400, 3000);

    let address = |city: &str, postal_code: &str| json!({ "AddressLine1": "1 Main Street", "City": city, "State": "WA", "PostalCode": postal_code, "Country": "US" });
    let verified = sim
        .call(
            account,
            &token,
            Method::POST,
            "/validations/address",
            Some(address("Seattle", "98101")),
            &[],
        )
        .await
        .expect(200);
    assert_eq!(verified.body["status"], "Verified");
    let corrected = sim
        .call(
            account,
            &token,
            Method::POST,
            "/validations/address",
            Some(address("Redmond", "98101")),
            &[],
        )
        .await
        .expect(200);
    assert_eq!(corrected.body["status"], "VerifiedWithChanges");
    assert_eq!(corrected.body["suggestedAddresses"][0]["city"], "Seattle");
    let invalid = sim
        .call(
            account,
            &token,
            Method::POST,
            "/validations/address",
            Some(address("Seattle", "9810")),
            &[],
        )
        .await
        .expect(200);
    assert_eq!(invalid.body["status"], "NotValidated");
}

#[tokio::test]
async fn util_02_answers_the_2017_way_in_legacy_mode() {
    let sim = TestSim::start_with(SimConfig {
        legacy_address_validation: true,
        ..small_config()
    })
    .await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let address = |city: &str| json!({ "AddressLine1": "One Microsoft Way", "City": city, "State": "WA", "PostalCode": "98101", "Country": "US" });

    let valid = sim
        .call(
            account,
            &token,
            Method::POST,
            "/validations/address",
            Some(address("Seattle")),
            &[],
        )
        .await
        .expect(200);
    assert_eq!(valid.body, Value::Null, "a valid address answers an empty body");
    let invalid = sim
        .call(
            account,
            &token,
            Method::POST,
            "/validations/address",
            Some(address("Redmond")),
            &[],
        )
        .await
        .expect_error(400, 2007);
    assert!(
        invalid.body["description"]
            .as_str()
            .unwrap()
            .contains("corrected_address")
    );
}

#[tokio::test]
async fn offers_follow_each_cloud_and_market() {
    let sim = TestSim::start().await;
    let (global, china) = (sim.account(Cloud::Global), sim.account(Cloud::China));
    let global_token = sim.app_token(global).await;
    let china_token = sim.app_token(china).await;

    let offers = sim
        .get(global, &global_token, "/offers?country=US")
        .await
        .expect(200)
        .body;
    assert!(
        offers["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|offer| offer["id"] == "MS-AZR-0145P")
    );
    let azure = sim
        .get(global, &global_token, "/offers/MS-AZR-0145P?country=US")
        .await
        .expect(200)
        .body;
    assert_eq!(
        (azure["billing"].as_str(), azure["unitType"].as_str()),
        (Some("usage"), Some("Usage-based"))
    );
    sim.get(global, &global_token, "/offers/MS-AZR-0145P")
        .await
        .expect_error(400, 3000);
    sim.get(global, &global_token, "/offers?country=DE")
        .await
        .expect_error(400, 800_070);

    let china_offers = sim
        .get(china, &china_token, "/offers?country=CN")
        .await
        .expect(200)
        .body;
    assert!(
        !china_offers["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|offer| offer["billing"] == "usage"),
        "21Vianet sells no Azure"
    );
    sim.get(china, &china_token, "/offers/MS-AZR-0145P?country=CN")
        .await
        .expect_error(404, 1000);
}

#[tokio::test]
async fn customer_users_are_created_soft_deleted_and_restored() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let (app, user) = (sim.app_token(account).await, sim.user_token(account).await);
    let customer = first_customer(&sim, account, &app).await;
    let id = customer["id"].as_str().unwrap();
    let domain = customer["companyProfile"]["domain"].as_str().unwrap();
    let users = format!("/customers/{id}/users");
    let body = json!({
        "usageLocation": "US", "userPrincipalName": format!("new.user@{domain}"), "firstName": "New", "lastName": "User",
        "displayName": "New User", "passwordProfile": { "password": "abCD123*", "forceChangePassword": true },
        "attributes": { "objectType": "CustomerUser" },
    });

    sim.call(account, &app, Method::POST, &users, Some(body.clone()), &[])
        .await
        .expect_error(401, 400);
    let created = sim
        .call(account, &user, Method::POST, &users, Some(body.clone()), &[])
        .await
        .expect(200);
    assert_eq!(
        (
            created.body["state"].as_str(),
            created.body["passwordProfile"]["password"].as_str()
        ),
        (Some("active"), Some("abCD123*"))
    );
    sim.call(account, &user, Method::POST, &users, Some(body.clone()), &[])
        .await
        .expect_error(409, 3000);
    let mut weak = body.clone();
    weak["userPrincipalName"] = json!(format!("weak@{domain}"));
    weak["passwordProfile"]["password"] = json!("password");
    sim.call(account, &user, Method::POST, &users, Some(weak), &[])
        .await
        .expect_error(400, 3000);

    let user_path = format!("{users}/{}", created.body["id"].as_str().unwrap());
    sim.call(account, &user, Method::DELETE, &user_path, None, &[])
        .await
        .expect(204);
    let active = sim.get(account, &user, &users).await.expect(200).body;
    assert!(
        !active["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item["id"] == created.body["id"]),
        "deleted users leave the list"
    );
    let filter = urlencode(r#"{"Field":"UserState","Value":"Inactive","Operator":"equals"}"#);
    let inactive = sim
        .get(account, &user, &format!("{users}?size=500&filter={filter}"))
        .await
        .expect(200)
        .body;
    let deleted = inactive["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == created.body["id"])
        .expect("listed as inactive");
    assert!(deleted["softDeletionTime"].is_string());

    let restored = sim
        .call(
            account,
            &user,
            Method::PATCH,
            &user_path,
            Some(json!({ "State": "active", "Attributes": { "ObjectType": "CustomerUser" } })),
            &[],
        )
        .await
        .expect(200);
    assert_eq!(restored.body["state"], "active");
    sim.call(account, &user, Method::DELETE, &user_path, None, &[])
        .await
        .expect(204);
    sim.advance_clock(31 * 86_400).await;
    let user = sim.user_token(account).await;
    sim.get(account, &user, &user_path)
        .await
        .expect_error(404, 60_002);
}

#[tokio::test]
async fn national_clouds_keep_customer_users_read_only() {
    let sim = TestSim::start().await;
    for cloud in [Cloud::UsGov, Cloud::Germany] {
        let account = sim.account(cloud);
        let user = sim.user_token(account).await;
        let customer = first_customer(&sim, account, &user).await;
        let id = customer["id"].as_str().unwrap();
        sim.get(account, &user, &format!("/customers/{id}/users"))
            .await
            .expect(200);
        let body = json!({ "usageLocation": "US", "userPrincipalName": "x@y.z", "displayName": "X", "passwordProfile": { "password": "abCD123*" } });
        sim.call(
            account,
            &user,
            Method::POST,
            &format!("/customers/{id}/users"),
            Some(body),
            &[],
        )
        .await
        .expect_error(403, 900_127);
    }
}

/// An Azure subscription of some customer of `account`: (customer id, subscription id).
async fn azure_subscription(sim: &TestSim, account: &Value, token: &str) -> (String, String) {
    let (customers, _) = sim.all_pages(account, token, "/customers?size=100").await;
    for customer in customers {
        let id = customer["id"].as_str().unwrap().to_owned();
        let subscriptions = sim
            .get(account, token, &format!("/customers/{id}/subscriptions"))
            .await
            .expect(200)
            .body;
        if let Some(azure) = subscriptions["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["billingType"] == "usage" && item["status"] == "active")
        {
            return (id, azure["id"].as_str().unwrap().to_owned());
        }
    }
    panic!("no active Azure subscription");
}

#[tokio::test]
async fn use_01_pages_daily_and_hourly_utilization_and_stops_while_suspended() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let (customer, subscription) = azure_subscription(&sim, account, &token).await;
    let base = format!("/customers/{customer}/subscriptions/{subscription}/utilizations/azure");
    let now = time::OffsetDateTime::now_utc();
    let iso = |moment: time::OffsetDateTime| {
        moment
            .replace_nanosecond(0)
            .unwrap()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let range = |days: i64| {
        format!(
            "start_time={}&end_time={}",
            iso(now - time::Duration::days(days)),
            iso(now)
        )
    };

    let daily = sim
        .get(
            account,
            &token,
            &format!(
                "{base}?{}&granularity=Daily&show_details=true&size=100",
                range(20)
            ),
        )
        .await
        .expect(200)
        .body;
    let record = &daily["items"][0];
    assert_eq!(record["attributes"]["objectType"], "AzureUtilizationRecord");
    assert!(record["quantity"].as_f64().unwrap() > 0.0 && record["instanceData"]["resourceUri"].is_string());
    assert_eq!(
        daily["links"]["next"]["headers"][0]["key"],
        "MS-ContinuationToken"
    );
    assert!(
        daily["links"]["next"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("seek_operation=Next")
    );
    let (all, pages) = sim
        .all_pages(
            account,
            &token,
            &format!(
                "{base}?{}&granularity=hourly&show_details=false&size=1000",
                range(20)
            ),
        )
        .await;
    assert!(
        pages > 1 && all.len() > 1000,
        "hourly records span pages of at most 1000"
    );
    assert!(all.iter().all(|record| record.get("instanceData").is_none()));
    sim.get(account, &token, &format!("{base}?{}&size=1001", range(2)))
        .await
        .expect_error(400, 3000);
    sim.get(
        account,
        &token,
        &format!("{base}?start_time=yesterday&end_time=today"),
    )
    .await
    .expect_error(400, 3000);

    let path = format!("/customers/{customer}/subscriptions/{subscription}");
    sim.call(
        account,
        &token,
        Method::PATCH,
        &path,
        Some(json!({ "Status": "suspended" })),
        &[],
    )
    .await
    .expect(200);
    sim.advance_clock(2 * 86_400).await;
    let token = sim.app_token(account).await;
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(2);
    let suspended = format!(
        "{base}?start_time={}&end_time={}&granularity=hourly",
        iso(later - time::Duration::hours(30)),
        iso(later)
    );
    let records = sim.get(account, &token, &suspended).await.expect(200).body;
    assert_eq!(records["totalCount"], 0, "no usage accrues while suspended");
}

#[tokio::test]
async fn usage_summaries_and_budgets_agree() {
    let sim = TestSim::start_with(SimConfig {
        customers_per_account: 40,
        ..small_config()
    })
    .await;
    let account = sim.account(Cloud::Global);
    let (app, user) = (sim.app_token(account).await, sim.user_token(account).await);
    let records = sim
        .get(account, &user, "/customers/usagerecords")
        .await
        .expect(200)
        .body;
    let items = records["items"].as_array().unwrap();
    assert!(
        items
            .iter()
            .any(|item| item["percentUsed"].as_f64().unwrap() > 100.0),
        "some customers are over budget"
    );
    assert!(
        items.iter().any(|item| item["budget"]["amount"].is_number()),
        "some customers have a budget"
    );
    let customer = items[0]["id"].as_str().unwrap();
    let summary = sim
        .get(account, &user, &format!("/customers/{customer}/usagesummary"))
        .await
        .expect(200)
        .body;
    assert_eq!(summary["totalCost"], items[0]["totalCost"]);
    sim.get(account, &app, &format!("/customers/{customer}/usagesummary"))
        .await
        .expect_error(401, 400);

    let budget = format!("/customers/{customer}/usagebudget");
    let set = sim
        .call(
            account,
            &app,
            Method::PATCH,
            &budget,
            Some(json!({ "Amount": 250, "Attributes": { "ObjectType": "SpendingBudget" } })),
            &[],
        )
        .await
        .expect(200);
    assert_eq!(set.body["amount"], 250.0);
    assert_eq!(
        sim.get(account, &app, &budget).await.expect(200).body["amount"],
        250.0
    );
    sim.call(
        account,
        &app,
        Method::PATCH,
        &budget,
        Some(json!({ "Amount": -5 })),
        &[],
    )
    .await
    .expect_error(400, 3000);
    let removed = sim
        .call(
            account,
            &app,
            Method::PATCH,
            &budget,
            Some(json!({ "Amount": null })),
            &[],
        )
        .await
        .expect(200);
    assert!(removed.body["amount"].is_null());

    let china = sim.account(Cloud::China);
    let china_token = sim.app_token(china).await;
    let china_customer = first_customer(&sim, china, &china_token).await;
    sim.get(
        china,
        &china_token,
        &format!(
            "/customers/{}/usagebudget",
            china_customer["id"].as_str().unwrap()
        ),
    )
    .await
    .expect_error(403, 900_127);
}

#[tokio::test]
async fn invoice_totals_equal_the_sum_of_their_line_items() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let (app, user) = (sim.app_token(account).await, sim.user_token(account).await);
    let invoices = sim.get(account, &app, "/invoices").await.expect(200).body;
    assert_eq!(invoices["totalCount"], 6);
    let invoice = &invoices["items"][1];
    let id = invoice["id"].as_str().unwrap();
    let full = sim
        .get(account, &user, &format!("/invoices/{id}"))
        .await
        .expect(200)
        .body;
    assert!(full["pdfDownloadLink"].is_string() && invoice.get("pdfDownloadLink").is_none());

    let mut total = 0.0;
    for path in ["Office/BillingLineItems", "Azure/UsageLineItems"] {
        let (items, _) = sim
            .all_pages(account, &app, &format!("/invoices/{id}/lineitems/{path}?size=25"))
            .await;
        total += items
            .iter()
            .map(|item| {
                item["amount"]
                    .as_f64()
                    .or(item["preTaxCharges"].as_f64())
                    .unwrap()
            })
            .sum::<f64>();
    }
    let charged = full["totalCharges"].as_f64().unwrap();
    assert!(
        (total - charged).abs() < 0.01,
        "line items add up to {total}, the invoice says {charged}"
    );
    sim.get(
        account,
        &app,
        &format!("/invoices/{id}/lineitems/Office/Nonsense"),
    )
    .await
    .expect_error(400, 3000);
    let summary = sim.get(account, &app, "/invoices/summary").await.expect(200).body;
    assert!(summary["balanceAmount"].as_f64().unwrap() > 0.0);
}

#[tokio::test]
async fn service_requests_are_opened_noted_and_closed_except_in_21vianet() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let (app, user) = (sim.app_token(account).await, sim.user_token(account).await);
    let topics = sim
        .get(account, &app, "/servicerequests/supporttopics")
        .await
        .expect(200)
        .body;
    let topic = topics["items"][0]["id"].clone();
    assert!(topic.is_number());
    let body = json!({ "Title": "Invoice question", "Description": "Line 4 looks doubled.", "Severity": "moderate", "SupportTopicId": topic.to_string() });
    let created = sim
        .call(
            account,
            &user,
            Method::POST,
            "/servicerequests/en-US",
            Some(body.clone()),
            &[],
        )
        .await
        .expect(201)
        .body;
    assert_eq!(created["status"], "open");
    let path = format!("/servicerequests/{}", created["id"].as_str().unwrap());
    let noted = sim
        .call(
            account,
            &user,
            Method::PATCH,
            &path,
            Some(json!({ "NewNote": { "Text": "Any update?" } })),
            &[],
        )
        .await
        .expect(200)
        .body;
    assert_eq!(
        noted["notes"].as_array().unwrap().last().unwrap()["text"],
        "Any update?"
    );
    let closed = sim
        .call(
            account,
            &user,
            Method::PATCH,
            &path,
            Some(json!({ "Status": "closed" })),
            &[],
        )
        .await
        .expect(200)
        .body;
    assert_eq!(closed["status"], "closed");
    let mut bad = body;
    bad["Severity"] = json!("urgent");
    sim.call(
        account,
        &user,
        Method::POST,
        "/servicerequests/en-US",
        Some(bad),
        &[],
    )
    .await
    .expect_error(400, 3000);
    let listed = sim.get(account, &app, "/servicerequests").await.expect(200).body;
    assert!(listed["totalCount"].as_u64().unwrap() >= 9);

    let china = sim.account(Cloud::China);
    let china_token = sim.app_token(china).await;
    sim.get(china, &china_token, "/servicerequests/supporttopics")
        .await
        .expect_error(403, 900_127);
}

#[tokio::test]
async fn aud_01_keeps_ninety_days_filters_and_pages() {
    let sim = TestSim::start_with(SimConfig {
        customers_per_account: 60,
        ..small_config()
    })
    .await;
    let account = sim.account(Cloud::Global);
    let token = sim.app_token(account).await;
    let today = time::OffsetDateTime::now_utc().date();
    let start = today - time::Duration::days(89);

    let (records, pages) = sim
        .all_pages(
            account,
            &token,
            &format!("/auditrecords?startDate={start}&size=10"),
        )
        .await;
    assert!(pages > 1 && records.len() > 10);
    let dates: Vec<&str> = records
        .iter()
        .map(|record| record["operationDate"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|pair| pair[0] <= pair[1]), "oldest first");
    sim.get(
        account,
        &token,
        &format!("/auditrecords?startDate={}", today - time::Duration::days(120)),
    )
    .await
    .expect_error(400, 3000);
    let customer = records[0]["customerId"].as_str().unwrap();
    let filter =
        urlencode(&json!({ "Field": "CustomerId", "Value": customer, "Operator": "equals" }).to_string());
    let filtered = sim
        .get(
            account,
            &token,
            &format!("/auditrecords?startDate={start}&filter={filter}"),
        )
        .await
        .expect(200)
        .body;
    assert!(
        filtered["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|record| record["customerId"] == customer)
    );
}

#[tokio::test]
async fn prt_10_lists_the_indirect_resellers() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let user = sim.user_token(account).await;
    let resellers = sim
        .get(
            account,
            &user,
            "/relationships?relationship_type=IsIndirectCloudSolutionProviderOf",
        )
        .await
        .expect(200)
        .body;
    let first = &resellers["items"][0];
    assert_eq!(
        (first["relationshipType"].as_str(), first["state"].as_str()),
        (Some("is_indirect_cloud_solution_provider_of"), Some("Active"))
    );
    sim.get(account, &user, "/relationships?relationship_type=Friends")
        .await
        .expect_error(400, 3000);
}
