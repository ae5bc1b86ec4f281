//! The portal under test: the release binary, started on 127.0.0.1:0 with a fresh database.

use anyhow::{Context, Result, anyhow, bail};
use sqlx::Connection;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Numbers the databases of one test process.
static NEXT_DATABASE: AtomicU32 = AtomicU32::new(0);

/// A running portal process with its own database. `stop` shuts it down gracefully and checks
/// the exit; if a test fails first, dropping it kills the process and still drops the database.
pub struct Portal {
    child: Child,
    /// Panic messages the portal printed, and the task reading its stderr.
    panics: Arc<Mutex<Vec<String>>>,
    stderr_reader: Option<tokio::task::JoinHandle<()>>,
    base_url: String,
    server_url: String,
    database: String,
    database_dropped: bool,
    /// The staff authority when the portal runs without demo mode, and its secret's file.
    _identity: Option<sim::SimHandle>,
    secret_file: Option<PathBuf>,
}

impl Portal {
    /// Starts the portal binary (`E2E_PORTAL_BINARY`, default `target/release/switchboard`)
    /// against a new database on the server in `DATABASE_URL`, with no accounts and demo
    /// mode off: the empty state. Staff sign in at a simulator started for it; each demo
    /// person's app role grants that role on every account.
    pub async fn start() -> Result<Portal> {
        let identity = sim::start(sim::SimConfig {
            accounts: sim::demo_accounts(1),
            customers_per_account: 1,
            usage_days: 1,
            ..sim::SimConfig::default()
        })
        .await?;
        let sim = identity.sim();
        let issuer = sim::identity::issuer(sim, &sim.accounts[0].info);
        let secret = std::env::temp_dir().join(format!(
            "switchboard-e2e-secret-{}-{}",
            std::process::id(),
            NEXT_DATABASE.load(Ordering::SeqCst)
        ));
        std::fs::write(&secret, &sim.staff.app.client_secret)?;
        let client_id = sim.staff.app.client_id.to_string();
        let secret_ref = format!("file:{}", secret.display());
        // Each demo person's app role grants that role on every account.
        let grants = format!(
            "[{}]",
            ["Admin", "Billing", "Sales", "Helpdesk", "Viewer"]
                .map(|role| format!(
                    "{{app_role = \"Switchboard.{role}\", role = \"{}\"}}",
                    role.to_lowercase()
                ))
                .join(", ")
        );
        let mut portal = Self::start_with(&[
            ("SWITCHBOARD_DEMO__MODE", "off"),
            ("SWITCHBOARD_AUTH__ISSUER_URL", &issuer),
            ("SWITCHBOARD_AUTH__CLIENT_ID", &client_id),
            ("SWITCHBOARD_AUTH__CLIENT_SECRET", &secret_ref),
            ("SWITCHBOARD_AUTH__GRANT", &grants),
        ])
        .await?;
        portal._identity = Some(identity);
        portal.secret_file = Some(secret);
        Ok(portal)
    }

    /// Starts the portal in demo mode: the simulator embedded, its four accounts synced with
    /// `customers` customers each, the worker looking for due work every second.
    pub async fn start_demo(customers: usize) -> Result<Portal> {
        let customers = customers.to_string();
        Self::start_with(&[
            ("SWITCHBOARD_DEMO__MODE", "auto"),
            ("SWITCHBOARD_DEMO__CUSTOMERS_PER_ACCOUNT", &customers),
            ("SWITCHBOARD_SYNC__TICK_SECONDS", "1"),
        ])
        .await
    }

    /// Starts the portal with extra environment variables.
    pub async fn start_with(environment: &[(&str, &str)]) -> Result<Portal> {
        let database_url = std::env::var("DATABASE_URL")
            .context("DATABASE_URL must point at a Postgres server; scripts/test sets it")?;
        let (server_url, _) = database_url
            .rsplit_once('/')
            .context("DATABASE_URL has no database name")?;
        let database = format!(
            "switchboard_e2e_{}_{}",
            std::process::id(),
            NEXT_DATABASE.fetch_add(1, Ordering::SeqCst)
        );
        let binary = env_path("E2E_PORTAL_BINARY", "target/release/switchboard");
        let site_root = env_path("E2E_SITE_ROOT", "target/site");
        if !binary.is_file() {
            bail!(
                "no portal binary at {}; run `cargo leptos build --release` first",
                binary.display()
            );
        }
        let mut child = Command::new(&binary)
            .env("DATABASE_URL", format!("{server_url}/{database}"))
            .env("SWITCHBOARD_HTTP__ADDRESS", "127.0.0.1:0")
            .env("SWITCHBOARD_SITE__ROOT", &site_root)
            .env("SWITCHBOARD_TELEMETRY__FORMAT", "json")
            .env("RUST_LOG", "info")
            .envs(environment.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let stderr = child.stderr.take().context("portal stderr")?;
        let panics = Arc::new(Mutex::new(Vec::new()));
        let stderr_reader = tokio::spawn(watch_stderr(stderr, Arc::clone(&panics)));
        let stdout = child.stdout.take().context("portal stdout")?;
        let address = tokio::time::timeout(Duration::from_secs(60), read_listen_address(stdout))
            .await
            .map_err(|_| anyhow!("the portal did not start within 60 s"))??;
        Ok(Portal {
            child,
            panics,
            stderr_reader: Some(stderr_reader),
            base_url: format!("http://{address}"),
            server_url: server_url.to_owned(),
            database,
            database_dropped: false,
            _identity: None,
            secret_file: None,
        })
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The name of this portal's own database.
    pub fn database(&self) -> &str {
        &self.database
    }

    /// The absolute URL of `path` on this portal.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Sends SIGTERM, expects a clean exit within 20 s, then drops the test database.
    pub async fn stop(mut self) -> Result<()> {
        let pid = self.child.id().context("portal already exited")?;
        let status = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .await?;
        if !status.success() {
            bail!("could not signal the portal");
        }
        let exit = tokio::time::timeout(Duration::from_secs(20), self.child.wait())
            .await
            .context("the portal did not stop within 20 s of SIGTERM")??;
        if let Some(reader) = self.stderr_reader.take() {
            // The process has exited, so its stderr ends: read it to the end.
            let _ = tokio::time::timeout(Duration::from_secs(5), reader).await;
        }
        let panics = self.panics.lock().expect("panics").clone();
        if !panics.is_empty() {
            bail!("the portal panicked while serving: {panics:#?}");
        }
        if !exit.success() {
            bail!("the portal exited with {exit}");
        }
        drop_database(&self.server_url, &self.database).await?;
        self.database_dropped = true;
        Ok(())
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        if let Some(secret) = &self.secret_file {
            let _ = std::fs::remove_file(secret);
        }
        if self.database_dropped {
            return;
        }
        let _ = self.child.start_kill();
        let (server_url, database) = (self.server_url.clone(), self.database.clone());
        // Drop runs inside the test's runtime, which cannot be blocked on: use a thread of its own.
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(drop_database(&server_url, &database))
        });
        if let Ok(Err(error)) = cleanup.join() {
            eprintln!("could not drop test database {}: {error:#}", self.database);
        }
    }
}

async fn drop_database(server_url: &str, database: &str) -> Result<()> {
    let mut connection = sqlx::PgConnection::connect(&format!("{server_url}/postgres")).await?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"))
        .execute(&mut connection)
        .await?;
    Ok(())
}

/// Reads JSON log lines until "Switchboard listening"; keeps draining the rest in the background
/// (echoed when `E2E_LOG` is set) so the portal never blocks on a full pipe.
async fn read_listen_address(stdout: tokio::process::ChildStdout) -> Result<String> {
    let mut lines = BufReader::new(stdout).lines();
    while let Some(line) = lines.next_line().await? {
        echo_log(&line);
        let Ok(entry) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if entry["message"] == "Switchboard listening" {
            let address = entry["address"]
                .as_str()
                .context("listening line without an address")?
                .to_owned();
            tokio::spawn(async move {
                while let Ok(Some(line)) = lines.next_line().await {
                    echo_log(&line);
                }
            });
            return Ok(address);
        }
    }
    bail!("the portal exited before it was listening (its error is above)")
}

/// Passes the portal's stderr through and keeps every panic message it carries: a request
/// that panics in the portal fails the test even if the page looked right.
async fn watch_stderr(stderr: tokio::process::ChildStderr, panics: Arc<Mutex<Vec<String>>>) {
    let mut lines = BufReader::new(stderr).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        eprintln!("{line}");
        if line.contains("panicked at") {
            panics.lock().expect("panics").push(line);
        }
    }
}

fn echo_log(line: &str) {
    if std::env::var_os("E2E_LOG").is_some() {
        eprintln!("portal: {line}");
    }
}

/// A path from the environment, or `default` relative to the workspace root.
fn env_path(variable: &str, default: &str) -> PathBuf {
    std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(default))
}

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ has a parent")
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::watch_stderr;
    use std::process::Stdio;
    use std::sync::{Arc, Mutex};

    #[tokio::test]
    async fn panic_messages_on_stderr_are_kept() {
        let mut child = tokio::process::Command::new("sh")
            .args([
                "-c",
                "echo 'INFO fine' >&2; echo \"thread 'tokio-rt-worker' panicked at src/x.rs:1:1:\" >&2",
            ])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let panics = Arc::new(Mutex::new(Vec::new()));
        watch_stderr(child.stderr.take().unwrap(), Arc::clone(&panics)).await;
        child.wait().await.unwrap();
        let panics = panics.lock().unwrap();
        assert_eq!(panics.len(), 1);
        assert!(panics[0].contains("panicked at src/x.rs"));
    }
}
