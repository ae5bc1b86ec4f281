//! Builds signed tokens: access tokens (app-only or App+User) and ID tokens.

use super::directory::StaffUser;
use super::jwt::sign;
use crate::model::AccountInfo;
use crate::state::Sim;
use serde_json::{Value, json};
use uuid::Uuid;

/// Lifetime of access and ID tokens, as Entra ID's examples show (`expires_in` 3599).
pub const TOKEN_SECONDS: i64 = 3599;

/// Microsoft Graph, the audience of access tokens that ask for no other resource.
pub const GRAPH: &str = "00000003-0000-0000-c000-000000000000";

/// The v2.0 issuer of `account`'s tenant: `{authority}/{tenant}/v2.0`.
pub fn issuer(sim: &Sim, account: &AccountInfo) -> String {
    format!("{}/{}/v2.0", sim.authority_url(account), account.tenant_id)
}

/// The v1 issuer (tokens from `/oauth2/token`): `{authority}/{tenant}/`.
pub fn issuer_v1(sim: &Sim, account: &AccountInfo) -> String {
    format!("{}/{}/", sim.authority_url(account), account.tenant_id)
}

/// What an access token is for.
pub struct AccessRequest<'a> {
    pub audience: &'a str,
    pub app_id: Uuid,
    /// `None` for an app-only token (client credentials).
    pub user: Option<&'a StaffUser>,
    /// Delegated scopes (`scp`), for App+User tokens.
    pub scope: &'a str,
    pub v1: bool,
}

pub fn access_token(sim: &Sim, account: &AccountInfo, request: &AccessRequest) -> String {
    let now = sim.clock.now().unix_timestamp();
    let mut claims = json!({
        "aud": request.audience,
        "iss": if request.v1 { issuer_v1(sim, account) } else { issuer(sim, account) },
        "iat": now,
        "nbf": now,
        "exp": now + TOKEN_SECONDS,
        "tid": account.tenant_id,
        "appid": request.app_id,
        "azp": request.app_id,
        "ver": if request.v1 { "1.0" } else { "2.0" },
        "uti": Uuid::new_v4().simple().to_string(),
    });
    match request.user {
        Some(user) => {
            let oid = user.object_id(account.tenant_id);
            add_user_claims(&mut claims, user, account, oid);
            claims["idtyp"] = json!("user");
            claims["scp"] = json!(request.scope);
        }
        None => {
            let service_principal =
                crate::dice::stable_hash(&[account.tenant_id.as_bytes(), request.app_id.as_bytes()]);
            let oid = Uuid::from_u64_pair(service_principal, service_principal.rotate_left(17));
            claims["idtyp"] = json!("app");
            claims["oid"] = json!(oid);
            claims["sub"] = json!(oid);
            claims["roles"] = json!([]);
        }
    }
    sign(sim.keys.for_cloud(account.cloud), &claims)
}

/// An ID token for `user` signing in to `client_id`, with the `nonce` of the request.
pub fn id_token(
    sim: &Sim,
    account: &AccountInfo,
    client_id: Uuid,
    user: &StaffUser,
    nonce: Option<&str>,
) -> String {
    let now = sim.clock.now().unix_timestamp();
    let mut claims = json!({
        "aud": client_id,
        "iss": issuer(sim, account),
        "iat": now,
        "nbf": now,
        "exp": now + TOKEN_SECONDS,
        "tid": account.tenant_id,
        "ver": "2.0",
    });
    add_user_claims(&mut claims, user, account, user.object_id(account.tenant_id));
    if let Some(nonce) = nonce {
        claims["nonce"] = json!(nonce);
    }
    sign(sim.keys.for_cloud(account.cloud), &claims)
}

fn add_user_claims(claims: &mut Value, user: &StaffUser, account: &AccountInfo, oid: Uuid) {
    let upn = user.upn(&account.domain);
    claims["oid"] = json!(oid);
    claims["sub"] = json!(oid);
    claims["name"] = json!(user.display_name);
    claims["preferred_username"] = json!(upn);
    claims["upn"] = json!(upn);
    claims["email"] = json!(upn);
    claims["roles"] = json!(user.roles);
    claims["groups"] = json!(user.groups.iter().map(|(id, _)| id).collect::<Vec<_>>());
}
