//! Publishing after the join deadline to the lot's suppliers, and amendments that extend but
//! never shorten, told to everyone concerned.

use super::{complete, join_form, opened, published, world};
use app::error::ServiceError;
use app::procurement::service::{self as s, load, notify, OpportunityFilter};
use app::procurement::types::{NotificationKind, ProcurementState};
use bluelamp_tests::{on_each_backend, viewer};
use chrono::Duration;

#[tokio::test]
async fn it_is_published_after_the_join_deadline_to_the_lots_suppliers_only() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let id = opened(db, &w, false).await;
        s::join(db, Some(&w.essex), id, &join_form("10", ""))
            .await
            .unwrap();
        assert!(matches!(
            s::publish(db, Some(&w.kent), id).await,
            Err(ServiceError::Conflict(m)) if m.contains("publish after it")
        ));
        assert!(matches!(
            s::publish(db, Some(&w.essex), id).await,
            Err(ServiceError::Forbidden)
        ));
        // Not yet an opportunity.
        assert!(matches!(
            s::opportunity_detail(db, Some(&w.beacon), id).await,
            Err(ServiceError::NotFound)
        ));
        db.advance_clock(Duration::days(2) + Duration::minutes(1));
        let n = s::publish(db, Some(&w.kent), id).await.unwrap();
        assert!(n >= 3, "published to {n} suppliers");
        let (rows, _) = s::opportunities(db, Some(&w.beacon), &OpportunityFilter::default())
            .await
            .unwrap();
        assert!(rows.iter().any(|r| r.id == id));
        let o = s::opportunity_detail(db, Some(&w.cobalt), id)
            .await
            .unwrap();
        assert_eq!(o.state, ProcurementState::Published);
        assert_eq!(o.forces.len(), 2);
        // A supplier not approved on the lot (Harbour) sees nothing.
        let harbour = viewer(db, "admin@harbour-digital.example").await;
        assert!(s::opportunity_detail(db, Some(&harbour), id).await.is_err());
        let (rows, _) = s::opportunities(db, Some(&harbour), &OpportunityFilter::default())
            .await
            .unwrap();
        assert!(!rows.iter().any(|r| r.id == id));
        let inbox = notify::inbox(db, Some(&w.beacon)).await.unwrap();
        assert!(inbox
            .items
            .iter()
            .any(|n| n.kind == NotificationKind::Published));
    });
}

#[tokio::test]
async fn amendments_extend_deadlines_but_never_bring_them_forward() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let id = published(db, &w, false).await;
        let p = load::find(&db.conn, id).await.unwrap().unwrap();
        let mut t = load::timeline(&p).unwrap();
        let fields = load::fields(&p).unwrap();
        // Bringing the bid deadline forward is refused.
        let mut earlier = t;
        earlier.bid -= Duration::days(1);
        let mut f = fields.clone();
        f.extend(app::procurement::form::timeline_fields(&earlier));
        match s::amend(db, Some(&w.kent), id, f, "Shorter").await {
            Err(ServiceError::Invalid(e)) => assert_eq!(
                e.get("bid_deadline_day"),
                Some("The bid deadline can be extended but not brought forward")
            ),
            other => panic!("{other:?}"),
        }
        // A reason is needed.
        t.bid += Duration::days(3);
        t.evaluation += Duration::days(3);
        t.award += Duration::days(3);
        let mut f = fields.clone();
        f.extend(app::procurement::form::timeline_fields(&t));
        assert!(matches!(
            s::amend(db, Some(&w.kent), id, f.clone(), " ").await,
            Err(ServiceError::Invalid(e)) if e.get("reason").is_some()
        ));
        f.insert("summary".into(), "A clearer summary.".into());
        let n = s::amend(db, Some(&w.kent), id, f, "More time to price the migration")
            .await
            .unwrap();
        assert_eq!(n, 1);
        let p = load::find(&db.conn, id).await.unwrap().unwrap();
        assert_eq!(p.bid_deadline, Some(t.bid));
        let o = s::opportunity_detail(db, Some(&w.cobalt), id)
            .await
            .unwrap();
        assert_eq!(o.amendments.len(), 1);
        assert!(o.amendments[0]
            .changes
            .iter()
            .any(|c| c.starts_with("The bid deadline moved")));
        assert!(o.amendments[0]
            .changes
            .contains(&"About the requirement changed".to_string()));
        let inbox = notify::inbox(db, Some(&w.cobalt)).await.unwrap();
        assert!(inbox
            .items
            .iter()
            .any(|n| n.kind == NotificationKind::Amended && n.message.contains("More time")));
        // The lot cannot change.
        let mut f = load::fields(&load::find(&db.conn, id).await.unwrap().unwrap()).unwrap();
        f.insert("lot".into(), "999999".into());
        assert!(matches!(
            s::amend(db, Some(&w.kent), id, f, "Other lot").await,
            Err(ServiceError::Invalid(e)) if e.get("lot").is_some()
        ));
        let _ = complete;
    });
}
