//! The whole HTTP surface, assembled once: pages, REST API, health, static files, and the
//! middleware stack. Tests build the same router in-process.

use crate::cli::{CliError, ServeArgs};
use crate::middleware::{same_origin_posts, security_headers, SecurityConfig};
use app::db::Db;
use app::identity::session_store::DbSessionStore;
use app::web::context::resolve_viewer;
use app::web::error::render_error_pages;
use app::web::AppState;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "bluelamp_session";
/// Its name over HTTPS: browsers accept a `__Host-` cookie only when it is Secure, has no
/// Domain and has Path=/, so no subdomain or plain-HTTP page can plant or overwrite it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-bluelamp_session";

pub struct RouterConfig {
    pub site_root: String,
    pub public_url: Option<String>,
    pub trust_forwarded_for: bool,
    /// Where links in email point (see `AppState::link_base`).
    pub link_base: String,
    pub demo: bool,
    /// Posts a minute a signed-out network may make to the forms that need no account.
    pub anonymous_posts_per_minute: u32,
}

impl Default for RouterConfig {
    fn default() -> Self {
        RouterConfig::from(&ServeArgs::default())
    }
}

impl From<&ServeArgs> for RouterConfig {
    fn from(a: &ServeArgs) -> Self {
        RouterConfig {
            site_root: a.site_root.clone(),
            public_url: a.public_url.clone(),
            trust_forwarded_for: a.trust_forwarded_for,
            link_base: a
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", a.bind)),
            demo: a.demo,
            anonymous_posts_per_minute: a.anonymous_posts_per_minute,
        }
    }
}

async fn not_found() -> axum::response::Response {
    app::web::error::not_found()
}

/// Brotli or gzip, as the browser asks, for anything over 1 KiB that is not compressed
/// already: pages, JSON, and /pkg files without a precompressed copy. Responses that carry a
/// Content-Encoding (the precompressed files) pass through untouched.
fn compression() -> CompressionLayer<impl Predicate> {
    let when = SizeAbove::new(1024)
        .and(NotForContentType::GRPC)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::SSE)
        .and(NotForContentType::const_new("font/woff2"))
        .and(NotForContentType::const_new("application/zip"));
    // Fastest: measured on the sign-in page, brotli's default level costs ~1 ms a page for a
    // few hundred bytes fewer; the fastest level ~0.15 ms. The big files are compressed at
    // the highest level once, at build time.
    CompressionLayer::new()
        .quality(tower_http::CompressionLevel::Fastest)
        .compress_when(when)
}

pub fn build(db: Db, cfg: RouterConfig) -> Router {
    let tls = cfg
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    let assets = crate::assets::detect(&cfg.site_root);
    let mut options = LeptosOptions::builder()
        .output_name("bluelamp")
        .site_root(cfg.site_root.clone())
        .site_pkg_dir("pkg")
        .build();
    crate::assets::configure(&mut options, &assets);
    let state = AppState {
        db: db.clone(),
        options,
        stylesheet: assets.css,
        trust_forwarded_for: cfg.trust_forwarded_for,
        public_url: cfg
            .public_url
            .clone()
            .map(|u| u.trim_end_matches('/').to_string()),
        link_base: cfg.link_base.trim_end_matches('/').to_string(),
        demo: cfg.demo,
    };
    let security = Arc::new(SecurityConfig {
        tls,
        public_origin: state.public_url.clone(),
    });
    let sessions = SessionManagerLayer::new(DbSessionStore::new(db.clone()))
        .with_name(if tls {
            SECURE_SESSION_COOKIE
        } else {
            SESSION_COOKIE
        })
        .with_path("/")
        .with_secure(tls)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(8)));

    // Release builds carry .br and .gz copies made at build time (`--precompress`): served
    // as they are, with no compression work per request.
    let pkg = ServeDir::new(format!("{}/pkg", cfg.site_root))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .merge(app::routes::pages())
        .nest("/api/v1", crate::api::routes())
        // The islands' server functions (leptos_axum), behind the same middleware as pages.
        .route("/fn/{*name}", axum::routing::post(server_fns))
        .fallback(not_found)
        // Layers run outside-in from the last: the viewer is resolved before the error pages,
        // which need it for their navigation, are drawn; the limit on anonymous posts needs
        // to know whether someone is signed in, and its 429 is drawn as an error page.
        .layer(axum::middleware::from_fn(
            crate::middleware::refuse_nul_bytes,
        ))
        .layer(axum::middleware::from_fn_with_state(
            crate::middleware::AnonymousPostLimit::new(
                cfg.anonymous_posts_per_minute,
                cfg.trust_forwarded_for,
            ),
            crate::middleware::limit_anonymous_posts,
        ))
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
        // Outside the session layer, so it sees the cookie that layer sets.
        .layer(axum::middleware::from_fn(
            crate::middleware::session_cookie_ends_with_browser,
        ))
        .route("/healthz", get(crate::health::healthz))
        .route("/readyz", get(crate::health::readyz))
        .route("/favicon.svg", get(crate::assets::favicon))
        .nest_service(
            "/pkg",
            tower::ServiceBuilder::new()
                .layer(axum::middleware::from_fn(crate::assets::pkg_cache_control))
                .service(pkg),
        )
        .layer(axum::middleware::from_fn_with_state(
            security,
            security_headers,
        ))
        .layer(TraceLayer::new_for_http())
        .layer(compression())
        .with_state(state)
}

/// Serves the `#[server]` functions islands call, with the app's state in their context so
/// each can read the request's `Ctx` and call a service.
async fn server_fns(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
) -> axum::response::Response {
    leptos_axum::handle_server_fns_with_context(
        move || leptos::prelude::provide_context(state.clone()),
        req,
    )
    .await
    .into_response()
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

/// Names this instance in the leases it takes: host, process and a random tail.
pub fn worker_name() -> String {
    use rand::RngCore;
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "host".into());
    format!(
        "{host}-{}-{:08x}",
        std::process::id(),
        rand::thread_rng().next_u32()
    )
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
    match &args.mail.smtp_url {
        Some(url) => {
            let sender = app::mail::sender::Sender::new(url, &args.mail.mail_from)?;
            app::mail::sender::spawn(db.clone(), sender);
        }
        None if args.demo => {}
        None => {
            tracing::warn!("BLUELAMP_SMTP_URL is not set: email waits in the outbox until it is")
        }
    }
    // Spend imports run here, claimed from the database, so several instances share them.
    app::spend::service::job::spawn(db.clone(), worker_name());
    // Procurement deadlines: "2 days to go" and "passed" notifications.
    app::procurement::service::notify::spawn_sweeps(db.clone());
    // The search index's memory (filters, orders, common words) is read now, not at the first
    // search, which would otherwise wait for it (about 3 s at 100,000 services).
    let search = db.clone();
    tokio::spawn(async move {
        if let Err(e) = app::catalogue::service::search_memory::current(&search).await {
            tracing::warn!(error = %e, "could not read the search index into memory");
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
