//! Values as real responses carry them (contract §1.5, §1.9): integers sometimes written as
//! `2.0` or `"2"`, dates with or without an offset (and the seed's stray spaces), error codes
//! as numbers or strings.

use serde::de::{Deserializer, Error as _};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// An opaque id as a stable key: GUIDs in lower case (Partner Center writes them in either
/// case), anything else as sent.
pub fn normalize_id(text: &str) -> String {
    match uuid::Uuid::parse_str(text.trim()) {
        Ok(id) => id.to_string(),
        Err(_) => text.trim().to_owned(),
    }
}

/// An integer written as a JSON number (integral, or a float with no fraction) or a string.
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let value = Value::deserialize(deserializer)?;
    integer_of(&value).ok_or_else(|| D::Error::custom(format!("expected an integer, found {value}")))
}

/// Like [`integer`], for optional properties (absent or null = `None`).
pub fn optional_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(value) => integer_of(&value)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("expected an integer, found {value}"))),
    }
}

fn integer_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64().or_else(|| {
            number
                .as_f64()
                .filter(|float| float.fract() == 0.0 && float.abs() < 9.0e15)
                .map(|float| float as i64)
        }),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A moment in time as Partner Center writes it: RFC 3339 with `Z` or an offset, a local time
/// without offset (taken as UTC), or either with stray spaces (seed artefacts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub OffsetDateTime);

/// RFC 3339, as Postgres and every JSON reader understand it.
impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Timestamp {
    pub fn parse(text: &str) -> Option<Timestamp> {
        let compact: String = text
            .chars()
            .filter(|character| !character.is_whitespace())
            .collect();
        if let Ok(moment) = OffsetDateTime::parse(&compact, &Rfc3339) {
            return Some(Timestamp(moment.to_offset(UtcOffset::UTC)));
        }
        let local = time::macros::format_description!(
            version = 2,
            "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
        );
        PrimitiveDateTime::parse(&compact, &local)
            .ok()
            .map(|moment| Timestamp(moment.assume_utc()))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text).ok_or_else(|| D::Error::custom(format!("{text:?} is not a date and time")))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(&Rfc3339) {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{:?}", self.0),
        }
    }
}

/// A Partner Center error code: "documented as string, sent as a JSON number" (contract §1.9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorCode {
    Number(i64),
    Text(String),
}

impl ErrorCode {
    /// The numeric code, when there is one (`"2055"` counts).
    pub fn number(&self) -> Option<i64> {
        match self {
            ErrorCode::Number(number) => Some(*number),
            ErrorCode::Text(text) => text.trim().parse().ok(),
        }
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(text) => Ok(ErrorCode::Text(text)),
            value => integer_of(&value)
                .map(ErrorCode::Number)
                .ok_or_else(|| D::Error::custom(format!("expected an error code, found {value}"))),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::Number(number) => write!(f, "{number}"),
            ErrorCode::Text(text) => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[derive(Deserialize)]
    struct Quantity {
        #[serde(deserialize_with = "integer")]
        quantity: i64,
        #[serde(default, deserialize_with = "optional_integer")]
        maximum: Option<i64>,
    }

    #[test]
    fn integers_may_arrive_as_floats_or_strings() {
        for body in [r#"{"quantity":5}"#, r#"{"quantity":5.0}"#, r#"{"quantity":"5"}"#] {
            let parsed: Quantity = serde_json::from_str(body).unwrap();
            assert_eq!(parsed.quantity, 5, "{body}");
            assert_eq!(parsed.maximum, None);
        }
        let parsed: Quantity = serde_json::from_str(r#"{"quantity":1,"maximum":"300"}"#).unwrap();
        assert_eq!(parsed.maximum, Some(300));
        assert!(serde_json::from_str::<Quantity>(r#"{"quantity":2.5}"#).is_err());
        assert!(serde_json::from_str::<Quantity>(r#"{"quantity":true}"#).is_err());
    }

    #[test]
    fn timestamps_in_every_documented_form_become_utc() {
        let cases = [
            (
                "2017-03-30T10:43:07.157-07:00",
                datetime!(2017-03-30 17:43:07.157 UTC),
            ),
            ("2016-05-10T00:00:00Z", datetime!(2016-05-10 0:00 UTC)),
            (
                "2015-10-08T10: 42: 36.54-07: 00",
                datetime!(2015-10-08 17:42:36.54 UTC),
            ),
            ("2014-01-01T00:00:00", datetime!(2014-01-01 0:00 UTC)),
            ("9999-12-10T00:00:00Z", datetime!(9999-12-10 0:00 UTC)),
        ];
        for (text, expected) in cases {
            assert_eq!(Timestamp::parse(text), Some(Timestamp(expected)), "{text}");
        }
        assert_eq!(Timestamp::parse("yesterday"), None);
        let written = serde_json::to_string(&Timestamp(datetime!(2026-11-22 10:00:00.5 UTC))).unwrap();
        assert_eq!(written, r#""2026-11-22T10:00:00.5Z""#);
    }

    #[test]
    fn guid_ids_are_normalised_and_other_ids_kept() {
        assert_eq!(
            normalize_id("B23FDEDD-D6BD-415A-8B71-3624C81C9644"),
            "b23fdedd-d6bd-415a-8b71-3624c81c9644"
        );
        assert_eq!(normalize_id(" XtBTZ2uTT3NG "), "XtBTZ2uTT3NG");
    }

    #[test]
    fn error_codes_are_numbers_or_strings() {
        let number: ErrorCode = serde_json::from_str("2055").unwrap();
        let text: ErrorCode = serde_json::from_str(r#""2055""#).unwrap();
        let word: ErrorCode = serde_json::from_str(r#""InvalidInput""#).unwrap();
        assert_eq!(number.number(), Some(2055));
        assert_eq!(text.number(), Some(2055));
        assert_eq!(word.number(), None);
        assert_eq!(word.to_string(), "InvalidInput");
    }
}
