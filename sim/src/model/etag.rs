//! ETags as Partner Center shapes them: base64 JSON for orders and subscriptions
//! (`eyJpZCI6…`), decimal strings for billing profiles (contract §1.6).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use uuid::Uuid;

/// The etag of version `version` of the resource `id` (orders, subscriptions).
pub fn resource_etag(id: Uuid, version: u64) -> String {
    STANDARD.encode(format!(r#"{{"id":"{id}","version":{version}}}"#))
}

/// The etag of a billing profile at `version`: a signed decimal string.
pub fn profile_etag(id: Uuid, version: u64) -> String {
    let mixed = (id.as_u128() as u64)
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(version);
    (mixed as i64).to_string()
}

/// Compares a client's `If-Match` (quoted or not, as the contract allows) with the current etag.
pub fn matches(if_match: &str, current: &str) -> bool {
    let given = if_match.trim();
    let given = given.strip_prefix("W/").unwrap_or(given);
    given.trim_matches('"') == current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_change_with_the_version_and_match_quoted_or_not() {
        let id = Uuid::from_u128(7);
        let first = resource_etag(id, 1);
        assert_ne!(first, resource_etag(id, 2));
        assert!(first.starts_with("eyJpZCI6"));
        assert!(matches(&first, &first));
        assert!(matches(&format!("\"{first}\""), &first));
        assert!(!matches(&resource_etag(id, 2), &first));
        assert!(profile_etag(id, 1).parse::<i64>().is_ok());
    }
}
