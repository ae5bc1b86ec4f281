//! Where staff sign in: the configured authority, or in demo mode the embedded simulator's
//! Entra ID (its first tenant, the staff portal's app). The authority is discovered on the
//! first sign-in and kept, so the portal starts while Entra ID is unreachable.

use super::oidc::{LoginError, StaffAuthority, StaffAuthorityConfig};
use crate::accounts::Demo;
use crate::config::AuthSettings;
use secrecy::SecretString;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use time::OffsetDateTime;
use tokio::sync::OnceCell;
use url::Url;

/// The time sessions are judged by: the system's, plus an offset tests of expiry move forward.
#[derive(Clone, Default)]
pub struct Clock {
    offset_seconds: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + time::Duration::seconds(self.offset_seconds.load(Ordering::SeqCst))
    }

    /// Moves this clock `by` into the future (tests).
    pub fn advance(&self, by: time::Duration) {
        self.offset_seconds
            .fetch_add(by.whole_seconds(), Ordering::SeqCst);
    }
}

pub struct Auth {
    pub settings: AuthSettings,
    /// Where staff open the portal.
    pub public_url: Url,
    /// How tokens' app roles and groups become grants at sign-in.
    pub grant_rules: Vec<crate::config::GrantRule>,
    config: Option<AuthorityConfig>,
    authority: OnceCell<StaffAuthority>,
    http: reqwest::Client,
    pub clock: Clock,
}

struct AuthorityConfig {
    issuer: String,
    client_id: String,
    client_secret: SecretString,
}

impl Auth {
    /// The sign-in set up from `settings`, or from the demo simulator; `address` is where this
    /// instance listens (the default public URL).
    pub fn new(
        settings: &AuthSettings,
        address: std::net::SocketAddr,
        demo: Option<&Demo>,
    ) -> Result<Auth, String> {
        let public_url = match &settings.public_url {
            Some(url) => Url::parse(url).map_err(|error| format!("auth.public_url: {error}"))?,
            None => Url::parse(&format!("http://{address}")).expect("a socket address makes a URL"),
        };
        let config = match (
            &settings.issuer_url,
            &settings.client_id,
            &settings.client_secret,
            demo,
        ) {
            (Some(issuer), Some(client_id), Some(secret), _) => Some(AuthorityConfig {
                issuer: issuer.clone(),
                client_id: client_id.clone(),
                client_secret: secret
                    .resolve()
                    .map_err(|error| format!("auth.client_secret: {error}"))?,
            }),
            (_, _, _, Some(demo)) => {
                let sim = demo.simulator();
                let tenant = &sim
                    .accounts
                    .first()
                    .ok_or("the demo simulator has no tenant")?
                    .info;
                Some(AuthorityConfig {
                    issuer: sim::identity::issuer(sim, tenant),
                    client_id: sim.staff.app.client_id.to_string(),
                    client_secret: SecretString::from(sim.staff.app.client_secret.clone()),
                })
            }
            _ => {
                tracing::warn!(
                    "sign-in is not configured: set auth.issuer_url, auth.client_id and auth.client_secret"
                );
                None
            }
        };
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(15))
            .build()
            .map_err(|error| error.to_string())?;
        let grant_rules = match demo {
            Some(demo) if settings.grants.is_empty() => super::grants::demo_rules(demo.simulator()),
            _ => settings.grants.clone(),
        };
        Ok(Auth {
            settings: settings.clone(),
            public_url,
            grant_rules,
            config,
            authority: OnceCell::new(),
            http,
            clock: Clock::default(),
        })
    }

    /// The staff authority, discovered on first use; `None` if sign-in is not configured.
    pub async fn authority(&self) -> Option<Result<&StaffAuthority, LoginError>> {
        let config = self.config.as_ref()?;
        Some(
            self.authority
                .get_or_try_init(|| {
                    StaffAuthority::discover(
                        StaffAuthorityConfig {
                            issuer: config.issuer.clone(),
                            client_id: config.client_id.clone(),
                            client_secret: config.client_secret.clone(),
                            redirect_url: self.url("/auth/callback"),
                        },
                        self.http.clone(),
                    )
                })
                .await,
        )
    }

    /// `path` under the public URL.
    pub fn url(&self, path: &str) -> Url {
        self.public_url.join(path).expect("absolute paths join")
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }
}
