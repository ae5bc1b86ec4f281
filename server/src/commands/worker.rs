//! The worker loop of one instance: claim due commands of the accounts it serves, send each in
//! its own task (at most `concurrency` at once), and wake early when a command is stored.

use super::send;
use super::store::{self, Claimed};
use crate::accounts::Registry;
use crate::background::WorkerHandle;
use crate::config::CommandSettings;
use crate::partner_center::RetrySettings;
use sqlx::PgPool;
use sqlx::postgres::{PgListener, PgPoolOptions};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// The channel a stored command is announced on.
const CHANNEL: &str = "subscription_commands";

pub struct CommandWorker {
    pool: PgPool,
    registry: Arc<Registry>,
    settings: CommandSettings,
    /// How long a claim lasts: longer than one send with all of the client's retries.
    lease: Duration,
}

impl CommandWorker {
    pub fn new(pool: PgPool, registry: Arc<Registry>, settings: CommandSettings) -> CommandWorker {
        let (_, client) = registry.client_parts();
        CommandWorker {
            lease: lease_for(&client.retry),
            pool,
            registry,
            settings,
        }
    }

    /// Starts the loop; shutting the handle down waits for the sends in flight.
    pub fn spawn(self) -> WorkerHandle {
        WorkerHandle::spawn(|stopped| self.run(stopped))
    }

    async fn run(self, mut stopped: watch::Receiver<bool>) {
        let mut listener = listen(&self.pool).await;
        let mut running = JoinSet::new();
        let poll = Duration::from_secs(self.settings.poll_seconds.max(1));
        loop {
            let room = self.settings.concurrency.max(1).saturating_sub(running.len());
            if room > 0 {
                for command in self.claim(room).await {
                    let Some(account) = self.registry.get(command.account_id) else {
                        continue;
                    };
                    let (pool, max_attempts) = (self.pool.clone(), self.settings.max_attempts);
                    running.spawn(async move {
                        if let Err(error) = send::attempt(&pool, &account, &command, max_attempts).await {
                            // The lease runs out and the command is sent again with its MS-RequestId.
                            tracing::error!(command = %command.id, error = %error, "could not record a command's outcome");
                        }
                    });
                }
            }
            tokio::select! {
                _ = stopped.changed() => break,
                Some(_) = running.join_next(), if !running.is_empty() => {}
                () = notified(&mut listener) => {}
                () = tokio::time::sleep(poll) => {}
            }
        }
        while running.join_next().await.is_some() {}
    }

    async fn claim(&self, room: usize) -> Vec<Claimed> {
        let served: Vec<_> = self
            .registry
            .accounts()
            .iter()
            .map(|account| account.id)
            .collect();
        if served.is_empty() {
            return Vec::new();
        }
        match store::claim(&self.pool, &served, room as i64, self.lease).await {
            Ok(claimed) => claimed,
            Err(error) => {
                tracing::warn!(error = %error, "could not claim commands; trying again at the next poll");
                Vec::new()
            }
        }
    }
}

/// A claim's length: every attempt of one send with the longest backoffs, and a margin.
fn lease_for(retry: &RetrySettings) -> Duration {
    let attempts = retry.max_retries as u32 + 1;
    retry.attempt_timeout * attempts + retry.max_delay * retry.max_retries as u32 + Duration::from_secs(30)
}

/// Listens for stored commands on a connection of its own (not one of the pool's, which it
/// would hold for good); without a listener the worker polls.
async fn listen(pool: &PgPool) -> Option<PgListener> {
    let connected = async {
        let own = PgPoolOptions::new()
            .max_connections(1)
            .connect_with((*pool.connect_options()).clone())
            .await?;
        let mut listener = PgListener::connect_with(&own).await?;
        listener.listen(CHANNEL).await?;
        Ok::<_, sqlx::Error>(listener)
    };
    match connected.await {
        Ok(listener) => Some(listener),
        Err(error) => {
            tracing::warn!(error = %error, "cannot listen for new commands; polling instead");
            None
        }
    }
}

/// Completes when a command is announced (never, without a listener).
async fn notified(listener: &mut Option<PgListener>) {
    let Some(active) = listener.as_mut() else {
        return std::future::pending().await;
    };
    if let Err(error) = active.recv().await {
        tracing::warn!(error = %error, "lost the command notifications; polling instead");
        *listener = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lease_outlasts_every_retry_of_one_send() {
        let retry = RetrySettings {
            max_retries: 2,
            min_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            attempt_timeout: Duration::from_secs(10),
        };
        assert_eq!(lease_for(&retry), Duration::from_secs(30 + 10 + 30));
    }
}
