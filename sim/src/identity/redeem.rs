//! Redeeming an authorization code (with its PKCE verifier) or a refresh token.

use super::grants::CODE_LIFETIME;
use super::oauth::OAuthError;
use super::token::Grant;
use crate::model::AccountInfo;
use crate::state::Sim;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use uuid::Uuid;

pub(super) fn redeem_code(
    sim: &Sim,
    account: &AccountInfo,
    client_id: Uuid,
    form: &HashMap<String, String>,
) -> Result<Grant, OAuthError> {
    let code = form.get("code").ok_or_else(|| {
        OAuthError::new(
            "invalid_request",
            900_144,
            "The request body must contain the following parameter: 'code'.",
        )
    })?;
    let mut grants = sim.grants.lock().expect("grants lock");
    let stored = grants
        .codes
        .get_mut(code)
        .filter(|stored| stored.tenant_id == account.tenant_id)
        .ok_or_else(|| {
            OAuthError::new(
                "invalid_grant",
                70_000,
                "The provided value for the 'code' parameter is not valid.",
            )
        })?;
    if stored.redeemed {
        return Err(OAuthError::new(
            "invalid_grant",
            54_005,
            "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
        ));
    }
    if sim.clock.now() - stored.issued_at > CODE_LIFETIME {
        return Err(OAuthError::new(
            "invalid_grant",
            70_008,
            "The provided authorization code or refresh token has expired due to inactivity.",
        ));
    }
    if stored.client_id != client_id {
        return Err(OAuthError::new(
            "invalid_grant",
            70_000,
            "The code was issued to another application.",
        ));
    }
    if form.get("redirect_uri") != Some(&stored.redirect_uri) {
        return Err(OAuthError::new(
            "invalid_grant",
            50_148,
            "The redirect_uri does not match the one used in the authorization request.",
        ));
    }
    let verifier = form.get("code_verifier").map(String::as_str).unwrap_or_default();
    if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != stored.code_challenge {
        return Err(OAuthError::new(
            "invalid_grant",
            501_481,
            "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
        ));
    }
    stored.redeemed = true;
    Ok(Grant {
        client_id,
        username: Some(stored.username.clone()),
        scope: stored.scope.clone(),
        nonce: stored.nonce.clone(),
    })
}

pub(super) fn redeem_refresh_token(
    sim: &Sim,
    account: &AccountInfo,
    client_id: Uuid,
    form: &HashMap<String, String>,
) -> Result<Grant, OAuthError> {
    let token = form.get("refresh_token").ok_or_else(|| {
        OAuthError::new(
            "invalid_request",
            900_144,
            "The request body must contain the following parameter: 'refresh_token'.",
        )
    })?;
    let grants = sim.grants.lock().expect("grants lock");
    let grant = grants
        .refresh_tokens
        .get(token)
        .filter(|grant| grant.tenant_id == account.tenant_id && grant.client_id == client_id)
        .ok_or_else(|| OAuthError::new("invalid_grant", 9_002_313, "Invalid request. The refresh token is malformed, expired or was issued to another client or tenant."))?;
    let scope = form.get("scope").cloned().unwrap_or_else(|| grant.scope.clone());
    Ok(Grant {
        client_id,
        username: Some(grant.username.clone()),
        scope,
        nonce: None,
    })
}
