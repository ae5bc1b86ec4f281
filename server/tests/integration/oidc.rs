//! Staff sign-in against the simulator's Entra ID over real HTTP: the code flow with PKCE, and
//! every way a sign-in response can be wrong (tampered state, wrong nonce, replayed code, a
//! token for another app, expired, signed by someone else, from another issuer).

use crate::support::login::pick_at_authority;
use serde_json::{Value, json};
use server::auth::{LoginError, PendingLogin, StaffAuthority, StaffAuthorityConfig};
use sim::{SimConfig, demo_accounts};
use url::Url;
use uuid::Uuid;

struct World {
    sim: sim::SimHandle,
    authority: StaffAuthority,
}

async fn world() -> World {
    let sim = sim::start(SimConfig {
        accounts: demo_accounts(1),
        customers_per_account: 1,
        usage_days: 1,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let account = &sim.sim().accounts[0].info;
    let config = StaffAuthorityConfig {
        issuer: sim::identity::issuer(sim.sim(), account),
        client_id: sim.sim().staff.app.client_id.to_string(),
        client_secret: sim.sim().staff.app.client_secret.clone().into(),
        redirect_url: Url::parse("http://127.0.0.1:9/auth/callback").unwrap(),
    };
    let authority = StaffAuthority::discover(config, http()).await.unwrap();
    World { sim, authority }
}

fn http() -> reqwest::Client {
    crate::support::client(None)
}

/// Signs `username` in on the simulator's page; returns the `code` and `state` it redirects with.
async fn sign_in(authorize: &Url, username: &str) -> (String, String) {
    let location = pick_at_authority(authorize, username).await;
    assert_eq!(location.path(), "/auth/callback");
    let param = |name: &str| {
        location
            .query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .unwrap()
    };
    (param("code"), param("state"))
}

async fn started(world: &World, username: &str) -> (PendingLogin, String, String) {
    let (url, pending) = world.authority.begin();
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let has = |name: &str, value: &str| pairs.iter().any(|(key, given)| key == name && given == value);
    assert!(has("code_challenge_method", "S256"), "PKCE S256: {url}");
    assert!(has("state", &pending.state) && has("nonce", &pending.nonce));
    let (code, state) = sign_in(&url, username).await;
    (pending, code, state)
}

#[tokio::test]
async fn a_staff_member_signs_in_with_code_pkce_state_and_nonce() {
    let world = world().await;
    let (pending, code, state) = started(&world, "avery.admin").await;
    let identity = world.authority.finish(&pending, &state, &code).await.unwrap();
    let account = &world.sim.sim().accounts[0].info;
    assert_eq!(identity.name, "Avery Admin");
    assert_eq!(identity.username, format!("avery.admin@{}", account.domain));
    assert_eq!(identity.tenant_id, account.tenant_id);
    assert_eq!(identity.roles, vec!["Switchboard.Admin".to_owned()]);
    assert_eq!(identity.groups.len(), 1);
    let user = world.sim.sim().staff.find("avery.admin").unwrap();
    assert_eq!(identity.object_id, user.object_id(account.tenant_id));
}

#[tokio::test]
async fn a_tampered_state_is_refused_before_the_code_is_redeemed() {
    let world = world().await;
    let (pending, code, state) = started(&world, "harper.helpdesk").await;
    let error = world
        .authority
        .finish(&pending, &format!("{state}x"), &code)
        .await
        .unwrap_err();
    assert!(matches!(error, LoginError::StateMismatch), "{error}");
    // The code was not spent: the genuine response still completes.
    world.authority.finish(&pending, &state, &code).await.unwrap();
}

#[tokio::test]
async fn a_wrong_nonce_is_refused() {
    let world = world().await;
    let (mut pending, code, state) = started(&world, "harper.helpdesk").await;
    pending.nonce = "another-login's-nonce".into();
    let error = world.authority.finish(&pending, &state, &code).await.unwrap_err();
    assert!(matches!(error, LoginError::InvalidToken(_)), "{error}");
    assert!(error.to_string().contains("nonce"), "{error}");
}

#[tokio::test]
async fn a_replayed_code_is_refused() {
    let world = world().await;
    let (pending, code, state) = started(&world, "blake.billing").await;
    world.authority.finish(&pending, &state, &code).await.unwrap();
    let error = world.authority.finish(&pending, &state, &code).await.unwrap_err();
    assert!(matches!(error, LoginError::CodeRefused(_)), "{error}");
    assert!(error.to_string().contains("invalid_grant"), "{error}");
}

#[tokio::test]
async fn a_code_redeemed_without_its_pkce_verifier_is_refused() {
    let world = world().await;
    let (mut pending, code, state) = started(&world, "blake.billing").await;
    pending.pkce_verifier = world.authority.begin().1.pkce_verifier;
    let error = world.authority.finish(&pending, &state, &code).await.unwrap_err();
    assert!(matches!(error, LoginError::CodeRefused(_)), "{error}");
}

/// The claims of a genuine ID token for the staff app, which each test then spoils.
fn genuine_claims(world: &World, nonce: &str) -> Value {
    let sim = world.sim.sim();
    let account = &sim.accounts[0].info;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    json!({
        "aud": sim.staff.app.client_id,
        "iss": sim::identity::issuer(sim, account),
        "iat": now, "nbf": now, "exp": now + 3600,
        "tid": account.tenant_id, "oid": Uuid::new_v4(), "sub": "subject",
        "name": "Someone", "preferred_username": "someone@example.test",
        "roles": ["Switchboard.Admin"], "groups": [], "nonce": nonce, "ver": "2.0",
    })
}

fn signed(world: &World, claims: &Value) -> String {
    let sim = world.sim.sim();
    sim::identity::sign(sim.keys.for_cloud(sim.accounts[0].info.cloud), claims)
}

#[tokio::test]
async fn only_a_current_token_the_authority_signed_for_this_app_is_accepted() {
    let world = world().await;
    let genuine = genuine_claims(&world, "n-1");
    let identity = world.authority.verify(&signed(&world, &genuine), "n-1").unwrap();
    assert_eq!(identity.roles, vec!["Switchboard.Admin".to_owned()]);

    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let spoiled = |change: &dyn Fn(&mut Value)| {
        let mut claims = genuine.clone();
        change(&mut claims);
        claims
    };
    // (case, what the refusal names, token)
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "another audience",
            "audiences",
            signed(&world, &spoiled(&|c| c["aud"] = json!(Uuid::new_v4()))),
        ),
        (
            "expired",
            "Expired",
            signed(
                &world,
                &spoiled(&|c| {
                    c["iat"] = json!(now - 7200);
                    c["nbf"] = json!(now - 7200);
                    c["exp"] = json!(now - 3600);
                }),
            ),
        ),
        (
            "another issuer",
            "issuer",
            signed(
                &world,
                &spoiled(&|c| c["iss"] = json!("https://login.example.test/other/v2.0")),
            ),
        ),
        ("signed by someone else", "Signature", {
            let foreign = sim::identity::Keys::for_seed(9_999);
            sim::identity::sign(
                foreign.for_cloud(world.sim.sim().accounts[0].info.cloud),
                &genuine,
            )
        }),
        ("tampered after signing", "Signature", {
            let token = signed(&world, &genuine);
            let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
            let forged = spoiled(&|c| c["roles"] = json!(["Switchboard.Admin", "extra"]));
            use base64::Engine;
            parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(forged.to_string());
            parts.join(".")
        }),
    ];
    for (case, why, token) in cases {
        let error = world.authority.verify(&token, "n-1").unwrap_err();
        assert!(matches!(error, LoginError::InvalidToken(_)), "{case}: {error}");
        assert!(error.to_string().contains(why), "{case}: {error}");
    }
}
