//! Text searches: name and domain prefixes, fragments anywhere in a name or domain, and an MPN
//! id of record, in one call of `search_customer_text` (see its migration for why a function);
//! and, when that finds nothing, the same search with the typos corrected against the words of
//! company names.

use super::queries::Key;
use super::spelling;
use crate::auth::access::Visible;
use crate::database::escape_like;
use sqlx::PgPool;
use std::collections::HashMap;

/// Candidates each way of matching may contribute before ranking.
const CANDIDATES: i32 = 20;
/// Rank of every customer found through a corrected word.
const SIMILAR_RANK: i32 = 7;
/// Nearest dictionary words looked at for each typed word.
const SPELLING_CANDIDATES: i64 = 20;

/// What a text search looks at.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Looking {
    /// Names, domains and MPN ids of record.
    Everywhere,
    /// Company names only (a corrected word comes from the names).
    AtNames,
}

/// Customers whose name or a domain starts with or contains `text` (lower case), or with an MPN
/// id of record equal to it, ranked: name prefix, domain prefix, name, domain, reseller; then the
/// name closest to the text, alphabetically.
pub(super) async fn by_text(
    pool: &PgPool,
    visible: &Visible,
    text: &str,
    looking: Looking,
    limit: i64,
) -> Result<Vec<Key>, sqlx::Error> {
    let everywhere = looking == Looking::Everywhere;
    // Every string that starts with `text` sorts (bytewise) from `text` to just below this.
    let above_prefix = format!("{text}{}", char::MAX);
    // One or two letters match too many names anywhere in them: prefixes only.
    let fragment = (text.chars().count() >= 3).then(|| format!("%{}%", escape_like(text)));
    let mpn = (everywhere && text.bytes().all(|byte| byte.is_ascii_digit())).then_some(text);
    sqlx::query_as!(
        Key,
        r#"SELECT account_id AS "account_id!", customer_id AS "customer_id!", rank AS "rank!", domain
           FROM search_customer_text($1, $2, $3, $4, $5, $2, $6, $7, $8)"#,
        visible.ids(),
        text,
        above_prefix,
        fragment,
        mpn,
        CANDIDATES,
        limit as i32,
        everywhere,
    )
    .fetch_all(pool)
    .await
}

/// The text search again with each misspelt word replaced by the closest word of the visible
/// accounts' company names ("nortwhind" → "northwind"); nothing when no word is close enough.
pub(super) async fn similar(
    pool: &PgPool,
    visible: &Visible,
    text: &str,
    limit: i64,
) -> Result<Vec<Key>, sqlx::Error> {
    let typed = spelling::words(text);
    if typed.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query!(
        r#"SELECT t.typed AS "typed!", n.words AS "words!: Vec<String>"
           FROM unnest($2::text[]) AS t (typed)
           CROSS JOIN LATERAL (
               SELECT coalesce(array_agg(g.word ORDER BY g.distance, g.word), '{}') AS words
               FROM (SELECT w.word, min(w.distance) AS distance
                     FROM (SELECT w.word, w.word <-> t.typed AS distance FROM search_words w
                           WHERE ($1::uuid[] IS NULL OR w.account_id = ANY($1))
                           ORDER BY w.word <-> t.typed LIMIT $3) w
                     GROUP BY w.word) g
           ) n"#,
        visible.ids(),
        &typed,
        SPELLING_CANDIDATES,
    )
    .fetch_all(pool)
    .await?;
    let corrections: HashMap<String, String> = rows
        .iter()
        .filter_map(|row| {
            spelling::closest(&row.typed, &row.words).map(|word| (row.typed.clone(), word.to_owned()))
        })
        .collect();
    let Some(fixed) = spelling::corrected(text, |word| corrections.get(word).cloned()) else {
        return Ok(Vec::new());
    };
    let mut keys = by_text(pool, visible, &fixed, Looking::AtNames, limit).await?;
    for key in &mut keys {
        key.rank = SIMILAR_RANK;
    }
    Ok(keys)
}
