//! The design system: GOV.UK Frontend markup as Leptos components, shared by every area.
#[cfg(feature = "ssr")]
pub mod download;
pub mod error_page;
pub mod forms;
pub mod layout;
pub mod nav;
pub mod pagination;
pub mod password;
pub mod time;
pub mod url;

/// Escapes text for an element's content. Leptos writes the children of `<title>` and
/// `<textarea>` as they are (they are raw-text elements to a browser), so those get their
/// text through `inner_html` with this: a value holding `</textarea><script>` stays text.
pub fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
