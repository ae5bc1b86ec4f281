//! Harness for the simulator's tests: a small in-process simulator and a client that gets
//! tokens and calls Partner Center the way the portal will.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sim::{Cloud, SimConfig, SimHandle};

/// A running simulator and an HTTP client.
pub struct TestSim {
    pub handle: SimHandle,
    pub http: reqwest::Client,
    pub accounts: Vec<Value>,
}

/// A Partner Center response: status, headers and JSON body (`Null` when empty).
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Asserts the status, with the body in the message.
    pub fn expect(self, status: u16) -> Reply {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.body
        );
        self
    }

    /// Asserts the Partner Center error envelope with `status` and `code`.
    pub fn expect_error(self, status: u16, code: i64) -> Reply {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.body["code"].as_i64(), Some(code), "body: {}", self.body);
        assert!(
            self.body["description"]
                .as_str()
                .is_some_and(|text| !text.is_empty())
        );
        assert_eq!(self.body["source"], "PartnerFD");
        assert!(self.body["data"].is_array());
        self
    }
}

/// A small world: four accounts (one per cloud), 12 customers each.
pub fn small_config() -> SimConfig {
    SimConfig {
        seed: 7,
        customers_per_account: 12,
        provisioning_delay_seconds: 30,
        ..SimConfig::default()
    }
}

impl TestSim {
    pub async fn start() -> TestSim {
        Self::start_with(small_config()).await
    }

    pub async fn start_with(config: SimConfig) -> TestSim {
        let handle = sim::start(config).await.expect("the simulator starts");
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let accounts: Value = http
            .get(format!("{}/_sim/accounts", handle.base_url()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        TestSim {
            handle,
            http,
            accounts: accounts.as_array().unwrap().clone(),
        }
    }

    pub fn account(&self, cloud: Cloud) -> &Value {
        self.accounts
            .iter()
            .find(|account| account["cloud"] == cloud.as_str())
            .expect("one account per cloud")
    }

    /// An app-only token (client credentials, v2 endpoint).
    pub async fn app_token(&self, account: &Value) -> String {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", account["client_id"].as_str().unwrap()),
            ("client_secret", account["client_secret"].as_str().unwrap()),
            (
                "scope",
                &format!(
                    "{}/.default",
                    account["partner_center_resource"].as_str().unwrap()
                ),
            ),
        ];
        let reply: Value = self
            .http
            .post(account["token_endpoint"].as_str().unwrap())
            .form(&form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        reply["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no token: {reply}"))
            .to_owned()
    }

    /// An App+User token from the consented refresh token (v1 endpoint, Secure Application Model).
    pub async fn user_token(&self, account: &Value) -> String {
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", account["client_id"].as_str().unwrap()),
            ("client_secret", account["client_secret"].as_str().unwrap()),
            (
                "refresh_token",
                account["consented_refresh_token"].as_str().unwrap(),
            ),
            ("resource", account["partner_center_resource"].as_str().unwrap()),
            ("scope", "openid"),
        ];
        let reply: Value = self
            .http
            .post(account["token_endpoint_v1"].as_str().unwrap())
            .form(&form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        reply["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no token: {reply}"))
            .to_owned()
    }

    /// `method {api_base_url}/v1{path}` with `token`, optional JSON body and extra headers.
    pub async fn call(
        &self,
        account: &Value,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let url = format!(
            "{}/v1{}",
            account["api_base_url"].as_str().unwrap(),
            if path.starts_with('/') {
                path.to_owned()
            } else {
                format!("/{path}")
            }
        );
        let mut request = self
            .http
            .request(method, url)
            .bearer_auth(token)
            .header("Accept", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the simulator answers");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, account: &Value, token: &str, path: &str) -> Reply {
        self.call(account, token, Method::GET, path, None, &[]).await
    }

    /// Follows `links.next` (with its headers) until the last page; returns every item.
    pub async fn all_pages(&self, account: &Value, token: &str, first_path: &str) -> (Vec<Value>, usize) {
        let mut reply = self.get(account, token, first_path).await.expect(200);
        let mut items = reply.body["items"].as_array().cloned().unwrap_or_default();
        let mut pages = 1;
        while let Some(next) = reply.body["links"]["next"].as_object().cloned() {
            let headers: Vec<(String, String)> = next["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|header| {
                    (
                        header["key"].as_str().unwrap().to_owned(),
                        header["value"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            let headers: Vec<(&str, &str)> = headers
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str()))
                .collect();
            reply = self
                .call(
                    account,
                    token,
                    Method::GET,
                    next["uri"].as_str().unwrap(),
                    None,
                    &headers,
                )
                .await
                .expect(200);
            items.extend(reply.body["items"].as_array().cloned().unwrap_or_default());
            pages += 1;
        }
        (items, pages)
    }

    pub fn admin(&self, path: &str) -> String {
        format!("{}/_sim{path}", self.handle.base_url())
    }

    /// Merges `settings` into `account`'s fault settings.
    pub async fn set_faults(&self, account: &Value, settings: Value) {
        let url = self.admin(&format!(
            "/accounts/{}/faults",
            account["tenant_id"].as_str().unwrap()
        ));
        let response = self.http.patch(url).json(&settings).send().await.unwrap();
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    }

    pub async fn counters(&self, account: &Value) -> Value {
        let url = self.admin(&format!(
            "/accounts/{}/counters",
            account["tenant_id"].as_str().unwrap()
        ));
        self.http.get(url).send().await.unwrap().json().await.unwrap()
    }

    pub async fn advance_clock(&self, seconds: i64) {
        let response = self
            .http
            .post(self.admin("/clock/advance"))
            .json(&json!({ "seconds": seconds }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }

    /// Calls of `operation` with `status` so far.
    pub async fn calls(&self, account: &Value, operation: &str, status: u16) -> u64 {
        self.counters(account).await["by_operation"][operation][status.to_string()]
            .as_u64()
            .unwrap_or(0)
    }
}

/// A customer-creation body that passes every check for `domain_prefix` in a US market.
pub fn new_customer_body(domain_prefix: &str, suffix: &str) -> Value {
    json!({
        "CompanyProfile": { "Domain": format!("{domain_prefix}.{suffix}"), "Attributes": { "ObjectType": "CustomerCompanyProfile" } },
        "BillingProfile": {
            "Email": "marshall@fourthcoffee.com", "Culture": "en-us", "Language": "en", "CompanyName": "Fourth Coffee",
            "DefaultAddress": {
                "Country": "US", "Region": null, "City": "Redmond", "State": "WA", "AddressLine1": "One Microsoft Way",
                "AddressLine2": null, "PostalCode": "98052", "FirstName": "Marshall", "LastName": "Levi", "PhoneNumber": "4255551212"
            },
            "Attributes": { "ObjectType": "CustomerBillingProfile" }
        },
        "RelationshipToPartner": "none",
        "Attributes": { "ObjectType": "Customer" }
    })
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}
