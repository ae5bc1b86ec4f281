//! Property names matched to struct fields ignoring ASCII case.
//!
//! Partner Center answers in camelCase, yet some documented responses are PascalCase copies of
//! request bodies (contract §1.5): clients must parse names case-insensitively. Serde hands a
//! struct's field names to `deserialize_struct`, so this deserializer renames each key to the
//! field it matches before the derived code sees it. Maps and unknown keys pass unchanged.

use serde::de::value::StringDeserializer;
use serde::de::{
    DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::forward_to_deserialize_any;
use serde_json::{Error, Value};

/// Parses JSON text into `T`, matching property names to fields whatever their case.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    from_value(serde_json::from_slice(bytes)?)
}

/// Converts a parsed JSON value into `T`, matching property names whatever their case.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    T::deserialize(CaseInsensitive(value))
}

struct CaseInsensitive(Value);

impl<'de> Deserializer<'de> for CaseInsensitive {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(Fields::new(map, &[])),
            Value::Array(items) => visitor.visit_seq(Items(items.into_iter())),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(Fields::new(map, fields)),
            other => other.deserialize_struct(name, fields, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(CaseInsensitive(other)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// An object's properties, keys renamed to the matching field.
struct Fields {
    entries: serde_json::map::IntoIter,
    fields: &'static [&'static str],
    value: Option<Value>,
}

impl Fields {
    fn new(map: serde_json::Map<String, Value>, fields: &'static [&'static str]) -> Fields {
        Fields {
            entries: map.into_iter(),
            fields,
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for Fields {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key = match self.fields.iter().find(|field| field.eq_ignore_ascii_case(&key)) {
            Some(field) => (*field).to_owned(),
            None => key,
        };
        let key: StringDeserializer<Error> = key.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let value = self.value.take().unwrap_or(Value::Null);
        seed.deserialize(CaseInsensitive(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct Items(std::vec::IntoIter<Value>);

impl<'de> SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Error> {
        self.0
            .next()
            .map(|item| seed.deserialize(CaseInsensitive(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Profile {
        company_name: String,
        tenant_id: Option<String>,
        #[serde(default)]
        custom_domains: Vec<Domain>,
        attributes: Option<Attributes>,
        extra: Option<BTreeMap<String, String>>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Domain {
        name: String,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Attributes {
        object_type: String,
    }

    fn expected() -> Profile {
        Profile {
            company_name: "Contoso".into(),
            tenant_id: Some("t".into()),
            custom_domains: vec![Domain {
                name: "contoso.com".into(),
            }],
            attributes: Some(Attributes {
                object_type: "CustomerCompanyProfile".into(),
            }),
            extra: Some(BTreeMap::from([("KeepMe".to_owned(), "as sent".to_owned())])),
        }
    }

    #[test]
    fn camel_pascal_and_shouted_names_all_reach_their_fields() {
        let bodies = [
            r#"{"companyName":"Contoso","tenantId":"t","customDomains":[{"name":"contoso.com"}],"attributes":{"objectType":"CustomerCompanyProfile"},"extra":{"KeepMe":"as sent"}}"#,
            r#"{"CompanyName":"Contoso","TenantId":"t","CustomDomains":[{"Name":"contoso.com"}],"Attributes":{"ObjectType":"CustomerCompanyProfile"},"Extra":{"KeepMe":"as sent"}}"#,
            r#"{"COMPANYNAME":"Contoso","tenantid":"t","customdomains":[{"NAME":"contoso.com"}],"ATTRIBUTES":{"objecttype":"CustomerCompanyProfile"},"eXtRa":{"KeepMe":"as sent"}}"#,
        ];
        for body in bodies {
            let parsed: Profile = from_slice(body.as_bytes()).unwrap();
            assert_eq!(parsed, expected(), "{body}");
        }
    }

    #[test]
    fn absent_and_null_options_are_none_and_wrong_types_still_fail() {
        let parsed: Profile = from_slice(br#"{"CompanyName":"Contoso","TenantId":null}"#).unwrap();
        assert_eq!(parsed.tenant_id, None);
        assert!(parsed.custom_domains.is_empty());
        let error = from_slice::<Profile>(br#"{"CompanyName":42}"#).unwrap_err();
        assert!(error.to_string().contains("invalid type"), "{error}");
        let missing = from_slice::<Profile>(br#"{"TenantId":"t"}"#).unwrap_err();
        assert!(missing.to_string().contains("companyName"), "{missing}");
    }

    #[test]
    fn any_casing_of_every_key_parses_the_same() {
        let pascal: Value = serde_json::from_str(
            r#"{"CompanyName":"Contoso","TenantId":"t","CustomDomains":[{"Name":"contoso.com"}],"Attributes":{"ObjectType":"CustomerCompanyProfile"},"Extra":{"KeepMe":"as sent"}}"#,
        )
        .unwrap();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200 {
            let recased = recase(&pascal, &mut state);
            let parsed: Profile = from_value(recased.clone()).unwrap();
            assert_eq!(parsed, expected(), "{recased}");
        }
    }

    /// `value` with every object key in a pseudo-random casing, except inside the free-form map.
    fn recase(value: &Value, state: &mut u64) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(key, value)| {
                        if key == "Extra" {
                            return (toggle_some(key, state), value.clone());
                        }
                        (toggle_some(key, state), recase(value, state))
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|item| recase(item, state)).collect()),
            other => other.clone(),
        }
    }

    fn toggle_some(key: &str, state: &mut u64) -> String {
        key.chars()
            .map(|character| {
                *state ^= *state << 13;
                *state ^= *state >> 7;
                *state ^= *state << 17;
                match (state.is_multiple_of(2), character.is_ascii_uppercase()) {
                    (false, _) => character,
                    (true, true) => character.to_ascii_lowercase(),
                    (true, false) => character.to_ascii_uppercase(),
                }
            })
            .collect()
    }
}
