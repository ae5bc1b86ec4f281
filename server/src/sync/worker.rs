//! The worker loop of one instance. Every tick it looks for accounts with due work that no
//! instance is syncing, takes their lock, and runs an account runner for each: the runner
//! starts every due dataset (in parallel, inside the account's rate budget), publishes the
//! account's health, and lets the account go once nothing is due soon.

use super::jobs::{JobEnvironment, execute};
use super::lock::AccountLock;
use super::{health, state};
use crate::accounts::{Account, Registry};
use crate::background::WorkerHandle;
use crate::config::SyncSettings;
use app::sync::Dataset;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use uuid::Uuid;

/// An account with nothing due within this long is released to other instances.
const KEEP_WHILE_DUE_WITHIN: Duration = Duration::from_secs(15);
/// How often a runner checks that its lock's connection is alive.
const LOCK_CHECK: Duration = Duration::from_secs(20);

pub struct Worker {
    pool: PgPool,
    registry: Arc<Registry>,
    settings: Arc<SyncSettings>,
    owner: Arc<str>,
}

impl Worker {
    pub fn new(pool: PgPool, registry: Arc<Registry>, settings: SyncSettings) -> Worker {
        let owner = format!(
            "{}-{}-{}",
            hostname(),
            std::process::id(),
            &Uuid::new_v4().simple().to_string()[..6]
        );
        Worker {
            pool,
            registry,
            settings: Arc::new(settings),
            owner: owner.into(),
        }
    }

    /// This instance's name in `sync_runs.owner`.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Starts the loop; shutting the handle down lets its runs reach a page boundary.
    pub fn spawn(self) -> WorkerHandle {
        WorkerHandle::spawn(|stopped| self.run(stopped))
    }

    async fn run(self, mut stopped: watch::Receiver<bool>) {
        // The accounts loaded at start-up; later ones are registered by each refresh.
        super::register_accounts(&self.pool, &self.registry.accounts()).await;
        let environment = JobEnvironment {
            pool: self.pool.clone(),
            settings: Arc::clone(&self.settings),
            owner: Arc::clone(&self.owner),
            shutdown: stopped.clone(),
        };
        let tick = Duration::from_secs(self.settings.tick_seconds);
        let mut runners: HashMap<Uuid, JoinHandle<()>> = HashMap::new();
        tracing::info!(owner = %self.owner, accounts = self.registry.accounts().len(), "sync worker started");
        while !*stopped.borrow() {
            runners.retain(|_, runner| !runner.is_finished());
            // Accounts added, changed or re-enabled in the portal, by any instance.
            if let Err(error) = super::refresh_accounts(&self.pool, &self.registry).await {
                tracing::warn!(error = %error, "sync worker could not re-read the accounts");
            }
            if let Err(error) = self.start_runners(&environment, &mut runners).await {
                tracing::warn!(error = %error, "sync worker could not check for due work");
            }
            tokio::select! {
                () = tokio::time::sleep(tick) => {}
                _ = stopped.changed() => {}
            }
        }
        for (_, runner) in runners {
            let _ = runner.await;
        }
        tracing::info!(owner = %self.owner, "sync worker stopped");
    }

    async fn start_runners(
        &self,
        environment: &JobEnvironment,
        runners: &mut HashMap<Uuid, JoinHandle<()>>,
    ) -> Result<(), sqlx::Error> {
        let free = self.settings.max_accounts.saturating_sub(runners.len());
        if free == 0 {
            return Ok(());
        }
        let idle: Vec<Uuid> = self
            .registry
            .accounts()
            .iter()
            .map(|account| account.id)
            .filter(|id| !runners.contains_key(id))
            .collect();
        // Count the locks taken, not the candidates tried: accounts another instance holds
        // are skipped, so this instance still takes its share of the rest.
        let mut started = 0;
        for id in state::accounts_due(&self.pool, &idle).await? {
            if started == free {
                break;
            }
            let Some(account) = self.registry.get(id) else {
                continue;
            };
            if let Some(lock) = AccountLock::try_acquire(&self.pool, id).await? {
                started += 1;
                let runner = AccountRunner {
                    account,
                    registry: Arc::clone(&self.registry),
                    environment: environment.clone(),
                    tick: Duration::from_secs(self.settings.tick_seconds),
                };
                runners.insert(id, tokio::spawn(runner.run(lock)));
            }
        }
        Ok(())
    }
}

struct AccountRunner {
    account: Arc<Account>,
    registry: Arc<Registry>,
    environment: JobEnvironment,
    tick: Duration,
}

impl AccountRunner {
    async fn run(self, mut lock: AccountLock) {
        let pool = &self.environment.pool;
        let mut jobs: JoinSet<Dataset> = JoinSet::new();
        let mut busy: Vec<Dataset> = Vec::new();
        let mut stopped = self.environment.shutdown.clone();
        let mut last_lock_check = tokio::time::Instant::now();
        tracing::debug!(account = %self.account.name, "syncing account");
        loop {
            // A disabled or redefined account starts no more runs; its runs finish with the
            // client they began with, and the next runner uses the new one.
            let stopping = *stopped.borrow() || !self.registry.serves(&self.account);
            // While the circuit is open a run would only fail: wait for the cool-down.
            let circuit = self.account.client.circuit_wait();
            if !stopping && circuit.is_none() {
                match state::due(pool, self.account.id, &busy).await {
                    Ok(due) => {
                        for (dataset, kind) in due {
                            busy.push(dataset);
                            let environment = self.environment.clone();
                            let account = Arc::clone(&self.account);
                            jobs.spawn(async move {
                                let _ = execute(&environment, account, dataset, kind).await;
                                dataset
                            });
                        }
                    }
                    Err(error) => {
                        tracing::warn!(account = %self.account.name, error = %error, "cannot read due datasets")
                    }
                }
            }
            if let Err(error) = health::publish(pool, &self.account).await {
                tracing::warn!(account = %self.account.name, error = %error, "cannot publish account health");
            }
            if jobs.is_empty() && (stopping || !self.due_soon().await) {
                break;
            }
            if last_lock_check.elapsed() >= LOCK_CHECK {
                last_lock_check = tokio::time::Instant::now();
                if !lock.is_held().await {
                    tracing::error!(account = %self.account.name, "lost the account's lock; stopping its runs");
                    jobs.abort_all();
                    break;
                }
            }
            tokio::select! {
                finished = jobs.join_next(), if !jobs.is_empty() => {
                    if let Some(Ok(dataset)) = finished {
                        busy.retain(|running| *running != dataset);
                    } else if let Some(Err(error)) = finished {
                        tracing::error!(account = %self.account.name, error = %error, "a sync job panicked");
                        busy.clear();
                    }
                }
                () = tokio::time::sleep(circuit.map_or(self.tick, |wait| wait.min(self.tick))) => {}
                _ = stopped.changed() => {}
            }
        }
        let _ = health::publish(pool, &self.account).await;
        lock.release().await;
        tracing::debug!(account = %self.account.name, "released account");
    }

    async fn due_soon(&self) -> bool {
        match state::next_due_in(&self.environment.pool, self.account.id).await {
            Ok(Some(wait)) => wait <= KEEP_WHILE_DUE_WITHIN,
            Ok(None) => false,
            Err(_) => false,
        }
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_owned())
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "switchboard".to_owned())
}
