//! `Ctx`: what a handler needs to know about the request.

use super::state::AppState;
use super::AppError;
use crate::access::Viewer;
use crate::db::Db;
use crate::identity::rules::session_outlived;
use crate::identity::service::load_viewer;
use crate::identity::session_store::{FLASH_KEY, SIGNED_IN_AT_KEY, USER_ID_KEY};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use leptos::nonce::Nonce;
use std::net::SocketAddr;
use tower_sessions::Session;

/// The session key of the compare basket.
pub const COMPARE_KEY: &str = "compare";

/// The signed-in person, put into the request by [`resolve_viewer`].
#[derive(Clone, Debug)]
pub struct CurrentViewer(pub Option<Viewer>);

/// Read through its accessors: handlers see the request, never how it was assembled.
pub struct Ctx {
    state: AppState,
    viewer: Option<Viewer>,
    session: Session,
    nonce: Nonce,
    path: String,
    query: String,
    client: String,
    origin: String,
}

/// Finds the client's address: the socket peer, or the last X-Forwarded-For hop when the
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
    pub fn db(&self) -> &Db {
        &self.state.db
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The signed-in person, or None.
    pub fn viewer(&self) -> Option<&Viewer> {
        self.viewer.as_ref()
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The session id, when the session has been saved.
    pub fn session_id(&self) -> Option<String> {
        self.session.id().map(|id| id.to_string())
    }

    /// The CSP nonce of this response.
    pub fn nonce(&self) -> &Nonce {
        &self.nonce
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query string, without the leading `?`.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The client's network address (for sign-in throttling and the audit log).
    pub fn client(&self) -> &str {
        &self.client
    }

    /// "https://bluelamp.example", for links shown to people (invitation links).
    pub fn origin(&self) -> &str {
        &self.origin
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

    /// The services chosen to compare (catalogue), in the order they were added. Kept in the
    /// session so the basket works signed out and without JavaScript.
    pub async fn compare_basket(&self) -> Vec<i32> {
        self.session
            .get::<Vec<i32>>(COMPARE_KEY)
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    pub async fn set_compare_basket(&self, basket: &[i32]) -> Result<(), AppError> {
        self.session
            .insert(COMPARE_KEY, basket.to_vec())
            .await
            .map_err(AppError::internal)
    }

    /// Signs a person in on this session: a new session id first, so an id planted before
    /// sign-in is useless afterwards (session fixation).
    pub async fn sign_in(&self, viewer: &Viewer) -> Result<(), AppError> {
        self.session.cycle_id().await.map_err(AppError::internal)?;
        self.session
            .insert(USER_ID_KEY, viewer.user_id)
            .await
            .map_err(AppError::internal)?;
        self.session
            .insert(SIGNED_IN_AT_KEY, chrono::Utc::now().timestamp())
            .await
            .map_err(AppError::internal)?;
        Ok(())
    }

    /// A new session id for the same signed-in session, after a change that an attacker who
    /// had the old id must not survive (a password change).
    pub async fn renew_session_id(&self) -> Result<(), AppError> {
        self.session.cycle_id().await.map_err(AppError::internal)
    }

    /// Ends the session: deleted from the store and the cookie cleared.
    pub async fn sign_out(&self) {
        let _ = self.session.flush().await;
    }

    pub fn redirect(&self, to: &str) -> Response {
        Redirect::to(to).into_response()
    }
}

/// Middleware: loads the signed-in user once per request, for every handler and for the
/// error pages' navigation.
pub async fn resolve_viewer(
    State(state): State<AppState>,
    session: Session,
    mut req: Request,
    next: Next,
) -> Response {
    let mut user_id = session.get::<i32>(USER_ID_KEY).await.ok().flatten();
    if user_id.is_some() {
        let signed_in_at = session.get::<i64>(SIGNED_IN_AT_KEY).await.ok().flatten();
        if session_outlived(signed_in_at, chrono::Utc::now().timestamp()) {
            // Twelve hours after sign-in the session ends, however active it was.
            let _ = session.flush().await;
            user_id = None;
        }
    }
    let viewer = match user_id {
        Some(id) => match load_viewer(&state.db, id).await {
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
    req.extensions_mut().insert(CurrentViewer(viewer));
    next.run(req).await
}
