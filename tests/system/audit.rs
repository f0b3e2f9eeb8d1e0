//! The audit log: every change writes an event in the same transaction, and tampering with
//! the chain is caught by verify.

use app::audit::entity::audit_event;
use app::audit::service::{list, verify, VerifyReport};
use app::audit::types::{actions, AuditFilter};
use app::identity::seed::seed_demo;
use app::identity::service;
use app::identity::types::*;
use bluelamp_tests::{on_each_backend, PASSWORD};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder};

async fn actions_logged(db: &app::db::Db) -> Vec<String> {
    audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Id)
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

#[tokio::test]
async fn changes_are_logged_and_the_chain_verifies() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let form = SignInForm {
            email: "admin@npto.example".into(),
            password: PASSWORD.into(),
            next: String::new(),
        };
        let national = service::sign_in(db, &form, "10.0.0.1").await.unwrap();
        let bad = SignInForm {
            password: "wrong-password-here".into(),
            ..form.clone()
        };
        let _ = service::sign_in(db, &bad, "10.0.0.1").await;
        let vendor = service::register_supplier(
            db,
            &RegisterSupplierForm {
                company_name: "Audit Test Ltd".into(),
                companies_house_number: "87654321".into(),
                supplier_size: "large".into(),
                name: "Val".into(),
                email: "val@audit.example".into(),
                password: "orchard-lantern-42".into(),
                confirm_password: "orchard-lantern-42".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        service::decide_supplier(
            db,
            Some(&national),
            vendor.org_id,
            &DecideSupplierForm {
                decision: "reject".into(),
                reason: "No evidence of insurance".into(),
            },
        )
        .await
        .unwrap();
        let logged = actions_logged(db).await;
        for a in [
            actions::DEMO_SEEDED,
            actions::SIGNED_IN,
            actions::SIGN_IN_FAILED,
            actions::SUPPLIER_REGISTERED,
            actions::SUPPLIER_REJECTED,
        ] {
            assert!(logged.iter().any(|l| l == a), "{a} missing from {logged:?}");
        }
        assert_eq!(
            verify(&db.conn).await.unwrap(),
            VerifyReport::Intact {
                events: logged.len() as u64
            }
        );

        // Filters and authorisation of the listing.
        let filter = AuditFilter {
            action: actions::SUPPLIER_REJECTED.into(),
            ..Default::default()
        };
        let page = list(&db.conn, Some(&national), &filter).await.unwrap();
        assert_eq!(page.total, 1);
        assert!(page.rows[0].details.contains("insurance"));
        let by_user = AuditFilter {
            user: "val@audit".into(),
            ..Default::default()
        };
        assert_eq!(
            list(&db.conn, Some(&national), &by_user)
                .await
                .unwrap()
                .total,
            1
        );
        // LIKE wildcards typed into the filter match only themselves.
        let wildcard = AuditFilter {
            user: "va_@audit".into(),
            ..Default::default()
        };
        let found = list(&db.conn, Some(&national), &wildcard).await.unwrap();
        assert_eq!(found.total, 0);
        let bad_date = AuditFilter {
            from: "2026-13-45".into(),
            ..Default::default()
        };
        assert!(matches!(
            list(&db.conn, Some(&national), &bad_date).await,
            Err(app::error::ServiceError::Invalid(_))
        ));
        assert!(matches!(
            list(&db.conn, Some(&vendor), &filter).await,
            Err(app::error::ServiceError::Forbidden)
        ));
        assert!(matches!(
            list(&db.conn, None, &filter).await,
            Err(app::error::ServiceError::Forbidden)
        ));
    });
}

#[tokio::test]
async fn a_failed_change_writes_no_event() {
    on_each_backend!(|db| {
        let before = audit_event::Entity::find().count(&db.conn).await.unwrap();
        let form = RegisterForceForm {
            name: "X".into(),
            email: "x@gmail.com".into(),
            password: "orchard-lantern-42".into(),
            confirm_password: "orchard-lantern-42".into(),
        };
        assert!(service::register_force_user(db, &form).await.is_err());
        assert_eq!(
            audit_event::Entity::find().count(&db.conn).await.unwrap(),
            before
        );
    });
}

#[tokio::test]
async fn tampering_is_detected_and_named() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        for i in 0..4 {
            let form = SignInForm {
                email: "buyer@kent.police.uk".into(),
                password: PASSWORD.into(),
                next: String::new(),
            };
            service::sign_in(db, &form, &format!("10.9.0.{i}"))
                .await
                .unwrap();
        }
        let events = audit_event::Entity::find()
            .order_by_asc(audit_event::Column::Id)
            .all(&db.conn)
            .await
            .unwrap();
        assert!(matches!(
            verify(&db.conn).await.unwrap(),
            VerifyReport::Intact { .. }
        ));

        // Edit one event's details.
        let target = events[2].id;
        db.conn
            .execute_unprepared(&format!("UPDATE audit_event SET details = '{{\"address\":\"10.6.6.6\"}}' WHERE id = {target}"))
            .await
            .unwrap();
        match verify(&db.conn).await.unwrap() {
            VerifyReport::Broken { event_id, reason } => {
                assert_eq!(event_id, target);
                assert!(reason.contains("edited"));
            }
            other => panic!("tampering not detected: {other:?}"),
        }

        // Put it back, then delete an event instead: the next one is named.
        db.conn
            .execute_unprepared(&format!(
                "UPDATE audit_event SET details = '{}' WHERE id = {target}",
                events[2].details.replace('\'', "''")
            ))
            .await
            .unwrap();
        assert!(matches!(
            verify(&db.conn).await.unwrap(),
            VerifyReport::Intact { .. }
        ));
        db.conn
            .execute_unprepared(&format!(
                "DELETE FROM audit_event WHERE id = {}",
                events[1].id
            ))
            .await
            .unwrap();
        match verify(&db.conn).await.unwrap() {
            VerifyReport::Broken { event_id, reason } => {
                assert_eq!(event_id, events[2].id);
                assert!(reason.contains("removed"));
            }
            other => panic!("deletion not detected: {other:?}"),
        }
    });
}

#[tokio::test]
async fn concurrent_changes_keep_one_chain() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut tasks = Vec::new();
        for i in 0..12 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                let form = SignInForm {
                    email: "analyst@npto.example".into(),
                    password: "wrong-but-long-enough".into(),
                    next: String::new(),
                };
                let _ = service::sign_in(&db, &form, &format!("10.8.{i}.1")).await;
                let form = SignInForm {
                    email: "admin@npto.example".into(),
                    password: PASSWORD.into(),
                    next: String::new(),
                };
                service::sign_in(&db, &form, &format!("10.7.{i}.1"))
                    .await
                    .unwrap();
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert!(matches!(
            verify(&db.conn).await.unwrap(),
            VerifyReport::Intact { .. }
        ));
    });
}
