//! Checks of values the types alone cannot rule out: rates, page sizes, account uniqueness.

use super::{ConfigError, Settings};

impl Settings {
    pub(super) fn validate_sync(&self) -> Result<(), ConfigError> {
        let sync = &self.sync;
        let checks = [
            (
                sync.rate_limit_per_minute == 0,
                "sync.rate_limit_per_minute must be at least 1",
            ),
            (sync.rate_burst == 0, "sync.rate_burst must be at least 1"),
            (sync.concurrency == 0, "sync.concurrency must be at least 1"),
            (
                sync.customers_per_page == 0,
                "sync.customers_per_page must be at least 1",
            ),
            (sync.max_accounts == 0, "sync.max_accounts must be at least 1"),
            (sync.tick_seconds == 0, "sync.tick_seconds must be at least 1"),
            (
                !(1..=365).contains(&sync.spend_days),
                "sync.spend_days must be between 1 and 365",
            ),
        ];
        match checks.into_iter().find(|(bad, _)| *bad) {
            Some((_, message)) => Err(ConfigError::Invalid(message.to_owned())),
            None => Ok(()),
        }
    }

    pub(super) fn validate_accounts(&self) -> Result<(), ConfigError> {
        let mut names = std::collections::HashSet::new();
        let mut tenants = std::collections::HashSet::new();
        for (index, account) in self.accounts.iter().enumerate() {
            let invalid =
                |message: String| Err(ConfigError::Invalid(format!("accounts[{index}]: {message}")));
            if account.name.trim().is_empty() || account.name.chars().count() > 200 {
                return invalid("name must be 1 to 200 characters".into());
            }
            if !names.insert(account.name.trim().to_lowercase()) {
                return invalid(format!("the name {:?} is used twice", account.name));
            }
            if !tenants.insert(account.tenant_id) {
                return invalid(format!("tenant_id {} is used twice", account.tenant_id));
            }
            let endpoints = crate::partner_center::Endpoints::new(
                account.cloud,
                account.tenant_id,
                account.api_base_url.as_deref(),
                account.authority_url.as_deref(),
            );
            if let Err(error) = endpoints {
                return invalid(error.to_string());
            }
            if let Some(market) = account
                .markets
                .iter()
                .find(|market| !(market.len() == 2 && market.chars().all(|c| c.is_ascii_uppercase())))
            {
                return invalid(format!(
                    "market {market:?} is not a two-letter country code such as US"
                ));
            }
        }
        Ok(())
    }
}
