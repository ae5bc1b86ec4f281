use super::*;

fn facts<'a>(status: &'a str, billing: Option<&'a str>, parent: Option<&'a str>) -> SubscriptionFacts<'a> {
    SubscriptionFacts {
        status,
        billing_type: billing,
        parent_status: parent,
    }
}

#[test]
fn a_reason_needs_a_known_code_and_other_needs_text() {
    assert_eq!(
        Reason::parse("non_payment", "  ").unwrap(),
        Reason {
            code: ReasonCode::NonPayment,
            text: None
        }
    );
    assert_eq!(
        Reason::parse("customer_request", " ticket 4411 ")
            .unwrap()
            .describe(),
        "Customer request — ticket 4411"
    );
    assert_eq!(
        Reason::parse("other", "moving tenants").unwrap().describe(),
        "Other: moving tenants"
    );
    assert!(Reason::parse("", "").unwrap_err().contains("Choose a reason"));
    assert!(Reason::parse("because", "").is_err());
    assert!(Reason::parse("other", "  ").unwrap_err().contains("Other"));
    assert!(Reason::parse("other", "ab").is_err());
    assert!(
        Reason::parse("fraud_or_misuse", "a\u{7}b")
            .unwrap_err()
            .contains("control")
    );
    let long = "x".repeat(MAX_REASON_CHARS + 1);
    assert!(Reason::parse("other", &long).unwrap_err().contains("500"));
    assert!(Reason::parse("other", &long[1..]).is_ok());
}

#[test]
fn every_reason_code_round_trips() {
    for code in ReasonCode::ALL {
        assert_eq!(ReasonCode::parse(code.as_str()), Some(code));
        assert_eq!(describe_reason(Some(code.as_str()), None), code.label());
    }
    assert_eq!(
        describe_reason(Some("legacy"), Some("x".to_owned())),
        "legacy — x"
    );
}

#[test]
fn a_nickname_is_trimmed_and_bounded() {
    assert_eq!(parse_nickname("  Main office  ").unwrap(), "Main office");
    assert!(parse_nickname("   ").is_err());
    assert!(parse_nickname("a\nb").is_err());
    assert!(parse_nickname(&"é".repeat(MAX_NICKNAME_CHARS)).is_ok());
    assert!(parse_nickname(&"é".repeat(MAX_NICKNAME_CHARS + 1)).is_err());
}

#[test]
fn only_active_subscriptions_are_suspended_and_only_suspended_ones_reactivated() {
    use StatusChange::*;
    let global = Cloud::Global;
    assert_eq!(
        status_change_refusal(Suspend, global, facts("active", None, None)),
        None
    );
    assert_eq!(
        status_change_refusal(Reactivate, global, facts("suspended", None, None)),
        None
    );
    assert!(
        status_change_refusal(Suspend, global, facts("suspended", None, None))
            .unwrap()
            .contains("Already")
    );
    assert!(
        status_change_refusal(Reactivate, global, facts("active", None, None))
            .unwrap()
            .contains("Already")
    );
    for status in ["pending", "expired", "disabled"] {
        assert!(
            status_change_refusal(Suspend, global, facts(status, None, None)).is_some(),
            "{status}"
        );
        assert!(
            status_change_refusal(Reactivate, global, facts(status, None, None)).is_some(),
            "{status}"
        );
    }
}

#[test]
fn a_deleted_subscription_cannot_change_at_all() {
    for change in [StatusChange::Suspend, StatusChange::Reactivate] {
        let refusal = status_change_refusal(change, Cloud::Global, facts("deleted", None, None)).unwrap();
        assert!(refusal.contains("deleted"), "{refusal}");
    }
    assert!(rename_refusal(facts("deleted", None, None)).is_some());
}

#[test]
fn an_add_on_is_reactivated_only_under_an_active_parent() {
    let refusal = status_change_refusal(
        StatusChange::Reactivate,
        Cloud::Global,
        facts("suspended", None, Some("suspended")),
    )
    .unwrap();
    assert!(refusal.contains("parent subscription is suspended"), "{refusal}");
    assert_eq!(
        status_change_refusal(
            StatusChange::Reactivate,
            Cloud::Global,
            facts("suspended", None, Some("active"))
        ),
        None
    );
    // Suspending an add-on under a suspended parent is allowed.
    assert_eq!(
        status_change_refusal(
            StatusChange::Suspend,
            Cloud::Global,
            facts("active", None, Some("suspended"))
        ),
        None
    );
}

#[test]
fn azure_subscriptions_cannot_change_in_the_21vianet_cloud() {
    let azure = facts("active", Some("usage"), None);
    let refusal = status_change_refusal(StatusChange::Suspend, Cloud::China, azure).unwrap();
    assert!(refusal.contains("21Vianet"), "{refusal}");
    assert_eq!(
        status_change_refusal(
            StatusChange::Suspend,
            Cloud::China,
            facts("active", Some("license"), None)
        ),
        None
    );
    for cloud in [Cloud::Global, Cloud::UsGov, Cloud::Germany] {
        assert_eq!(
            status_change_refusal(StatusChange::Suspend, cloud, azure),
            None,
            "{cloud}"
        );
    }
}

#[test]
fn a_suspended_subscription_keeps_its_nickname() {
    assert!(
        rename_refusal(facts("suspended", None, None))
            .unwrap()
            .contains("Reactivate")
    );
    assert_eq!(rename_refusal(facts("active", None, None)), None);
}

#[test]
fn the_consequence_names_what_stops() {
    let azure = facts("active", Some("usage"), None);
    assert!(consequence(StatusChange::Suspend, azure).contains("virtual machines are shut down"));
    assert!(consequence(StatusChange::Suspend, azure).contains("storage accounts become inaccessible"));
    assert!(!consequence(StatusChange::Suspend, facts("active", Some("license"), None)).contains("virtual"));
}
