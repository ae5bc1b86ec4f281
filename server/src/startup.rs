//! Builds the application from settings and serves it until told to stop.

use crate::accounts::sealing::SecretBox;
use crate::accounts::{AccountDefinition, Demo, Registry};
use crate::auth::{self, Auth};
use crate::background::WorkerHandle;
use crate::commands::CommandWorker;
use crate::config::{DemoMode, Settings};
use crate::database::{self, DatabaseError};
use crate::partner_center::{ClientSettings, RateSettings};
use crate::router::router;
use crate::state::{AppState, Lifecycle};
use crate::sync::Worker;
use axum::Router;
use leptos::config::{Env, LeptosOptions};
use sqlx::PgPool;
use std::future::Future;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// cargo-leptos' `output-name`: the file stem of the wasm, js and css under `pkg/`.
const OUTPUT_NAME: &str = "switchboard";

/// Start-up or serving failed; `Display` is one line naming the problem and the fix.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Database(#[from] DatabaseError),
    #[error(
        "cannot listen on {address}: the address is already in use. Stop the other process or set \
         SWITCHBOARD_HTTP__ADDRESS to a free address (for example 127.0.0.1:3100)"
    )]
    AddressInUse { address: SocketAddr },
    #[error(
        "cannot listen on {address}: {reason}. Set SWITCHBOARD_HTTP__ADDRESS to an address this machine has"
    )]
    Bind { address: SocketAddr, reason: String },
    #[error("the HTTP server stopped with an error: {0}")]
    Serve(#[source] std::io::Error),
    #[error("{0}")]
    Accounts(String),
    #[error("cannot start the demo simulator: {0}")]
    Demo(#[source] std::io::Error),
    #[error("cannot register the partner accounts in the database: {0}")]
    Registry(#[source] sqlx::Error),
    #[error("sign-in: {0}")]
    Auth(String),
}

/// A bound, ready-to-serve application.
pub struct Application {
    listener: TcpListener,
    router: Router,
    lifecycle: Lifecycle,
    shutdown_timeout: Duration,
    registry: Arc<Registry>,
    worker: Option<WorkerHandle>,
    commands: Option<WorkerHandle>,
    demo: Option<Arc<Demo>>,
    auth_clock: crate::auth::setup::Clock,
}

impl Application {
    /// Binds the listener (first: it is the cheapest check), then connects to the database and
    /// applies migrations.
    pub async fn build(settings: &Settings) -> Result<Self, StartupError> {
        let listener = bind(settings.http.address).await?;
        let pool = database::connect_and_migrate(&settings.database).await?;
        Self::assemble(settings, listener, pool).await
    }

    /// Binds the listener and builds the router around an existing pool (tests).
    pub async fn build_with_pool(settings: &Settings, pool: PgPool) -> Result<Self, StartupError> {
        let listener = bind(settings.http.address).await?;
        Self::assemble(settings, listener, pool).await
    }

    async fn assemble(
        settings: &Settings,
        listener: TcpListener,
        pool: PgPool,
    ) -> Result<Self, StartupError> {
        let address = listener.local_addr().unwrap_or(settings.http.address);
        let (registry, demo) = connect_accounts(settings, &pool).await?;
        // Without accounts the worker still runs: accounts added in the portal are synced.
        let worker = (settings.sync.enabled && (!registry.is_empty() || registry.secrets().is_some()))
            .then(|| Worker::new(pool.clone(), Arc::clone(&registry), settings.sync.clone()).spawn());
        let commands = settings.commands.enabled.then(|| {
            CommandWorker::new(pool.clone(), Arc::clone(&registry), settings.commands.clone()).spawn()
        });
        let auth = Auth::new(&settings.auth, address, demo.as_deref()).map_err(StartupError::Auth)?;
        let sessions = auth::session::store(&pool);
        let state = AppState {
            leptos_options: leptos_options(settings, address),
            pool,
            lifecycle: Lifecycle::new(),
            registry: Arc::clone(&registry),
            demo: demo.is_some(),
            auth: Arc::new(auth),
        };
        let session_layer = auth::session::layer(sessions, &settings.auth);
        let auth_clock = state.auth.clock.clone();
        Ok(Application {
            listener,
            lifecycle: state.lifecycle.clone(),
            router: router(state, session_layer, settings.http.request_timeout()),
            shutdown_timeout: settings.http.shutdown_timeout(),
            registry,
            worker,
            commands,
            demo,
            auth_clock,
        })
    }

    /// The accounts this instance serves.
    pub fn registry(&self) -> &Arc<Registry> {
        &self.registry
    }

    /// The clock sessions are judged by (tests move it forward).
    pub fn auth_clock(&self) -> crate::auth::setup::Clock {
        self.auth_clock.clone()
    }

    /// The embedded simulator, in demo mode.
    pub fn demo(&self) -> Option<&Arc<Demo>> {
        self.demo.as_ref()
    }

    /// The address actually bound (differs from the setting when it asked for port 0).
    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` completes, then stops accepting, lets in-flight requests finish
    /// (at most `http.shutdown_timeout_seconds`) and returns.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartupError> {
        let address = self.address();
        let lifecycle = self.lifecycle.clone();
        let worker = self.worker;
        let commands = self.commands;
        let _demo = self.demo;
        let (drain_started, drain_started_rx) = tokio::sync::oneshot::channel::<()>();
        let graceful = async move {
            shutdown.await;
            lifecycle.start_draining();
            tracing::info!("shutdown requested; finishing in-flight requests");
            let _ = drain_started.send(());
        };
        tracing::info!(address = %address, url = %format!("http://{address}"), "Switchboard listening");
        let server = axum::serve(self.listener, self.router).with_graceful_shutdown(graceful);
        let drain_deadline = async move {
            if drain_started_rx.await.is_err() {
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(self.shutdown_timeout).await;
        };
        tokio::select! {
            result = server => {
                result.map_err(StartupError::Serve)?;
                tracing::info!("shut down cleanly");
            }
            () = drain_deadline => {
                tracing::warn!(
                    timeout_seconds = self.shutdown_timeout.as_secs(),
                    "requests still running at the shutdown deadline; closing them"
                );
            }
        }
        if let Some(commands) = commands
            && tokio::time::timeout(self.shutdown_timeout, commands.shutdown())
                .await
                .is_err()
        {
            tracing::warn!(
                "commands still being sent at the shutdown deadline; another instance resends them"
            );
        }
        if let Some(worker) = worker
            && tokio::time::timeout(self.shutdown_timeout, worker.shutdown())
                .await
                .is_err()
        {
            tracing::warn!(
                "sync runs still busy at the shutdown deadline; they resume from their checkpoints"
            );
        }
        Ok(())
    }
}

/// The configured accounts, or the embedded simulator's in demo mode, registered in the
/// database with their clients.
async fn connect_accounts(
    settings: &Settings,
    pool: &PgPool,
) -> Result<(Arc<Registry>, Option<Arc<Demo>>), StartupError> {
    let mut demo = None;
    let definitions = if !settings.accounts.is_empty() {
        settings
            .accounts
            .iter()
            .enumerate()
            .map(|(index, account)| AccountDefinition::from_settings(index, account))
            .collect::<Result<Vec<_>, _>>()
            .map_err(StartupError::Accounts)?
    } else if settings.demo.mode == DemoMode::Auto {
        let simulator = Demo::start(&settings.demo).await.map_err(StartupError::Demo)?;
        let definitions = simulator.definitions();
        demo = Some(Arc::new(simulator));
        definitions
    } else {
        Vec::new()
    };
    let http = reqwest::Client::builder()
        .user_agent(concat!("Switchboard/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .build()
        .map_err(|error| StartupError::Accounts(format!("cannot build the HTTP client: {error}")))?;
    let client_settings = ClientSettings {
        rate: RateSettings {
            per_minute: NonZeroU32::new(settings.sync.rate_limit_per_minute).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(settings.sync.rate_burst).unwrap_or(NonZeroU32::MIN),
        },
        ..ClientSettings::default()
    };
    let secrets = sealing_key(settings, demo.is_some())?;
    let registry = Registry::register_sealed(pool, definitions, http, client_settings, secrets)
        .await
        .map_err(StartupError::Registry)?;
    Ok((Arc::new(registry), demo))
}

/// The key portal secrets are sealed with: the configured one; in demo mode without one, a
/// key made up for this process.
fn sealing_key(settings: &Settings, demo: bool) -> Result<Option<Arc<SecretBox>>, StartupError> {
    match &settings.secrets.key {
        Some(reference) => reference
            .resolve()
            .and_then(|key| SecretBox::from_base64(&key))
            .map(|key| Some(Arc::new(key)))
            .map_err(|error| StartupError::Accounts(format!("secrets.key: {error}"))),
        None if demo => Ok(Some(Arc::new(SecretBox::ephemeral()))),
        None => Ok(None),
    }
}

async fn bind(address: SocketAddr) -> Result<TcpListener, StartupError> {
    TcpListener::bind(address)
        .await
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AddrInUse => StartupError::AddressInUse { address },
            _ => StartupError::Bind {
                address,
                reason: error.to_string(),
            },
        })
}

fn leptos_options(settings: &Settings, address: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(settings.site.root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(address)
        .env(if cfg!(debug_assertions) {
            Env::DEV
        } else {
            Env::PROD
        })
        .build()
}
