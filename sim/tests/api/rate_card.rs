//! PRICE-01: the Azure rate card prices every meter utilization records (USE-01) report, in the
//! partner's currency by default, so records × rates give the simulator's own cost estimate.

use crate::support::TestSim;
use serde_json::Value;
use sim::Cloud;

async fn rate_card(sim: &TestSim, account: &Value, query: &str) -> Value {
    let token = sim.app_token(account).await;
    let path = format!("/ratecards/azure{query}");
    sim.get(account, &token, &path).await.expect(200).body
}

#[tokio::test]
async fn the_rate_card_prices_every_metered_resource_in_the_partners_currency() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Germany).clone();
    let card = rate_card(&sim, &account, "").await;
    assert_eq!(card["currency"], "EUR");
    assert_eq!(card["isTaxIncluded"], false);
    assert_eq!(card["attributes"]["objectType"], "AzureRateCard");
    let meters = card["meters"].as_array().expect("meters");
    assert_eq!(meters.len(), sim::usage::METERS.len());
    for (meter, expected) in meters.iter().zip(sim::usage::METERS.iter()) {
        assert_eq!(meter["id"], expected.id);
        let rate = meter["rates"]["0"].as_f64().expect("a rate from the first unit");
        assert!((rate - expected.usd_rate * 0.93).abs() < 1e-12, "{meter}");
        assert!(
            meter["effectiveDate"]
                .as_str()
                .is_some_and(|date| date.ends_with('Z'))
        );
    }

    let dollars = rate_card(&sim, &account, "?currency=usd&region=US").await;
    assert_eq!(dollars["currency"], "USD");
    assert_eq!(
        dollars["meters"][0]["rates"]["0"].as_f64(),
        Some(sim::usage::METERS[0].usd_rate)
    );
}

#[tokio::test]
async fn utilization_records_priced_by_the_rate_card_add_up_to_the_usage_estimate() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global).clone();
    let token = sim.app_token(&account).await;
    let card = rate_card(&sim, &account, "").await;
    let rate_of = |meter_id: &str| {
        card["meters"]
            .as_array()
            .and_then(|meters| meters.iter().find(|meter| meter["id"] == meter_id))
            .and_then(|meter| meter["rates"]["0"].as_f64())
            .expect("every record's meter is on the rate card")
    };
    let world = sim.handle.sim().accounts[0]
        .data
        .read()
        .expect("data")
        .customers
        .clone();
    let (customer, subscription) = world
        .iter()
        .find_map(|customer| {
            customer
                .subscriptions
                .iter()
                .find(|subscription| subscription.is_azure() && subscription.status.as_str() == "active")
                .map(|subscription| (customer.id, subscription.clone()))
        })
        .expect("an active Azure subscription");
    let day = sim::usage::start_of_day(sim.handle.sim().clock.now()) - time::Duration::days(3);
    let next = day + time::Duration::days(1);
    let path = format!(
        "/customers/{customer}/subscriptions/{}/utilizations/azure?start_time={}&end_time={}&granularity=daily&show_details=false",
        subscription.id,
        sim::clock::format_utc(day),
        sim::clock::format_utc(next)
    );
    let records = sim.get(&account, &token, &path).await.expect(200).body;
    let priced: f64 = records["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|record| {
            record["quantity"].as_f64().expect("quantity")
                * rate_of(record["resource"]["id"].as_str().expect("id"))
        })
        .sum();
    let estimate = sim::usage::cost_between(7, &subscription, day, next, "USD");
    assert!(priced > 0.0);
    assert!(
        (priced - estimate).abs() < 0.01,
        "priced {priced} vs estimate {estimate}"
    );
}

#[tokio::test]
async fn the_rate_card_refuses_unknown_currencies_and_clouds_without_azure() {
    let sim = TestSim::start().await;
    let global = sim.account(Cloud::Global).clone();
    let token = sim.app_token(&global).await;
    sim.get(&global, &token, "/ratecards/azure?currency=XYZ")
        .await
        .expect_error(400, 3000);
    sim.get(&global, &token, "/ratecards/azure?region=USA")
        .await
        .expect_error(400, 3000);
    assert!(sim.calls(&global, "PRICE-01", 200).await == 0);
    assert_eq!(sim.calls(&global, "PRICE-01", 400).await, 2);

    let china = sim.account(Cloud::China).clone();
    let token = sim.app_token(&china).await;
    sim.get(&china, &token, "/ratecards/azure")
        .await
        .expect_error(403, 900_127);
}
