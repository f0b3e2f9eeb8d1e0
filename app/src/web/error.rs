//! Errors in handlers become styled 403/404/500 pages (or a redirect to sign in).

use super::render::document;
use super::state::AppState;
use crate::error::ServiceError;
use crate::identity::types::Viewer;
use crate::ui::error_page::{ErrorKind, ErrorPage};
use crate::ui::layout::Layout;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use leptos::nonce::Nonce;
use leptos::prelude::*;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type PageResult = Result<Response, AppError>;

/// Marks a response whose body the error middleware should render.
#[derive(Clone, Copy, Debug)]
pub struct ErrorMarker(pub ErrorKind);

fn marker(status: StatusCode, kind: ErrorKind) -> Response {
    let mut r = status.into_response();
    r.extensions_mut().insert(ErrorMarker(kind));
    r
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Service(ServiceError::Forbidden) => {
                marker(StatusCode::FORBIDDEN, ErrorKind::Forbidden)
            }
            AppError::Service(ServiceError::NotFound) => {
                marker(StatusCode::NOT_FOUND, ErrorKind::NotFound)
            }
            other => {
                tracing::error!(error = %other, "request failed");
                marker(StatusCode::INTERNAL_SERVER_ERROR, ErrorKind::Internal)
            }
        }
    }
}

pub fn not_found() -> Response {
    marker(StatusCode::NOT_FOUND, ErrorKind::NotFound)
}

/// A last-resort response when even the page frame cannot be drawn.
pub fn plain_error(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        "Sorry, there is a problem with the service. Try again later.",
    )
        .into_response()
}

pub fn render_error_marker(
    state: &AppState,
    viewer: Option<Viewer>,
    nonce: Nonce,
    path: &str,
    query: &str,
    response: Response,
) -> Response {
    let Some(ErrorMarker(kind)) = response.extensions().get::<ErrorMarker>().copied() else {
        return response;
    };
    // Signed-out visitors to a page that needs an account are sent to sign in, and back.
    if kind == ErrorKind::Forbidden && viewer.is_none() {
        let next = urlencoding::encode(&format!("{path}{query}")).into_owned();
        return Redirect::to(&format!("/sign-in?next={next}")).into_response();
    }
    let status = response.status();
    let signed_in = viewer.is_some();
    let path = path.to_string();
    let html = document(state, &nonce, kind.title(), move || {
        view! {
            <Layout viewer=viewer path=path flash=None>
                <ErrorPage kind=kind signed_in=signed_in />
            </Layout>
        }
    });
    (status, Html(html)).into_response()
}
