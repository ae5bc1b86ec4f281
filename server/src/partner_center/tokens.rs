//! Access tokens for one account (contract §1.2): app-only through client credentials (v2
//! endpoint, `scope={resource}/.default`) and App+User through the stored refresh token (v1
//! endpoint, `resource=`), each cached and renewed before it expires. One request at a time
//! per kind: concurrent callers wait for the token being fetched instead of fetching their own.

use super::endpoints::Endpoints;
use super::error::PcError;
use super::wire::from_slice;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Mutex as AsyncMutex;
use uuid::Uuid;

/// Renew this long before a token expires (the SDK uses 30 s; a minute is safer for long pages).
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);

/// An account's app registration and, for App+User calls, its consented refresh token.
#[derive(Clone)]
pub struct Credentials {
    pub client_id: Uuid,
    pub client_secret: SecretString,
    pub refresh_token: Option<SecretString>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

/// Which token a call needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    App,
    AppUser,
}

#[derive(Clone)]
struct Cached {
    token: Arc<SecretString>,
    renew_at: Instant,
}

/// The token source of one account.
pub struct Tokens {
    http: reqwest::Client,
    endpoints: Arc<Endpoints>,
    credentials: Credentials,
    /// The newest refresh token (Entra ID may rotate it on use).
    refresh_token: Mutex<Option<SecretString>>,
    app: AsyncMutex<Option<Cached>>,
    app_user: AsyncMutex<Option<Cached>>,
    requests: std::sync::atomic::AtomicU64,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    /// A number (v2) or a string (v1).
    #[serde(deserialize_with = "crate::partner_center::wire::integer")]
    expires_in: i64,
    refresh_token: Option<String>,
}

#[derive(Deserialize, Default)]
struct OAuthErrorAnswer {
    error: Option<String>,
    error_description: Option<String>,
}

impl Tokens {
    pub fn new(http: reqwest::Client, endpoints: Arc<Endpoints>, credentials: Credentials) -> Tokens {
        Tokens {
            refresh_token: Mutex::new(credentials.refresh_token.clone()),
            http,
            endpoints,
            credentials,
            app: AsyncMutex::new(None),
            app_user: AsyncMutex::new(None),
            requests: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Token requests sent so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A valid bearer token of `kind`, from the cache or freshly issued.
    pub async fn bearer(
        &self,
        kind: TokenKind,
        operation: &'static str,
    ) -> Result<Arc<SecretString>, PcError> {
        let slot = match kind {
            TokenKind::App => &self.app,
            TokenKind::AppUser => &self.app_user,
        };
        let mut cached = slot.lock().await;
        if let Some(token) = cached.as_ref().filter(|token| Instant::now() < token.renew_at) {
            return Ok(Arc::clone(&token.token));
        }
        let fresh = match kind {
            TokenKind::App => self.client_credentials().await?,
            TokenKind::AppUser => self.refresh(operation).await?,
        };
        let token = Arc::clone(&fresh.token);
        *cached = Some(fresh);
        Ok(token)
    }

    /// Forgets `token` (Partner Center refused it), unless a newer one already replaced it.
    pub async fn invalidate(&self, kind: TokenKind, token: &Arc<SecretString>) {
        let slot = match kind {
            TokenKind::App => &self.app,
            TokenKind::AppUser => &self.app_user,
        };
        let mut cached = slot.lock().await;
        if cached
            .as_ref()
            .is_some_and(|current| Arc::ptr_eq(&current.token, token))
        {
            *cached = None;
        }
    }

    async fn client_credentials(&self) -> Result<Cached, PcError> {
        let scope = format!("{}/.default", self.endpoints.resource());
        let client_id = self.credentials.client_id.to_string();
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", client_id.as_str()),
            ("client_secret", self.credentials.client_secret.expose_secret()),
            ("scope", scope.as_str()),
        ];
        self.request(&self.endpoints.token_url_v2(), &form).await
    }

    async fn refresh(&self, operation: &'static str) -> Result<Cached, PcError> {
        let refresh_token = self
            .refresh_token
            .lock()
            .expect("refresh token lock")
            .clone()
            .ok_or(PcError::NoAppUserToken { operation })?;
        let client_id = self.credentials.client_id.to_string();
        let form = [
            ("grant_type", "refresh_token"),
            ("resource", self.endpoints.resource()),
            ("client_id", client_id.as_str()),
            ("client_secret", self.credentials.client_secret.expose_secret()),
            ("refresh_token", refresh_token.expose_secret()),
            ("scope", "openid"),
        ];
        self.request(&self.endpoints.token_url_v1(), &form).await
    }

    async fn request(&self, url: &str, form: &[(&str, &str)]) -> Result<Cached, PcError> {
        self.requests.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let unavailable = |description: String| PcError::TokenUnavailable { description };
        let sent_at = Instant::now();
        let response = self.http.post(url).form(form).send().await.map_err(|error| {
            unavailable(format!(
                "token request failed: {}",
                super::exchange::describe(&error)
            ))
        })?;
        let status = response.status();
        let body = response.bytes().await.map_err(|error| {
            unavailable(format!(
                "token answer cut off: {}",
                super::exchange::describe(&error)
            ))
        })?;
        if status.is_success() {
            let answer: TokenAnswer = from_slice(&body)
                .map_err(|error| unavailable(format!("token answer unreadable: {error}")))?;
            if let Some(rotated) = answer.refresh_token {
                *self.refresh_token.lock().expect("refresh token lock") = Some(SecretString::from(rotated));
            }
            let lifetime = Duration::from_secs(answer.expires_in.max(0) as u64);
            return Ok(Cached {
                token: Arc::new(SecretString::from(answer.access_token)),
                renew_at: sent_at + lifetime.saturating_sub(EXPIRY_MARGIN),
            });
        }
        let answer: OAuthErrorAnswer = serde_json::from_slice(&body).unwrap_or_default();
        let description = answer
            .error_description
            .as_deref()
            .map(|text| text.lines().next().unwrap_or_default().to_owned())
            .unwrap_or_else(|| format!("HTTP {status}"));
        let rejected = status.is_client_error()
            && matches!(
                answer.error.as_deref(),
                Some(
                    "invalid_client"
                        | "unauthorized_client"
                        | "invalid_grant"
                        | "invalid_resource"
                        | "invalid_scope"
                        | "invalid_request"
                )
            );
        if rejected {
            let hint = match answer.error.as_deref() {
                Some("invalid_client") => {
                    "check the account's client_secret: it may be wrong or expired, or the app deleted"
                }
                Some("unauthorized_client") => "the app is not registered in Partner Center for this access",
                Some("invalid_grant") => {
                    "the App+User consent (refresh_token) is no longer valid: an admin must consent again"
                }
                _ => "check the account's tenant_id, client_id and cloud",
            };
            Err(PcError::AuthFailed {
                client_id: self.credentials.client_id,
                description,
                hint,
            })
        } else {
            Err(unavailable(format!("HTTP {}: {description}", status.as_u16())))
        }
    }
}
