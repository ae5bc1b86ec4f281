//! Deterministic demo data: accounts, customers, subscriptions, orders, users, budgets,
//! invoices, service requests and activity, all derived from the seed.

mod activity;
mod customers;
mod naming;
mod places;
mod subscriptions;

pub use subscriptions::FAR_FUTURE;
mod words;

use crate::config::{AccountSpec, SimConfig};
use crate::dice::Dice;
use crate::model::{AccountData, AccountInfo, Catalog};
use time::OffsetDateTime;

/// The cities this simulator knows in `country`: (city, region, postal code, area code).
pub fn places_of(country: &str) -> &'static [places::Place] {
    places::places(country)
}

/// Generates every configured account, in parallel.
pub fn generate(
    config: &SimConfig,
    catalog: &Catalog,
    now: OffsetDateTime,
) -> Vec<(AccountInfo, AccountData)> {
    std::thread::scope(|scope| {
        let workers: Vec<_> = config
            .accounts
            .iter()
            .enumerate()
            .map(|(index, spec)| scope.spawn(move || generate_account(config, catalog, index, spec, now)))
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("account generation does not panic"))
            .collect()
    })
}

fn generate_account(
    config: &SimConfig,
    catalog: &Catalog,
    index: usize,
    spec: &AccountSpec,
    now: OffsetDateTime,
) -> (AccountInfo, AccountData) {
    // Generated history is anchored to the start of the UTC day, so the same seed gives the same
    // data all day long; only provisioning deadlines follow the real clock.
    let now = crate::usage::start_of_day(now);
    let info = account_info(config.seed, index, spec);
    let mut data = AccountData {
        resellers: activity::resellers(config.seed, &info),
        ..AccountData::default()
    };
    customers::generate_customers(config, catalog, &info, &mut data, now);
    activity::generate_invoices(config.seed, catalog, &info, &mut data, now);
    activity::generate_service_requests(config.seed, &info, &mut data, now);
    activity::generate_audit(config.seed, &info, &mut data, now);
    (info, data)
}

/// The fixed identity of account `index`: tenant, app registration, MPN id, market.
pub fn account_info(seed: u64, index: usize, spec: &AccountSpec) -> AccountInfo {
    let mut dice = Dice::new(seed, "account", index as u64);
    AccountInfo {
        index,
        name: spec.name.clone(),
        cloud: spec.cloud,
        tenant_id: dice.uuid(),
        domain: format!("{}.{}", spec.domain_prefix, spec.cloud.initial_domain_suffix()),
        client_id: dice.uuid(),
        client_secret: dice.secret(40),
        mpn_id: dice.digits(7),
        country: spec.country,
        currency: spec.currency,
        markets: spec.markets.clone(),
        billing_day: 1 + dice.range(0, 28) as u8,
        consented_refresh_token: format!("0.SAM.{}", dice.secret(64)),
    }
}
