use super::*;

fn form() -> AccountForm {
    AccountForm {
        name: " Contoso Global ".into(),
        cloud: "global".into(),
        tenant_id: "8f0c1c1e-2b0c-4a55-9a0e-2f7f1d0c9b11".into(),
        client_id: "0f5b7a39-7a1a-4c8e-9f1f-0c2b7e3c4d55".into(),
        client_secret: "abc~DEF.123".into(),
        mpn_id: "1234567".into(),
        api_base_url: String::new(),
        authority_url: String::new(),
    }
}

fn field(form: &AccountForm, adding: bool) -> &'static str {
    form.parse(adding).unwrap_err().field
}

#[test]
fn a_complete_form_parses_trimmed() {
    let input = form().parse(true).unwrap();
    assert_eq!(input.name, "Contoso Global");
    assert_eq!(input.cloud, Cloud::Global);
    assert_eq!(input.client_secret.as_deref(), Some("abc~DEF.123"));
    assert_eq!(input.mpn_id.as_deref(), Some("1234567"));
    assert_eq!(input.api_base_url, None);
}

#[test]
fn adding_needs_a_secret_and_editing_keeps_the_stored_one() {
    let without = AccountForm {
        client_secret: "  ".into(),
        ..form()
    };
    assert_eq!(field(&without, true), "client_secret");
    assert_eq!(without.parse(false).unwrap().client_secret, None);
}

#[test]
fn each_bad_field_is_named() {
    let cases: [(&str, AccountForm); 8] = [
        (
            "name",
            AccountForm {
                name: " ".into(),
                ..form()
            },
        ),
        (
            "name",
            AccountForm {
                name: "a\nb".into(),
                ..form()
            },
        ),
        (
            "name",
            AccountForm {
                name: "x".repeat(201),
                ..form()
            },
        ),
        (
            "cloud",
            AccountForm {
                cloud: "azure-stack".into(),
                ..form()
            },
        ),
        (
            "tenant_id",
            AccountForm {
                tenant_id: "contoso.onmicrosoft.com".into(),
                ..form()
            },
        ),
        (
            "client_id",
            AccountForm {
                client_id: "1234".into(),
                ..form()
            },
        ),
        (
            "client_secret",
            AccountForm {
                client_secret: "a\u{7}b".into(),
                ..form()
            },
        ),
        (
            "mpn_id",
            AccountForm {
                mpn_id: "MPN-12".into(),
                ..form()
            },
        ),
    ];
    for (expected, case) in cases {
        assert_eq!(field(&case, true), expected, "{case:?}");
    }
}

#[test]
fn endpoints_are_https_or_http_to_this_machine() {
    let with = |url: &str| AccountForm {
        api_base_url: url.into(),
        ..form()
    };
    for good in [
        "https://api.partnercenter.microsoft.com/",
        "http://127.0.0.1:8080/pc",
        "http://localhost:3001",
        "http://[::1]:9000",
    ] {
        let parsed = with(good).parse(true).unwrap().api_base_url.unwrap();
        assert!(!parsed.ends_with('/'), "{parsed}");
    }
    for bad in [
        "http://example.com",
        "ftp://127.0.0.1",
        "https://",
        "https://a b",
        "api.example.com",
    ] {
        assert_eq!(field(&with(bad), true), "api_base_url", "{bad}");
    }
}
