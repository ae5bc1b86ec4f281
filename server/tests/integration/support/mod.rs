//! Test harness: the real router on a free loopback port, backed by a test database.

use server::config::Settings;
use server::startup::Application;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running application and the means to stop it.
pub struct TestApp {
    pub address: SocketAddr,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    pub server: JoinHandle<Result<(), server::startup::StartupError>>,
    /// The staff authority when the app runs without demo mode.
    pub identity: Option<login::IdentityProvider>,
    /// The clock sessions are judged by.
    pub clock: server::auth::setup::Clock,
    /// The embedded simulator, in demo mode.
    pub demo: Option<std::sync::Arc<server::accounts::Demo>>,
}

impl TestApp {
    /// Starts the real router on 127.0.0.1:0 with `pool`.
    pub async fn spawn(pool: PgPool) -> TestApp {
        Self::spawn_with(pool, |_| {}).await
    }

    /// Like `spawn`, after `adjust` has changed the settings.
    pub async fn spawn_with(pool: PgPool, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        init_test_log();
        let mut settings = Settings::defaults();
        settings.http.address = SocketAddr::from(([127, 0, 0, 1], 0));
        // Tests opt into demo mode (an embedded simulator and its sync) explicitly.
        settings.demo.mode = server::config::DemoMode::Off;
        adjust(&mut settings);
        let demo = settings.demo.mode != server::config::DemoMode::Off && settings.accounts.is_empty();
        let identity = if demo || settings.auth.issuer_url.is_some() {
            None
        } else {
            Some(login::identity_provider(&mut settings).await)
        };
        let application = Application::build_with_pool(&settings, pool)
            .await
            .expect("application builds");
        let address = application.address();
        let clock = application.auth_clock();
        let demo = application.demo().cloned();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(application.run_until(async move {
            let _ = stopped.await;
        }));
        TestApp {
            address,
            client: client(None),
            stop: Some(stop),
            server,
            identity,
            clock,
            demo,
        }
    }

    /// Signs `username` (a demo staff user) in; `client` sends the session from now on.
    pub async fn sign_in(&mut self, username: &str) {
        let base = url::Url::parse(&self.url("/")).unwrap();
        let signed_in = login::sign_in(&base, username, "/").await;
        self.client = client(Some(&signed_in.cookie));
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request is answered")
    }

    pub async fn post(&self, path: &str) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .send()
            .await
            .expect("request is answered")
    }

    /// Starts the graceful shutdown (as SIGTERM would).
    pub fn begin_shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A client that follows no redirects and sends `cookie`, if any.
pub fn client(cookie: Option<&str>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(cookie) = cookie {
        headers.insert("cookie", cookie.parse().expect("a cookie is a header value"));
    }
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .default_headers(headers)
        .build()
        .expect("client builds")
}

/// A pool for a database that does not exist: every query fails after a short wait.
pub fn unreachable_pool() -> PgPool {
    PgPoolOptions::new()
        .acquire_timeout(Duration::from_millis(500))
        .connect_lazy("postgres://nobody@127.0.0.1:9/nothing")
        .expect("the URL parses")
}

/// Registers an account named `name` in `cloud` (`global`, `china`, ...) with fresh tenant and
/// client ids, straight in the table; returns its id.
pub async fn insert_account(pool: &PgPool, name: &str, cloud: &str) -> uuid::Uuid {
    sqlx::query_scalar(
        "INSERT INTO partner_accounts (name, cloud, tenant_id, client_id)
         VALUES ($1, $2, gen_random_uuid(), gen_random_uuid()) RETURNING id",
    )
    .bind(name)
    .bind(cloud)
    .fetch_one(pool)
    .await
    .expect("account inserted")
}

/// Logs go to the terminal only when TEST_LOG is set.
pub fn init_test_log() {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                std::env::var("TEST_LOG")
                    .ok()
                    .filter(|f| f != "1")
                    .unwrap_or_else(|| "debug".into()),
            )
            .try_init();
    }
}
pub mod cache_vs_sim;
pub mod cached_users;
pub mod commands;
pub mod crash;
pub mod customers;
pub mod login;
pub mod roles;
pub mod search_words;
pub mod sync;
