//! Sealed bids, proven: before the bid deadline, every route that shows a procurement, its
//! events, its notifications, its audit trail, its mail or its API, walked as every kind of
//! person, shows no bid's content; only the bidder reads its own. After the deadline the lead
//! does. The test can fail: its positive controls find the marker where it must be.

use super::{bid_pairs, published, world};
use app::procurement::service::bids;
use bluelamp_tests::{on_each_backend, Client};
use sea_orm::{ConnectionTrait, Statement};

const MARKER: &str = "SEALED7F3A";
/// Ironbridge's draft: seen by Ironbridge alone, and never opened.
const DRAFT_MARKER: &str = "DRAFTC41B";

#[tokio::test]
async fn no_route_shows_a_bids_content_before_the_deadline() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let id = published(db, &w, false).await;
        bids::save(
            db,
            Some(&w.cobalt),
            id,
            &bid_pairs("123,456.78", MARKER),
            true,
        )
        .await
        .unwrap();
        bids::save(
            db,
            Some(&w.ironbridge),
            id,
            &bid_pairs("98,765.43", DRAFT_MARKER),
            false,
        )
        .await
        .unwrap();
        let paths = [
            "/".to_string(),
            "/procurements".into(),
            format!("/procurements/{id}"),
            format!("/procurements/{id}/edit"),
            format!("/procurements/{id}/amend"),
            format!("/procurements/{id}/join"),
            format!("/procurements/{id}/bids"),
            "/opportunities".into(),
            "/opportunities?closing=all".into(),
            format!("/opportunities/{id}"),
            format!("/opportunities/{id}/bid"),
            "/notifications".into(),
            "/admin/audit".into(),
            "/admin/audit.csv".into(),
            "/dev/mailbox".into(),
            "/api/v1/audit-events".into(),
            "/api/v1/me".into(),
            format!("/api/v1/procurements/{id}"),
            "/api/v1/opportunities".into(),
        ];
        let people = [
            None,
            Some("buyer@kent.police.uk"),
            Some("admin@kent.police.uk"),
            Some("evaluator@kent.police.uk"),
            Some("buyer@essex.police.uk"),
            Some("analyst@npto.example"),
            Some("admin@npto.example"),
            Some("admin@beacon-analytics.example"),
            Some("admin@ironbridge-software.example"),
            Some("admin@juniper-forensics.example"),
        ];
        let base = Client::new(db);
        let mut leaks = Vec::new();
        for who in people {
            let mut c = base.fresh();
            if let Some(e) = who {
                c.sign_in(e).await;
            }
            for path in &paths {
                let r = c.get(path).await;
                let own_draft = who == Some("admin@ironbridge-software.example");
                if r.body.contains(MARKER)
                    || r.body.contains("123,456.78")
                    || r.body.contains("123456.78")
                    || (!own_draft && r.body.contains(DRAFT_MARKER))
                {
                    leaks.push(format!("{who:?} {path}: {}", r.status));
                }
            }
        }
        assert!(
            leaks.is_empty(),
            "bid content shown before the deadline:\n{}",
            leaks.join("\n")
        );
        // Nor is it anywhere but the bid table: events, notifications, audit, mail.
        for (table, column) in [
            ("procurement_event", "message"),
            ("notification", "message"),
            ("audit_event", "details"),
            ("mail_message", "body_text"),
        ] {
            let rows = db
                .conn
                .query_all_raw(Statement::from_string(
                    db.backend(),
                    format!("SELECT CAST({column} AS TEXT) AS t FROM {table}"),
                ))
                .await
                .unwrap();
            for row in rows {
                let text: Option<String> = row.try_get("", "t").ok();
                assert!(
                    !text
                        .as_deref()
                        .is_some_and(|t| t.contains(MARKER) || t.contains(DRAFT_MARKER)),
                    "{table}.{column} holds bid content"
                );
            }
        }
        // Positive controls: the bidder reads its own; after the deadline, the lead reads it.
        let mut cobalt = base.fresh();
        cobalt.sign_in("admin@cobalt-records-systems.example").await;
        assert!(cobalt
            .get(&format!("/opportunities/{id}/bid"))
            .await
            .body
            .contains(MARKER));
        let mut kent = base.fresh();
        kent.sign_in("buyer@kent.police.uk").await;
        let sealed = kent.get(&format!("/procurements/{id}/bids")).await;
        assert_eq!(sealed.status, axum::http::StatusCode::CONFLICT);
        assert!(sealed.body.contains("Bids are sealed until"));
        db.advance_clock(chrono::Duration::days(13));
        let opened = kent.get(&format!("/procurements/{id}/bids")).await;
        assert_eq!(opened.status, axum::http::StatusCode::OK);
        assert!(opened.body.contains(MARKER));
        assert!(opened.body.contains("Cobalt Records Systems Ltd"));
        // A draft never submitted is never opened.
        assert!(!opened.body.contains(DRAFT_MARKER));
    });
}
