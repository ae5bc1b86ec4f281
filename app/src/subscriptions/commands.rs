//! A change staff asked for, as the page follows it: pending → done or failed.

use crate::customers::SubscriptionRow;
use crate::sync::Moment;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What the command does (SUB-06, SUB-07, SUB-05).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "lowercase"))]
pub enum CommandKind {
    Suspend,
    Reactivate,
    Rename,
}

impl CommandKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CommandKind::Suspend => "suspend",
            CommandKind::Reactivate => "reactivate",
            CommandKind::Rename => "rename",
        }
    }

    /// The contract's operation id.
    pub fn operation(self) -> &'static str {
        match self {
            CommandKind::Suspend => "SUB-06",
            CommandKind::Reactivate => "SUB-07",
            CommandKind::Rename => "SUB-05",
        }
    }

    /// "Suspending", "Reactivating", "Renaming".
    pub fn progressive(self) -> &'static str {
        match self {
            CommandKind::Suspend => "Suspending",
            CommandKind::Reactivate => "Reactivating",
            CommandKind::Rename => "Renaming",
        }
    }

    /// "suspended", "reactivated", "renamed".
    pub fn past(self) -> &'static str {
        match self {
            CommandKind::Suspend => "suspended",
            CommandKind::Reactivate => "reactivated",
            CommandKind::Rename => "renamed",
        }
    }
}

/// Where the command is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "lowercase"))]
pub enum CommandState {
    /// Stored; waiting for a worker (or for its next attempt).
    Pending,
    /// A worker is sending it to Partner Center.
    Sending,
    Done,
    Failed,
}

impl CommandState {
    pub fn as_str(self) -> &'static str {
        match self {
            CommandState::Pending => "pending",
            CommandState::Sending => "sending",
            CommandState::Done => "done",
            CommandState::Failed => "failed",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, CommandState::Pending | CommandState::Sending)
    }
}

/// One command as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommandView {
    pub id: Uuid,
    pub subscription_id: Uuid,
    pub kind: CommandKind,
    pub state: CommandState,
    pub nickname: Option<String>,
    /// The reason given, described ("Non-payment — ticket 4411").
    pub reason: Option<String>,
    pub requested_by: String,
    pub requested: Moment,
    pub finished: Option<Moment>,
    /// Attempts made so far.
    pub attempts: i32,
    /// Why it failed (Partner Center's message), or why the last attempt did not get through.
    pub error: Option<String>,
}

/// A customer's subscriptions and their recent commands, as the page refreshes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionActivity {
    pub subscriptions: Vec<SubscriptionRow>,
    /// The latest commands, newest first.
    pub commands: Vec<CommandView>,
}

/// What a person may change on this account, and why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRights {
    /// Suspend and reactivate (billing or admin).
    pub status: bool,
    /// Nicknames (admin, billing or sales).
    pub nickname: bool,
}
