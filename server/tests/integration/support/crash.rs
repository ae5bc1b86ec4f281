//! A sync worker that can be killed like a crashed process: it runs in its own runtime with
//! its own pool and HTTP client, and `crash` drops all of it mid-await. Its connections close
//! with it, so Postgres releases its advisory locks the way it would for a dead instance;
//! nothing is told to stop or flush.

use server::accounts::{Registry, simulated_accounts};
use server::config::SyncSettings;
use server::partner_center::ClientSettings;
use server::sync::Worker;
use sim::SimHandle;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use std::sync::Arc;

pub struct CrashableWorker {
    runtime: Option<tokio::runtime::Runtime>,
}

impl CrashableWorker {
    pub fn start(
        pool: &PgPool,
        sim: &SimHandle,
        client: ClientSettings,
        settings: SyncSettings,
    ) -> CrashableWorker {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let options = (*pool.connect_options()).clone();
        let definitions = simulated_accounts(sim.sim());
        runtime.spawn(async move {
            let pool = PgPoolOptions::new()
                .max_connections(10)
                .connect_lazy_with(options);
            let registry = Registry::register(&pool, definitions, reqwest::Client::new(), client)
                .await
                .expect("accounts register");
            let worker = Worker::new(pool, Arc::new(registry), settings).spawn();
            // Never shut down: the runtime is dropped from under it.
            std::future::pending::<()>().await;
            drop(worker);
        });
        CrashableWorker {
            runtime: Some(runtime),
        }
    }

    /// Kills the worker without warning: every task is dropped at its current await.
    pub fn crash(mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Drop for CrashableWorker {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
