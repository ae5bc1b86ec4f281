//! Shapes every resource shares (contract §1.6, §1.7, §1.9, §1.11): attributes, links,
//! collections, the error envelope and the throttling body.

use super::lenient::ErrorCode;
use serde::Deserialize;

/// `attributes`: the object type and, on mutable resources, the etag.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attributes {
    pub etag: Option<String>,
    pub object_type: Option<String>,
}

/// A navigation link: where to go, how, and which headers to send.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    pub uri: String,
    pub method: Option<String>,
    #[serde(default)]
    pub headers: Vec<LinkHeader>,
}

/// A header a link asks the client to send (`MS-ContinuationToken` on seek paging).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LinkHeader {
    pub key: String,
    pub value: String,
}

/// The links of a collection that matter for paging.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionLinks {
    pub next: Option<Link>,
}

/// A collection: `items`, and `links.next` when another page exists. `totalCount` is never used
/// to decide when to stop (contract §1.7: its meaning is not documented).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Collection<T> {
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
    pub links: Option<CollectionLinks>,
    pub continuation_token: Option<String>,
}

impl<T> Collection<T> {
    /// The next page's link, if the service announced one.
    pub fn next_link(&self) -> Option<&Link> {
        self.links.as_ref().and_then(|links| links.next.as_ref())
    }
}

/// The error envelope of every 4xx/5xx (contract §1.9).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub code: Option<ErrorCode>,
    pub description: Option<String>,
    pub source: Option<String>,
}

/// The body of a 429, which is not the error envelope (contract §1.11).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThrottleBody {
    pub status_code: Option<i64>,
    pub message: Option<String>,
}

/// A Partner Center enumeration: the documented values, and any other value kept as sent
/// (lower case) rather than refused, as the SDK does.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$variant_meta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$variant_meta])* $variant,)+
            /// A value the contract does not list.
            Other(String),
        }

        impl $name {
            /// The wire value, lower case.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(text) => text,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                let text = text.trim();
                $(if text.eq_ignore_ascii_case($text) {
                    return $name::$variant;
                })+
                $name::Other(text.to_ascii_lowercase())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Ok($name::from(text.as_str()))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use wire_enum;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partner_center::wire::from_slice;

    wire_enum!(Colour { Red = "red", DarkBlue = "dark_blue" });

    #[test]
    fn enumerations_accept_any_casing_and_keep_unknown_values() {
        assert_eq!(Colour::from("RED"), Colour::Red);
        assert_eq!(Colour::from("Dark_Blue"), Colour::DarkBlue);
        assert_eq!(Colour::from("Mauve"), Colour::Other("mauve".into()));
        assert_eq!(Colour::Other("mauve".into()).as_str(), "mauve");
    }

    #[test]
    fn a_collection_without_links_is_the_last_page() {
        let page: Collection<serde_json::Value> =
            from_slice(br#"{"totalCount":2,"items":[1,2],"attributes":{"objectType":"Collection"}}"#)
                .unwrap();
        assert_eq!(page.items.len(), 2);
        assert!(page.next_link().is_none());
        let page: Collection<serde_json::Value> = from_slice(
            br#"{"Items":[],"Links":{"Next":{"Uri":"/customers?seekOperation=Next","Method":"GET","Headers":[{"Key":"MS-ContinuationToken","Value":"abc"}]}}}"#,
        )
        .unwrap();
        let next = page.next_link().unwrap();
        assert_eq!(next.headers[0].value, "abc");
    }
}
