//! Demo mode: the simulator runs inside the portal and its accounts are registered like real
//! ones, so the first start shows real data (synced over real HTTP) within seconds.

use super::definition::AccountDefinition;
use crate::config::DemoSettings;
use crate::partner_center::{Credentials, Endpoints};
use app::accounts::Cloud;
use secrecy::SecretString;
use sim::{SimConfig, SimHandle};

/// The embedded simulator; stops when dropped.
pub struct Demo {
    handle: SimHandle,
}

impl Demo {
    pub async fn start(settings: &DemoSettings) -> std::io::Result<Demo> {
        let config = SimConfig {
            seed: settings.seed,
            customers_per_account: settings.customers_per_account,
            ..SimConfig::default()
        };
        let handle = sim::start(config).await?;
        tracing::info!(
            simulator = handle.base_url(),
            "demo mode: no accounts configured, serving the simulator's"
        );
        Ok(Demo { handle })
    }

    /// The simulator's own address (its admin API lists the demo staff and accounts).
    pub fn base_url(&self) -> &str {
        self.handle.base_url()
    }

    pub fn simulator(&self) -> &std::sync::Arc<sim::Sim> {
        self.handle.sim()
    }

    /// Every simulated account, pointed at the simulator.
    pub fn definitions(&self) -> Vec<AccountDefinition> {
        simulated_accounts(self.handle.sim())
    }
}

/// Definitions of `sim`'s accounts, with their simulated endpoints and credentials.
pub fn simulated_accounts(sim: &sim::Sim) -> Vec<AccountDefinition> {
    sim.accounts
        .iter()
        .map(|account| {
            let info = &account.info;
            let cloud: Cloud = info
                .cloud
                .as_str()
                .parse()
                .expect("the simulator's clouds are Switchboard's clouds");
            let endpoints = Endpoints::new(
                cloud,
                info.tenant_id,
                Some(&sim.api_base_url(info)),
                Some(&sim.authority_url(info)),
            )
            .expect("the simulator serves http URLs");
            AccountDefinition {
                name: info.name.clone(),
                cloud,
                tenant_id: info.tenant_id,
                mpn_id: Some(info.mpn_id.clone()),
                endpoints,
                credentials: Credentials {
                    client_id: info.client_id,
                    client_secret: SecretString::from(info.client_secret.clone()),
                    refresh_token: Some(SecretString::from(info.consented_refresh_token.clone())),
                },
                secret_ref: format!("simulator:{}", info.tenant_id),
                markets: info.markets.iter().map(|market| (*market).to_owned()).collect(),
                demo: true,
                enabled: true,
            }
        })
        .collect()
}
