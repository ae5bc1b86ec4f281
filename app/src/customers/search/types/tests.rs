use super::*;

#[test]
fn text_is_trimmed_and_lower_cased() {
    assert_eq!(
        SearchTerm::parse("  Contoso Ltd "),
        Ok(SearchTerm::Text("contoso ltd".to_owned()))
    );
    assert_eq!(
        SearchTerm::parse("ÄRZTE"),
        Ok(SearchTerm::Text("ärzte".to_owned()))
    );
}

#[test]
fn ids_in_any_common_spelling_are_ids() {
    let id = Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0);
    for text in [
        id.to_string(),
        id.to_string().to_uppercase(),
        id.simple().to_string(),
        format!("{{{id}}}"),
    ] {
        assert_eq!(SearchTerm::parse(&text), Ok(SearchTerm::Id(id)), "{text}");
    }
}

#[test]
fn too_short_too_long_and_control_characters_are_refused_with_a_reason() {
    assert!(SearchTerm::parse("").unwrap_err().contains("at least 2"));
    assert!(SearchTerm::parse("  a  ").unwrap_err().contains("at least 2"));
    assert!(
        SearchTerm::parse(&"x".repeat(101))
            .unwrap_err()
            .contains("100 characters")
    );
    assert!(
        SearchTerm::parse(&"é".repeat(100)).is_ok(),
        "characters, not bytes, count"
    );
    assert!(
        SearchTerm::parse("con\ttoso")
            .unwrap_err()
            .contains("control characters")
    );
    assert!(
        SearchTerm::parse("con\u{0}")
            .unwrap_err()
            .contains("control characters")
    );
}

#[test]
fn ranks_read_back_in_order() {
    let kinds: Vec<MatchKind> = (0..8).map(MatchKind::from_rank).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted);
    assert_eq!(kinds.first(), Some(&MatchKind::CustomerId));
    assert_eq!(kinds.last(), Some(&MatchKind::SimilarName));
}
