//! The staff authority: one Entra ID tenant (in demo mode, the simulator's) that staff sign in
//! at with the authorization code flow, PKCE S256, `state` and `nonce`. `begin` makes the
//! authorization URL and what the session must keep; `finish` checks the returned `state`,
//! redeems the code and accepts the ID token only with a valid signature (the authority's
//! published keys), issuer, audience, lifetime and the nonce this login sent.

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType, CoreGenderClaim,
    CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreRevocableToken,
    CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken, EmptyExtraTokenFields,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IdToken, IdTokenFields, IssuerUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, ProviderMetadataWithLogout, RedirectUrl, Scope,
    StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use url::Url;
use uuid::Uuid;

/// The Entra ID claims Switchboard reads besides the standard ones.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntraClaims {
    /// The user's object id in the tenant: the stable staff id.
    pub oid: Uuid,
    pub tid: Uuid,
    /// App roles assigned to the user for this app.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Security group object ids.
    #[serde(default)]
    pub groups: Vec<Uuid>,
}

impl AdditionalClaims for EntraClaims {}

type EntraTokenResponse = StandardTokenResponse<
    IdTokenFields<
        EntraClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

type EntraIdToken =
    IdToken<EntraClaims, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;

type EntraClient = Client<
    EntraClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    EntraTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Where staff sign in, and as which app.
pub struct StaffAuthorityConfig {
    /// The tenant's issuer, e.g. `https://login.microsoftonline.com/{tenant}/v2.0`.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: SecretString,
    /// Our callback, registered with the app: `{public url}/auth/callback`.
    pub redirect_url: Url,
}

pub struct StaffAuthority {
    client: EntraClient,
    http: reqwest::Client,
    end_session: Option<Url>,
}

/// What the session keeps between sending the browser to the authority and its return.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingLogin {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Who signed in, as the verified ID token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffIdentity {
    pub object_id: Uuid,
    pub tenant_id: Uuid,
    pub name: String,
    /// The sign-in name (UPN).
    pub username: String,
    pub roles: Vec<String>,
    pub groups: Vec<Uuid>,
    /// The raw ID token, for the end-session request's `id_token_hint` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

impl StaffIdentity {
    /// The person as the app sees them.
    pub fn staff(&self) -> app::auth::Staff {
        app::auth::Staff {
            id: self.object_id,
            name: self.name.clone(),
            username: self.username.clone(),
            roles: self.roles.clone(),
        }
    }
}

/// Why a login did not complete; `Display` is the sentence the login failure page shows.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("the sign-in service could not be reached or described itself wrongly: {0}")]
    Discovery(String),
    #[error("this sign-in response does not belong to the sign-in this browser started (state mismatch)")]
    StateMismatch,
    #[error("no sign-in was started in this browser, or it expired; start again")]
    NoPendingLogin,
    #[error("the sign-in service reported an error: {0}")]
    Authority(String),
    #[error("the sign-in code was refused (used before, expired or not ours): {0}")]
    CodeRefused(String),
    #[error("the sign-in service returned no ID token")]
    NoIdToken,
    #[error("the ID token was refused: {0}")]
    InvalidToken(String),
}

impl LoginError {
    /// A short, stable reason for the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            LoginError::Discovery(_) => "discovery_failed",
            LoginError::StateMismatch => "state_mismatch",
            LoginError::NoPendingLogin => "no_pending_login",
            LoginError::Authority(_) => "authority_error",
            LoginError::CodeRefused(_) => "code_refused",
            LoginError::NoIdToken => "no_id_token",
            LoginError::InvalidToken(_) => "invalid_token",
        }
    }
}

impl StaffAuthority {
    /// Reads the authority's OpenID configuration and keys.
    pub async fn discover(
        config: StaffAuthorityConfig,
        http: reqwest::Client,
    ) -> Result<StaffAuthority, LoginError> {
        let issuer =
            IssuerUrl::new(config.issuer).map_err(|error| LoginError::Discovery(error.to_string()))?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &http)
            .await
            .map_err(|error| LoginError::Discovery(error_chain(&error)))?;
        let end_session = metadata
            .additional_metadata()
            .end_session_endpoint
            .as_ref()
            .map(|endpoint| endpoint.url().clone());
        let client = EntraClient::from_provider_metadata(
            metadata,
            ClientId::new(config.client_id),
            Some(ClientSecret::new(config.client_secret.expose_secret().to_owned())),
        )
        .set_redirect_uri(RedirectUrl::from_url(config.redirect_url));
        Ok(StaffAuthority {
            client,
            http,
            end_session,
        })
    }

    /// The authorization URL to send the browser to, and what to keep until it returns.
    pub fn begin(&self) -> (Url, PendingLogin) {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = self
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".into()))
            .add_scope(Scope::new("email".into()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = PendingLogin {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        };
        (url, pending)
    }

    /// Completes the login the browser returned from with `state` and `code`.
    pub async fn finish(
        &self,
        pending: &PendingLogin,
        state: &str,
        code: &str,
    ) -> Result<StaffIdentity, LoginError> {
        if !same_secret(&pending.state, state) {
            return Err(LoginError::StateMismatch);
        }
        let response = self
            .client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|error| LoginError::Discovery(error.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|error| LoginError::CodeRefused(error_chain(&error)))?;
        let token = response.id_token().ok_or(LoginError::NoIdToken)?;
        self.verify(&token.to_string(), &pending.nonce)
    }

    /// Accepts `id_token` only if the authority signed it for this app, it is current, and it
    /// carries `nonce`.
    pub fn verify(&self, id_token: &str, nonce: &str) -> Result<StaffIdentity, LoginError> {
        let token =
            EntraIdToken::from_str(id_token).map_err(|error| LoginError::InvalidToken(error.to_string()))?;
        let claims = token
            .claims(&self.client.id_token_verifier(), &Nonce::new(nonce.to_owned()))
            .map_err(|error| LoginError::InvalidToken(error.to_string()))?;
        let extra = claims.additional_claims();
        let username = claims
            .preferred_username()
            .map(|name| name.as_str().to_owned())
            .unwrap_or_else(|| claims.subject().as_str().to_owned());
        let name = claims
            .name()
            .and_then(|name| name.get(None))
            .map_or_else(|| username.clone(), |name| name.as_str().to_owned());
        Ok(StaffIdentity {
            object_id: extra.oid,
            tenant_id: extra.tid,
            name,
            username,
            roles: extra.roles.clone(),
            groups: extra.groups.clone(),
            id_token: Some(id_token.to_owned()),
        })
    }

    /// Where to send the browser to end its session at the authority too, if it says.
    pub fn end_session_url(&self, id_token: Option<&str>, after: &Url) -> Option<Url> {
        let mut url = self.end_session.clone()?;
        {
            let mut query = url.query_pairs_mut();
            if let Some(token) = id_token {
                query.append_pair("id_token_hint", token);
            }
            query.append_pair("post_logout_redirect_uri", after.as_str());
        }
        Some(url)
    }
}

/// Compares two secrets in time independent of where they differ.
fn same_secret(expected: &str, given: &str) -> bool {
    expected.len() == given.len()
        && expected
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |difference, (a, b)| difference | (a ^ b))
            == 0
}

/// An error with its causes, on one line (the authority's message is in the source chain).
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        assert!(!same_secret("", "a"));
    }
}
