//! Joining: another force adds its demand, changes or withdraws it until the join deadline,
//! and is then locked in; the lead sees the total; the lead's people are told.

use super::{join_form, opened, world};
use app::error::ServiceError;
use app::money::Money;
use app::procurement::service as s;
use app::procurement::types::NotificationKind;
use bluelamp_tests::{on_each_backend, viewer};
use chrono::Duration;

#[tokio::test]
async fn forces_join_change_and_withdraw_until_the_join_deadline() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let id = opened(db, &w, false).await;
        // Every other force sees it open to join.
        let lists = s::my_procurements(db, Some(&w.essex)).await.unwrap();
        assert!(lists.open_to_join.iter().any(|r| r.id == id));
        // Bad input: specific messages, nothing saved.
        match s::join(db, Some(&w.essex), id, &join_form("", "")).await {
            Err(ServiceError::Invalid(e)) => assert_eq!(
                e.get("quantity"),
                Some("Enter a quantity, an estimated value, or both")
            ),
            other => panic!("{other:?}"),
        }
        match s::join(db, Some(&w.essex), id, &join_form("ten", "£1.234")).await {
            Err(ServiceError::Invalid(e)) => {
                assert!(e.get("quantity").is_some());
                assert!(e.get("value").is_some());
            }
            other => panic!("{other:?}"),
        }
        assert!(s::join(db, Some(&w.essex), id, &join_form("40", "20,000"))
            .await
            .unwrap());
        assert!(
            !s::join(db, Some(&w.essex), id, &join_form("60", "30,000.50"))
                .await
                .unwrap()
        );
        let d = s::detail(db, Some(&w.kent), id).await.unwrap();
        assert_eq!(d.total.forces, 2);
        assert_eq!(d.total.quantity, 160);
        assert_eq!(d.total.value, Money::parse("80,000.50").unwrap());
        // The lead cannot join its own.
        assert!(matches!(
            s::join(db, Some(&w.kent), id, &join_form("1", "")).await,
            Err(ServiceError::Conflict(_))
        ));
        // Neither the national body nor a supplier joins.
        for v in [&w.national, &w.beacon] {
            assert!(matches!(
                s::join(db, Some(v), id, &join_form("1", "")).await,
                Err(ServiceError::Forbidden)
            ));
        }
        // The lead was told.
        let kent_inbox = app::procurement::service::notify::inbox(db, Some(&w.kent))
            .await
            .unwrap();
        assert!(kent_inbox.items.iter().any(
            |n| n.kind == NotificationKind::Joined && n.message.contains("Essex Police joined")
        ));
        // Withdraw and join again, then the deadline locks it.
        s::withdraw(db, Some(&w.essex), id).await.unwrap();
        assert_eq!(
            s::detail(db, Some(&w.kent), id).await.unwrap().total.forces,
            1
        );
        s::join(db, Some(&w.essex), id, &join_form("40", ""))
            .await
            .unwrap();
        db.advance_clock(Duration::days(2) + Duration::seconds(1));
        assert!(matches!(
            s::join(db, Some(&w.essex), id, &join_form("50", "")).await,
            Err(ServiceError::Conflict(_))
        ));
        assert!(matches!(
            s::withdraw(db, Some(&w.essex), id).await,
            Err(ServiceError::Conflict(_))
        ));
        // Other forces were told it opened.
        let essex_admin_inbox = app::procurement::service::notify::inbox(
            db,
            Some(&viewer(db, "buyer@essex.police.uk").await),
        )
        .await
        .unwrap();
        assert!(essex_admin_inbox
            .items
            .iter()
            .any(|n| n.kind == NotificationKind::OpenedToJoin));
    });
}
