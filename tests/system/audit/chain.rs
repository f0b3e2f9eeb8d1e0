//! The chain: the database refuses changes; edits, removals, forgeries and truncation (with a
//! checkpoint) are named; concurrent writers keep one chain.

use app::audit::checkpoint::{self, Checkpoint, CheckpointError};
use app::audit::entity::audit_event;
use app::audit::key::AuditKey;
use app::audit::rules::{event_hash, ChainFields};
use app::audit::service::{verify, VerifyReport};
use app::identity::seed::seed_demo;
use app::identity::service;
use app::identity::types::*;
use bluelamp_tests::{bypass_audit_triggers, on_each_backend, PASSWORD};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

async fn sign_in_a_few_times(db: &app::db::Db, times: usize) {
    for i in 0..times {
        let form = SignInForm {
            email: "buyer@kent.police.uk".into(),
            password: PASSWORD.into(),
            next: String::new(),
        };
        service::sign_in(db, &form, &format!("10.9.0.{i}"))
            .await
            .unwrap();
    }
}

async fn all_events(db: &app::db::Db) -> Vec<audit_event::Model> {
    audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Id)
        .all(&db.conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_events() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let id = all_events(db).await[0].id;
        for sql in [
            format!("UPDATE audit_event SET details = '{{}}' WHERE id = {id}"),
            format!("DELETE FROM audit_event WHERE id = {id}"),
        ] {
            let err = db.conn.execute_unprepared(&sql).await.unwrap_err();
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
        if app::db::is_postgres(&db.conn) {
            let err = db
                .conn
                .execute_unprepared("TRUNCATE audit_event")
                .await
                .unwrap_err();
            assert!(err.to_string().contains("append-only"), "{err}");
        }
        assert!(matches!(
            verify(db).await.unwrap(),
            VerifyReport::Intact { .. }
        ));
    });
}

#[tokio::test]
async fn a_chain_recomputed_without_the_key_is_caught() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        sign_in_a_few_times(db, 2).await;
        bypass_audit_triggers(db).await;
        // A forger who can write to the database edits an event and re-signs every hash from
        // there on with a key of their own: without the real key the chain still breaks.
        let forger = AuditKey::from_bytes([0x11; 32]);
        let events = all_events(db).await;
        let mut prev = events[1].prev_hash.clone();
        for (n, e) in events.iter().enumerate().skip(1) {
            let details = if n == 1 {
                "{\"forged\":true}"
            } else {
                &e.details
            };
            let hash = event_hash(
                &forger,
                &ChainFields {
                    occurred_at: e.occurred_at,
                    user_id: e.user_id,
                    organisation_id: e.organisation_id,
                    action: &e.action,
                    object_type: &e.object_type,
                    object_id: &e.object_id,
                    details,
                    prev_hash: &prev,
                },
            );
            db.conn
                .execute_unprepared(&format!(
                    "UPDATE audit_event SET details = '{details}', prev_hash = '{prev}', hash = '{hash}' WHERE id = {}",
                    e.id
                ))
                .await
                .unwrap();
            prev = hash;
        }
        match verify(db).await.unwrap() {
            VerifyReport::Broken { event_id, reason } => {
                assert_eq!(event_id, events[1].id);
                assert!(reason.contains("another audit key"), "{reason}");
            }
            other => panic!("forgery not detected: {other:?}"),
        }
    });
}

#[tokio::test]
async fn a_checkpoint_detects_the_newest_events_being_deleted() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        sign_in_a_few_times(db, 3).await;
        let line = checkpoint::take(db).await.unwrap().to_line(db.audit_key());
        let checkpoints = checkpoint::parse_file(&format!("{line}\n"), db.audit_key()).unwrap();
        sign_in_a_few_times(db, 1).await;
        assert!(matches!(
            checkpoint::verify_against(db, &checkpoints).await.unwrap(),
            VerifyReport::Intact { .. }
        ));

        // Delete the three newest events: what is left is a valid chain, so only the
        // checkpoint can tell.
        bypass_audit_triggers(db).await;
        let events = all_events(db).await;
        let keep = events[events.len() - 4].id;
        db.conn
            .execute_unprepared(&format!("DELETE FROM audit_event WHERE id > {keep}"))
            .await
            .unwrap();
        assert!(matches!(
            verify(db).await.unwrap(),
            VerifyReport::Intact { .. }
        ));
        match checkpoint::verify_against(db, &checkpoints).await.unwrap() {
            VerifyReport::Broken { event_id, reason } => {
                assert_eq!(event_id, checkpoints[0].last_id);
                assert!(reason.contains("missing"), "{reason}");
            }
            other => panic!("truncation not detected: {other:?}"),
        }
    });
}

#[tokio::test]
async fn a_checkpoint_signed_with_another_key_or_edited_is_refused() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let taken: Checkpoint = checkpoint::take(db).await.unwrap();
        let other = AuditKey::from_bytes([0x22; 32]);
        let forged = taken.to_line(&other);
        assert!(matches!(
            checkpoint::parse_file(&forged, db.audit_key()),
            Err(CheckpointError::BadSignature { line: 1 })
        ));
        assert!(matches!(
            checkpoint::parse_file("\n\n", db.audit_key()),
            Err(CheckpointError::Empty)
        ));
    });
}

#[tokio::test]
async fn tampering_is_detected_and_named() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        sign_in_a_few_times(db, 4).await;
        bypass_audit_triggers(db).await;
        let events = all_events(db).await;
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
                    // One unknown account each: the same account failing twelve times would
                    // be slowed down (by design), not what this test is about.
                    email: format!("nobody{i}@npto.example"),
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
