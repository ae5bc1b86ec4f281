//! The `switchboard` binary itself: bad input ends in one clear line and a non-zero exit, never a
//! panic; SIGTERM drains and exits 0.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_switchboard");

/// Runs the binary with a clean environment plus `vars`, from a directory with no config file.
fn run(args: &[&str], vars: &[(&str, &str)]) -> Output {
    Command::new(BINARY)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(vars.iter().copied())
        .current_dir(std::env::temp_dir())
        .output()
        .expect("the binary runs")
}

/// The process failed with `code` and wrote exactly one line, starting with "error: ".
fn assert_one_line_failure(output: &Output, code: i32) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "expected one line, got: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    stderr
}

#[test]
fn a_bad_config_value_names_the_key_and_its_source() {
    let output = run(&[], &[("SWITCHBOARD_HTTP__ADDRESS", "not-an-address")]);

    let stderr = assert_one_line_failure(&output, 2);
    assert!(stderr.contains("http.address"), "{stderr}");
    assert!(stderr.contains("SWITCHBOARD_HTTP__ADDRESS"), "{stderr}");
}

#[test]
fn an_unknown_key_in_the_config_file_is_rejected() {
    let dir = std::env::temp_dir().join(format!("switchboard-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("typo.toml");
    std::fs::write(&file, "[http]\nadress = \"127.0.0.1:3000\"\n").unwrap();

    let output = run(&["--config", file.to_str().unwrap()], &[]);

    let stderr = assert_one_line_failure(&output, 2);
    assert!(
        stderr.contains("adress") && stderr.contains("address"),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_missing_config_file_is_reported() {
    let output = run(&["--config", "/nonexistent/switchboard.toml"], &[]);

    let stderr = assert_one_line_failure(&output, 2);
    assert!(
        stderr.contains("/nonexistent/switchboard.toml does not exist"),
        "{stderr}"
    );
}

#[test]
fn a_non_postgres_database_url_is_rejected() {
    let output = run(&[], &[("DATABASE_URL", "mysql://localhost/switchboard")]);

    let stderr = assert_one_line_failure(&output, 2);
    assert!(
        stderr.contains("database.url must start with postgres://"),
        "{stderr}"
    );
}

#[test]
fn an_unreachable_database_says_where_and_what_to_do_without_the_password() {
    let closed_port = free_port();
    let url = format!("postgres://someone:hunter2@127.0.0.1:{closed_port}/switchboard");

    let output = run(
        &[],
        &[
            ("DATABASE_URL", &url),
            ("SWITCHBOARD_HTTP__ADDRESS", "127.0.0.1:0"),
        ],
    );

    let stderr = assert_one_line_failure(&output, 1);
    assert!(
        stderr.contains(&format!(
            "cannot reach Postgres at 127.0.0.1:{closed_port}/switchboard"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("DATABASE_URL"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "the password leaked: {stderr}");
}

#[test]
fn a_port_in_use_names_the_address_and_the_setting_to_change() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();

    let output = run(&[], &[("SWITCHBOARD_HTTP__ADDRESS", &address)]);

    let stderr = assert_one_line_failure(&output, 1);
    assert!(
        stderr.contains(&format!("cannot listen on {address}")),
        "{stderr}"
    );
    assert!(
        stderr.contains("already in use") && stderr.contains("SWITCHBOARD_HTTP__ADDRESS"),
        "{stderr}"
    );
}

#[test]
fn help_documents_the_config_flag() {
    let output = run(&["--help"], &[]);

    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("--config <FILE>"));
}

/// Needs DATABASE_URL (a server where we may create databases), as the test command provides.
#[test]
fn sigterm_drains_and_exits_zero() {
    let Ok(base_url) = std::env::var("DATABASE_URL") else {
        panic!("DATABASE_URL must point at a Postgres server for this test (scripts/test sets it)");
    };
    let database = format!("switchboard_sigterm_{}", std::process::id());
    let url = format!("{}/{database}", base_url.rsplit_once('/').unwrap().0);
    let mut child = Command::new(BINARY)
        .env("DATABASE_URL", &url)
        .env("SWITCHBOARD_HTTP__ADDRESS", "127.0.0.1:0")
        .env("SWITCHBOARD_TELEMETRY__FORMAT", "json")
        .current_dir(std::env::temp_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    let listening = loop {
        let line = lines.next().expect("the server printed its address").unwrap();
        if line.contains("Switchboard listening") {
            break line;
        }
        assert!(Instant::now() < deadline, "the server did not start");
    };
    let log: serde_json::Value = serde_json::from_str(&listening).expect("JSON log line");
    assert!(log["address"].as_str().unwrap().starts_with("127.0.0.1:"));

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();

    assert_eq!(status.code(), Some(0));
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        rest.iter().any(|line| line.contains("shut down cleanly")),
        "{rest:?}"
    );
    drop_database(&base_url, &database);
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn drop_database(base_url: &str, database: &str) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        use sqlx::Connection;
        let mut connection = sqlx::PgConnection::connect(base_url).await.unwrap();
        sqlx::query(&format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"))
            .execute(&mut connection)
            .await
            .unwrap();
    });
}
