//! `[commands]`: the worker that sends staff's changes (suspend, reactivate, nickname) to
//! Partner Center.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandSettings {
    /// Run the command worker in this instance (any number of instances may).
    pub enabled: bool,
    /// Commands sent at the same time by this instance.
    pub concurrency: usize,
    /// Sends of one command (each with the client's own retries) before it is read back and
    /// settled as done or failed.
    pub max_attempts: i32,
    /// How often the worker looks for due commands when no notification wakes it.
    pub poll_seconds: u64,
}

impl Default for CommandSettings {
    fn default() -> Self {
        CommandSettings {
            enabled: true,
            concurrency: 8,
            max_attempts: 4,
            poll_seconds: 2,
        }
    }
}
