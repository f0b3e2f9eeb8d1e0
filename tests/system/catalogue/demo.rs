//! The demo catalogue: big and varied enough to try search and review on.

use super::world;
use app::catalogue::entity::{service, service_version};
use app::catalogue::service::load;
use app::catalogue::types::*;
use bluelamp_tests::on_each_backend;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::HashSet;

#[tokio::test]
async fn the_demo_has_300_published_services_from_25_suppliers_using_every_facet() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let published = service::Entity::find()
            .filter(service::Column::Status.eq(ServiceStatus::Published))
            .all(&db.conn)
            .await
            .unwrap();
        assert!(published.len() >= 300, "{}", published.len());
        let suppliers: HashSet<i32> = published.iter().map(|s| s.supplier_id).collect();
        assert!(suppliers.len() >= 25, "{}", suppliers.len());
        let live_ids: Vec<i32> = published.iter().filter_map(|s| s.live_version_id).collect();
        let mut listings = Vec::new();
        for chunk in live_ids.chunks(300) {
            for v in service_version::Entity::find()
                .filter(service_version::Column::Id.is_in(chunk.to_vec()))
                .all(&db.conn)
                .await
                .unwrap()
            {
                listings.push(load::parse_listing(&v.listing).unwrap());
            }
        }
        let c = super::choices(db, &w.software).await;
        for l in &listings {
            assert!(!l.name.is_empty() && l.price_min.is_some());
        }
        for d in DataLocation::ALL {
            assert!(
                listings.iter().any(|l| l.data_location == Some(*d)),
                "{d:?}"
            );
        }
        for x in Clearance::ALL {
            assert!(listings.iter().any(|l| l.clearance == Some(*x)), "{x:?}");
        }
        for x in Vetting::ALL {
            assert!(listings.iter().any(|l| l.vetting == Some(*x)), "{x:?}");
        }
        for x in Network::ALL {
            assert!(listings.iter().any(|l| l.networks.contains(x)), "{x:?}");
        }
        for x in Standard::ALL {
            assert!(listings.iter().any(|l| l.standards.contains(x)), "{x:?}");
        }
        for (id, kind, name, _) in &c.terms {
            let used = listings
                .iter()
                .any(|l| l.works_with.contains(id) || l.can_replace.contains(id));
            assert!(used, "{kind:?} {name}");
        }
        // And services in every other state.
        for status in [
            ServiceStatus::Draft,
            ServiceStatus::Suspended,
            ServiceStatus::Withdrawn,
        ] {
            let n = service::Entity::find()
                .filter(service::Column::Status.eq(status))
                .count(&db.conn)
                .await
                .unwrap();
            assert!(n > 0, "{status:?}");
        }
        let returned = service_version::Entity::find()
            .filter(service_version::Column::State.eq(VersionState::Returned))
            .count(&db.conn)
            .await
            .unwrap();
        assert!(returned > 0);

        // Seeding again adds nothing; generate adds exactly what it is asked.
        app::seed::demo(db).await.unwrap();
        let count = service::Entity::find().count(&db.conn).await.unwrap();
        let added = app::catalogue::seed::generate(db, 250).await.unwrap();
        assert_eq!(added, 250);
        assert_eq!(
            service::Entity::find().count(&db.conn).await.unwrap(),
            count + 250
        );
        // New services get ids after the generated ones on both databases.
        service::Entity::find_by_id((count + 250) as i32)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let id = app::catalogue::service::start_draft(db, Some(&w.beacon), w.software.id)
            .await
            .unwrap();
        assert!(id as u64 > count + 250);
    });
}
