use crate::db::Db;
use leptos::config::LeptosOptions;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub options: LeptosOptions,
    /// The stylesheet's path under /pkg: fingerprinted in a built site (`bluelamp.<hash>.css`).
    pub stylesheet: String,
    /// Take the client's address from X-Forwarded-For (only behind a proxy you trust).
    pub trust_forwarded_for: bool,
    /// The address people reach the service at, e.g. "https://bluelamp.example"; when unset,
    /// links are built from the request's Host header.
    pub public_url: Option<String>,
    /// Where links in email point: the public URL, or the address the server listens on.
    /// Never the request's Host header, which a sender of a forged request controls.
    pub link_base: String,
    /// Demo mode: the development mailbox page exists.
    pub demo: bool,
}
