//! Raising: a draft keeps what was typed, private to its force; opening checks the whole
//! form with specific messages; collaborators come from the lead force; the national body
//! sets the minimum tender period.

use super::{complete, opened, timeline, world};
use app::error::ServiceError;
use app::procurement::service as s;
use app::procurement::types::ProcurementState;
use bluelamp_tests::{on_each_backend, viewer};
use chrono::Duration;

#[tokio::test]
async fn a_draft_keeps_what_was_typed_and_opens_only_when_complete() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let id = s::create_draft(db, Some(&w.kent), "Case files")
            .await
            .unwrap();
        let t = timeline(db.now(), 2);
        let mut f = complete(w.lot, &t, false);
        f.insert("criterion_1_weight".into(), "30".into());
        f.insert("join_deadline_year".into(), "2020".into());
        let left = s::save_draft(db, Some(&w.kent), id, f.clone())
            .await
            .unwrap();
        assert_eq!(
            left.get("criteria"),
            Some("The criteria's weights must total 100 (they total 90)")
        );
        assert_eq!(
            left.get("join_deadline_day"),
            Some("The join deadline must be in the future")
        );
        // Saved as typed, nothing lost.
        let d = s::detail(db, Some(&w.kent), id).await.unwrap();
        assert_eq!(
            d.fields.get("criterion_1_weight").map(String::as_str),
            Some("30")
        );
        assert_eq!(d.state, ProcurementState::Draft);
        match s::open_to_join(db, Some(&w.kent), id).await {
            Err(ServiceError::Invalid(e)) => {
                assert!(e.get("criteria").is_some());
                assert!(e.get("join_deadline_day").is_some());
            }
            other => panic!("{other:?}"),
        }
        // Without a price criterion.
        f = complete(w.lot, &t, false);
        f.insert("criterion_1_kind".into(), "quality".into());
        f.insert("criterion_1_scale".into(), "0 to 4".into());
        f.insert("criterion_1_guidance".into(), "guidance".into());
        let left = s::save_draft(db, Some(&w.kent), id, f).await.unwrap();
        assert_eq!(
            left.get("criteria"),
            Some("Include at least one price criterion")
        );
        // Out of order.
        let mut t2 = t;
        t2.bid = t.clarification - Duration::hours(1);
        let left = s::save_draft(db, Some(&w.kent), id, complete(w.lot, &t2, false))
            .await
            .unwrap();
        assert_eq!(
            left.get("bid_deadline_day"),
            Some("The bid deadline must be after the clarification deadline")
        );
        let left = s::save_draft(db, Some(&w.kent), id, complete(w.lot, &t, false))
            .await
            .unwrap();
        assert!(left.is_empty(), "{left}");
        s::open_to_join(db, Some(&w.kent), id).await.unwrap();
        let d = s::detail(db, Some(&w.kent), id).await.unwrap();
        assert_eq!(d.state, ProcurementState::OpenToJoin);
        assert_eq!(d.total.forces, 1);
        assert_eq!(d.total.quantity, 100);
    });
}

#[tokio::test]
async fn drafts_are_private_to_the_lead_force() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let id = s::create_draft(db, Some(&w.kent), "Private").await.unwrap();
        let kent_admin = viewer(db, "admin@kent.police.uk").await;
        assert!(s::detail(db, Some(&kent_admin), id).await.is_ok());
        for v in [&w.essex, &w.national] {
            assert!(matches!(
                s::detail(db, Some(v), id).await,
                Err(ServiceError::NotFound)
            ));
        }
        assert!(matches!(
            s::detail(db, Some(&w.beacon), id).await,
            Err(ServiceError::Forbidden)
        ));
        let lists = s::my_procurements(db, Some(&w.essex)).await.unwrap();
        assert!(!lists.open_to_join.iter().any(|r| r.id == id));
        // Collaborators come from the lead force only.
        assert!(matches!(
            s::add_collaborator(db, Some(&w.kent), id, "buyer@essex.police.uk").await,
            Err(ServiceError::Invalid(_))
        ));
        s::add_collaborator(db, Some(&w.kent), id, "admin@kent.police.uk")
            .await
            .unwrap();
        assert_eq!(
            s::detail(db, Some(&w.kent), id)
                .await
                .unwrap()
                .collaborators,
            vec!["Kerry Hughes".to_string()]
        );
        // Another force cannot change it.
        assert!(matches!(
            s::save_draft(db, Some(&w.essex), id, Default::default()).await,
            Err(ServiceError::Forbidden)
        ));
    });
}

#[tokio::test]
async fn the_national_body_sets_the_minimum_tender_period() {
    on_each_backend!(|db| {
        let w = world(db).await;
        assert!(matches!(
            s::set_tender_period(db, Some(&w.kent), "20").await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            s::set_tender_period(db, Some(&w.national), "0").await,
            Err(ServiceError::Invalid(_))
        ));
        s::set_tender_period(db, Some(&w.national), "14")
            .await
            .unwrap();
        // 12 days between join and bid is now too short.
        let id = s::create_draft(db, Some(&w.kent), "Short").await.unwrap();
        let t = timeline(db.now(), 2);
        let left = s::save_draft(db, Some(&w.kent), id, complete(w.lot, &t, false))
            .await
            .unwrap();
        assert!(left
            .get("bid_deadline_day")
            .unwrap()
            .contains("at least 14 days after the join deadline"));
        s::set_tender_period(db, Some(&w.national), "10")
            .await
            .unwrap();
        let _ = opened(db, &w, false).await;
    });
}
