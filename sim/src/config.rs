//! What to simulate: the partner accounts, how much data each has, and how the services behave.

use crate::cloud::Cloud;
use crate::faults::Faults;
use serde::Serialize;

/// A partner account to create: one isolated Partner Center account with its own tenant.
#[derive(Debug, Clone, Serialize)]
pub struct AccountSpec {
    pub name: String,
    pub cloud: Cloud,
    /// The partner's home country (ISO 3166 alpha-2).
    pub country: &'static str,
    pub currency: &'static str,
    /// Countries the partner may sell in; customers are generated across them.
    pub markets: Vec<&'static str>,
    /// Left part of the partner tenant's initial domain.
    pub domain_prefix: String,
}

/// Everything `start` needs. `Default` is the demo set: four accounts, one per cloud.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Same seed, same data: ids, names, secrets, keys and usage are derived from it.
    pub seed: u64,
    pub accounts: Vec<AccountSpec>,
    pub customers_per_account: usize,
    /// Average subscriptions per customer (each customer gets between half and one and a half times this).
    pub subscriptions_per_customer: usize,
    /// Days of Azure usage history before today.
    pub usage_days: u32,
    /// How long a new subscription stays `pending` before provisioning succeeds (or fails).
    pub provisioning_delay_seconds: u64,
    /// Answer address validation the 2017 way (empty 200, or 400 with code 2007).
    pub legacy_address_validation: bool,
    /// Reject App+User-only operations called with an app-only token (contract §1.2).
    pub enforce_app_user: bool,
    /// Throttling and faults every account starts with.
    pub faults: Faults,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 1,
            accounts: demo_accounts(4),
            customers_per_account: 40,
            subscriptions_per_customer: 4,
            usage_days: 90,
            provisioning_delay_seconds: 30,
            legacy_address_validation: false,
            enforce_app_user: true,
            faults: Faults::default(),
        }
    }
}

/// `count` accounts: the four demo accounts (one per cloud) first, then more global ones.
pub fn demo_accounts(count: usize) -> Vec<AccountSpec> {
    let fixed = [
        (
            "Adatum Distribution",
            Cloud::Global,
            "US",
            "USD",
            vec!["US", "CA", "GB"],
            "adatumdistribution",
        ),
        (
            "Adatum China (21Vianet)",
            Cloud::China,
            "CN",
            "CNY",
            vec!["CN"],
            "adatumchina",
        ),
        (
            "Adatum Federal",
            Cloud::UsGov,
            "US",
            "USD",
            vec!["US"],
            "adatumfederal",
        ),
        (
            "Adatum Deutschland",
            Cloud::Germany,
            "DE",
            "EUR",
            vec!["DE", "AT"],
            "adatumdeutschland",
        ),
    ];
    let extra_markets = [
        ("GB", "GBP"),
        ("FR", "EUR"),
        ("NL", "EUR"),
        ("CA", "CAD"),
        ("US", "USD"),
    ];
    (0..count)
        .map(|index| match fixed.get(index) {
            Some((name, cloud, country, currency, markets, prefix)) => AccountSpec {
                name: (*name).to_owned(),
                cloud: *cloud,
                country,
                currency,
                markets: markets.clone(),
                domain_prefix: (*prefix).to_owned(),
            },
            None => {
                let (country, currency) = extra_markets[index % extra_markets.len()];
                AccountSpec {
                    name: format!("Adatum Distribution {} {}", country, index + 1),
                    cloud: Cloud::Global,
                    country,
                    currency,
                    markets: vec![country],
                    domain_prefix: format!("adatum{}{}", country.to_lowercase(), index + 1),
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_set_has_one_account_per_cloud() {
        let clouds: Vec<Cloud> = demo_accounts(4).iter().map(|account| account.cloud).collect();
        assert_eq!(clouds, Cloud::ALL.to_vec());
    }

    #[test]
    fn more_accounts_get_distinct_names_and_domains() {
        let accounts = demo_accounts(10);
        let mut names: Vec<_> = accounts.iter().map(|account| account.name.clone()).collect();
        let mut domains: Vec<_> = accounts
            .iter()
            .map(|account| account.domain_prefix.clone())
            .collect();
        names.sort();
        names.dedup();
        domains.sort();
        domains.dedup();
        assert_eq!((names.len(), domains.len()), (10, 10));
    }
}
