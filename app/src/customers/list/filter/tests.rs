use super::*;

fn query(pairs: &[(&str, &str)]) -> CustomerListQuery {
    let mut query = CustomerListQuery::default();
    for (name, value) in pairs {
        let value = (*value).to_owned();
        match *name {
            "account" => query.account = value,
            "cloud" => query.cloud = value,
            "relationship" => query.relationship = value,
            "suspended" => query.suspended = value,
            "pending" => query.pending = value,
            "sort" => query.sort = value,
            "order" => query.order = value,
            "after" => query.after = value,
            other => panic!("no field {other}"),
        }
    }
    query
}

#[test]
fn empty_fields_mean_every_customer_by_name() {
    assert_eq!(
        CustomerListQuery::default().parse(),
        Ok(CustomerFilter::default())
    );
}

#[test]
fn every_field_parses() {
    let account = Uuid::from_u128(7);
    let cursor = Cursor {
        key: "contoso ltd. (leeds)".to_owned(),
        account,
        customer: Uuid::from_u128(9),
    };
    let filter = query(&[
        ("account", &account.to_string()),
        ("cloud", "usgov"),
        ("relationship", "reseller"),
        ("suspended", "1"),
        ("pending", "on"),
        ("sort", "synced"),
        ("order", "desc"),
        ("after", &cursor.encode()),
    ])
    .parse()
    .unwrap();
    assert_eq!(
        filter,
        CustomerFilter {
            account: Some(account),
            cloud: Some(Cloud::UsGov),
            relationship: Some(Relationship::ViaReseller),
            has_suspended: true,
            pending_provisioning: true,
            sort: SortBy::Synced,
            descending: true,
            after: Some(cursor),
        }
    );
}

#[test]
fn bad_fields_are_named_with_the_reason() {
    for (field, value, says) in [
        ("account", "acme", "not an account id"),
        ("cloud", "mars", "unknown cloud"),
        ("relationship", "friends", "use direct or reseller"),
        ("suspended", "yes please", "not 1 or empty"),
        ("sort", "revenue", "use name, account or synced"),
        ("order", "up", "not asc or desc"),
        ("after", "not-a-cursor", "damaged"),
    ] {
        let error = query(&[(field, value)]).parse().unwrap_err();
        assert_eq!(error.field, field);
        assert!(error.message.contains(says), "{field}: {}", error.message);
    }
}

#[test]
fn query_strings_keep_the_filters_and_move_the_position() {
    let filters = query(&[("cloud", "china"), ("suspended", "1"), ("after", "x")]);
    assert_eq!(filters.to_query_string(None), "cloud=china&suspended=1");
    assert_eq!(
        filters.to_query_string(Some("a.b.c d")),
        "cloud=china&suspended=1&after=a.b.c%20d"
    );
}

#[test]
fn sorting_by_the_current_column_turns_the_order_and_starts_again() {
    let cursor = Cursor {
        key: "k".to_owned(),
        account: Uuid::from_u128(1),
        customer: Uuid::from_u128(2),
    };
    let by_name = query(&[("after", &cursor.encode())]).sorted_by(SortBy::Name);
    assert_eq!(
        (
            by_name.sort.as_str(),
            by_name.order.as_str(),
            by_name.after.as_str()
        ),
        ("name", "desc", "")
    );
    let back = by_name.sorted_by(SortBy::Name);
    assert_eq!(back.order, "asc");
    let by_account = by_name.sorted_by(SortBy::Account);
    assert_eq!(
        (by_account.sort.as_str(), by_account.order.as_str()),
        ("account", "asc")
    );
}
