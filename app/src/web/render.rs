//! Renders a page to HTML on the server. Pages are plain server-rendered HTML; only
//! `#[island]` components hydrate in the browser.

use super::context::Ctx;
use super::state::AppState;
use crate::ui::escape_text;
use crate::ui::layout::Layout;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use hydration_context::SsrSharedContext;
use leptos::config::LeptosOptions;
use leptos::hydration::HydrationScripts;
use leptos::nonce::Nonce;
use leptos::prelude::*;
use std::sync::Arc;

/// The document around every page: head (title, stylesheet, icon, the islands' hydration
/// scripts with the CSP nonce) and the GOV.UK template body.
#[component]
pub fn Shell(
    title: String,
    options: LeptosOptions,
    stylesheet: String,
    children: Children,
) -> impl IntoView {
    view! {
        <html lang="en" class="govuk-template">
            <head>
                <meta charset="utf-8" />
                <meta
                    name="viewport"
                    content="width=device-width, initial-scale=1, viewport-fit=cover"
                />
                <meta name="theme-color" content="#1d70b8" />
                // Set as markup, not as a child: the renderer marks the end of a dynamic child
                // with a comment, which inside <title> would show as text.
                <title inner_html=escape_text(&format!("{title} – Bluelamp")) />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" href=format!("/pkg/{stylesheet}") />
                <HydrationScripts options=options islands=true />
            </head>
            <body class="govuk-template__body">{children()}</body>
        </html>
    }
}

/// A whole HTML document: `body` inside the [`Shell`].
pub fn document<F, V>(state: &AppState, nonce: &Nonce, title: &str, body: F) -> String
where
    F: FnOnce() -> V + Send + 'static,
    V: IntoView + 'static,
{
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new_islands())));
    let options = state.options.clone();
    let stylesheet = state.stylesheet.clone();
    let nonce = nonce.clone();
    let title = title.to_string();
    let html = owner.with(move || {
        provide_context(nonce);
        view! {
            <Shell title=title options=options stylesheet=stylesheet>
                {body()}
            </Shell>
        }
        .to_html()
    });
    format!("<!DOCTYPE html>{html}")
}

impl Ctx {
    /// Renders a page in the standard frame, with any pending success message.
    pub async fn page<V: IntoView + Send + 'static>(&self, title: &str, body: V) -> Response {
        self.page_with_status(StatusCode::OK, title, body).await
    }

    /// A page with a form: [`Ctx::invalid_page`] when it is shown again with errors
    /// (`invalid`), else [`Ctx::page`].
    pub async fn form_page<V: IntoView + Send + 'static>(
        &self,
        invalid: bool,
        title: &str,
        body: V,
    ) -> Response {
        if invalid {
            self.invalid_page(title, body).await
        } else {
            self.page(title, body).await
        }
    }

    /// The same, for a form shown again with errors: "Error: " leads the title, as GOV.UK asks.
    pub async fn invalid_page<V: IntoView + Send + 'static>(
        &self,
        title: &str,
        body: V,
    ) -> Response {
        self.page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("Error: {title}"),
            body,
        )
        .await
    }

    /// A page whose body is built inside the render (`make` runs there): needed when the body
    /// holds an island with children, which must be made where the islands' context is.
    pub async fn page_made<V, F>(&self, status: StatusCode, title: &str, make: F) -> Response
    where
        V: IntoView + 'static,
        F: FnOnce() -> V + Send + 'static,
    {
        let flash = self.take_flash().await;
        let viewer = self.viewer().cloned();
        let path = self.path().to_string();
        // The compare basket is shown on every catalogue page (reading the session is free:
        // the session layer has already loaded it).
        let compare = if crate::ui::layout::is_catalogue_path(&path) {
            self.compare_basket().await.len()
        } else {
            0
        };
        let html = document(self.state(), self.nonce(), title, move || {
            view! {
                <Layout viewer=viewer path=path flash=flash compare=compare>
                    {make()}
                </Layout>
            }
        });
        (status, Html(html)).into_response()
    }

    pub async fn page_with_status<V: IntoView + Send + 'static>(
        &self,
        status: StatusCode,
        title: &str,
        body: V,
    ) -> Response {
        self.page_made(status, title, move || body).await
    }
}
