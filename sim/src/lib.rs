//! A faithful Partner Center + Entra ID simulator: several isolated partner accounts in four
//! clouds, real HTTP and real OAuth/OIDC, the documented wire format (contract
//! `partner-center-api.md`, operation ids such as CUST-03 and SUB-06), throttling and faults.
//!
//! Start it in-process with [`start`], or run the `sim` binary. See README.md for the admin API.

pub mod admin;
pub mod billing;
pub mod clock;
pub mod cloud;
pub mod config;
pub mod countries;
pub mod dice;
pub mod faults;
pub mod generate;
pub mod http;
pub mod identity;
pub mod model;
pub mod state;
pub mod usage;

pub use cloud::{Capability, Cloud};
pub use config::{AccountSpec, SimConfig, demo_accounts};
pub use faults::{Counters, FaultKind, Faults, ScheduledFault};
pub use state::Sim;

use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use faults::FaultState;
use identity::{Grants, Keys, RefreshGrant, StaffDirectory};
use model::Catalog;
use state::Account;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running simulator; stops when dropped or on [`SimHandle::stop`].
pub struct SimHandle {
    sim: Arc<Sim>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl SimHandle {
    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> &str {
        &self.sim.base_url
    }

    /// The simulator's state, for tests and for embedding (demo mode).
    pub fn sim(&self) -> &Arc<Sim> {
        &self.sim
    }

    /// Stops serving and waits for in-flight requests.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts a simulator on a free loopback port.
pub async fn start(config: SimConfig) -> std::io::Result<SimHandle> {
    start_on(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
}

/// Starts a simulator on `address`.
pub async fn start_on(config: SimConfig, address: SocketAddr) -> std::io::Result<SimHandle> {
    let listener = TcpListener::bind(address).await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let sim = tokio::task::spawn_blocking(move || build(config, base_url))
        .await
        .map_err(|error| std::io::Error::other(format!("data generation failed: {error}")))?;
    let sim = Arc::new(sim);
    let (stop, stopped) = oneshot::channel::<()>();
    let app = router(Arc::clone(&sim));
    let task = tokio::spawn(async move {
        let shutdown = async {
            let _ = stopped.await;
        };
        if let Err(error) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
            tracing::error!(error = %error, "simulator stopped with an error");
        }
    });
    Ok(SimHandle {
        sim,
        stop: Some(stop),
        task: Some(task),
    })
}

/// Builds the whole simulated world for `config`, serving at `base_url`.
pub fn build(config: SimConfig, base_url: String) -> Sim {
    let catalog = Catalog::default();
    let now = clock::Clock::default().now();
    let generated = generate::generate(&config, &catalog, now);
    let infos: Vec<_> = generated.iter().map(|(info, _)| info.clone()).collect();
    let staff = StaffDirectory::demo(config.seed, &infos);
    let mut grants = Grants::default();
    for info in &infos {
        grants.refresh_tokens.insert(
            info.consented_refresh_token.clone(),
            RefreshGrant {
                tenant_id: info.tenant_id,
                client_id: info.client_id,
                username: staff.admin_agent().username.clone(),
                scope: format!(
                    "{}/user_impersonation offline_access openid",
                    info.cloud.partner_center_resource()
                ),
            },
        );
    }
    let accounts = generated
        .into_iter()
        .map(|(info, data)| Account {
            faults: Mutex::new(FaultState::new(
                config.faults.clone(),
                config.seed ^ info.index as u64,
            )),
            counters: Mutex::new(Counters::default()),
            data: RwLock::new(data),
            info,
        })
        .collect();
    Sim {
        keys: Keys::for_seed(config.seed),
        config,
        base_url,
        clock: clock::Clock::default(),
        catalog,
        staff,
        grants: Mutex::new(grants),
        accounts,
    }
}

/// Every route: Partner Center, Entra ID and the admin API.
pub fn router(sim: Arc<Sim>) -> Router {
    Router::new()
        .merge(http::router(Arc::clone(&sim)))
        .merge(identity::router())
        .merge(admin::router())
        .fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                "Not found: see /_sim/accounts for the simulated endpoints.",
            )
                .into_response()
        })
        .with_state(sim)
}
