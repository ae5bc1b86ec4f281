//! Simulated Microsoft Entra ID, one authority per cloud and a tenant per partner account:
//! OIDC discovery, JWKS, authorization code flow with PKCE, client credentials, refresh
//! tokens, the v1 `resource=` token endpoint, and sign-out.

mod authorize;
mod directory;
mod discovery;
mod grants;
mod issue;
mod jwt;
mod keys;
mod oauth;
mod redeem;
mod sign_in_page;
mod token;
mod verify;

pub use directory::{DEMO_PASSWORD, StaffApp, StaffDirectory, StaffUser};
pub use grants::{Grants, RefreshGrant};
pub use issue::{AccessRequest, access_token, issuer};
pub use jwt::{JwtError, sign, verify as verify_jwt};
pub use keys::Keys;
pub use verify::{TokenInfo, TokenKind, verify_partner_center};

use crate::state::Sim;
use axum::Router;
use axum::routing::{get, post};
use std::sync::Arc;

/// Routes under `/login/{cloud}/{tenant}/…`.
pub fn router() -> Router<Arc<Sim>> {
    Router::new()
        .route(
            "/login/{cloud}/{tenant}/v2.0/.well-known/openid-configuration",
            get(discovery::openid_configuration),
        )
        .route(
            "/login/{cloud}/{tenant}/discovery/v2.0/keys",
            get(discovery::keys),
        )
        .route(
            "/login/{cloud}/{tenant}/oauth2/v2.0/authorize",
            get(authorize::show).post(authorize::submit),
        )
        .route("/login/{cloud}/{tenant}/oauth2/v2.0/token", post(token::token_v2))
        .route("/login/{cloud}/{tenant}/oauth2/token", post(token::token_v1))
        .route(
            "/login/{cloud}/{tenant}/oauth2/v2.0/logout",
            get(discovery::logout),
        )
}
