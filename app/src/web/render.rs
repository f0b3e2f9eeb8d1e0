//! Renders a page to HTML on the server. Pages are plain server-rendered HTML; only
//! `#[island]` components hydrate in the browser.

use super::context::Ctx;
use super::state::AppState;
use crate::ui::layout::Layout;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use hydration_context::SsrSharedContext;
use leptos::hydration::HydrationScripts;
use leptos::nonce::Nonce;
use leptos::prelude::*;
use std::sync::Arc;

/// A whole HTML document around `body`.
pub fn document<F, V>(state: &AppState, nonce: &Nonce, title: &str, body: F) -> String
where
    F: FnOnce() -> V,
    V: IntoView + 'static,
{
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new_islands())));
    let options = state.options.clone();
    let nonce = nonce.clone();
    let (scripts, body) = owner.with(move || {
        provide_context(nonce);
        let scripts = view! { <HydrationScripts options=options islands=true /> }.to_html();
        (scripts, body().to_html())
    });
    // The head is written by hand: a Leptos-rendered <title> would carry a hydration marker.
    format!(
        "<!DOCTYPE html><html lang=\"en\" class=\"govuk-template\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\
         <meta name=\"theme-color\" content=\"#1d70b8\"><title>{} – Bluelamp</title>\
         <link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
         <link rel=\"stylesheet\" href=\"/pkg/bluelamp.css\">{scripts}</head>\
         <body class=\"govuk-template__body\">{body}</body></html>",
        escape_html(title)
    )
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Ctx {
    /// Renders a page in the standard frame, with any pending success message.
    pub async fn page<V: IntoView + 'static>(&self, title: &str, body: V) -> Response {
        self.page_with_status(StatusCode::OK, title, body).await
    }

    /// The same, for a form shown again with errors: "Error: " leads the title, as GOV.UK asks.
    pub async fn invalid_page<V: IntoView + 'static>(&self, title: &str, body: V) -> Response {
        self.page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("Error: {title}"),
            body,
        )
        .await
    }

    pub async fn page_with_status<V: IntoView + 'static>(
        &self,
        status: StatusCode,
        title: &str,
        body: V,
    ) -> Response {
        let flash = self.take_flash().await;
        let viewer = self.viewer.clone();
        let path = self.path.clone();
        let html = document(&self.state, &self.nonce, title, move || {
            view! {
                <Layout viewer=viewer path=path flash=flash>
                    {body}
                </Layout>
            }
        });
        (status, Html(html)).into_response()
    }
}
