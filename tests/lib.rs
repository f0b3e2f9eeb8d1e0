//! Test support: fresh databases on SQLite (always) and PostgreSQL (when TEST_DATABASE_URL is
//! set), and an in-process HTTP client that keeps the session cookie.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

use app::db::Db;
use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use rand::Rng;
use sea_orm::ConnectionTrait;
use tower::ServiceExt;

pub mod smtp;

/// The audit key every test database is signed with.
pub const AUDIT_KEY: [u8; 32] = [0x5a; 32];

fn audit_key() -> app::audit::key::AuditKey {
    app::audit::key::AuditKey::from_bytes(AUDIT_KEY)
}

/// One database for one test, removed afterwards.
pub struct TestDb {
    pub name: &'static str,
    pub db: Db,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, database: String },
}

fn random_suffix() -> String {
    let n: u64 = rand::thread_rng().gen();
    format!("{n:016x}")
}

async fn sqlite() -> TestDb {
    let dir = std::env::temp_dir().join(format!("bluelamp-test-{}", random_suffix()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}/test.db", dir.display());
    let db = Db::connect(&url, audit_key())
        .await
        .expect("sqlite connects");
    db.migrate().await.expect("migrations run");
    app::identity::seed::seed_reference(&db)
        .await
        .expect("reference data");
    TestDb {
        name: "sqlite",
        db,
        cleanup: Cleanup::Sqlite(dir),
    }
}

async fn postgres(admin_url: &str) -> TestDb {
    let database = format!("bluelamp_test_{}", random_suffix());
    let admin = Db::connect(admin_url, audit_key())
        .await
        .expect("TEST_DATABASE_URL connects");
    admin
        .conn
        .execute_unprepared(&format!("CREATE DATABASE {database}"))
        .await
        .expect("create test database");
    let _ = admin.conn.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(admin_url);
    let db = Db::connect(&format!("{base}/{database}"), audit_key())
        .await
        .expect("test database connects");
    db.migrate().await.expect("migrations run");
    app::identity::seed::seed_reference(&db)
        .await
        .expect("reference data");
    TestDb {
        name: "postgres",
        db,
        cleanup: Cleanup::Postgres {
            admin_url: admin_url.to_string(),
            database,
        },
    }
}

impl TestDb {
    pub async fn drop_db(self) {
        let _ = self.db.conn.close().await;
        match self.cleanup {
            Cleanup::Sqlite(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres {
                admin_url,
                database,
            } => {
                if let Ok(admin) = Db::connect(&admin_url, audit_key()).await {
                    let _ = admin
                        .conn
                        .execute_unprepared(&format!(
                            "DROP DATABASE IF EXISTS {database} WITH (FORCE)"
                        ))
                        .await;
                    let _ = admin.conn.close().await;
                }
            }
        }
    }
}

/// The databases every service test runs on: SQLite always; PostgreSQL when
/// TEST_DATABASE_URL is set (the README's test command always sets it).
pub async fn backends() -> Vec<TestDb> {
    let mut v = vec![sqlite().await];
    if let Ok(url) = std::env::var("TEST_DATABASE_URL") {
        if !url.is_empty() {
            v.push(postgres(&url).await);
        }
    }
    v
}

/// Runs `test` once per backend, dropping each database afterwards.
#[macro_export]
macro_rules! on_each_backend {
    (|$db:ident| $body:block) => {{
        for test_db in $crate::backends().await {
            eprintln!("-- on {}", test_db.name);
            {
                let $db = &test_db.db;
                $body
            }
            test_db.drop_db().await;
        }
    }};
}

/// Turns off the triggers that keep `audit_event` append-only, as someone with control of the
/// database server could: the tests that tamper with the log start here.
pub async fn bypass_audit_triggers(db: &Db) {
    let sql = if app::db::is_postgres(&db.conn) {
        "ALTER TABLE audit_event DISABLE TRIGGER USER"
    } else {
        "DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete;"
    };
    db.conn.execute_unprepared(sql).await.unwrap();
}

/// The demo data's shared password.
pub const PASSWORD: &str = app::identity::seed::DEMO_PASSWORD;

/// An in-process HTTP client for the real router, keeping the session cookie like a browser.
#[derive(Clone)]
pub struct Client {
    pub app: Router,
    pub cookie: Option<String>,
    /// Sent as X-Forwarded-For? No: the in-process router has no peer address; tests that
    /// need distinct client addresses set this and build the router with trust_forwarded_for.
    pub forwarded_for: Option<String>,
    /// The database behind the app: sign-in reads the authenticator secret from it, as the
    /// person's phone would hold it.
    pub db: Db,
}

pub struct Reply {
    pub status: StatusCode,
    pub location: Option<String>,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Client {
    pub fn new(db: &Db) -> Client {
        Client::with_config(
            db,
            bluelamp_server::router::RouterConfig {
                site_root: "target/site".into(),
                public_url: None,
                trust_forwarded_for: true,
                link_base: "http://bluelamp.localhost".into(),
                demo: true,
                anonymous_posts_per_minute: 30,
            },
        )
    }

    /// The app as served from https://bluelamp.test: Secure cookies, HSTS, the Origin check
    /// against the public URL.
    pub fn over_tls(db: &Db) -> Client {
        Client::with_config(
            db,
            bluelamp_server::router::RouterConfig {
                site_root: "target/site".into(),
                public_url: Some("https://bluelamp.test".into()),
                trust_forwarded_for: false,
                link_base: "https://bluelamp.test".into(),
                demo: false,
                anonymous_posts_per_minute: 30,
            },
        )
    }

    /// The real router built with `cfg`, and no cookie yet.
    pub fn with_config(db: &Db, cfg: bluelamp_server::router::RouterConfig) -> Client {
        Client {
            app: bluelamp_server::router::build(db.clone(), cfg),
            cookie: None,
            forwarded_for: None,
            db: db.clone(),
        }
    }

    /// Signs in through the form from the https origin (for a client made by `over_tls`).
    pub async fn sign_in_over_tls(&mut self, email: &str) -> Reply {
        let body = format!(
            "email={}&password={}",
            urlencode(email),
            urlencode(PASSWORD)
        );
        self.send(
            Request::post("/sign-in")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ORIGIN, "https://bluelamp.test")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// The same app with no cookie: a different browser.
    pub fn fresh(&self) -> Client {
        Client {
            app: self.app.clone(),
            cookie: None,
            forwarded_for: None,
            db: self.db.clone(),
        }
    }

    pub async fn send(&mut self, mut req: Request<Body>) -> Reply {
        let h = req.headers_mut();
        h.insert(header::HOST, "bluelamp.test".parse().unwrap());
        if let Some(c) = &self.cookie {
            h.insert(header::COOKIE, c.parse().unwrap());
        }
        if let Some(f) = &self.forwarded_for {
            h.insert("x-forwarded-for", f.parse().unwrap());
        }
        let res: Response<Body> = self.app.clone().oneshot(req).await.expect("router answers");
        if let Some(set) = res
            .headers()
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
        {
            let pair = set.split(';').next().unwrap_or("").to_string();
            // A cookie set to expire (sign-out) is removed.
            if set.contains("Max-Age=0") || pair.ends_with('=') {
                self.cookie = None;
            } else {
                self.cookie = Some(pair);
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let location = headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024)
            .await
            .expect("body");
        Reply {
            status,
            location,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// A GET with one extra request header (Accept-Encoding, If-None-Match, ...).
    pub async fn get_with(&mut self, path: &str, header: (&str, &str)) -> Reply {
        self.send(
            Request::get(path)
                .header(header.0, header.1)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ORIGIN, "http://bluelamp.test")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// A multipart form post, as a browser sends a form with a file: the text fields, then the
    /// file field `file` with its name and bytes.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
    ) -> Reply {
        let boundary = "----bluelamp-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        let (name, file_name, bytes) = file;
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.send(
            Request::post(path)
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .header(header::ORIGIN, "http://bluelamp.test")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    pub async fn post_json(&mut self, path: &str, json: serde_json::Value) -> Reply {
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json.to_string()))
                .unwrap(),
        )
        .await
    }

    /// A browser signed in as `email` (a demo account) through the real form.
    pub async fn signed_in(db: &Db, email: &str) -> Client {
        let mut c = Client::new(db);
        c.sign_in(email).await;
        c
    }

    /// Signs in through the real forms, with the second step when the account has or needs
    /// an authenticator app (setting one up the first time); panics if it does not work.
    pub async fn sign_in(&mut self, email: &str) {
        let r = self
            .post_form("/sign-in", &[("email", email), ("password", PASSWORD)])
            .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "sign-in as {email} failed: {}",
            r.body
        );
        match r.location.as_deref() {
            Some("/sign-in/authenticator") => {
                let page = self.get("/sign-in/authenticator").await.body;
                let secret = secret_on_page(&page);
                let code = totp_code(&secret, None).await;
                let r = self
                    .post_form("/sign-in/authenticator", &[("code", &code)])
                    .await;
                assert_eq!(
                    r.location.as_deref(),
                    Some("/account/recovery-codes"),
                    "setting up an app for {email} failed: {}",
                    r.body
                );
                self.get("/account/recovery-codes").await;
            }
            Some("/sign-in/code") => {
                let user = user_row(&self.db, email).await;
                let secret = user.totp_secret.expect("an enrolled account");
                let code = totp_code(&secret, user.totp_last_step).await;
                let r = self.post_form("/sign-in/code", &[("code", &code)]).await;
                assert_eq!(
                    r.status,
                    StatusCode::SEE_OTHER,
                    "second step for {email} failed: {}",
                    r.body
                );
            }
            _ => {}
        }
    }
}

pub use app::ui::url::encode_component as urlencode;

/// The id in the first link `{prefix}{id}` whose text (up to the next such link) contains
/// `text`: how tests find an organisation or user id from a listing page.
pub fn link_id(html: &str, prefix: &str, text: &str) -> String {
    html.split(prefix)
        .skip(1)
        .find(|s| s.contains(text))
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no {prefix}… link with “{text}”"))
        .to_string()
}

/// A person signed in through the sign-in service, as services see them.
pub async fn viewer(db: &Db, email: &str) -> app::access::Viewer {
    let form = app::identity::types::SignInForm {
        email: email.into(),
        password: PASSWORD.into(),
        next: String::new(),
    };
    app::identity::service::sign_in(db, &form, "10.0.0.1")
        .await
        .expect("demo user signs in")
}

/// A live session row for a user, as a signed-in browser would have.
pub async fn insert_session(db: &Db, id: &str, user_id: i32) {
    use sea_orm::EntityTrait;
    app::identity::entity::web_session::Entity::insert(
        app::identity::entity::web_session::ActiveModel {
            id: sea_orm::Set(id.into()),
            user_id: sea_orm::Set(Some(user_id)),
            data: sea_orm::Set("{}".into()),
            expires_at: sea_orm::Set(chrono::Utc::now() + chrono::Duration::hours(1)),
        },
    )
    .exec(&db.conn)
    .await
    .unwrap();
}

/// Where links in mail point in tests (the router's `link_base`).
pub const LINK_BASE: &str = "http://bluelamp.localhost";

/// The outbox's messages to an address, oldest first.
pub async fn outbox_to(db: &Db, email: &str) -> Vec<app::mail::entity::mail_message::Model> {
    use app::mail::entity::mail_message;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    mail_message::Entity::find()
        .filter(mail_message::Column::Recipient.eq(email))
        .order_by_asc(mail_message::Column::Id)
        .all(&db.conn)
        .await
        .unwrap()
}

/// The token of the newest link mailed to `email` whose path starts with `path`
/// (e.g. "/confirm/").
pub async fn token_mailed_to(db: &Db, email: &str, path: &str) -> String {
    let prefix = format!("{LINK_BASE}{path}");
    outbox_to(db, email)
        .await
        .iter()
        .rev()
        .find_map(|m| {
            m.body_text
                .split_whitespace()
                .find_map(|w| w.strip_prefix(&prefix).map(str::to_string))
        })
        .unwrap_or_else(|| panic!("no {path} link mailed to {email}"))
}

/// Follows the confirmation link mailed to `email`.
pub async fn confirm_by_mail(db: &Db, email: &str) {
    let token = token_mailed_to(db, email, "/confirm/").await;
    app::identity::service::confirm_email(db, &token)
        .await
        .expect("the mailed confirmation link works");
}

/// Signs in someone who registered with `password` (not the demo password).
pub async fn viewer_with(db: &Db, email: &str, password: &str) -> app::access::Viewer {
    let form = app::identity::types::SignInForm {
        email: email.into(),
        password: password.into(),
        next: String::new(),
    };
    app::identity::service::sign_in(db, &form, "10.0.0.1")
        .await
        .expect("signs in")
}

/// The key the set-up page shows for typing into an app.
pub fn secret_on_page(page: &str) -> String {
    page.split("data-secret=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the authenticator key on the page")
        .to_string()
}

pub async fn user_row(db: &Db, email: &str) -> app::identity::entity::app_user::Model {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    app::identity::entity::app_user::Entity::find()
        .filter(app::identity::entity::app_user::Column::Email.eq(email))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("the user exists")
}

/// A code an authenticator app would show, for a step newer than `last_step` (a code works
/// once). The server accepts one step either side of its now; a code for the step before ours
/// could be refused if the server's clock crosses into the next step first, so codes are for
/// now or the step after: two sign-ins fit in one 30-second step, a third waits for the clock.
pub async fn totp_code(secret: &str, last_step: Option<i64>) -> String {
    loop {
        let now = chrono::Utc::now().timestamp();
        let current = now / 30;
        let step = last_step.map_or(current, |l| (l + 1).max(current));
        if step <= current + 1 {
            return app::identity::mfa::code_at(secret, (step * 30) as u64).unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}
