//! Query strings of the pages whose filters live in the URL (the audit log, the customers list).

/// `name=value` pairs joined with `&`, values trimmed and percent-encoded, empty ones left out.
pub fn build(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(name, value)| format!("{name}={}", encode(value.trim())))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn empty_values_are_left_out_and_the_rest_encoded() {
        assert_eq!(
            super::build(&[("a", " x y "), ("b", ""), ("c", "é&=")]),
            "a=x%20y&c=%C3%A9%26%3D"
        );
    }
}
