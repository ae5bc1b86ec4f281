//! The example configuration shipped in the repository must load as it is.

use server::config::Settings;
use std::path::Path;

#[test]
fn the_example_configuration_file_is_valid() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../switchboard.example.toml");

    let settings = Settings::load(Some(&example)).expect("switchboard.example.toml loads");

    assert_eq!(settings.http.request_timeout_seconds, 30);
    assert_eq!(settings.auth.grants.len(), 2);
    assert_eq!(settings.auth.grants[1].accounts, ["Contoso Distribution (China)"]);
}
