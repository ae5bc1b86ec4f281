//! Loading settings from defaults, files and the environment (figment::Jail isolates each).

use super::*;
use figment::Jail;

#[test]
fn defaults_serve_locally_on_port_3000() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        let settings = Settings::load(None).unwrap();
        assert_eq!(settings.http.address, SocketAddr::from(([127, 0, 0, 1], 3000)));
        assert_eq!(settings.telemetry.format, LogFormat::Pretty);
        assert_eq!(
            settings.database.url.expose_secret(),
            "postgres://127.0.0.1:5432/switchboard"
        );
        Ok(())
    });
}

#[test]
fn environment_overrides_the_file_which_overrides_defaults() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file(
            DEFAULT_CONFIG_FILE,
            "[http]\naddress = \"127.0.0.1:4000\"\n[telemetry]\nformat = \"json\"\n",
        )?;
        jail.set_env("SWITCHBOARD_HTTP__ADDRESS", "127.0.0.1:5000");
        let settings = Settings::load(None).unwrap();
        assert_eq!(settings.http.address.port(), 5000);
        assert_eq!(settings.telemetry.format, LogFormat::Json);
        Ok(())
    });
}

#[test]
fn database_url_comes_from_the_standard_variable_unless_overridden() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("DATABASE_URL", "postgres://a@db:5432/one");
        assert_eq!(
            Settings::load(None).unwrap().database.url.expose_secret(),
            "postgres://a@db:5432/one"
        );
        jail.set_env("SWITCHBOARD_DATABASE__URL", "postgres://b@db:5432/two");
        assert_eq!(
            Settings::load(None).unwrap().database.url.expose_secret(),
            "postgres://b@db:5432/two"
        );
        Ok(())
    });
}

#[test]
fn a_bad_value_is_one_line_naming_key_and_source() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("SWITCHBOARD_DATABASE__MAX_CONNECTIONS", "lots");
        let message = Settings::load(None).unwrap_err().to_string();
        assert!(!message.contains('\n'), "{message}");
        assert!(message.contains("database.max_connections"), "{message}");
        assert!(
            message.contains("SWITCHBOARD_DATABASE__MAX_CONNECTIONS"),
            "{message}"
        );
        Ok(())
    });
}

#[test]
fn an_unknown_format_lists_the_choices() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("SWITCHBOARD_TELEMETRY__FORMAT", "xml");
        let message = Settings::load(None).unwrap_err().to_string();
        assert!(
            message.contains("pretty") && message.contains("json"),
            "{message}"
        );
        Ok(())
    });
}

#[test]
fn zero_sized_pool_and_timeouts_are_rejected() {
    for (key, name) in [
        (
            "SWITCHBOARD_DATABASE__MAX_CONNECTIONS",
            "database.max_connections",
        ),
        (
            "SWITCHBOARD_DATABASE__CONNECT_TIMEOUT_SECONDS",
            "database.connect_timeout_seconds",
        ),
        (
            "SWITCHBOARD_HTTP__REQUEST_TIMEOUT_SECONDS",
            "http.request_timeout_seconds",
        ),
    ] {
        Jail::expect_with(|jail| {
            jail.clear_env();
            jail.set_env(key, "0");
            let message = Settings::load(None).unwrap_err().to_string();
            assert!(message.contains(name), "{message}");
            Ok(())
        });
    }
}

#[test]
fn an_explicit_file_must_exist() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        let error = Settings::load(Some(Path::new("missing.toml"))).unwrap_err();
        assert!(matches!(error, ConfigError::MissingFile(_)));
        Ok(())
    });
}

#[test]
fn the_database_url_never_appears_in_debug_output() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("DATABASE_URL", "postgres://user:s3cret@db/switchboard");
        let settings = Settings::load(None).unwrap();
        assert!(!format!("{settings:?}").contains("s3cret"));
        Ok(())
    });
}

#[test]
fn grant_rules_come_from_the_environment_too_and_need_one_claim_each() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env(
            "SWITCHBOARD_AUTH__GRANT",
            r#"[{app_role = "Switchboard.Admin", role = "admin"}, {group = "00000000-0000-0000-0000-000000000007", role = "viewer", accounts = ["Contoso"]}]"#,
        );
        let settings = Settings::load(None).unwrap();
        assert_eq!(settings.auth.grants.len(), 2);
        assert_eq!(
            settings.auth.grants[0].app_role.as_deref(),
            Some("Switchboard.Admin")
        );
        assert_eq!(settings.auth.grants[1].role, app::auth::Role::Viewer);
        assert_eq!(settings.auth.grants[1].accounts, ["Contoso"]);

        jail.set_env("SWITCHBOARD_AUTH__GRANT", r#"[{role = "admin"}]"#);
        let error = Settings::load(None).unwrap_err().to_string();
        assert!(error.contains("exactly one of app_role and group"), "{error}");
        Ok(())
    });
}
