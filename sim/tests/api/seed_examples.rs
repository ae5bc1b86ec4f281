//! Every JSON response example of the seed for an implemented operation (extracted into
//! `tests/seed_examples/`) is compared with what the simulator answers for the same operation:
//! each property of the example must be present with the same name, casing and JSON type.
//! The simulator may send more (current documentation adds properties).

use crate::support::{TestSim, small_config, urlencode};
use reqwest::Method;
use serde_json::{Value, json};
use sim::{Cloud, SimConfig};
use std::collections::BTreeMap;

/// Differences the contract documents as seed defects (Appendix C), as (seed name, wire name).
const DOCUMENTED_RENAMES: [(&str, &str); 1] = [("ammount", "amount")];

struct Fixture {
    status: u16,
    pascal_artefact: bool,
    example: Value,
}

fn fixtures() -> BTreeMap<String, Fixture> {
    let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/seed_examples");
    std::fs::read_dir(&directory)
        .unwrap()
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            (path.extension()? == "json").then(|| {
                let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
                let fixture = Fixture {
                    status: file["status"].as_u64().unwrap() as u16,
                    pascal_artefact: file["casing"] == "pascal-artefact",
                    example: file["example"].clone(),
                };
                (name, fixture)
            })
        })
        .collect()
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Where `actual` lacks a property of `expected` or has it with another JSON type.
fn mismatches(expected: &Value, actual: &Value, path: &str, ignore_case: bool, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Null, _) => {}
        (Value::Object(expected), Value::Object(actual)) => {
            // Null properties are omitted from real responses (contract §1.5): a null may be absent.
            for (key, value) in expected.iter().filter(|(_, value)| !value.is_null()) {
                let wire = DOCUMENTED_RENAMES
                    .iter()
                    .find(|(seed, _)| seed == key)
                    .map_or(key.as_str(), |(_, wire)| wire);
                let found = actual.iter().find(|(name, _)| {
                    if ignore_case {
                        name.eq_ignore_ascii_case(wire)
                    } else {
                        *name == wire
                    }
                });
                match found {
                    Some((_, actual)) => {
                        mismatches(value, actual, &format!("{path}.{key}"), ignore_case, out)
                    }
                    None => out.push(format!("{path}.{key}: missing")),
                }
            }
        }
        (Value::Array(expected), Value::Array(actual)) => {
            if let (Some(first), Some(actual_first)) = (expected.first(), actual.first()) {
                mismatches(first, actual_first, &format!("{path}[0]"), ignore_case, out);
            } else if !expected.is_empty() {
                out.push(format!(
                    "{path}: the simulator's array is empty, so its items cannot be compared"
                ));
            }
        }
        (expected, actual) if kind(expected) != kind(actual) => {
            out.push(format!(
                "{path}: {} in the seed, {} from the simulator",
                kind(expected),
                kind(actual)
            ));
        }
        _ => {}
    }
}

const E3: &str = "796B6B5F-613C-4E24-A17C-EBA730D49C02";
const ATP_ADD_ON: &str = "84A03D81-6B37-4D66-8D4A-FAEA24541538";

/// Calls each operation the fixtures cover and returns (status, body) per fixture name.
async fn simulator_answers(sim: &TestSim) -> BTreeMap<String, (u16, Value)> {
    let account = sim.account(Cloud::Global);
    let (app, user) = (sim.app_token(account).await, sim.user_token(account).await);
    let mut answers = BTreeMap::new();
    let mut record = |name: &str, reply: crate::support::Reply| {
        answers.insert(name.to_owned(), (reply.status.as_u16(), reply.body));
    };
    let call = |method: Method, path: String, body: Option<Value>, token: String| async move {
        sim.call(account, &token, method, &path, body, &[]).await
    };

    let (customers, _) = sim.all_pages(account, &app, "/customers?size=100").await;
    let us = customers
        .iter()
        .find(|customer| !customer["companyProfile"]["domain"].as_str().unwrap().is_empty())
        .unwrap();
    let mut us_customer = None;
    for customer in &customers {
        let id = customer["id"].as_str().unwrap();
        let profile = sim
            .get(account, &app, &format!("/customers/{id}/profiles/billing"))
            .await
            .body;
        if profile["defaultAddress"]["country"] == "US" {
            us_customer = Some(id.to_owned());
            break;
        }
    }
    let id = us_customer.unwrap_or_else(|| us["id"].as_str().unwrap().to_owned());

    record(
        "CUST-01",
        call(
            Method::POST,
            "/customers".into(),
            Some(crate::support::new_customer_body(
                "seedexample",
                "onmicrosoft.com",
            )),
            app.clone(),
        )
        .await,
    );
    record(
        "CUST-02",
        sim.get(account, &app, &format!("/customers/{id}")).await,
    );
    record("CUST-03", sim.get(account, &app, "/customers?size=3").await);
    let prefix = &customers[0]["companyProfile"]["companyName"].as_str().unwrap()[..3];
    let filter =
        urlencode(&json!({ "Field": "CompanyName", "Value": prefix, "Operator": "starts_with" }).to_string());
    record(
        "CUST-04",
        sim.get(account, &app, &format!("/customers?size=0&filter={filter}"))
            .await,
    );
    record(
        "CUST-07",
        sim.get(account, &user, &format!("/customers/{id}/profiles/company"))
            .await,
    );
    let billing = sim
        .get(account, &app, &format!("/customers/{id}/profiles/billing"))
        .await;
    let etag = billing.body["attributes"]["etag"].as_str().unwrap().to_owned();
    record(
        "CUST-09",
        sim.call(
            account,
            &app,
            Method::PUT,
            &format!("/customers/{id}/profiles/billing"),
            Some(billing.body.clone()),
            &[("If-Match", &etag)],
        )
        .await,
    );
    record("CUST-08", billing);
    record(
        "UTIL-01",
        sim.get(account, &app, "/countryvalidationrules/US").await,
    );
    record(
        "OFFR-01",
        sim.get(account, &app, &format!("/offers/{E3}?country=US")).await,
    );

    let order = |lines: Vec<Value>| json!({ "ReferenceCustomerId": id, "BillingCycle": "unknown", "LineItems": lines });
    let ordered = call(Method::POST, format!("/customers/{id}/orders"), Some(order(vec![
        json!({ "LineItemNumber": 0, "OfferId": E3, "FriendlyName": "new offer purchase", "Quantity": 5 }),
        json!({ "LineItemNumber": 1, "OfferId": "MS-AZR-0145P", "FriendlyName": "Microsoft Azure" }),
    ])), app.clone()).await;
    let order_id = ordered.body["id"].as_str().unwrap().to_owned();
    let base = ordered.body["lineItems"][0]["subscriptionId"]
        .as_str()
        .unwrap()
        .to_owned();
    let azure = ordered.body["lineItems"][1]["subscriptionId"]
        .as_str()
        .unwrap()
        .to_owned();
    record("ORD-01", ordered);
    let resellers = sim
        .get(
            account,
            &user,
            "/relationships?relationship_type=IsIndirectCloudSolutionProviderOf",
        )
        .await;
    let mpn = resellers.body["items"][0]["mpnId"].as_str().unwrap().to_owned();
    record("PRT-10", resellers);
    record("ORD-02", call(Method::POST, format!("/customers/{id}/orders"), Some(order(vec![
        json!({ "LineItemNumber": 0, "OfferId": E3, "FriendlyName": "via reseller", "Quantity": 5, "PartnerIdOnRecord": mpn }),
    ])), user.clone()).await);
    let add_on = call(Method::POST, format!("/customers/{id}/orders"), Some(order(vec![
        json!({ "LineItemNumber": 0, "OfferId": ATP_ADD_ON, "Quantity": 2, "ParentSubscriptionId": base }),
    ])), app.clone()).await;
    let add_on_id = add_on.body["lineItems"][0]["subscriptionId"]
        .as_str()
        .unwrap()
        .to_owned();
    record(
        "ORD-03",
        sim.get(account, &app, &format!("/customers/{id}/orders")).await,
    );
    record(
        "ORD-04",
        sim.get(account, &app, &format!("/customers/{id}/orders/{order_id}"))
            .await,
    );
    record(
        "SUB-02",
        sim.get(account, &app, &format!("/customers/{id}/subscriptions/{azure}"))
            .await,
    );
    record(
        "SUB-02-2",
        sim.get(
            account,
            &app,
            &format!("/customers/{id}/subscriptions/{add_on_id}"),
        )
        .await,
    );
    record(
        "SUB-03",
        sim.get(
            account,
            &app,
            &format!("/customers/{id}/subscriptions?order_id={order_id}"),
        )
        .await,
    );
    record(
        "SUB-04",
        sim.get(
            account,
            &app,
            &format!("/customers/{id}/subscriptions?mpn_id={mpn}"),
        )
        .await,
    );
    let subscription = format!("/customers/{id}/subscriptions/{base}");
    record(
        "SUB-05",
        call(
            Method::PATCH,
            subscription.clone(),
            Some(json!({ "FriendlyName": "nickname" })),
            app.clone(),
        )
        .await,
    );
    record(
        "SUB-06",
        call(
            Method::PATCH,
            subscription.clone(),
            Some(json!({ "Status": "suspended" })),
            app.clone(),
        )
        .await,
    );
    record(
        "SUB-07",
        call(
            Method::PATCH,
            subscription.clone(),
            Some(json!({ "Status": "active" })),
            app.clone(),
        )
        .await,
    );
    record(
        "SUB-08",
        sim.get(account, &user, &format!("{subscription}/provisioningstatus"))
            .await,
    );

    let domain = sim.get(account, &app, &format!("/customers/{id}")).await.body["companyProfile"]["domain"]
        .as_str()
        .unwrap()
        .to_owned();
    let created = call(Method::POST, format!("/customers/{id}/users"), Some(json!({
        "usageLocation": "US", "userPrincipalName": format!("seed.example@{domain}"), "firstName": "Seed", "lastName": "Example",
        "displayName": "Seed Example", "passwordProfile": { "password": "abCD123*", "forceChangePassword": true },
    })), user.clone()).await;
    let user_path = format!("/customers/{id}/users/{}", created.body["id"].as_str().unwrap());
    record("USR-01", created);
    record(
        "USR-02",
        sim.get(account, &user, &format!("/customers/{id}/users")).await,
    );
    record("USR-03", sim.get(account, &user, &user_path).await);
    call(Method::DELETE, user_path.clone(), None, user.clone())
        .await
        .expect(204);
    let inactive = urlencode(r#"{"Field":"UserState","Value":"Inactive","Operator":"equals"}"#);
    record(
        "USR-06",
        sim.get(
            account,
            &user,
            &format!("/customers/{id}/users?size=500&filter={inactive}"),
        )
        .await,
    );
    record(
        "USR-07",
        call(
            Method::PATCH,
            user_path,
            Some(json!({ "State": "active" })),
            user.clone(),
        )
        .await,
    );

    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let iso = |moment: time::OffsetDateTime| {
        moment
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let usage = format!(
        "/customers/{id}/subscriptions/{azure}/utilizations/azure?start_time={}&end_time={}&granularity=hourly&size=2",
        iso(now - time::Duration::days(1)),
        iso(now)
    );
    let mut utilization = sim.get(account, &app, &usage).await;
    if utilization.body["totalCount"] == 0 {
        // An order placed this hour has no complete hour yet: ask for the customer's older Azure usage instead.
        let older = customers_azure(sim, account, &app).await;
        utilization = sim
            .get(
                account,
                &app,
                &format!(
                    "/customers/{}/subscriptions/{}/utilizations/azure?start_time={}&end_time={}&size=2",
                    older.0,
                    older.1,
                    iso(now - time::Duration::days(5)),
                    iso(now)
                ),
            )
            .await;
    }
    record("USE-01", utilization);
    record("PRICE-01", sim.get(account, &app, "/ratecards/azure").await);
    call(
        Method::PATCH,
        format!("/customers/{id}/usagebudget"),
        Some(json!({ "Amount": 300 })),
        app.clone(),
    )
    .await
    .expect(200);
    record(
        "BUD-01",
        sim.get(account, &app, &format!("/customers/{id}/usagebudget"))
            .await,
    );
    record(
        "USE-03",
        sim.get(account, &user, &format!("/customers/{id}/usagesummary"))
            .await,
    );

    let invoices = sim.get(account, &app, "/invoices").await;
    let invoice = invoices.body["items"][0]["id"].as_str().unwrap().to_owned();
    record("INV-02", invoices);
    record(
        "INV-01",
        sim.get(account, &user, &format!("/invoices/{invoice}")).await,
    );
    record(
        "INV-03",
        sim.get(
            account,
            &app,
            &format!("/invoices/{invoice}/lineitems/Office/BillingLineItems?size=5"),
        )
        .await,
    );
    record(
        "SUP-01",
        sim.get(account, &app, "/servicerequests/supporttopics").await,
    );
    let audit_filter =
        urlencode(&json!({ "Field": "CustomerId", "Value": id, "Operator": "equals" }).to_string());
    record(
        "AUD-01",
        sim.get(account, &app, &format!("/auditrecords?filter={audit_filter}"))
            .await,
    );
    answers
}

/// Some generated customer's Azure subscription with history: (customer id, subscription id).
async fn customers_azure(sim: &TestSim, account: &Value, token: &str) -> (String, String) {
    for customer in sim.all_pages(account, token, "/customers?size=100").await.0 {
        let id = customer["id"].as_str().unwrap().to_owned();
        let subscriptions = sim
            .get(account, token, &format!("/customers/{id}/subscriptions"))
            .await
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
    panic!("no Azure subscription with history");
}

#[tokio::test]
async fn every_seed_response_example_matches_the_simulators_answer() {
    let sim = TestSim::start_with(SimConfig {
        customers_per_account: 30,
        ..small_config()
    })
    .await;
    let mut answers = simulator_answers(&sim).await;
    let legacy = TestSim::start_with(SimConfig {
        legacy_address_validation: true,
        ..small_config()
    })
    .await;
    let account = legacy.account(Cloud::Global);
    let token = legacy.app_token(account).await;
    let invalid = json!({ "AddressLine1": "One Microsoft Way", "City": "Redmond", "State": "WA", "PostalCode": "98101", "Country": "US" });
    let reply = legacy
        .call(
            account,
            &token,
            Method::POST,
            "/validations/address",
            Some(invalid),
            &[],
        )
        .await;
    answers.insert("UTIL-02".into(), (reply.status.as_u16(), reply.body));

    let mut report = Vec::new();
    for (name, fixture) in fixtures() {
        let Some((status, body)) = answers.get(&name) else {
            report.push(format!("{name}: no simulator call covers this fixture"));
            continue;
        };
        if *status != fixture.status {
            report.push(format!(
                "{name}: status {status}, the seed says {}; body {body}",
                fixture.status
            ));
            continue;
        }
        let mut problems = Vec::new();
        mismatches(
            &fixture.example,
            body,
            "$",
            fixture.pascal_artefact,
            &mut problems,
        );
        report.extend(problems.into_iter().map(|problem| format!("{name}: {problem}")));
    }
    assert!(
        report.is_empty(),
        "differences from the seed's examples:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_comparison_notices_missing_renamed_and_retyped_properties() {
    let expected = json!({ "id": "x", "parent": null, "quantity": 2, "links": { "self": { "uri": "/a" } }, "items": [ { "name": "n" } ], "budget": { "ammount": 1.0 } });
    let good = json!({ "id": "y", "quantity": 5.0, "extra": true, "links": { "self": { "uri": "/b", "method": "GET" } }, "items": [ { "name": "m" } ], "budget": { "amount": 3 } });
    let mut problems = Vec::new();
    mismatches(&expected, &good, "$", false, &mut problems);
    assert!(problems.is_empty(), "{problems:?}");

    let bad = json!({ "Id": "y", "quantity": "5", "links": {}, "items": [], "budget": {} });
    mismatches(&expected, &bad, "$", false, &mut problems);
    assert_eq!(problems.len(), 5, "{problems:?}");
    let mut case_blind = Vec::new();
    mismatches(
        &json!({ "Id": "x" }),
        &json!({ "id": "y" }),
        "$",
        true,
        &mut case_blind,
    );
    assert!(case_blind.is_empty());
}
