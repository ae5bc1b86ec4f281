//! Compact JWS with RS256: what Entra ID issues and Partner Center accepts.

use super::keys::{Keys, SigningKey};
use crate::cloud::Cloud;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pkcs1v15::Signature;
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use serde_json::{Value, json};

/// Signs `claims` with `key`: `header.payload.signature`.
pub fn sign(key: &SigningKey, claims: &Value) -> String {
    let header = json!({ "typ": "JWT", "alg": "RS256", "kid": key.kid });
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = key.signer.sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// Why a token was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("the token is not a signed JWT")]
    Malformed,
    #[error("the token was signed by an unknown key")]
    UnknownKey,
    #[error("the token signature is invalid")]
    BadSignature,
}

/// Verifies `token` against the simulator's keys; returns the signing authority and the claims.
pub fn verify(keys: &Keys, token: &str) -> Result<(Cloud, Value), JwtError> {
    let mut parts = token.trim().split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Malformed);
    };
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).map_err(|_| JwtError::Malformed);
    let header: Value = serde_json::from_slice(&decode(header)?).map_err(|_| JwtError::Malformed)?;
    if header["alg"] != "RS256" {
        return Err(JwtError::Malformed);
    }
    let kid = header["kid"].as_str().ok_or(JwtError::Malformed)?;
    let (cloud, key) = keys.by_kid(kid).ok_or(JwtError::UnknownKey)?;
    let signature = Signature::try_from(decode(signature)?.as_slice()).map_err(|_| JwtError::BadSignature)?;
    let input = &token.trim()[..token.trim().rfind('.').expect("three parts were found")];
    key.verifier
        .verify(input.as_bytes(), &signature)
        .map_err(|_| JwtError::BadSignature)?;
    let claims: Value = serde_json::from_slice(&decode(payload)?).map_err(|_| JwtError::Malformed)?;
    Ok((cloud, claims))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_tokens_verify_and_tampered_ones_do_not() {
        let keys = Keys::for_seed(99);
        let token = sign(keys.for_cloud(Cloud::Germany), &json!({ "tid": "t", "exp": 1 }));
        let (cloud, claims) = verify(&keys, &token).unwrap();
        assert_eq!((cloud, claims["tid"].as_str()), (Cloud::Germany, Some("t")));

        let mut parts: Vec<&str> = token.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(json!({ "tid": "other", "exp": 1 }).to_string());
        parts[1] = &forged;
        assert_eq!(verify(&keys, &parts.join(".")), Err(JwtError::BadSignature));
        assert_eq!(verify(&keys, "abc"), Err(JwtError::Malformed));
    }

    #[test]
    fn each_cloud_signs_with_its_own_key() {
        let keys = Keys::for_seed(99);
        assert_ne!(
            keys.for_cloud(Cloud::Global).kid,
            keys.for_cloud(Cloud::China).kid
        );
        assert_eq!(
            keys.jwks(Cloud::UsGov)["keys"][0]["kid"],
            keys.for_cloud(Cloud::UsGov).kid.as_str()
        );
    }
}
