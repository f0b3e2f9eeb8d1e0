//! Signing in: lock-outs per account and per address, one attempt at a time, the API.

use super::field_error;
use app::error::ServiceError;
use app::identity::seed::seed_demo;
use app::identity::service::{self};
use app::identity::types::*;
use axum::http::StatusCode;
use bluelamp_tests::Client;
use bluelamp_tests::{on_each_backend, PASSWORD};
use sea_orm::ActiveModelTrait;
use serde_json::json;

#[tokio::test]
async fn five_failures_lock_the_pair_not_the_account() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let wrong = |email: &str| SignInForm {
            email: email.into(),
            password: "not-the-password".into(),
            next: String::new(),
        };
        let right = SignInForm {
            email: "buyer@kent.police.uk".into(),
            password: PASSWORD.into(),
            next: String::new(),
        };
        for _ in 0..4 {
            let e = service::sign_in(db, &wrong("buyer@kent.police.uk"), "10.1.0.1")
                .await
                .unwrap_err();
            assert!(field_error(e, "email").contains("correct email address and password"));
        }
        // The fifth failure from the same address locks that account from that address...
        let e = service::sign_in(db, &wrong("buyer@kent.police.uk"), "10.1.0.1")
            .await
            .unwrap_err();
        assert!(
            matches!(&e, ServiceError::Locked { message } if message.contains("15 minutes")),
            "{e:?}"
        );
        let e = service::sign_in(db, &right, "10.1.0.1").await.unwrap_err();
        assert!(matches!(e, ServiceError::Locked { .. }));
        // ...but an attacker cannot lock the owner out: from their own address they sign in
        // (after a short delay: the account has failed five times lately).
        service::sign_in(db, &right, "10.2.0.1").await.unwrap();
        // Another account from the locked address is unaffected.
        service::sign_in(
            db,
            &SignInForm {
                email: "evaluator@kent.police.uk".into(),
                ..right.clone()
            },
            "10.1.0.1",
        )
        .await
        .unwrap();
    });
}

#[tokio::test]
async fn a_network_has_a_generous_budget_and_ipv6_counts_by_its_64() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        // A force's NAT: many people, a few typos each, one address. Not locked.
        for i in 0..20 {
            let form = SignInForm {
                email: format!("typo{i}@kent.police.uk"),
                password: "not-the-password".into(),
                next: String::new(),
            };
            let e = service::sign_in(db, &form, "10.9.9.9").await.unwrap_err();
            assert!(matches!(e, ServiceError::Invalid(_)), "attempt {i}: {e:?}");
        }
        // Rotating through one IPv6 /64 is one network: the pair locks after five.
        let wrong = SignInForm {
            email: "buyer@essex.police.uk".into(),
            password: "not-the-password".into(),
            next: String::new(),
        };
        for i in 0..5 {
            let r = service::sign_in(db, &wrong, &format!("2001:db8:7:7::{i:x}")).await;
            assert_eq!(
                matches!(r, Err(ServiceError::Locked { .. })),
                i == 4,
                "attempt {i}"
            );
        }
        let e = service::sign_in(db, &wrong, "2001:db8:7:7:ffff::1")
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Locked { .. }));
        // Another /64 is another network.
        let e = service::sign_in(db, &wrong, "2001:db8:7:8::1")
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Invalid(_)), "{e:?}");
    });
}

#[tokio::test]
async fn a_network_over_its_budget_is_locked_for_every_account() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        // Past failures, as if a hundred guesses had come from one address in the last minutes.
        let txn = db.write().await.unwrap();
        for i in 0..100 {
            app::identity::entity::sign_in_failure::ActiveModel {
                email: sea_orm::Set(format!("spray{i}@example.test")),
                client_address: sea_orm::Set("10.66.0.1".into()),
                occurred_at: sea_orm::Set(chrono::Utc::now()),
                ..Default::default()
            }
            .insert(&*txn)
            .await
            .unwrap();
        }
        txn.commit().await.unwrap();
        let right = SignInForm {
            email: "buyer@kent.police.uk".into(),
            password: PASSWORD.into(),
            next: String::new(),
        };
        let e = service::sign_in(db, &right, "10.66.0.1").await.unwrap_err();
        assert!(matches!(e, ServiceError::Locked { .. }));
        service::sign_in(db, &right, "10.66.0.2").await.unwrap();
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
                service::sign_in(&db, &form, "10.5.0.1").await
            }));
        }
        let mut checked = 0;
        for t in tasks {
            if let Err(ServiceError::Invalid(_)) = t.await.unwrap() {
                checked += 1;
            }
        }
        // One at a time: only the first four guesses get a password check; the fifth locks the
        // pair and the rest are refused.
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
        // A national admin must set up an app (in a browser) before the API lets them in...
        let r = c
            .post_json(
                "/api/v1/sign-in",
                json!({ "email": "admin@npto.example", "password": PASSWORD }),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.body.contains("authenticator app"));
        c.fresh().sign_in("admin@npto.example").await;
        // ...and then signs in with a code as well as the password.
        let r = c
            .post_json(
                "/api/v1/sign-in",
                json!({ "email": "admin@npto.example", "password": PASSWORD }),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("\"field\":\"code\""), "{}", r.body);
        let user = bluelamp_tests::user_row(db, "admin@npto.example").await;
        let code =
            bluelamp_tests::totp_code(user.totp_secret.as_deref().unwrap(), user.totp_last_step)
                .await;
        let r = c
            .post_json(
                "/api/v1/sign-in",
                json!({ "email": "admin@npto.example", "password": PASSWORD, "code": code }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let me: serde_json::Value = serde_json::from_str(&c.get("/api/v1/me").await.body).unwrap();
        assert_eq!(me["org_kind"], "national");
        let r = c.get("/api/v1/admin/suppliers?status=pending").await;
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
