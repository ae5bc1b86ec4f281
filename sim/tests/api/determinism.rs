//! The same seed gives the same world; another seed gives another.

use crate::support::{TestSim, small_config};
use serde_json::Value;
use sim::{Cloud, SimConfig};

/// What identifies an account's data, without the addresses that contain the port.
async fn fingerprint(sim: &TestSim) -> Vec<Value> {
    let mut out = Vec::new();
    for account in &sim.accounts {
        let mut stable = account.clone();
        for key in [
            "api_base_url",
            "authority",
            "token_endpoint",
            "token_endpoint_v1",
            "openid_configuration",
        ] {
            stable.as_object_mut().unwrap().remove(key);
        }
        out.push(stable);
        let token = sim.app_token(account).await;
        let (customers, _) = sim.all_pages(account, &token, "/customers?size=100").await;
        for customer in customers.iter().take(5) {
            let id = customer["id"].as_str().unwrap();
            out.push(customer["companyProfile"].clone());
            let mut subscriptions = sim
                .get(account, &token, &format!("/customers/{id}/subscriptions"))
                .await
                .body;
            for item in subscriptions["items"].as_array_mut().unwrap() {
                item.as_object_mut().unwrap().remove("attributes");
            }
            out.push(subscriptions["items"].clone());
        }
    }
    out
}

#[tokio::test]
async fn the_same_seed_gives_the_same_accounts_customers_and_subscriptions() {
    let first = TestSim::start().await;
    let second = TestSim::start().await;
    let (one, two) = (fingerprint(&first).await, fingerprint(&second).await);
    assert_eq!(one.len(), two.len());
    if let Some((a, b)) = one.iter().zip(&two).find(|(a, b)| a != b) {
        panic!("the same seed gave different data:\n{a}\n{b}");
    }

    let other = TestSim::start_with(SimConfig {
        seed: 8,
        ..small_config()
    })
    .await;
    assert_ne!(
        first.account(Cloud::Global)["tenant_id"],
        other.account(Cloud::Global)["tenant_id"]
    );
}
