//! The whole HTTP surface, assembled once: pages, REST API, health, static files, and the
//! middleware stack. Tests build the same router in-process.

use crate::cli::{CliError, ServeArgs};
use crate::middleware::{same_origin_posts, security_headers, SecurityConfig};
use app::db::Db;
use app::identity::session_store::DbSessionStore;
use app::web::context::resolve_viewer;
use app::web::error::render_error_pages;
use app::web::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "bluelamp_session";

pub struct RouterConfig {
    pub site_root: String,
    pub public_url: Option<String>,
    pub trust_forwarded_for: bool,
}

impl From<&ServeArgs> for RouterConfig {
    fn from(a: &ServeArgs) -> Self {
        RouterConfig {
            site_root: a.site_root.clone(),
            public_url: a.public_url.clone(),
            trust_forwarded_for: a.trust_forwarded_for,
        }
    }
}

const FAVICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b0c0c"/><circle cx="16" cy="14" r="8" fill="#1d70b8"/><rect x="10" y="23" width="12" height="4" rx="1" fill="#ffffff"/></svg>"##;

async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
}

async fn not_found() -> axum::response::Response {
    app::web::error::not_found()
}

pub fn build(db: Db, cfg: RouterConfig) -> Router {
    let tls = cfg
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    let options = LeptosOptions::builder()
        .output_name("bluelamp")
        .site_root(cfg.site_root.clone())
        .site_pkg_dir("pkg")
        .build();
    let state = AppState {
        db: db.clone(),
        options,
        trust_forwarded_for: cfg.trust_forwarded_for,
        public_url: cfg
            .public_url
            .clone()
            .map(|u| u.trim_end_matches('/').to_string()),
    };
    let security = Arc::new(SecurityConfig {
        tls,
        public_origin: state.public_url.clone(),
    });
    let sessions = SessionManagerLayer::new(DbSessionStore::new(db.clone()))
        .with_name(SESSION_COOKIE)
        .with_secure(tls)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(8)));

    let pkg = ServeDir::new(format!("{}/pkg", cfg.site_root));
    Router::new()
        .merge(app::routes::pages())
        .nest("/api/v1", crate::api::routes())
        .fallback(not_found)
        // Layers run outside-in from the last: the viewer is resolved before the error pages,
        // which need it for their navigation, are drawn.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            render_error_pages,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            resolve_viewer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            security.clone(),
            same_origin_posts,
        ))
        .layer(sessions)
        .route("/healthz", get(crate::health::healthz))
        .route("/readyz", get(crate::health::readyz))
        .route("/favicon.svg", get(favicon))
        .nest_service("/pkg", pkg)
        .layer(axum::middleware::from_fn_with_state(
            security,
            security_headers,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

pub async fn serve(db: Db, args: ServeArgs) -> Result<(), CliError> {
    let store = DbSessionStore::new(db.clone());
    // Expired sessions are swept every ten minutes.
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    });
    let router = build(db, RouterConfig::from(&args));
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .map_err(|source| CliError::Bind {
            addr: args.bind,
            source,
        })?;
    let addr = listener.local_addr().map_err(CliError::Serve)?;
    tracing::info!(%addr, "Bluelamp is listening");
    println!("Bluelamp is running at http://{addr}");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(CliError::Serve)
}
