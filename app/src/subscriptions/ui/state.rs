//! What the subscriptions panel shares between its parts: the rows and commands as last read,
//! the selection, and the way to read them again.

use crate::accounts::Cloud;
use crate::customers::SubscriptionRow;
use crate::subscriptions::{
    ChangeRights, CommandView, StatusChange, SubscriptionActivity, SubscriptionFacts,
    load_subscription_activity, status_change_refusal,
};
use leptos::prelude::*;
use std::collections::BTreeSet;
use uuid::Uuid;

#[derive(Debug, Clone, Copy)]
pub struct Panel {
    pub account: Uuid,
    pub customer: Uuid,
    pub cloud: Cloud,
    pub rights: ChangeRights,
    pub activity: RwSignal<SubscriptionActivity>,
    pub selected: RwSignal<BTreeSet<Uuid>>,
    /// The change whose confirmation is open.
    pub confirming: RwSignal<Option<StatusChange>>,
    /// What the last submission said (sent, or why not).
    pub notice: RwSignal<Option<Result<String, String>>>,
}

impl Panel {
    /// Reads the rows and commands again (in the browser).
    pub fn refresh(self) {
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = load_subscription_activity(self.account, self.customer).await {
                self.activity.set(fresh);
            }
        });
    }

    /// Whether a command of this customer is still on its way.
    pub fn has_open_commands(self) -> bool {
        self.activity
            .with(|activity| activity.commands.iter().any(|command| command.state.is_open()))
    }

    /// The newest command of `subscription`, if any.
    pub fn latest_command(self, subscription: Uuid) -> Option<CommandView> {
        self.activity.with(|activity| {
            activity
                .commands
                .iter()
                .find(|command| command.subscription_id == subscription)
                .cloned()
        })
    }

    /// The chosen rows, in table order.
    pub fn chosen(self) -> Vec<SubscriptionRow> {
        let selected = self.selected.get();
        self.activity.with(|activity| {
            activity
                .subscriptions
                .iter()
                .filter(|row| selected.contains(&row.id))
                .cloned()
                .collect()
        })
    }

    /// Why `change` cannot be made to the chosen rows (one sentence per row), or `None`.
    pub fn refusal(self, change: StatusChange) -> Option<String> {
        let chosen = self.chosen();
        if chosen.is_empty() {
            return Some("Select the subscriptions first.".to_owned());
        }
        let reasons: Vec<String> = chosen
            .iter()
            .filter_map(|row| {
                status_change_refusal(change, self.cloud, facts(row))
                    .map(|why| format!("{}: {why}", offer(row)))
            })
            .collect();
        (!reasons.is_empty()).then(|| reasons.join(" "))
    }
}

/// The facts the rules need of a row.
pub fn facts(row: &SubscriptionRow) -> SubscriptionFacts<'_> {
    SubscriptionFacts {
        status: &row.status,
        billing_type: row.billing_type.as_deref(),
        parent_status: row.parent_status.as_deref(),
    }
}

/// The name staff know a subscription by.
pub fn offer(row: &SubscriptionRow) -> String {
    row.offer_name.clone().unwrap_or_else(|| row.offer_id.clone())
}
