//! Errors in page handlers become styled 403/404/500 pages (or, for a signed-out visitor to a
//! page that needs an account, a redirect to sign in). What each error shows is decided once,
//! in [`crate::error`]; this module only draws it.

use super::context::CurrentViewer;
use super::render::document;
use super::state::AppState;
use crate::error::ServiceError;
use crate::ui::error_page::{ErrorKind, ErrorPage};
use crate::ui::layout::Layout;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use leptos::nonce::Nonce;
use leptos::prelude::*;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl AppError {
    /// A failure outside the services (the session store, a library): logged, shown as 500.
    pub fn internal(e: impl std::fmt::Display) -> AppError {
        AppError::Service(ServiceError::internal(e))
    }
}

pub type PageResult = Result<Response, AppError>;

/// Marks a response whose body [`render_error_pages`] should draw.
#[derive(Clone, Copy, Debug)]
pub struct ErrorMarker(pub ErrorKind);

fn marker(status: StatusCode, kind: ErrorKind) -> Response {
    let mut r = status.into_response();
    r.extensions_mut().insert(ErrorMarker(kind));
    r
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let AppError::Service(e) = self;
        let retry_after = e.retry_after();
        // `public()` logs real failures.
        match e.public().status {
            403 => marker(StatusCode::FORBIDDEN, ErrorKind::Forbidden),
            404 => marker(StatusCode::NOT_FOUND, ErrorKind::NotFound),
            // Pages that can be gone draw their own notice; this is the plain fallback.
            410 => marker(StatusCode::GONE, ErrorKind::Gone),
            503 => {
                let mut r = marker(StatusCode::SERVICE_UNAVAILABLE, ErrorKind::Busy);
                if let Some(seconds) = retry_after {
                    r.headers_mut().insert(
                        axum::http::header::RETRY_AFTER,
                        axum::http::HeaderValue::from(seconds),
                    );
                }
                r
            }
            // Handlers show validation errors, conflicts and locks on their own pages
            // (`web::outcome`); one that reaches here was not expected, so it is a 500.
            _ => marker(StatusCode::INTERNAL_SERVER_ERROR, ErrorKind::Internal),
        }
    }
}

pub fn not_found() -> Response {
    marker(StatusCode::NOT_FOUND, ErrorKind::NotFound)
}

/// 400 for a form that carried a NUL byte.
pub fn bad_character() -> Response {
    marker(StatusCode::BAD_REQUEST, ErrorKind::BadCharacter)
}

/// 429 with Retry-After, drawn as the "too many attempts" page.
pub fn too_many_requests(retry_after_seconds: u64) -> Response {
    let mut r = marker(StatusCode::TOO_MANY_REQUESTS, ErrorKind::TooManyRequests);
    r.headers_mut().insert(
        axum::http::header::RETRY_AFTER,
        axum::http::HeaderValue::from(retry_after_seconds),
    );
    r
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

/// Middleware: draws the error page for any response a handler marked, inside the normal
/// frame (whose navigation needs to know who is signed in: [`CurrentViewer`], put there by
/// the viewer middleware that runs before this one).
pub async fn render_error_pages(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let viewer = req
        .extensions()
        .get::<CurrentViewer>()
        .and_then(|v| v.0.clone());
    let nonce = req
        .extensions()
        .get::<Nonce>()
        .cloned()
        .unwrap_or_else(Nonce::new);
    let path = req.uri().path().to_string();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| path.clone());
    let response = next.run(req).await;
    let Some(ErrorMarker(kind)) = response.extensions().get::<ErrorMarker>().copied() else {
        return response;
    };
    // A signed-in person refused is worth a line in the log (ASVS 16.3.2): probing shows up.
    if kind == ErrorKind::Forbidden {
        if let Some(v) = &viewer {
            tracing::warn!(user = v.user_id, organisation = v.org_id, path = %path, "authorisation refused");
        }
    }
    // Signed-out visitors to a page that needs an account are sent to sign in, and back.
    if kind == ErrorKind::Forbidden && viewer.is_none() {
        let next = urlencoding::encode(&path_and_query).into_owned();
        return Redirect::to(&format!("/sign-in?next={next}")).into_response();
    }
    let status = response.status();
    let retry_after = response
        .headers()
        .get(axum::http::header::RETRY_AFTER)
        .cloned();
    let signed_in = viewer.is_some();
    let html = document(&state, &nonce, kind.title(), move || {
        view! {
            <Layout viewer=viewer path=path flash=None>
                <ErrorPage kind=kind signed_in=signed_in />
            </Layout>
        }
    });
    let mut page = (status, Html(html)).into_response();
    if let Some(v) = retry_after {
        page.headers_mut()
            .insert(axum::http::header::RETRY_AFTER, v);
    }
    page
}
