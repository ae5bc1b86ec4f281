//! The subscriptions panel of the customer page.

mod confirm;
mod nickname;
mod panel;
mod row;
mod state;

pub use panel::SubscriptionsPanel;
