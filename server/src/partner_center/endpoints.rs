//! Where an account's Partner Center and Entra ID live (contract §1.1), and how link URIs
//! resolve against the API base (contract §1.6).

use app::accounts::Cloud;
use url::Url;
use uuid::Uuid;

/// The REST base of the cloud's Partner Center (append `/v1/...`).
pub fn api_base_url(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::China => "https://partner.partnercenterapi.microsoftonline.cn",
        Cloud::Global | Cloud::UsGov | Cloud::Germany => "https://api.partnercenter.microsoft.com",
    }
}

/// The cloud's Entra ID authority host (append `/{tenant}`).
pub fn authority_host(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Global => "https://login.microsoftonline.com",
        Cloud::China => "https://login.chinacloudapi.cn",
        Cloud::UsGov => "https://login.microsoftonline.us",
        Cloud::Germany => "https://login.microsoftonline.de",
    }
}

/// The audience of Partner Center tokens in the cloud: the real API host, even when the
/// account points elsewhere (the simulator issues tokens for the real audiences).
pub fn resource(cloud: Cloud) -> &'static str {
    api_base_url(cloud)
}

/// An account's resolved addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// `{api base}/v1/`, so relative paths join under the version segment.
    api_v1: Url,
    /// `{authority host}/{tenant}`.
    authority: String,
    resource: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {url:?} is not an http(s) URL")]
pub struct InvalidEndpoint {
    pub what: &'static str,
    pub url: String,
}

impl Endpoints {
    /// The real Microsoft endpoints of `cloud`, or the given overrides (a simulator, a proxy).
    pub fn new(
        cloud: Cloud,
        tenant_id: Uuid,
        api_base_override: Option<&str>,
        authority_override: Option<&str>,
    ) -> Result<Endpoints, InvalidEndpoint> {
        let api_base = api_base_override.unwrap_or(api_base_url(cloud));
        let api_v1 = Url::parse(&format!("{}/v1/", api_base.trim_end_matches('/')))
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"))
            .ok_or_else(|| InvalidEndpoint {
                what: "api_base_url",
                url: api_base.to_owned(),
            })?;
        let authority_host = authority_override.unwrap_or(authority_host(cloud));
        if Url::parse(authority_host)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"))
            .is_none()
        {
            return Err(InvalidEndpoint {
                what: "authority_url",
                url: authority_host.to_owned(),
            });
        }
        Ok(Endpoints {
            api_v1,
            authority: format!("{}/{tenant_id}", authority_host.trim_end_matches('/')),
            resource: resource(cloud),
        })
    }

    /// The v2 token endpoint (client credentials with `scope={resource}/.default`).
    pub fn token_url_v2(&self) -> String {
        format!("{}/oauth2/v2.0/token", self.authority)
    }

    /// The v1 token endpoint (refresh token with `resource=`, contract §1.2).
    pub fn token_url_v1(&self) -> String {
        format!("{}/oauth2/token", self.authority)
    }

    pub fn resource(&self) -> &'static str {
        self.resource
    }

    /// The API base as configured (without `/v1/`), for display.
    pub fn api_base(&self) -> String {
        self.api_v1
            .as_str()
            .trim_end_matches("v1/")
            .trim_end_matches('/')
            .to_owned()
    }

    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// Resolves an operation path or a link `uri` (contract §1.6): an optional leading `/` and
    /// an optional `v1/` are dropped, the rest is joined under `{base}/v1/`. Absolute URLs and
    /// paths that climb out of the API are refused.
    pub fn resolve(&self, uri: &str) -> Result<Url, String> {
        let trimmed = uri.trim();
        if trimmed.contains("://") || trimmed.starts_with("//") {
            return Err("links must be relative to the Partner Center API".into());
        }
        let relative = trimmed.trim_start_matches('/');
        let relative = match relative.get(..3) {
            Some(prefix) if prefix.eq_ignore_ascii_case("v1/") => &relative[3..],
            _ => relative,
        };
        if relative.split(['/', '?']).any(|segment| segment == "..") {
            return Err("links must not leave the API path".into());
        }
        self.api_v1.join(relative).map_err(|error| error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim() -> Endpoints {
        let tenant = Uuid::from_u128(7);
        Endpoints::new(
            Cloud::China,
            tenant,
            Some("http://127.0.0.1:8480/pc/china/"),
            Some("http://127.0.0.1:8480/login/china"),
        )
        .unwrap()
    }

    #[test]
    fn each_cloud_has_its_documented_host_and_authority() {
        let tenant = Uuid::from_u128(1);
        let china = Endpoints::new(Cloud::China, tenant, None, None).unwrap();
        assert_eq!(
            china.resolve("customers").unwrap().as_str(),
            "https://partner.partnercenterapi.microsoftonline.cn/v1/customers"
        );
        assert!(
            china
                .token_url_v2()
                .starts_with("https://login.chinacloudapi.cn/")
        );
        let usgov = Endpoints::new(Cloud::UsGov, tenant, None, None).unwrap();
        assert_eq!(usgov.api_base(), "https://api.partnercenter.microsoft.com");
        assert!(
            usgov
                .token_url_v1()
                .starts_with("https://login.microsoftonline.us/")
        );
        assert_eq!(usgov.resource(), "https://api.partnercenter.microsoft.com");
        let germany = Endpoints::new(Cloud::Germany, tenant, None, None).unwrap();
        assert!(
            germany
                .authority()
                .starts_with("https://login.microsoftonline.de/")
        );
    }

    #[test]
    fn links_in_every_documented_form_resolve_under_v1() {
        let endpoints = sim();
        let expected = "http://127.0.0.1:8480/pc/china/v1/customers?seekOperation=Next";
        for uri in [
            "/customers?seekOperation=Next",
            "customers?seekOperation=Next",
            "/v1/customers?seekOperation=Next",
            "v1/customers?seekOperation=Next",
        ] {
            assert_eq!(endpoints.resolve(uri).unwrap().as_str(), expected, "{uri}");
        }
        assert_eq!(
            endpoints.resource(),
            "https://partner.partnercenterapi.microsoftonline.cn"
        );
    }

    #[test]
    fn links_cannot_point_elsewhere() {
        let endpoints = sim();
        assert!(endpoints.resolve("https://evil.example/customers").is_err());
        assert!(endpoints.resolve("//evil.example/customers").is_err());
        assert!(endpoints.resolve("/../../_sim/accounts").is_err());
        assert!(Endpoints::new(Cloud::Global, Uuid::nil(), Some("ftp://x"), None).is_err());
    }
}
