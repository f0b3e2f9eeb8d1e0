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
