use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// The Microsoft cloud a Partner Center account lives in; each has its own API host and authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "lowercase"))]
pub enum Cloud {
    /// The global (public) cloud.
    Global,
    /// Partner Center operated by 21Vianet.
    China,
    /// Microsoft Cloud for US Government.
    UsGov,
    /// Microsoft Cloud Germany.
    Germany,
}

impl Cloud {
    /// Every cloud, in display order.
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::China, Cloud::UsGov, Cloud::Germany];

    /// The wire and database value (`global`, `china`, `usgov`, `germany`).
    pub fn as_str(self) -> &'static str {
        match self {
            Cloud::Global => "global",
            Cloud::China => "china",
            Cloud::UsGov => "usgov",
            Cloud::Germany => "germany",
        }
    }

    /// The name staff know the cloud by.
    pub fn label(self) -> &'static str {
        match self {
            Cloud::Global => "Global",
            Cloud::China => "21Vianet (China)",
            Cloud::UsGov => "US Government",
            Cloud::Germany => "Germany",
        }
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text named no known cloud.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown cloud {0:?}; expected one of global, china, usgov, germany")]
pub struct UnknownCloud(pub String);

impl FromStr for Cloud {
    type Err = UnknownCloud;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Cloud::ALL
            .into_iter()
            .find(|cloud| cloud.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| UnknownCloud(text.to_owned()))
    }
}

/// How an account's Partner Center answers right now, as `/healthz` and the shell show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum AccountHealth {
    /// Not contacted yet.
    Unknown,
    /// Answering normally.
    Ok,
    /// Answering 429 Too Many Requests: calls wait for its Retry-After.
    Throttled,
    /// Not answering, or failing (5xx, timeouts, outage).
    Down,
    /// Entra ID refuses the account's credentials.
    AuthFailed,
}

impl AccountHealth {
    pub const ALL: [AccountHealth; 5] = [
        AccountHealth::Unknown,
        AccountHealth::Ok,
        AccountHealth::Throttled,
        AccountHealth::Down,
        AccountHealth::AuthFailed,
    ];

    /// The wire and database value (`ok`, `throttled`, `down`, `auth_failed`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccountHealth::Unknown => "unknown",
            AccountHealth::Ok => "ok",
            AccountHealth::Throttled => "throttled",
            AccountHealth::Down => "down",
            AccountHealth::AuthFailed => "auth_failed",
        }
    }

    /// What staff read next to the health light.
    pub fn label(self) -> &'static str {
        match self {
            AccountHealth::Unknown => "Not checked yet",
            AccountHealth::Ok => "Working",
            AccountHealth::Throttled => "Throttled",
            AccountHealth::Down => "Not responding",
            AccountHealth::AuthFailed => "Sign-in failed",
        }
    }
}

/// What the shell and the admin page show of a connected Partner Center account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerAccountSummary {
    pub id: Uuid,
    pub name: String,
    pub cloud: Cloud,
    pub tenant_id: Uuid,
    pub enabled: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cloud_round_trips_through_its_wire_value() {
        for cloud in Cloud::ALL {
            assert_eq!(cloud.as_str().parse::<Cloud>(), Ok(cloud));
            assert_eq!(cloud.as_str().to_uppercase().parse::<Cloud>(), Ok(cloud));
        }
    }

    #[test]
    fn unknown_cloud_is_rejected_with_the_choices() {
        let error = "azure-stack".parse::<Cloud>().unwrap_err();
        assert!(error.to_string().contains("global, china, usgov, germany"));
    }
}
