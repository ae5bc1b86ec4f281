//! The changes staff may ask for on a subscription (suspend, reactivate, nickname), the input
//! they give, and the contract's and cloud's rules that allow a change. Shared with the
//! browser, which disables what the rules refuse and says why before anything is sent.

use crate::accounts::Cloud;
use serde::{Deserialize, Serialize};

/// SUB-06 (suspend) or SUB-07 (reactivate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusChange {
    Suspend,
    Reactivate,
}

impl StatusChange {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusChange::Suspend => "suspend",
            StatusChange::Reactivate => "reactivate",
        }
    }

    pub fn parse(text: &str) -> Option<StatusChange> {
        [StatusChange::Suspend, StatusChange::Reactivate]
            .into_iter()
            .find(|change| change.as_str() == text)
    }

    /// The button's text.
    pub fn label(self) -> &'static str {
        match self {
            StatusChange::Suspend => "Suspend",
            StatusChange::Reactivate => "Reactivate",
        }
    }

    /// The status Partner Center reports once the change is made.
    pub fn target_status(self) -> &'static str {
        match self {
            StatusChange::Suspend => "suspended",
            StatusChange::Reactivate => "active",
        }
    }
}

/// Why a subscription's status is changed (the seed: non-payment, fraud or misuse, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    NonPayment,
    FraudOrMisuse,
    CustomerRequest,
    Other,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 4] = [
        ReasonCode::NonPayment,
        ReasonCode::FraudOrMisuse,
        ReasonCode::CustomerRequest,
        ReasonCode::Other,
    ];

    /// The form and database value.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::NonPayment => "non_payment",
            ReasonCode::FraudOrMisuse => "fraud_or_misuse",
            ReasonCode::CustomerRequest => "customer_request",
            ReasonCode::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReasonCode::NonPayment => "Non-payment",
            ReasonCode::FraudOrMisuse => "Fraud or misuse",
            ReasonCode::CustomerRequest => "Customer request",
            ReasonCode::Other => "Other",
        }
    }

    pub fn parse(text: &str) -> Option<ReasonCode> {
        ReasonCode::ALL.into_iter().find(|code| code.as_str() == text)
    }
}

/// The longest reason text and nickname accepted (Partner Center: a nickname of 1 to 255).
pub const MAX_REASON_CHARS: usize = 500;
pub const MAX_NICKNAME_CHARS: usize = 255;

/// A reason code, with the text that "other" needs (and the others may carry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub code: ReasonCode,
    pub text: Option<String>,
}

impl Reason {
    /// Parses the form's two fields; the error names what is wrong.
    pub fn parse(code: &str, text: &str) -> Result<Reason, String> {
        let code = ReasonCode::parse(code.trim()).ok_or("Choose a reason.")?;
        let text = text.trim();
        if text.chars().any(char::is_control) {
            return Err("The reason cannot contain control characters.".to_owned());
        }
        if text.chars().count() > MAX_REASON_CHARS {
            return Err(format!(
                "The reason can have at most {MAX_REASON_CHARS} characters."
            ));
        }
        if code == ReasonCode::Other && text.chars().count() < 3 {
            return Err("Say why, in at least 3 characters, when the reason is “Other”.".to_owned());
        }
        Ok(Reason {
            code,
            text: (!text.is_empty()).then(|| text.to_owned()),
        })
    }

    /// "Non-payment", "Other: moving to a new tenant", "Customer request — ticket 4411".
    pub fn describe(&self) -> String {
        match (&self.text, self.code) {
            (None, code) => code.label().to_owned(),
            (Some(text), ReasonCode::Other) => format!("Other: {text}"),
            (Some(text), code) => format!("{} — {text}", code.label()),
        }
    }
}

/// A stored reason code and text, described; an unknown code is shown as it is stored.
pub fn describe_reason(code: Option<&str>, text: Option<String>) -> String {
    match code.and_then(ReasonCode::parse) {
        Some(code) => Reason { code, text }.describe(),
        None => [code.map(str::to_owned), text]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" — "),
    }
}

/// A nickname (SUB-05 `friendlyName`): trimmed, 1 to 255 characters, no control characters.
pub fn parse_nickname(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter a nickname.".to_owned());
    }
    if text.chars().count() > MAX_NICKNAME_CHARS {
        return Err(format!(
            "A nickname can have at most {MAX_NICKNAME_CHARS} characters."
        ));
    }
    if text.chars().any(char::is_control) {
        return Err("A nickname cannot contain control characters.".to_owned());
    }
    Ok(text.to_owned())
}

/// What the rules need to know of one subscription.
#[derive(Debug, Clone, Copy)]
pub struct SubscriptionFacts<'a> {
    pub status: &'a str,
    /// `usage` for Azure.
    pub billing_type: Option<&'a str>,
    /// The parent's status, for an add-on.
    pub parent_status: Option<&'a str>,
}

impl SubscriptionFacts<'_> {
    pub fn is_azure(&self) -> bool {
        self.billing_type
            .is_some_and(|billing| billing.eq_ignore_ascii_case("usage"))
    }
}

/// Why `change` cannot be made to this subscription of an account in `cloud`, or `None`.
/// The rules are the contract's (SUB-06, SUB-07, §1.9) and the cloud's (§1.1).
pub fn status_change_refusal(change: StatusChange, cloud: Cloud, facts: SubscriptionFacts) -> Option<String> {
    if facts.status == "deleted" {
        return Some("A deleted subscription cannot be changed.".to_owned());
    }
    if facts.is_azure() && cloud == Cloud::China {
        return Some(format!(
            "Azure subscriptions are not available in {}.",
            cloud.label()
        ));
    }
    match change {
        StatusChange::Suspend if facts.status == "suspended" => Some("Already suspended.".to_owned()),
        StatusChange::Suspend if facts.status != "active" => Some(format!(
            "Only an active subscription can be suspended; this one is {}.",
            facts.status
        )),
        StatusChange::Reactivate if facts.status == "active" => Some("Already active.".to_owned()),
        StatusChange::Reactivate if facts.status != "suspended" => Some(format!(
            "Only a suspended subscription can be reactivated; this one is {}.",
            facts.status
        )),
        StatusChange::Reactivate => match facts.parent_status {
            Some(parent) if parent != "active" => Some(format!(
                "An add-on cannot be reactivated while its parent subscription is {parent}. Reactivate the parent first."
            )),
            _ => None,
        },
        StatusChange::Suspend => None,
    }
}

/// Why the nickname cannot be changed now, or `None` (SUB-05; 2011, 800091).
pub fn rename_refusal(facts: SubscriptionFacts) -> Option<String> {
    match facts.status {
        "deleted" => Some("A deleted subscription cannot be changed.".to_owned()),
        "suspended" => {
            Some("A suspended subscription's nickname cannot be changed. Reactivate it first.".to_owned())
        }
        _ => None,
    }
}

/// What the change does to the customer, stated before the person confirms it.
pub fn consequence(change: StatusChange, facts: SubscriptionFacts) -> &'static str {
    match (change, facts.is_azure()) {
        (StatusChange::Suspend, true) => {
            "Azure usage stops completely: all of the customer's virtual machines are shut down, \
             all storage accounts become inaccessible, and every other Azure resource stops working \
             until the subscription is reactivated."
        }
        (StatusChange::Suspend, false) => {
            "The subscription stops: the customer cannot use it until it is reactivated."
        }
        (StatusChange::Reactivate, true) => {
            "Azure usage meters start again: the customer can start its resources again, and usage is billed from now on."
        }
        (StatusChange::Reactivate, false) => "The subscription becomes active again.",
    }
}

#[cfg(test)]
mod tests;
