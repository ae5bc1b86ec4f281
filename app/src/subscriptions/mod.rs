//! Changes to subscriptions: suspend and reactivate (SUB-06, SUB-07) and the nickname
//! (SUB-05), stored as commands that the server's command worker sends to Partner Center.

mod commands;
#[cfg(feature = "ssr")]
pub mod queries;
mod server_fns;
mod types;
mod ui;

pub use commands::{ChangeRights, CommandKind, CommandState, CommandView, SubscriptionActivity};
#[cfg(feature = "ssr")]
pub use server_fns::COMMANDS_SHOWN;
pub use server_fns::{
    ChangeSubscriptionStatus, LoadSubscriptionActivity, RenameSubscription, change_subscription_status,
    load_subscription_activity, rename_subscription,
};
pub use types::{
    MAX_NICKNAME_CHARS, MAX_REASON_CHARS, Reason, ReasonCode, StatusChange, SubscriptionFacts, consequence,
    describe_reason, parse_nickname, rename_refusal, status_change_refusal,
};
pub use ui::SubscriptionsPanel;
