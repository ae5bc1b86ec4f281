//! The Partner Center client of one account: tokens, throttling, retries with full-jitter
//! backoff that honour `Retry-After`, a circuit breaker, and the contract's request headers.

use super::breaker::{Breaker, BreakerSettings};
use super::endpoints::Endpoints;
use super::error::{CallInfo, PcError};
use super::health::HealthTracker;
use super::request::{Reply, Request};
use super::stats::{CallStats, Event};
use super::throttle::{RateSettings, Throttle};
use super::tokens::{Credentials, TokenKind, Tokens};
use super::wire::from_slice;
use app::accounts::AccountHealth;
use backon::{ExponentialBuilder, Retryable};
use rand::Rng;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// How patient a call is.
#[derive(Debug, Clone, Copy)]
pub struct RetrySettings {
    /// Attempts after the first.
    pub max_retries: usize,
    /// Backoff before the first retry; doubles each time up to `max_delay`, then full jitter.
    pub min_delay: Duration,
    pub max_delay: Duration,
    /// One attempt's limit, body included.
    pub attempt_timeout: Duration,
}

impl Default for RetrySettings {
    fn default() -> Self {
        RetrySettings {
            max_retries: 6,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            attempt_timeout: Duration::from_secs(60),
        }
    }
}

/// Everything tunable about an account's client.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientSettings {
    pub rate: RateSettings,
    pub retry: RetrySettings,
    pub breaker: BreakerSettings,
}

/// A wait for a 429 that carried no `Retry-After`: long enough not to hammer the service.
const THROTTLE_FALLBACK: Duration = Duration::from_secs(2);

pub struct PartnerCenter {
    /// Our id of the account, for logs.
    pub(super) account: Uuid,
    pub(super) endpoints: Arc<Endpoints>,
    pub(super) http: reqwest::Client,
    tokens: Tokens,
    throttle: Throttle,
    breaker: Breaker,
    pub(super) retry: RetrySettings,
    health: HealthTracker,
    stats: CallStats,
}

impl PartnerCenter {
    pub fn new(
        account: Uuid,
        endpoints: Endpoints,
        credentials: Credentials,
        http: reqwest::Client,
        settings: ClientSettings,
    ) -> PartnerCenter {
        let endpoints = Arc::new(endpoints);
        PartnerCenter {
            account,
            tokens: Tokens::new(http.clone(), Arc::clone(&endpoints), credentials),
            endpoints,
            http,
            throttle: Throttle::new(settings.rate),
            breaker: Breaker::new(settings.breaker),
            retry: settings.retry,
            health: HealthTracker::default(),
            stats: CallStats::default(),
        }
    }

    pub fn account(&self) -> Uuid {
        self.account
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    /// Every call this client made.
    pub fn stats(&self) -> &CallStats {
        &self.stats
    }

    /// Token requests sent to Entra ID.
    pub fn token_requests(&self) -> u64 {
        self.tokens.requests()
    }

    /// Gets a token of `kind` (from the cache or Entra ID): proves the credentials work.
    pub async fn authenticate(&self, kind: TokenKind) -> Result<(), PcError> {
        self.tokens.bearer(kind, "TOKEN").await.map(|_| ())
    }

    /// How the account's Partner Center answers now.
    pub fn health(&self) -> AccountHealth {
        self.health.health(&self.breaker, &self.throttle)
    }

    /// How long the circuit breaker still refuses calls (`None`: calls may go). Runs are not
    /// started meanwhile: they would only fail.
    pub fn circuit_wait(&self) -> Option<Duration> {
        self.breaker.wait()
    }

    /// Why the account is unhealthy, if it is.
    pub fn health_detail(&self) -> Option<String> {
        self.health.detail()
    }

    /// Sends `request` as one logical call, retrying what may be retried; `run` also counts it.
    pub async fn send(&self, request: &Request, run: Option<&CallStats>) -> Result<Reply, PcError> {
        let call = CallInfo {
            operation: request.operation,
            correlation_id: request.correlation_id.unwrap_or_else(Uuid::new_v4),
            request_id: request.request_id.unwrap_or_else(Uuid::new_v4),
        };
        let backoff = ExponentialBuilder::new()
            .with_min_delay(self.retry.min_delay)
            .with_max_delay(self.retry.max_delay)
            .with_max_times(self.retry.max_retries);
        let result = (|| self.attempt(request, &call, run))
            .retry(backoff)
            .sleep(tokio::time::sleep)
            .when(PcError::is_retryable)
            .adjust(|error, next| {
                let next = next?;
                Some(match error.retry_after() {
                    Some(wait) => wait,
                    None if error.is_throttled() => THROTTLE_FALLBACK + full_jitter(next),
                    None => full_jitter(next),
                })
            })
            .notify(|error, wait| {
                self.count(run, Event::Retry);
                tracing::debug!(account = %self.account, operation = call.operation, correlation_id = %call.correlation_id, wait_ms = wait.as_millis() as u64, error = %error, "retrying Partner Center call");
            })
            .await;
        if let Err(error) = &result {
            tracing::warn!(account = %self.account, operation = call.operation, correlation_id = %call.correlation_id, request_id = %call.request_id, error = %error, "Partner Center call failed");
        }
        result
    }

    /// Sends `request` and parses the answer as `T`. An answer that cannot be parsed is logged
    /// with the operation and correlation id, counted, and returned as [`PcError::Decode`].
    pub async fn fetch<T: DeserializeOwned>(
        &self,
        request: &Request,
        run: Option<&CallStats>,
    ) -> Result<T, PcError> {
        let reply = self.send(request, run).await?;
        from_slice(&reply.body).map_err(|error| {
            self.count(run, Event::DecodeError);
            tracing::error!(account = %self.account, operation = reply.call.operation, correlation_id = %reply.call.correlation_id, request_id = %reply.call.request_id, bytes = reply.body.len(), error = %error, "unreadable Partner Center response");
            PcError::Decode {
                call: reply.call.clone(),
                message: error.to_string(),
            }
        })
    }

    /// One attempt: breaker, throttle, token, exchange. A 401 is answered once by fetching a
    /// new token (the old one may have expired early).
    async fn attempt(
        &self,
        request: &Request,
        call: &CallInfo,
        run: Option<&CallStats>,
    ) -> Result<Reply, PcError> {
        let claim = self
            .breaker
            .admit(self.retry.attempt_timeout * 2)
            .await
            .map_err(|retry_in| PcError::CircuitOpen { retry_in })?;
        let mut renewed = false;
        loop {
            self.throttle.admit(request.operation).await;
            let token = match self.tokens.bearer(request.auth, request.operation).await {
                Ok(token) => token,
                Err(error) => {
                    self.observe(&Err(error.clone()), request.auth);
                    claim.settle();
                    return Err(error);
                }
            };
            let outcome = self.exchange(request, call, &token, run).await;
            if let Err(PcError::Api { status: 401, .. }) = &outcome
                && !renewed
            {
                renewed = true;
                self.tokens.invalidate(request.auth, &token).await;
                continue;
            }
            self.observe(&outcome, request.auth);
            claim.settle();
            return outcome;
        }
    }

    /// Breaker, gate and health learn from an attempt's outcome. Only a refused app-only
    /// sign-in marks the account "auth failed": App+User consent problems stay with the
    /// datasets that need it.
    fn observe(&self, outcome: &Result<Reply, PcError>, auth: TokenKind) {
        match outcome {
            Ok(_) => {
                self.breaker.record_success();
                self.health.success();
            }
            Err(error) if error.is_throttled() => {
                self.breaker.record_success();
                self.throttle
                    .throttled(Some(error.retry_after().unwrap_or(THROTTLE_FALLBACK)));
            }
            Err(error) if error.is_service_failure() => {
                self.breaker.record_failure();
                self.health.failure(error.to_string());
            }
            Err(error @ PcError::AuthFailed { .. }) if auth == TokenKind::App => {
                self.breaker.record_neutral();
                self.health.auth_failed(error.to_string());
            }
            Err(PcError::Api { .. }) => {
                self.breaker.record_success();
                self.health.success();
            }
            Err(_) => self.breaker.record_neutral(),
        }
    }

    pub(super) fn count(&self, run: Option<&CallStats>, event: Event) {
        self.stats.record(event);
        if let Some(run) = run {
            run.record(event);
        }
    }
}

/// "Full jitter": a random wait between zero and the exponential backoff.
fn full_jitter(ceiling: Duration) -> Duration {
    let millis = ceiling.as_millis().max(1) as u64;
    Duration::from_millis(rand::thread_rng().gen_range(0..=millis))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_jitter_stays_under_the_ceiling() {
        for _ in 0..100 {
            assert!(full_jitter(Duration::from_millis(200)) <= Duration::from_millis(200));
        }
    }
}
