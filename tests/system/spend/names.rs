//! The national body's buyer names and suppliers: mapped once and remembered, merged and
//! split with their payments.

use super::*;
use app::error::ServiceError;
use app::spend::entity::{spend_buyer, spend_supplier_name};
use app::spend::rules::buyer_key;
use app::spend::service::job;
use app::spend::types::BuyerStatus;
use bluelamp_tests::on_each_backend;

async fn force_id(db: &Db, name: &str) -> i32 {
    app::spend::service::load::forces(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .find(|(_, n)| n == name)
        .unwrap()
        .0
}

#[tokio::test]
async fn a_buyer_name_mapped_once_brings_its_rows_and_later_files_to_the_force() {
    on_each_backend!(|db| {
        let w = world(db).await;
        // The demo's framework file left MOPAC waiting.
        let queue = service::buyer_queue(db, Some(&w.analyst)).await.unwrap();
        let mopac = queue
            .waiting
            .iter()
            .find(|b| b.buyer.name == "Mayors Office for Policing and Crime")
            .unwrap()
            .buyer
            .clone();
        assert!(matches!(
            service::buyer_queue(db, Some(&w.kent)).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            service::map_buyer(db, Some(&w.kent), mopac.id, "not_a_force").await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            service::map_buyer(db, Some(&w.analyst), mopac.id, "").await,
            Err(ServiceError::Invalid(_))
        ));
        let met = force_id(db, "Metropolitan Police Service").await;
        service::map_buyer(db, Some(&w.analyst), mopac.id, &format!("force-{met}"))
            .await
            .unwrap();
        let rows = spend_payment::Entity::find()
            .filter(spend_payment::Column::BuyerId.eq(mopac.id))
            .all(&db.conn)
            .await
            .unwrap();
        assert!(!rows.is_empty());
        assert!(
            rows.iter().all(|p| p.force_id == Some(met)),
            "the waiting rows are the Met's"
        );
        // The next framework file with that name: the Met's at once.
        let file = "CustomerName,SupplierName,ReturnMonth,EvidencedSpend\n\"Mayors Office for Policing and Crime\",Softcat plc,2024-09-01,1000.00\n";
        let id = upload_and_confirm(
            db,
            &w.national,
            PublisherChoice::Ccs,
            "ccs.csv",
            file.as_bytes(),
        )
        .await;
        job::run_queued(db, "w").await.unwrap();
        let p = spend_payment::Entity::find()
            .filter(spend_payment::Column::ImportId.eq(id))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.force_id, Some(met));
        let b = spend_buyer::Entity::find()
            .filter(
                spend_buyer::Column::Key.eq(format!("={}", "mayors office for policing and crime")),
            )
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((b.status, b.force_id), (BuyerStatus::Force, Some(met)));
        assert!(buyer_key("Mayors Office for Policing and Crime").is_empty());
    });
}

#[tokio::test]
async fn suppliers_are_split_and_merged_with_their_payments() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let found = service::list_suppliers(db, Some(&w.analyst), "Microsoft")
            .await
            .unwrap();
        let ms = found
            .iter()
            .find(|s| s.spellings.len() == 2)
            .expect("the demo's two Microsoft spellings are one supplier")
            .clone();
        let before = ms.payments();
        assert!(matches!(
            service::list_suppliers(db, Some(&w.kent), "").await,
            Err(ServiceError::Forbidden)
        ));
        let upper = ms
            .spellings
            .iter()
            .find(|s| s.name == "MICROSOFT LIMITED")
            .unwrap();
        let new_id = service::split_spelling(db, Some(&w.analyst), ms.supplier.id, upper.id)
            .await
            .unwrap();
        let (split, _) = service::supplier_detail(db, Some(&w.analyst), new_id)
            .await
            .unwrap();
        assert_eq!(
            split.payments(),
            upper.payments,
            "its payments went with it"
        );
        assert_eq!(split.spellings.len(), 1);
        // Its only spelling cannot be split from it.
        assert!(matches!(
            service::split_spelling(db, Some(&w.analyst), new_id, upper.id).await,
            Err(ServiceError::Conflict(_))
        ));
        // The original offers it back as a similar name; merged, all is as it was.
        let (_, similar) = service::supplier_detail(db, Some(&w.analyst), ms.supplier.id)
            .await
            .unwrap();
        assert!(similar.iter().any(|s| s.id == new_id));
        service::merge_suppliers(db, Some(&w.analyst), ms.supplier.id, Some(new_id))
            .await
            .unwrap();
        let (merged, _) = service::supplier_detail(db, Some(&w.analyst), ms.supplier.id)
            .await
            .unwrap();
        assert_eq!(merged.payments(), before);
        assert_eq!(merged.spellings.len(), 2);
        assert!(matches!(
            service::supplier_detail(db, Some(&w.analyst), new_id).await,
            Err(ServiceError::NotFound)
        ));
        let names = spend_supplier_name::Entity::find()
            .filter(spend_supplier_name::Column::SupplierId.eq(ms.supplier.id))
            .count(&db.conn)
            .await
            .unwrap();
        assert_eq!(names, 2);
    });
}
