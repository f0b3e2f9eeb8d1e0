//! CSV downloads.

/// Spreadsheet programs run a cell that starts with = + - @ as a formula; a leading
/// apostrophe makes it plain text (OWASP's advice for CSV injection).
pub fn safe_cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn neutralises_formulas() {
        assert_eq!(super::safe_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(super::safe_cell("Kent Police"), "Kent Police");
    }
}
