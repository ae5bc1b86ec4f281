//! Request bodies and query strings, read as Partner Center reads them: property names in any
//! casing (`CompanyProfile`, `companyProfile`, `companyprofile`), unknown properties refused.
//!
//! Bodies are normalised to lower-case keys without underscores, so request types declare
//! their fields that way (`defaultaddress`, `addressline1`).

use super::error::PcError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Lower-cases every object key (and drops `_`), recursively.
pub fn normalise_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| (key.to_lowercase().replace('_', ""), normalise_keys(value)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(normalise_keys).collect()),
        other => other,
    }
}

/// Parses `bytes` as a JSON request of type `T` (declared with normalised field names).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, PcError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(PcError::invalid(
            "The request body is empty; a JSON object is required.",
        ));
    }
    if bytes.len() > MAX_BODY_BYTES {
        return Err(PcError::invalid("The request body is larger than 1 MiB."));
    }
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|error| PcError::invalid(format!("The request body is not valid JSON: {error}.")))?;
    serde_json::from_value(normalise_keys(value))
        .map_err(|error| PcError::invalid(format!("Invalid property in the request body: {error}.")))
}

/// Query parameters, looked up without regard to case or `_` (`seekOperation` = `seek_operation`).
pub struct QueryParams(HashMap<String, String>);

impl QueryParams {
    pub fn new(raw: Option<&str>) -> QueryParams {
        let pairs = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(key, value)| (key.to_lowercase().replace('_', ""), value.into_owned()))
            .collect();
        QueryParams(pairs)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(&name.to_lowercase().replace('_', ""))
            .map(String::as_str)
    }

    /// An optional whole number within `low..=high`.
    pub fn number(&self, name: &str, low: u64, high: u64) -> Result<Option<u64>, PcError> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        match text.trim().parse::<u64>() {
            Ok(number) if (low..=high).contains(&number) => Ok(Some(number)),
            _ => Err(PcError::invalid(format!(
                "The query parameter {name} must be a whole number from {low} to {high}."
            ))),
        }
    }

    /// An optional boolean (`true`/`false`, any casing).
    pub fn boolean(&self, name: &str) -> Result<Option<bool>, PcError> {
        match self.get(name).map(str::to_lowercase).as_deref() {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(_) => Err(PcError::invalid(format!(
                "The query parameter {name} must be true or false."
            ))),
        }
    }
}

/// An opaque continuation token carrying `state` (contract §1.7, seek paging).
pub fn encode_token(state: &Value) -> String {
    URL_SAFE_NO_PAD.encode(state.to_string())
}

/// Reads a continuation token made by `encode_token`.
pub fn decode_token<T: DeserializeOwned>(token: &str) -> Result<T, PcError> {
    URL_SAFE_NO_PAD
        .decode(token.trim())
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| PcError::invalid("The continuation token is not valid or has expired."))
}

/// A `filter` query value: `{"Field": ..., "Value": ..., "Operator": ...}` (contract §1.8).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    pub field: String,
    pub value: Value,
    pub operator: Value,
}

impl Filter {
    pub fn parse(text: &str) -> Result<Filter, PcError> {
        parse::<Filter>(text.as_bytes()).map_err(|_| {
            PcError::invalid(r#"The filter must be a JSON object like {"Field":"CompanyName","Value":"cont","Operator":"starts_with"}."#)
        })
    }

    /// The value as text (filters carry strings; numbers are accepted and printed).
    pub fn value_text(&self) -> String {
        match &self.value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }

    /// Whether the operator is `name` (wire strings are compared without case).
    pub fn operator_is(&self, name: &str) -> bool {
        self.operator
            .as_str()
            .is_some_and(|operator| operator.eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        companyname: String,
        addressline1: Option<String>,
    }

    #[test]
    fn property_names_match_in_any_casing() {
        for body in [
            r#"{"CompanyName":"A","AddressLine1":"1 Way"}"#,
            r#"{"companyName":"A","addressLine1":"1 Way"}"#,
            r#"{"companyname":"A","address_line1":"1 Way"}"#,
        ] {
            let sample: Sample = parse(body.as_bytes()).unwrap();
            assert_eq!(
                (sample.companyname.as_str(), sample.addressline1.as_deref()),
                ("A", Some("1 Way"))
            );
        }
    }

    #[test]
    fn unknown_properties_and_bad_json_are_invalid_property_errors() {
        let unknown = parse::<Sample>(br#"{"CompanyName":"A","Colour":"red"}"#).unwrap_err();
        assert_eq!((unknown.status.as_u16(), unknown.code), (400, 3000));
        assert!(unknown.description.contains("colour"));
        let broken = parse::<Sample>(b"{\"CompanyName\":").unwrap_err();
        assert!(broken.description.contains("not valid JSON"));
        assert!(parse::<Sample>(b"").unwrap_err().description.contains("empty"));
    }

    #[test]
    fn continuation_tokens_round_trip_and_reject_garbage() {
        let token = encode_token(&serde_json::json!({"offset": 40}));
        let state: Value = decode_token(&token).unwrap();
        assert_eq!(state["offset"], 40);
        assert!(decode_token::<Value>("not a token").is_err());
    }

    #[test]
    fn query_names_ignore_case_and_underscores() {
        let query = QueryParams::new(Some("seek_operation=Next&Size=40&show_details=True"));
        assert_eq!(query.get("seekOperation"), Some("Next"));
        assert_eq!(query.number("size", 1, 500).unwrap(), Some(40));
        assert_eq!(query.boolean("showDetails").unwrap(), Some(true));
        assert!(query.number("size", 1, 10).is_err());
    }
}
