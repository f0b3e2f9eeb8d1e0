//! URL helpers that work in the browser too (no extra crate in the wasm bundle).

/// Percent-encodes a query-string value: everything but unreserved characters.
pub fn encode_component(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_reserved_characters() {
        assert_eq!(
            super::encode_component("a b@c.uk&x=1"),
            "a%20b%40c.uk%26x%3D1"
        );
        assert_eq!(super::encode_component("user.signed_in"), "user.signed_in");
    }
}
