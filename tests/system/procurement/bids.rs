//! Bids: drafted, submitted, revised and withdrawn until the deadline on the server's clock;
//! a second late is refused; read by the buyers only after it; per-force prices add up.

use super::{bid_pairs, published, world};
use app::error::ServiceError;
use app::procurement::service::{self as s, bids, load};
use app::procurement::types::{BidStatus, ProcurementState};
use bluelamp_tests::on_each_backend;
use chrono::Duration;

#[tokio::test]
async fn bids_are_sealed_until_the_deadline_and_refused_a_second_after_it() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let id = published(db, &w, false).await;
        // A draft: incomplete is fine, unreadable money is not.
        let saved = bids::save(
            db,
            Some(&w.cobalt),
            id,
            &[("total".into(), "lots".into())],
            false,
        )
        .await;
        assert!(matches!(saved, Err(ServiceError::Invalid(e)) if e.get("total").is_some()));
        let saved = bids::save(
            db,
            Some(&w.cobalt),
            id,
            &[("total".into(), "100".into())],
            false,
        )
        .await
        .unwrap();
        assert_eq!(
            (saved.version, saved.status, saved.receipt_hash),
            (1, BidStatus::Draft, None)
        );
        // Submitting needs every answer.
        match bids::save(
            db,
            Some(&w.cobalt),
            id,
            &[("total".into(), "100".into())],
            true,
        )
        .await
        {
            Err(ServiceError::Invalid(e)) => {
                assert_eq!(
                    e.get("requirement_1_meets"),
                    Some("Say whether your service meets requirement 1")
                );
                assert_eq!(e.get("criterion_1"), Some("Respond to criterion 1"));
            }
            other => panic!("{other:?}"),
        }
        let first = bids::save(
            db,
            Some(&w.cobalt),
            id,
            &bid_pairs("1,000.00", "SECRET-A"),
            true,
        )
        .await
        .unwrap();
        assert_eq!(first.status, BidStatus::Submitted);
        let revised = bids::save(
            db,
            Some(&w.cobalt),
            id,
            &bid_pairs("950.00", "SECRET-B"),
            true,
        )
        .await
        .unwrap();
        assert_eq!(revised.version, 3);
        assert_ne!(revised.receipt_hash, first.receipt_hash);
        // A submitted bid is not turned back into a draft by saving.
        assert!(matches!(
            bids::save(db, Some(&w.cobalt), id, &bid_pairs("1.00", "x"), false).await,
            Err(ServiceError::Conflict(_))
        ));
        bids::save(
            db,
            Some(&w.beacon),
            id,
            &bid_pairs("1,200.00", "SECRET-C"),
            true,
        )
        .await
        .unwrap();
        bids::withdraw(db, Some(&w.beacon), id).await.unwrap();
        assert_eq!(bids::count(&db.conn, id).await.unwrap(), 1);
        bids::save(
            db,
            Some(&w.beacon),
            id,
            &bid_pairs("1,150.00", "SECRET-D"),
            true,
        )
        .await
        .unwrap();
        assert_eq!(bids::count(&db.conn, id).await.unwrap(), 2);
        // Only its own bid.
        let own = bids::my_bid(db, Some(&w.cobalt), id)
            .await
            .unwrap()
            .unwrap();
        assert!(own.content.criteria[0].contains("SECRET-B"));
        assert!(bids::my_bid(db, Some(&w.kent), id).await.is_err());
        // Nobody opens them before the deadline: not the lead, not the national body.
        for v in [&w.kent, &w.national] {
            assert!(matches!(
                s::opened_bids(db, Some(v), id).await,
                Err(ServiceError::Conflict(m)) if m.starts_with("Bids are sealed until")
            ));
        }
        for v in [&w.essex, &w.cobalt] {
            assert!(matches!(
                s::opened_bids(db, Some(v), id).await,
                Err(ServiceError::Forbidden)
            ));
        }
        // One second before the deadline a revision is accepted; at one second after, refused.
        let p = load::find(&db.conn, id).await.unwrap().unwrap();
        let deadline = p.bid_deadline.unwrap();
        let to_go = deadline - db.now();
        db.advance_clock(to_go - Duration::seconds(2));
        bids::save(
            db,
            Some(&w.ironbridge),
            id,
            &bid_pairs("999.99", "SECRET-E"),
            true,
        )
        .await
        .unwrap();
        db.advance_clock(Duration::seconds(3));
        assert!(db.now() > deadline);
        for who in [&w.ironbridge, &w.cobalt] {
            assert!(matches!(
                bids::save(db, Some(who), id, &bid_pairs("1.00", "LATE"), true).await,
                Err(ServiceError::Conflict(m)) if m.contains("was not accepted")
            ));
        }
        assert!(matches!(
            bids::withdraw(db, Some(&w.cobalt), id).await,
            Err(ServiceError::Conflict(_))
        ));
        // After the deadline: the lead reads each bid's last submitted revision.
        let opened = s::opened_bids(db, Some(&w.kent), id).await.unwrap();
        assert_eq!(opened.len(), 3);
        let cobalt = opened
            .iter()
            .find(|b| b.supplier_id == w.cobalt.org_id)
            .unwrap();
        assert_eq!(cobalt.version, 3);
        assert!(cobalt.content.criteria[0].contains("SECRET-B"));
        assert!(!format!("{opened:?}").contains("LATE"));
        assert_eq!(
            load::find(&db.conn, id).await.unwrap().unwrap().state,
            ProcurementState::Closed
        );
        // The national body may read them too; another force may not.
        assert_eq!(
            s::opened_bids(db, Some(&w.national), id)
                .await
                .unwrap()
                .len(),
            3
        );
        assert!(s::opened_bids(db, Some(&w.essex), id).await.is_err());
    });
}

#[tokio::test]
async fn prices_per_force_must_add_up_to_the_total() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let id = published(db, &w, true).await;
        let mut pairs = bid_pairs("1,000.00", "x");
        pairs.push((format!("price_{}", w.kent.org_id), "600.00".into()));
        pairs.push((format!("price_{}", w.essex.org_id), "300.00".into()));
        match bids::save(db, Some(&w.cobalt), id, &pairs, true).await {
            Err(ServiceError::Invalid(e)) => assert_eq!(
                e.get("total"),
                Some("The prices for each force add up to £900.00, not the total of £1,000.00")
            ),
            other => panic!("{other:?}"),
        }
        pairs.pop();
        pairs.push((format!("price_{}", w.essex.org_id), "400.00".into()));
        bids::save(db, Some(&w.cobalt), id, &pairs, true)
            .await
            .unwrap();
    });
}
