//! Sessions: rotated on sign-in, ended on sign-out, never written back once deleted.

use app::identity::entity::web_session;
use app::identity::seed::seed_demo;
use axum::http::StatusCode;
use bluelamp_tests::Client;
use bluelamp_tests::{on_each_backend, PASSWORD};
use sea_orm::EntityTrait;

#[tokio::test]
async fn sign_in_rotates_the_session_and_sign_out_ends_it() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut c = Client::new(db);
        // A failed attempt shows errors and keeps the email typed.
        let r = c
            .post_form(
                "/sign-in",
                &[
                    ("email", "buyer@kent.police.uk"),
                    ("password", "wrong-password-x"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("There is a problem"));
        assert!(r
            .body
            .contains("Enter a correct email address and password"));
        assert!(r.body.contains("value=\"buyer@kent.police.uk\""));
        assert!(r.body.contains("<title>Error: Sign in – Bluelamp</title>"));

        // Plant a session id before signing in (a flash message makes one).
        let before = c.cookie.clone();
        let r = c
            .post_form(
                "/sign-in",
                &[
                    ("email", "buyer@kent.police.uk"),
                    ("password", PASSWORD),
                    ("next", "/account"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location.as_deref(), Some("/account"));
        let cookie = r
            .headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(cookie.contains("HttpOnly"));
        assert!(cookie.contains("SameSite=Lax"));
        assert!(!cookie.contains("Secure"), "not Secure over plain HTTP");
        assert_ne!(c.cookie, before, "the session id changes on sign-in");
        let signed_in_cookie = c.cookie.clone();

        let r = c.get("/account").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Tom Fletcher"));

        // An off-site `next` is ignored.
        let mut other = c.fresh();
        let r = other
            .post_form(
                "/sign-in",
                &[
                    ("email", "buyer@kent.police.uk"),
                    ("password", PASSWORD),
                    ("next", "//evil.example"),
                ],
            )
            .await;
        assert_eq!(r.location.as_deref(), Some("/"));

        let r = c.post_form("/sign-out", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // The old cookie no longer works.
        let mut replay = c.fresh();
        replay.cookie = signed_in_cookie;
        let r = replay.get("/account").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(r.location.unwrap().starts_with("/sign-in?next="));
    });
}

#[tokio::test]
async fn a_deleted_session_is_not_written_back() {
    use tower_sessions::session::{Id, Record};
    use tower_sessions::SessionStore;
    on_each_backend!(|db| {
        let store = app::identity::session_store::DbSessionStore::new(db.clone());
        let mut record = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
        };
        store.create(&mut record).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_some());
        // Signed out elsewhere while this request was running...
        web_session::Entity::delete_many()
            .exec(&db.conn)
            .await
            .unwrap();
        // ...then the request finishes and saves: the session stays gone.
        store.save(&record).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_none());
    });
}

/// The session id in a client's cookie.
fn session_id(c: &Client) -> String {
    c.cookie
        .as_deref()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, id)| id.to_string())
        .expect("a session cookie")
}

/// The session cookie ends with the browser: no Max-Age and no Expires (the server keeps its
/// own idle and absolute limits); over HTTPS it is a `__Host-` cookie.
#[tokio::test]
async fn the_session_cookie_ends_with_the_browser() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut c = Client::new(db);
        let r = c
            .post_form(
                "/sign-in",
                &[("email", "admin@kent.police.uk"), ("password", PASSWORD)],
            )
            .await;
        let cookie = r.headers["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("bluelamp_session="), "{cookie}");
        assert!(!cookie.contains("Max-Age"), "{cookie}");
        assert!(!cookie.contains("Expires"), "{cookie}");
        assert!(cookie.contains("HttpOnly"), "{cookie}");

        let mut tls = Client::over_tls(db);
        let r = tls.sign_in_over_tls("buyer@kent.police.uk").await;
        let cookie = r.headers["set-cookie"].to_str().unwrap();
        assert!(cookie.starts_with("__Host-bluelamp_session="), "{cookie}");
        assert!(
            cookie.contains("Secure") && cookie.contains("Path=/"),
            "{cookie}"
        );
        assert!(
            !cookie.contains("Domain") && !cookie.contains("Max-Age"),
            "{cookie}"
        );
        // The renamed cookie signs the browser in.
        assert_eq!(tls.get("/account").await.status, StatusCode::OK);
    });
}

/// Changing one's password gives this browser a new session id: whoever held the old one
/// is signed out with everyone else.
#[tokio::test]
async fn a_password_change_renews_the_session_id() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut c = Client::signed_in(db, "buyer@kent.police.uk").await;
        let before = session_id(&c);
        let r = c
            .post_form(
                "/account/password",
                &[
                    ("current_password", PASSWORD),
                    ("new_password", "bright-meadow-river"),
                    ("confirm_password", "bright-meadow-river"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let after = session_id(&c);
        assert_ne!(before, after);
        assert_eq!(c.get("/account").await.status, StatusCode::OK);
        // The old id signs nobody in.
        let mut old = c.fresh();
        old.cookie = Some(format!("bluelamp_session={before}"));
        assert_eq!(old.get("/account").await.status, StatusCode::SEE_OTHER);
        assert!(web_session::Entity::find_by_id(before.clone())
            .one(&db.conn)
            .await
            .unwrap()
            .is_none());
    });
}

/// Twelve hours after sign-in a session ends, however active it has been.
#[tokio::test]
async fn a_session_ends_twelve_hours_after_sign_in() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut c = Client::signed_in(db, "buyer@kent.police.uk").await;
        assert_eq!(c.get("/account").await.status, StatusCode::OK);
        let id = session_id(&c);
        let row = web_session::Entity::find_by_id(id.clone())
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let mut data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
        let thirteen_hours_ago = chrono::Utc::now().timestamp() - 13 * 3600;
        data["signed_in_at"] = serde_json::json!(thirteen_hours_ago);
        let mut active: web_session::ActiveModel = row.into();
        active.data = sea_orm::Set(data.to_string());
        sea_orm::ActiveModelTrait::update(active, &db.conn)
            .await
            .unwrap();
        let r = c.get("/account").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(r.location.unwrap().starts_with("/sign-in"));
        assert!(web_session::Entity::find_by_id(id)
            .one(&db.conn)
            .await
            .unwrap()
            .is_none());
    });
}
