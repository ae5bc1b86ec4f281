//! Entra ID: discovery, JWKS, the authorization code flow with PKCE as the real `openidconnect`
//! client performs it, refresh tokens, the v1 `resource=` endpoint, sign-out, and the negative
//! cases (wrong verifier, reused code, wrong secret, missing PKCE, foreign redirect).

use crate::support::TestSim;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, RedirectUrl, Scope, TokenResponse,
};
use serde_json::Value;
use sim::Cloud;

const REDIRECT: &str = "http://127.0.0.1:3000/auth/callback";

fn issuer(account: &Value) -> String {
    format!("{}/v2.0", account["authority"].as_str().unwrap())
}

async fn staff_app(sim: &TestSim) -> (String, String) {
    let staff: Value = sim
        .http
        .get(sim.admin("/staff"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        staff["app"]["client_id"].as_str().unwrap().to_owned(),
        staff["app"]["client_secret"].as_str().unwrap().to_owned(),
    )
}

/// Submits the sign-in page for `url` as `username`; returns the redirect's query pairs.
async fn sign_in(sim: &TestSim, url: &str, username: &str) -> Vec<(String, String)> {
    let page = sim.http.get(url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Avery Admin") && html.contains("Sign in with a password"),
        "the page lists the demo users"
    );
    let parsed = reqwest::Url::parse(url).unwrap();
    let mut form: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    form.push(("pick".into(), username.into()));
    let endpoint = format!(
        "{}://{}{}",
        parsed.scheme(),
        parsed.host_str().unwrap(),
        parsed.port().map(|port| format!(":{port}")).unwrap_or_default()
    ) + parsed.path();
    let response = sim.http.post(endpoint).form(&form).send().await.unwrap();
    assert_eq!(response.status(), 302, "{}", response.text().await.unwrap());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with(REDIRECT), "{location}");
    reqwest::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

fn claims(jwt: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(jwt.split('.').nth(1).unwrap()).unwrap()).unwrap()
}

#[tokio::test]
async fn the_openidconnect_client_signs_in_with_pkce_state_and_nonce() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let (client_id, client_secret) = staff_app(&sim).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let metadata = CoreProviderMetadata::discover_async(IssuerUrl::new(issuer(account)).unwrap(), &http)
        .await
        .expect("discovery");
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(client_id.clone()),
        Some(ClientSecret::new(client_secret)),
    )
    .set_redirect_uri(RedirectUrl::new(REDIRECT.into()).unwrap());
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".into()))
        .add_scope(Scope::new("offline_access".into()))
        .set_pkce_challenge(challenge)
        .url();

    let redirect = sign_in(&sim, url.as_str(), "sasha.sales").await;
    let returned_state = redirect
        .iter()
        .find(|(key, _)| key == "state")
        .map(|(_, value)| value.clone());
    assert_eq!(
        returned_state.as_deref(),
        Some(state.secret().as_str()),
        "state comes back unchanged"
    );
    let code = redirect.iter().find(|(key, _)| key == "code").unwrap().1.clone();

    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(verifier)
        .request_async(&http)
        .await
        .expect("code exchange");
    let id_token = tokens.id_token().expect("an ID token");
    let verified = id_token
        .claims(&client.id_token_verifier(), &nonce)
        .expect("signature, issuer, audience, expiry and nonce verify");
    assert_eq!(
        verified.preferred_username().map(|name| name.as_str().to_owned()),
        Some(format!("sasha.sales@{}", account["domain"].as_str().unwrap()))
    );
    let raw = claims(&id_token.to_string());
    assert_eq!(raw["roles"], serde_json::json!(["Switchboard.Sales"]));
    assert_eq!(raw["groups"].as_array().unwrap().len(), 1);
    assert_eq!(raw["tid"], account["tenant_id"]);
    assert_eq!(raw["name"], "Sasha Sales");
    assert!(
        tokens.refresh_token().is_some(),
        "offline_access gives a refresh token"
    );
}

async fn authorization_code(sim: &TestSim, account: &Value, client_id: &str, verifier: &str) -> String {
    let challenge = URL_SAFE_NO_PAD.encode(<sha2::Sha256 as sha2::Digest>::digest(verifier.as_bytes()));
    let url = format!(
        "{}/oauth2/v2.0/authorize?client_id={client_id}&response_type=code&redirect_uri={}&scope=openid&state=s1&nonce=n1&code_challenge={challenge}&code_challenge_method=S256",
        account["authority"].as_str().unwrap(),
        crate::support::urlencode(REDIRECT),
    );
    let redirect = sign_in(sim, &url, "avery.admin").await;
    redirect.into_iter().find(|(key, _)| key == "code").unwrap().1
}

async fn redeem<V: serde::Serialize>(sim: &TestSim, account: &Value, form: &[(&str, V)]) -> (u16, Value) {
    let response = sim
        .http
        .post(account["token_endpoint"].as_str().unwrap())
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn a_wrong_verifier_a_reused_code_and_a_wrong_secret_are_refused() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let (client_id, secret) = staff_app(&sim).await;
    let verifier = "a-verifier-of-sufficient-length-for-pkce-0123456789";
    let code = authorization_code(&sim, account, &client_id, verifier).await;
    let form = |verifier: &str, secret: &str| -> Vec<(&'static str, String)> {
        vec![
            ("grant_type", "authorization_code".into()),
            ("client_id", client_id.clone()),
            ("client_secret", secret.into()),
            ("code", code.clone()),
            ("redirect_uri", REDIRECT.into()),
            ("code_verifier", verifier.into()),
        ]
    };

    let (status, body) = redeem(&sim, account, &form("wrong-verifier", &secret)).await;
    assert_eq!(
        (status, body["error"].as_str(), body["error_codes"][0].as_u64()),
        (400, Some("invalid_grant"), Some(501_481))
    );
    let (status, body) = redeem(&sim, account, &form(verifier, "not-the-secret")).await;
    assert_eq!(
        (status, body["error"].as_str(), body["error_codes"][0].as_u64()),
        (401, Some("invalid_client"), Some(7_000_215))
    );
    let (status, body) = redeem(&sim, account, &form(verifier, &secret)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(claims(body["id_token"].as_str().unwrap())["nonce"], "n1");
    let (status, body) = redeem(&sim, account, &form(verifier, &secret)).await;
    assert_eq!(
        (status, body["error_codes"][0].as_u64()),
        (400, Some(54_005)),
        "a code works once"
    );
}

#[tokio::test]
async fn authorize_refuses_requests_without_pkce_or_from_unknown_apps_and_redirects() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Global);
    let (client_id, _) = staff_app(&sim).await;
    let authorize = format!("{}/oauth2/v2.0/authorize", account["authority"].as_str().unwrap());
    let redirect = crate::support::urlencode(REDIRECT);

    let no_pkce = sim
        .http
        .get(format!(
            "{authorize}?client_id={client_id}&response_type=code&redirect_uri={redirect}&state=xyz"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(no_pkce.status(), 302);
    let location = no_pkce.headers()["location"].to_str().unwrap();
    assert!(location.contains("error=invalid_request") && location.contains("state=xyz"));

    let unknown_app = sim.http.get(format!("{authorize}?client_id=00000000-0000-0000-0000-000000000000&response_type=code&redirect_uri={redirect}")).send().await.unwrap();
    assert_eq!(unknown_app.status(), 400);
    assert!(unknown_app.text().await.unwrap().contains("AADSTS700016"));
    let foreign_redirect = sim.http.get(format!("{authorize}?client_id={client_id}&response_type=code&redirect_uri=https%3A%2F%2Fevil.example%2Fcb")).send().await.unwrap();
    assert_eq!(foreign_redirect.status(), 400);
    assert!(foreign_redirect.text().await.unwrap().contains("AADSTS50011"));

    let form = [
        ("client_id", client_id.as_str()),
        ("response_type", "code"),
        ("redirect_uri", REDIRECT),
        ("code_challenge", "x"),
        ("code_challenge_method", "S256"),
        ("username", "avery.admin"),
        ("password", "wrong"),
    ];
    let wrong_password = sim.http.post(&authorize).form(&form).send().await.unwrap();
    assert_eq!(wrong_password.status(), 200);
    assert!(wrong_password.text().await.unwrap().contains("incorrect"));
}

#[tokio::test]
async fn client_credentials_and_the_v1_refresh_grant_reach_partner_center() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::Germany);
    let app = sim.app_token(account).await;
    let app_claims = claims(&app);
    assert_eq!(
        (app_claims["idtyp"].as_str(), app_claims["aud"].as_str()),
        (Some("app"), account["partner_center_resource"].as_str())
    );
    let user = sim.user_token(account).await;
    assert_eq!(claims(&user)["idtyp"], "user");
    sim.get(account, &user, "/customers").await.expect(200);

    let (staff_id, staff_secret) = staff_app(&sim).await;
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", staff_id.as_str()),
        ("client_secret", staff_secret.as_str()),
        ("scope", "https://api.partnercenter.microsoft.com/.default"),
    ];
    let (status, body) = redeem(&sim, account, &form).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unauthorized_client"))
    );
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", account["client_id"].as_str().unwrap()),
        ("client_secret", account["client_secret"].as_str().unwrap()),
    ];
    let (status, body) = redeem(&sim, account, &form).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_scope")));
}

#[tokio::test]
async fn discovery_keys_and_sign_out_follow_entra_id() {
    let sim = TestSim::start().await;
    let account = sim.account(Cloud::China);
    let discovery: Value = sim
        .http
        .get(account["openid_configuration"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(discovery["issuer"], issuer(account).as_str());
    assert_eq!(
        discovery["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    let keys: Value = sim
        .http
        .get(discovery["jwks_uri"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = &keys["keys"][0];
    assert_eq!(
        (key["kty"].as_str(), key["alg"].as_str()),
        (Some("RSA"), Some("RS256"))
    );
    assert!(key["kid"].is_string() && key["n"].is_string());
    let token = sim.app_token(account).await;
    let header: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(token.split('.').next().unwrap()).unwrap()).unwrap();
    assert_eq!(header["kid"], key["kid"], "tokens name the published key");

    let logout = sim
        .http
        .get(format!(
            "{}?post_logout_redirect_uri={}&state=bye",
            discovery["end_session_endpoint"].as_str().unwrap(),
            crate::support::urlencode("http://127.0.0.1:3000/")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 302);
    assert_eq!(logout.headers()["location"], "http://127.0.0.1:3000/?state=bye");
    let unknown_tenant = sim
        .http
        .get(format!(
            "{}/login/china/nobody.example/v2.0/.well-known/openid-configuration",
            sim.handle.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_tenant.status(), 400);
}
