//! The audit page's filters as the URL carries them, parsed into what the query needs (in
//! the browser for messages, on the server for the query and the CSV export).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The filters exactly as typed (query-string fields; empty means "any").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub customer: String,
    #[serde(default)]
    pub action: String,
    /// First day, `YYYY-MM-DD` (UTC), inclusive.
    #[serde(default)]
    pub from: String,
    /// Last day, `YYYY-MM-DD` (UTC), inclusive.
    #[serde(default)]
    pub to: String,
    /// Keyset: only rows older than this id (the "Older" link sets it).
    #[serde(default)]
    pub before: String,
}

/// Validated filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// Part of the person's name (case-insensitive).
    pub person: Option<String>,
    pub account: Option<Uuid>,
    pub customer: Option<Uuid>,
    /// An action, or a prefix of one ending at a dot (`grant` matches `grant.add`).
    pub action: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub before: Option<i64>,
}

/// A filter field that does not parse, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterError {
    pub field: &'static str,
    pub message: String,
}

impl From<FilterError> for crate::AppError {
    fn from(error: FilterError) -> Self {
        crate::AppError::Invalid {
            field: error.field.to_owned(),
            message: error.message,
        }
    }
}

const MAX_TEXT: usize = 100;

impl AuditQuery {
    pub fn parse(&self) -> Result<AuditFilter, FilterError> {
        let text = |field: &'static str, value: &str| -> Result<Option<String>, FilterError> {
            let value = value.trim();
            if value.chars().any(char::is_control) || value.chars().count() > MAX_TEXT {
                return Err(FilterError {
                    field,
                    message: format!("use at most {MAX_TEXT} characters, without control characters"),
                });
            }
            Ok((!value.is_empty()).then(|| value.to_owned()))
        };
        let id = |field: &'static str, value: &str| -> Result<Option<Uuid>, FilterError> {
            match value.trim() {
                "" => Ok(None),
                value => value.parse().map(Some).map_err(|_| FilterError {
                    field,
                    message: format!("{value:?} is not an id (like 1f0e…-…-…)"),
                }),
            }
        };
        let action = text("action", &self.action)?.map(|action| action.to_ascii_lowercase());
        if let Some(action) = &action
            && !action
                .split('.')
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        {
            return Err(FilterError {
                field: "action",
                message: "an action is words joined by dots, like grant.add or auth".to_owned(),
            });
        }
        let from = day("from", &self.from)?;
        let to = day("to", &self.to)?;
        if let (Some(from), Some(to)) = (&from, &to)
            && from > to
        {
            return Err(FilterError {
                field: "to",
                message: "the last day is before the first".to_owned(),
            });
        }
        let before = match self.before.trim() {
            "" => None,
            value => Some(
                value
                    .parse::<i64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .ok_or(FilterError {
                        field: "before",
                        message: "not a position in the log".to_owned(),
                    })?,
            ),
        };
        Ok(AuditFilter {
            person: text("person", &self.person)?,
            account: id("account", &self.account)?,
            customer: id("customer", &self.customer)?,
            action,
            from,
            to,
            before,
        })
    }

    /// The query string of these filters, without the keyset position (for the CSV link).
    pub fn to_query_string(&self, before: Option<i64>) -> String {
        let before = before.map(|before| before.to_string()).unwrap_or_default();
        crate::query_string::build(&[
            ("person", &self.person),
            ("account", &self.account),
            ("customer", &self.customer),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
            ("before", &before),
        ])
    }
}

/// A calendar day `YYYY-MM-DD`.
fn day(field: &'static str, value: &str) -> Result<Option<String>, FilterError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let invalid = || FilterError {
        field,
        message: format!("{value:?} is not a day (YYYY-MM-DD)"),
    };
    let parts: Vec<&str> = value.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return Err(invalid());
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return Err(invalid());
    }
    let (year, month, day): (u32, u32, u32) = (
        year.parse().map_err(|_| invalid())?,
        month.parse().map_err(|_| invalid())?,
        day.parse().map_err(|_| invalid())?,
    );
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(invalid()),
    };
    if !(2000..=9999).contains(&year) || day == 0 || day > days {
        return Err(invalid());
    }
    Ok(Some(value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(set: impl FnOnce(&mut AuditQuery)) -> AuditQuery {
        let mut query = AuditQuery::default();
        set(&mut query);
        query
    }

    #[test]
    fn empty_fields_mean_any() {
        assert_eq!(AuditQuery::default().parse().unwrap(), AuditFilter::default());
    }

    #[test]
    fn good_filters_parse() {
        let id = "1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
        let filter = query(|q| {
            q.person = " Avery ".into();
            q.account = id.into();
            q.action = "Grant.Add".into();
            q.from = "2024-02-29".into();
            q.to = "2024-03-01".into();
            q.before = "42".into();
        })
        .parse()
        .unwrap();
        assert_eq!(filter.person.as_deref(), Some("Avery"));
        assert_eq!(filter.account, Some(id.parse().unwrap()));
        assert_eq!(filter.action.as_deref(), Some("grant.add"));
        assert_eq!(filter.before, Some(42));
    }

    #[test]
    fn bad_filters_name_their_field() {
        let field = |set: fn(&mut AuditQuery)| query(set).parse().unwrap_err().field;
        assert_eq!(field(|q| q.account = "acme".into()), "account");
        assert_eq!(field(|q| q.customer = "12".into()), "customer");
        assert_eq!(field(|q| q.person = "a\u{7}b".into()), "person");
        assert_eq!(field(|q| q.person = "x".repeat(101)), "person");
        assert_eq!(field(|q| q.action = "grant..add".into()), "action");
        assert_eq!(field(|q| q.action = "drop table;".into()), "action");
        assert_eq!(field(|q| q.from = "2023-02-29".into()), "from");
        assert_eq!(field(|q| q.from = "2024-13-01".into()), "from");
        assert_eq!(field(|q| q.to = "21-11-2026".into()), "to");
        assert_eq!(
            field(|q| {
                q.from = "2026-11-21".into();
                q.to = "2026-11-20".into();
            }),
            "to"
        );
        assert_eq!(field(|q| q.before = "-1".into()), "before");
    }

    #[test]
    fn the_query_string_keeps_the_filters_and_encodes_them() {
        let q = query(|q| {
            q.person = "Avery Admin".into();
            q.action = "grant".into();
            q.before = "9".into();
        });
        assert_eq!(q.to_query_string(None), "person=Avery%20Admin&action=grant");
        assert_eq!(
            q.to_query_string(Some(5)),
            "person=Avery%20Admin&action=grant&before=5"
        );
    }
}
