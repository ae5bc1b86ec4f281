//! Issued authorization codes (single use, ten minutes) and refresh tokens.

use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// An authorization code waiting to be redeemed at the token endpoint.
#[derive(Debug, Clone)]
pub struct AuthorizationCode {
    pub tenant_id: Uuid,
    pub client_id: Uuid,
    pub redirect_uri: String,
    pub username: String,
    pub scope: String,
    pub nonce: Option<String>,
    pub code_challenge: String,
    pub issued_at: OffsetDateTime,
    pub redeemed: bool,
}

/// What a refresh token stands for.
#[derive(Debug, Clone)]
pub struct RefreshGrant {
    pub tenant_id: Uuid,
    pub client_id: Uuid,
    pub username: String,
    pub scope: String,
}

/// Codes and refresh tokens issued so far.
#[derive(Debug, Default)]
pub struct Grants {
    pub codes: HashMap<String, AuthorizationCode>,
    pub refresh_tokens: HashMap<String, RefreshGrant>,
}

/// How long an authorization code may be redeemed.
pub const CODE_LIFETIME: time::Duration = time::Duration::minutes(10);
