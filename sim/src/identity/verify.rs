//! How Partner Center accepts a bearer token: signed by the simulator, issued by the authority of
//! the account's own cloud for that account's tenant, meant for that cloud's Partner Center
//! (audience), presented at that cloud's API host, and not expired.

use super::jwt::verify;
use crate::http::error::PcError;
use crate::state::Sim;
use uuid::Uuid;

/// App-only (client credentials) or App+User (delegated) token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    App,
    AppUser,
}

/// What Partner Center learns from an accepted token.
#[derive(Debug, Clone)]
pub struct TokenInfo {
    pub tenant_id: Uuid,
    pub kind: TokenKind,
    /// `preferred_username` of App+User tokens.
    pub user: Option<String>,
    pub app_id: String,
    pub issued_at: i64,
}

/// Checks the `Authorization` header of a call to API host `host`; returns the account index.
pub fn verify_partner_center(
    sim: &Sim,
    host: &str,
    authorization: Option<&str>,
) -> Result<(usize, TokenInfo), PcError> {
    let token = authorization
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
        })
        .filter(|token| !token.trim().is_empty())
        .ok_or_else(|| PcError::access_denied("no bearer token in the Authorization header"))?;
    let (signing_cloud, claims) =
        verify(&sim.keys, token).map_err(|error| PcError::access_denied(error.to_string()))?;
    let tenant_id = claims["tid"]
        .as_str()
        .and_then(|tid| Uuid::parse_str(tid).ok())
        .ok_or_else(|| PcError::access_denied("the token has no tenant (tid)"))?;
    let index = sim
        .accounts
        .iter()
        .position(|account| account.info.tenant_id == tenant_id)
        .ok_or_else(|| PcError::access_denied("the token's tenant is not a partner tenant"))?;
    let account = &sim.accounts[index].info;
    if signing_cloud != account.cloud {
        return Err(PcError::access_denied(
            "the token was issued by another cloud's authority",
        ));
    }
    if account.cloud.api_host() != host {
        return Err(PcError::access_denied(
            "the token's partner tenant belongs to another Partner Center cloud",
        ));
    }
    let issuers = [
        super::issue::issuer(sim, account),
        super::issue::issuer_v1(sim, account),
    ];
    if !issuers.iter().any(|issuer| claims["iss"] == issuer.as_str()) {
        return Err(PcError::access_denied(
            "the token issuer does not match the tenant",
        ));
    }
    let resource = account.cloud.partner_center_resource();
    let audience = claims["aud"].as_str().unwrap_or_default().trim_end_matches('/');
    if audience != resource {
        return Err(PcError::access_denied(format!(
            "the token audience must be {resource}"
        )));
    }
    let now = sim.clock.now().unix_timestamp();
    if claims["exp"].as_i64().is_none_or(|exp| exp <= now) {
        return Err(PcError::access_denied("the access token has expired"));
    }
    let kind = if claims["idtyp"] == "user" {
        TokenKind::AppUser
    } else {
        TokenKind::App
    };
    Ok((
        index,
        TokenInfo {
            tenant_id,
            kind,
            user: claims["preferred_username"].as_str().map(str::to_owned),
            app_id: claims["appid"].as_str().unwrap_or_default().to_owned(),
            issued_at: claims["iat"].as_i64().unwrap_or(now),
        },
    ))
}
