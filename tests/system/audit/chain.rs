//! The hash chain: edits and removals are named; concurrent writers keep one chain.

use app::audit::entity::audit_event;
use app::audit::service::{verify, VerifyReport};
use app::identity::seed::seed_demo;
use app::identity::service;
use app::identity::types::*;
use bluelamp_tests::{on_each_backend, PASSWORD};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

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
            verify(db).await.unwrap(),
            VerifyReport::Intact { .. }
        ));

        // Edit one event's details.
        let target = events[2].id;
        db.conn
            .execute_unprepared(&format!("UPDATE audit_event SET details = '{{\"address\":\"10.6.6.6\"}}' WHERE id = {target}"))
            .await
            .unwrap();
        match verify(db).await.unwrap() {
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
            verify(db).await.unwrap(),
            VerifyReport::Intact { .. }
        ));
        db.conn
            .execute_unprepared(&format!(
                "DELETE FROM audit_event WHERE id = {}",
                events[1].id
            ))
            .await
            .unwrap();
        match verify(db).await.unwrap() {
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
            verify(db).await.unwrap(),
            VerifyReport::Intact { .. }
        ));
    });
}
