//! Middleware on every response: security headers with a fresh CSP nonce, and refusal of
//! cross-site state changes.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::Nonce;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct SecurityConfig {
    /// Served over TLS (the public URL is https): adds HSTS.
    pub tls: bool,
    /// The public origin ("https://bluelamp.example"), if configured.
    pub public_origin: Option<String>,
}

pub async fn security_headers(
    State(cfg): State<Arc<SecurityConfig>>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    );
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    if cfg.tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    // Pages show personal data: never keep them in shared caches.
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Session cookies end when the browser closes: the `Max-Age` and `Expires` that
/// tower-sessions derives from the server-side idle expiry are taken off the cookie (the
/// server still ends an idle session after 8 hours, and any session 12 hours after sign-in).
/// A cookie being removed (`Max-Age=0`) keeps its attributes.
pub async fn session_cookie_ends_with_browser(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let cookies: Vec<HeaderValue> = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    if cookies.is_empty() {
        return res;
    }
    let headers = res.headers_mut();
    headers.remove(header::SET_COOKIE);
    for value in cookies {
        let rewritten = value
            .to_str()
            .ok()
            .filter(|c| c.contains("bluelamp_session=") && !c.contains("Max-Age=0"))
            .map(without_lifetime)
            .and_then(|c| HeaderValue::from_str(&c).ok());
        headers.append(header::SET_COOKIE, rewritten.unwrap_or(value));
    }
    res
}

/// A Set-Cookie value without its Max-Age and Expires attributes.
fn without_lifetime(cookie: &str) -> String {
    cookie
        .split(';')
        .map(str::trim)
        .filter(|part| {
            let name = part.split('=').next().unwrap_or("").to_ascii_lowercase();
            name != "max-age" && name != "expires"
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The host[:port] part of an origin such as "http://127.0.0.1:3000".
fn origin_host(origin: &str) -> &str {
    origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(origin)
        .trim_end_matches('/')
}

/// Refuses a state-changing request whose Origin is another site. Browsers send Origin
/// with every POST; requests without one (command-line API clients) are let through, since
/// they carry no ambient browser cookies to abuse.
pub async fn same_origin_posts(
    State(cfg): State<Arc<SecurityConfig>>,
    req: Request,
    next: Next,
) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        if let Some(origin) = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
        {
            let expected = match &cfg.public_origin {
                Some(o) => origin_host(o).to_string(),
                None => req
                    .headers()
                    .get(header::HOST)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string(),
            };
            if origin == "null" || origin_host(origin) != expected {
                tracing::warn!(origin, expected, "refused a cross-origin POST");
                return (
                    StatusCode::FORBIDDEN,
                    "Refused: this request came from another website.",
                )
                    .into_response();
            }
        }
    }
    next.run(req).await
}

/// What a signed-out visitor may post before being asked to wait: forms that need no account
/// (sign-in and its second step, registration, invitations, confirmation links) and the API's
/// sign-in. Each costs the server a password hash or a mail, so each network gets a budget.
pub struct AnonymousPostLimit {
    limiter: governor::DefaultKeyedRateLimiter<String>,
    trust_forwarded_for: bool,
}

/// The paths whose POSTs count.
const ANONYMOUS_POST_PATHS: &[&str] = &[
    "/sign-in",
    "/register/",
    "/invitation/",
    "/confirm/",
    "/api/v1/sign-in",
];

impl AnonymousPostLimit {
    /// `per_minute` posts a minute from one network, all of which may come at once.
    pub fn new(per_minute: u32, trust_forwarded_for: bool) -> Arc<AnonymousPostLimit> {
        let per_minute =
            std::num::NonZeroU32::new(per_minute.max(1)).unwrap_or(std::num::NonZeroU32::MIN);
        let limit = Arc::new(AnonymousPostLimit {
            limiter: governor::RateLimiter::keyed(governor::Quota::per_minute(per_minute)),
            trust_forwarded_for,
        });
        // Forget networks that have been quiet, so the table stays small.
        let weak = Arc::downgrade(&limit);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                match weak.upgrade() {
                    Some(l) => l.limiter.retain_recent(),
                    None => return,
                }
            }
        });
        limit
    }
}

pub async fn limit_anonymous_posts(
    State(limit): State<Arc<AnonymousPostLimit>>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path();
    let counts = req.method() == Method::POST
        && ANONYMOUS_POST_PATHS.iter().any(|p| path.starts_with(p))
        && req
            .extensions()
            .get::<app::web::context::CurrentViewer>()
            .is_none_or(|v| v.0.is_none());
    if !counts {
        return next.run(req).await;
    }
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0);
    let client = app::web::context::client_address(req.headers(), peer, limit.trust_forwarded_for);
    let key = app::identity::rules::network(&client);
    match limit.limiter.check_key(&key) {
        Ok(()) => next.run(req).await,
        Err(not_until) => {
            use governor::clock::Clock;
            let wait = not_until
                .wait_time_from(governor::clock::DefaultClock::default().now())
                .as_secs()
                .max(1);
            tracing::warn!(network = %key, path, "anonymous posts over budget: 429");
            if path.starts_with("/api/") {
                let mut r = (
                    StatusCode::TOO_MANY_REQUESTS,
                    axum::Json(
                        serde_json::json!({ "error": "too many requests: try again later" }),
                    ),
                )
                    .into_response();
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(wait));
                r
            } else {
                app::web::error::too_many_requests(wait)
            }
        }
    }
}

/// The largest form or JSON body read: far above any real form, far below memory trouble.
const MAX_BODY: usize = 1024 * 1024;

/// Refuses any posted form or JSON carrying a NUL byte (raw, `%00`, or `\u0000`), with a
/// message, before a handler sees it: PostgreSQL cannot store NUL in text, so without this
/// check a NUL typed into any field would be a 500 on one database and saved on the other.
pub async fn refuse_nul_bytes(req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    // A file upload streams to its handler (a spend file may be 1 GB, and a spreadsheet holds
    // NUL bytes by nature): the handler checks its text fields for NUL itself.
    let is_upload = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if is_upload {
        return next.run(req).await;
    }
    let is_api = req.uri().path().starts_with("/api/");
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                "The form is too large to send.",
            )
                .into_response()
        }
    };
    let has_nul = bytes.contains(&0)
        || bytes.windows(3).any(|w| w.eq_ignore_ascii_case(b"%00"))
        || bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"));
    if has_nul {
        return if is_api {
            (
                StatusCode::BAD_REQUEST,
                axum::Json(serde_json::json!({
                    "error": "the body contains a NUL character, which cannot be saved"
                })),
            )
                .into_response()
        } else {
            app::web::error::bad_character()
        };
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn session_cookies_lose_their_lifetime() {
        assert_eq!(
            super::without_lifetime(
                "bluelamp_session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=28800; Expires=Wed, 26 Nov 2026 00:00:00 GMT"
            ),
            "bluelamp_session=abc; HttpOnly; SameSite=Lax; Path=/"
        );
    }

    #[test]
    fn origin_hosts() {
        assert_eq!(
            super::origin_host("http://127.0.0.1:3000"),
            "127.0.0.1:3000"
        );
        assert_eq!(
            super::origin_host("https://bluelamp.example/"),
            "bluelamp.example"
        );
    }
}
