//! `switchboard`: serves the portal. Every start-up failure ends in one line and a non-zero exit.

use clap::Parser;
use server::config::Settings;
use server::startup::Application;
use std::path::PathBuf;
use std::process::ExitCode;

/// Switchboard: one staff portal for several Partner Center accounts.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// TOML configuration file (default: ./switchboard.toml if it exists).
    #[arg(long, env = "SWITCHBOARD_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => return fail(&error, 2),
    };
    if let Err(error) = server::telemetry::init(&settings.telemetry) {
        return fail(&error, 2);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => return fail(&format!("cannot start the async runtime: {error}"), 1),
    };
    let outcome = runtime.block_on(async {
        // Listening from the start: a SIGTERM during start-up still shuts down cleanly.
        let signal = server::shutdown::signal();
        let application = Application::build(&settings).await?;
        application.run_until(signal).await
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error, 1),
    }
}

fn fail(error: &dyn std::fmt::Display, code: u8) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(code)
}
