//! The four Partner Center clouds: where each one's API and authority live, the audience of its
//! tokens, and what it can do (contract §1.1, "Developing for national clouds").

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A Microsoft cloud that runs its own Partner Center and Entra ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    Global,
    China,
    UsGov,
    Germany,
}

/// Something a cloud cannot do; the simulator answers such calls with 403 / 900127.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    AzureSubscriptions,
    ServiceRequests,
    SpendingBudgets,
    CreateCustomerUsers,
    ResetUserPasswords,
    NewCustomers,
}

impl Cloud {
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::China, Cloud::UsGov, Cloud::Germany];

    /// Wire and path value: `global`, `china`, `usgov`, `germany`.
    pub fn as_str(self) -> &'static str {
        match self {
            Cloud::Global => "global",
            Cloud::China => "china",
            Cloud::UsGov => "usgov",
            Cloud::Germany => "germany",
        }
    }

    /// The name partners know it by.
    pub fn label(self) -> &'static str {
        match self {
            Cloud::Global => "Partner Center (global)",
            Cloud::China => "Partner Center operated by 21Vianet",
            Cloud::UsGov => "Partner Center for Microsoft Cloud for US Government",
            Cloud::Germany => "Partner Center for Microsoft Cloud Germany",
        }
    }

    /// The Partner Center REST host this cloud uses. US Government and Germany share the global
    /// endpoint; 21Vianet has its own. In the simulator this is a path segment: `/pc/{host}`.
    pub fn api_host(self) -> &'static str {
        match self {
            Cloud::China => "china",
            _ => "global",
        }
    }

    /// The real REST base URL (for documentation and `/_sim/accounts`).
    pub fn real_api_base_url(self) -> &'static str {
        match self {
            Cloud::China => "https://partner.partnercenterapi.microsoftonline.cn",
            _ => "https://api.partnercenter.microsoft.com",
        }
    }

    /// The real token authority host.
    pub fn real_authority(self) -> &'static str {
        match self {
            Cloud::Global => "https://login.microsoftonline.com",
            Cloud::China => "https://login.chinacloudapi.cn",
            Cloud::UsGov => "https://login.microsoftonline.us",
            Cloud::Germany => "https://login.microsoftonline.de",
        }
    }

    /// The audience (resource) of Partner Center tokens for this cloud.
    pub fn partner_center_resource(self) -> &'static str {
        self.real_api_base_url()
    }

    /// The suffix of customers' initial domains in this cloud.
    pub fn initial_domain_suffix(self) -> &'static str {
        match self {
            Cloud::Global => "onmicrosoft.com",
            Cloud::China => "partner.onmschina.cn",
            Cloud::UsGov => "onmicrosoft.us",
            Cloud::Germany => "onmicrosoft.de",
        }
    }

    /// Whether the cloud supports `capability`.
    pub fn supports(self, capability: Capability) -> bool {
        use Capability::*;
        !matches!(
            (self, capability),
            (
                Cloud::China,
                AzureSubscriptions | ServiceRequests | SpendingBudgets
            ) | (Cloud::UsGov | Cloud::Germany, CreateCustomerUsers)
                | (Cloud::China | Cloud::UsGov | Cloud::Germany, ResetUserPasswords)
                | (Cloud::Germany, NewCustomers)
        )
    }

    /// Why a call needing `capability` is refused here, for the error description.
    pub fn refusal(self, capability: Capability) -> String {
        let what = match capability {
            Capability::AzureSubscriptions => "Azure subscriptions are not available",
            Capability::ServiceRequests => {
                "service requests are managed by 21Vianet and the service request APIs don't apply"
            }
            Capability::SpendingBudgets => "Azure spending budgets are not available",
            Capability::CreateCustomerUsers => "partners cannot create or change customer users (read only)",
            Capability::ResetUserPasswords => "customer user passwords cannot be reset programmatically",
            Capability::NewCustomers => "Microsoft Cloud Germany is closed to new customers",
        };
        format!(
            "This operation is not supported in this environment: {} in {}.",
            what,
            self.label()
        )
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Cloud {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Cloud::ALL
            .into_iter()
            .find(|cloud| cloud.as_str().eq_ignore_ascii_case(text))
            .ok_or_else(|| format!("unknown cloud {text:?}; expected global, china, usgov or germany"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_cloud_capabilities_follow_the_contract() {
        assert!(!Cloud::China.supports(Capability::AzureSubscriptions));
        assert!(!Cloud::China.supports(Capability::ServiceRequests));
        assert!(!Cloud::China.supports(Capability::SpendingBudgets));
        assert!(!Cloud::UsGov.supports(Capability::CreateCustomerUsers));
        assert!(!Cloud::Germany.supports(Capability::CreateCustomerUsers));
        assert!(!Cloud::Germany.supports(Capability::NewCustomers));
        assert!(Cloud::Global.supports(Capability::NewCustomers));
        assert!(Cloud::UsGov.supports(Capability::AzureSubscriptions));
    }

    #[test]
    fn us_government_and_germany_share_the_global_api_host() {
        assert_eq!(Cloud::UsGov.api_host(), "global");
        assert_eq!(Cloud::Germany.api_host(), "global");
        assert_eq!(Cloud::China.api_host(), "china");
    }
}
