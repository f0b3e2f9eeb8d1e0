//! Signing in: lock-outs per account and per address, one attempt at a time, the API.

use super::field_error;
use app::error::ServiceError;
use app::identity::seed::seed_demo;
use app::identity::service::{self};
use app::identity::types::*;
use axum::http::StatusCode;
use bluelamp_tests::Client;
use bluelamp_tests::{on_each_backend, PASSWORD};
use serde_json::json;

#[tokio::test]
async fn five_failures_lock_an_account_and_an_address() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let wrong = |email: &str| SignInForm {
            email: email.into(),
            password: "not-the-password".into(),
            next: String::new(),
        };
        for i in 0..4 {
            let e = service::sign_in(db, &wrong("buyer@kent.police.uk"), &format!("10.1.0.{i}"))
                .await
                .unwrap_err();
            assert!(field_error(e, "email").contains("correct email address and password"));
        }
        // The fifth failure locks, from any address.
        let e = service::sign_in(db, &wrong("buyer@kent.police.uk"), "10.1.0.9")
            .await
            .unwrap_err();
        assert!(
            matches!(&e, ServiceError::Locked { message } if message.contains("15 minutes")),
            "{e:?}"
        );
        let right = SignInForm {
            email: "buyer@kent.police.uk".into(),
            password: PASSWORD.into(),
            next: String::new(),
        };
        let e = service::sign_in(db, &right, "10.2.0.1").await.unwrap_err();
        assert!(matches!(e, ServiceError::Locked { .. }));
        // Another account is unaffected.
        service::sign_in(
            db,
            &SignInForm {
                email: "admin@kent.police.uk".into(),
                ..right.clone()
            },
            "10.2.0.1",
        )
        .await
        .unwrap();

        // Five failures from one address lock that address, whatever the account.
        for (i, who) in [
            "a@x.example",
            "b@x.example",
            "c@x.example",
            "d@x.example",
            "e@x.example",
        ]
        .iter()
        .enumerate()
        {
            let r = service::sign_in(db, &wrong(who), "10.3.3.3").await;
            assert_eq!(
                matches!(r, Err(ServiceError::Locked { .. })),
                i == 4,
                "attempt {i}"
            );
        }
        let e = service::sign_in(
            db,
            &SignInForm {
                email: "admin@npto.example".into(),
                ..right.clone()
            },
            "10.3.3.3",
        )
        .await
        .unwrap_err();
        assert!(matches!(e, ServiceError::Locked { .. }));
    });
}

#[tokio::test]
async fn parallel_guesses_each_count_against_the_limit() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut tasks = Vec::new();
        for i in 0..12 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                let form = SignInForm {
                    email: "evaluator@kent.police.uk".into(),
                    password: format!("wrong-guess-number-{i}"),
                    next: String::new(),
                };
                service::sign_in(&db, &form, &format!("10.5.{i}.1")).await
            }));
        }
        let mut checked = 0;
        for t in tasks {
            if let Err(ServiceError::Invalid(_)) = t.await.unwrap() {
                checked += 1;
            }
        }
        // Only the first guesses get a password check; the rest are refused as locked.
        assert!(checked <= 4, "{checked} guesses were checked");
    });
}

#[tokio::test]
async fn the_api_signs_in_and_locks_out_with_429() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut c = Client::new(db);
        c.forwarded_for = Some("192.0.2.10".into());
        let r = c.get("/api/v1/me").await;
        // Signed out: authenticate first (#7: 401, not 403).
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = c
            .post_json(
                "/api/v1/sign-in",
                json!({ "email": "admin@npto.example", "password": PASSWORD }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let me: serde_json::Value = serde_json::from_str(&c.get("/api/v1/me").await.body).unwrap();
        assert_eq!(me["org_kind"], "national");
        let r = c.get("/api/v1/suppliers?status=pending").await;
        let pending: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(pending.as_array().unwrap().len(), 1);
        let id = pending[0]["id"].as_i64().unwrap();
        let r = c
            .post_json(
                &format!("/api/v1/suppliers/{id}/decision"),
                json!({ "decision": "reject" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("reason"));
        let r = c
            .post_json(
                &format!("/api/v1/suppliers/{id}/decision"),
                json!({ "decision": "approve" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let r = c.get("/api/v1/audit-events?action=supplier.approved").await;
        assert!(r.body.contains("\"total\":1"), "{}", r.body);

        let mut attacker = c.fresh();
        attacker.forwarded_for = Some("198.51.100.7".into());
        let mut statuses = Vec::new();
        for _ in 0..6 {
            let r = attacker
                .post_json(
                    "/api/v1/sign-in",
                    json!({ "email": "buyer@essex.police.uk", "password": "guessing-wrongly" }),
                )
                .await;
            statuses.push(r.status.as_u16());
        }
        assert_eq!(statuses, vec![422, 422, 422, 422, 429, 429]);
        let r = attacker
            .post_json(
                "/api/v1/sign-in",
                json!({ "email": "buyer@essex.police.uk", "password": PASSWORD }),
            )
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(r.body.contains("try again after"));
    });
}
