//! Installs the one `tracing` subscriber: readable lines locally, JSON lines when configured.
//! Never log secrets, tokens, cookies, bodies or e-mail addresses (STYLE §9).

use crate::config::{LogFormat, TelemetrySettings};
use tracing_subscriber::EnvFilter;

/// The `tracing` filter could not be parsed.
#[derive(Debug, thiserror::Error)]
#[error(
    "invalid configuration: telemetry.filter {filter:?} is not a tracing filter ({reason}); try \"info\""
)]
pub struct FilterError {
    filter: String,
    reason: String,
}

/// Installs the global subscriber. `RUST_LOG`, when set, overrides `telemetry.filter`.
pub fn init(settings: &TelemetrySettings) -> Result<(), FilterError> {
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| settings.filter.clone());
    let env_filter = EnvFilter::try_new(&filter).map_err(|error| FilterError {
        filter: filter.clone(),
        reason: error.to_string(),
    })?;
    let builder = tracing_subscriber::fmt().with_env_filter(env_filter);
    // A second init (tests start several apps in one process) keeps the first subscriber.
    let _ = match settings.format {
        LogFormat::Pretty => builder.with_target(false).try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
    };
    Ok(())
}
