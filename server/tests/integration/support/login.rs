//! Signing in as a real browser would, over HTTP: the portal's `/login`, the simulator's
//! sign-in page, the portal's callback. And a simulator to be the staff authority for tests
//! that run without demo mode.

use server::config::{SecretRef, Settings};
use url::Url;

/// A simulator to sign in at, and the file holding its client secret (removed on drop).
pub struct IdentityProvider {
    pub sim: sim::SimHandle,
    secret_file: std::path::PathBuf,
    key_file: std::path::PathBuf,
}

impl Drop for IdentityProvider {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.secret_file);
        let _ = std::fs::remove_file(&self.key_file);
    }
}

/// Starts a simulator to sign in at and points `settings.auth` at it (the client secret goes
/// through a file, as a mounted secret would), with its demo groups as the grant mapping.
pub async fn identity_provider(settings: &mut Settings) -> IdentityProvider {
    let sim = sim::start(sim::SimConfig {
        accounts: sim::demo_accounts(2),
        customers_per_account: 1,
        usage_days: 1,
        ..sim::SimConfig::default()
    })
    .await
    .expect("identity simulator starts");
    let tenant = &sim.sim().accounts[0].info;
    let secret = std::env::temp_dir().join(format!("switchboard-test-secret-{}", uuid::Uuid::new_v4()));
    std::fs::write(&secret, &sim.sim().staff.app.client_secret).expect("secret file written");
    settings.auth.issuer_url = Some(sim::identity::issuer(sim.sim(), tenant));
    settings.auth.client_id = Some(sim.sim().staff.app.client_id.to_string());
    settings.auth.client_secret = Some(SecretRef::File(secret.clone()));
    // A sealing key, so accounts can be added in the portal.
    let key_file = std::env::temp_dir().join(format!("switchboard-test-key-{}", uuid::Uuid::new_v4()));
    let key: [u8; 32] = rand::random();
    std::fs::write(
        &key_file,
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, key),
    )
    .expect("key file written");
    settings.secrets.key = Some(SecretRef::File(key_file.clone()));
    // The demo staff's groups grant their roles, as in demo mode.
    settings.auth.grants = server::auth::grants::demo_rules(sim.sim());
    IdentityProvider {
        sim,
        secret_file: secret,
        key_file,
    }
}

/// What a sign-in left: the session cookie (`name=value`).
pub struct SignedIn {
    pub cookie: String,
}

/// Signs `username` in at the portal on `base`, starting from `next`, and checks that the portal
/// sends the browser back to `next`.
pub async fn sign_in(base: &Url, username: &str, next: &str) -> SignedIn {
    let (pre_login, callback) = sign_in_at_authority(base, username, next).await;
    let back = super::client(Some(&pre_login))
        .get(callback)
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), 303, "the callback completes the sign-in");
    let cookie = session_cookie(&back).expect("the signed-in session's cookie");
    assert_ne!(cookie, pre_login, "the session id changes at sign-in");
    assert_eq!(
        location(&back),
        next,
        "the sign-in returns to the page it started from"
    );
    SignedIn { cookie }
}

/// The first half of a sign-in: `/login` and the authority's page. Returns the session cookie
/// holding the sign-in under way and the callback URL the authority sent the browser to.
pub async fn sign_in_at_authority(base: &Url, username: &str, next: &str) -> (String, Url) {
    let http = super::client(None);
    let mut login = base.join("/login").unwrap();
    login.query_pairs_mut().append_pair("next", next);
    let started = http.get(login).send().await.unwrap();
    assert_eq!(started.status(), 303, "/login redirects to the authority");
    let pre_login = session_cookie(&started).expect("a session holds the sign-in under way");
    let authorize = Url::parse(location(&started)).unwrap();
    (pre_login, pick_at_authority(&authorize, username).await)
}

/// On the authority's sign-in page at `authorize`, picks `username`; returns the callback URL
/// the authority sends the browser to.
pub async fn pick_at_authority(authorize: &Url, username: &str) -> Url {
    let http = super::client(None);
    let page = http.get(authorize.clone()).send().await.unwrap();
    assert_eq!(page.status(), 200, "the sign-in page is shown");
    let mut form_target = authorize.clone();
    form_target.set_query(None);
    let signed = http
        .post(form_target)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("{}&pick={username}", authorize.query().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 302, "the simulator signs {username} in");
    Url::parse(location(&signed)).unwrap()
}

/// The `name=value` of the session cookie a response sets.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("__Host-switchboard="))
        .map(|value| value.split(';').next().unwrap_or_default().to_owned())
}

pub fn location(response: &reqwest::Response) -> &str {
    response.headers()["location"].to_str().unwrap()
}
