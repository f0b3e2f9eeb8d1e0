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
                    ("email", "admin@kent.police.uk"),
                    ("password", "wrong-password-x"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("There is a problem"));
        assert!(r
            .body
            .contains("Enter a correct email address and password"));
        assert!(r.body.contains("value=\"admin@kent.police.uk\""));
        assert!(r.body.contains("<title>Error: Sign in – Bluelamp</title>"));

        // Plant a session id before signing in (a flash message makes one).
        let before = c.cookie.clone();
        let r = c
            .post_form(
                "/sign-in",
                &[
                    ("email", "admin@kent.police.uk"),
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
        assert!(r.body.contains("Kerry Hughes"));

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
