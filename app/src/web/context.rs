//! `Ctx`: what a handler needs to know about the request.

use super::state::AppState;
use crate::identity::service::load_viewer;
use crate::identity::session_store::{FLASH_KEY, USER_ID_KEY};
use crate::identity::types::Viewer;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use leptos::nonce::Nonce;
use std::net::SocketAddr;
use tower_sessions::Session;

/// The signed-in person, put into the request by [`resolve_viewer`].
#[derive(Clone, Debug)]
pub struct CurrentViewer(pub Option<Viewer>);

pub struct Ctx {
    pub state: AppState,
    pub viewer: Option<Viewer>,
    pub session: Session,
    pub nonce: Nonce,
    pub path: String,
    /// The query string, without the leading `?`.
    pub query: String,
    pub client: String,
    /// "https://bluelamp.example", for links shown to people (invitation links).
    pub origin: String,
}

/// Finds the client's address: the socket peer, or the first X-Forwarded-For hop when the
/// server is configured to trust its proxy.
pub fn client_address(
    parts_headers: &axum::http::HeaderMap,
    peer: Option<SocketAddr>,
    trust_forwarded_for: bool,
) -> String {
    if trust_forwarded_for {
        if let Some(last) = parts_headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            // The last hop is the one our trusted proxy added; earlier ones are whatever
            // the client claimed.
            .and_then(|v| v.rsplit(',').next())
        {
            let last = last.trim();
            if !last.is_empty() {
                return last.to_string();
            }
        }
    }
    peer.map(|p| p.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|e| e.into_response())?;
        let viewer = parts
            .extensions
            .get::<CurrentViewer>()
            .and_then(|v| v.0.clone());
        let nonce = parts
            .extensions
            .get::<Nonce>()
            .cloned()
            .unwrap_or_else(Nonce::new);
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0);
        Ok(Ctx {
            state: state.clone(),
            viewer,
            session,
            nonce,
            path: parts.uri.path().to_string(),
            query: parts.uri.query().unwrap_or("").to_string(),
            client: client_address(&parts.headers, peer, state.trust_forwarded_for),
            origin: state.public_url.clone().unwrap_or_else(|| {
                let host = parts
                    .headers
                    .get(axum::http::header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("localhost");
                format!("http://{host}")
            }),
        })
    }
}

impl Ctx {
    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn viewer(&self) -> Option<&Viewer> {
        self.viewer.as_ref()
    }

    /// Stores a one-time success message shown on the next page.
    pub async fn flash(&self, message: impl Into<String>) {
        let _ = self.session.insert(FLASH_KEY, message.into()).await;
    }

    pub async fn take_flash(&self) -> Option<String> {
        // Read first: removing a key that is not there would still mark the session changed
        // and cost a write on every page view.
        self.session.get::<String>(FLASH_KEY).await.ok().flatten()?;
        self.session
            .remove::<String>(FLASH_KEY)
            .await
            .ok()
            .flatten()
    }

    /// Signs a person in on this session: a new session id first, so an id planted before
    /// sign-in is useless afterwards (session fixation).
    pub async fn sign_in(&self, viewer: &Viewer) -> Result<(), super::AppError> {
        self.session
            .cycle_id()
            .await
            .map_err(|e| super::AppError::Internal(e.to_string()))?;
        self.session
            .insert(USER_ID_KEY, viewer.user_id)
            .await
            .map_err(|e| super::AppError::Internal(e.to_string()))?;
        Ok(())
    }

    /// Ends the session: deleted from the store and the cookie cleared.
    pub async fn sign_out(&self) {
        let _ = self.session.flush().await;
    }

    pub fn redirect(&self, to: &str) -> Response {
        Redirect::to(to).into_response()
    }
}

/// Middleware: loads the signed-in user once per request and renders error pages
/// (which need to know who is signed in for their navigation).
pub async fn resolve_viewer(
    State(state): State<AppState>,
    session: Session,
    mut req: Request,
    next: Next,
) -> Response {
    let user_id = session.get::<i32>(USER_ID_KEY).await.ok().flatten();
    let viewer = match user_id {
        Some(id) => match load_viewer(&state.db.conn, id).await {
            Ok(Some(v)) => Some(v),
            Ok(None) => {
                // Disabled or deleted since signing in: the session ends.
                let _ = session.flush().await;
                None
            }
            Err(e) => {
                tracing::error!(error = %e, "loading the signed-in user failed");
                return super::error::plain_error(500);
            }
        },
        None => None,
    };
    req.extensions_mut().insert(CurrentViewer(viewer.clone()));
    let nonce = req
        .extensions()
        .get::<Nonce>()
        .cloned()
        .unwrap_or_else(Nonce::new);
    let path = req.uri().path().to_string();
    let query = req
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let response = next.run(req).await;
    super::error::render_error_marker(&state, viewer, nonce, &path, &query, response)
}
