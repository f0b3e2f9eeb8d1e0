//! The systems register: kept by a force (and the national body), CSV down and up (all or
//! nothing), and the duplication map across the 43 forces.

use super::*;
use app::error::ServiceError;
use app::spend::register::SystemForm;
use bluelamp_tests::on_each_backend;

fn athena() -> SystemForm {
    SystemForm {
        name: "Athena".into(),
        supplier: "NEC Software Solutions".into(),
        function: "Records management".into(),
        product: "Athena".into(),
        go_live_year: "2015".into(),
        end_of_support: "31/03/2027".into(),
        annual_maintenance: "1,250,000.00".into(),
        status: "legacy".into(),
        contract: "NEC/2015/001".into(),
    }
}

#[tokio::test]
async fn a_force_keeps_its_register_and_only_its_own() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let kent = w.kent.org_id;
        let before = service::register(db, Some(&w.kent), kent).await.unwrap();
        assert_eq!(
            before.systems.len(),
            10,
            "the demo register: one a function"
        );
        assert!(before.can_edit);
        let id = service::save_system(db, Some(&w.kent), kent, None, &athena())
            .await
            .unwrap();
        let after = service::register(db, Some(&w.kent), kent).await.unwrap();
        assert_eq!(after.systems.len(), 11);
        assert_eq!(
            after.total.pence() - before.total.pence(),
            125_000_000,
            "the maintenance total is exact"
        );
        // Mistakes are named, and nothing is saved.
        let bad = SystemForm {
            annual_maintenance: "lots".into(),
            function: "Teleportation".into(),
            ..athena()
        };
        let Err(ServiceError::Invalid(e)) =
            service::save_system(db, Some(&w.kent), kent, Some(id), &bad).await
        else {
            panic!("refused")
        };
        assert!(e.get("annual_maintenance").is_some() && e.get("function").is_some());
        // Essex can neither see nor change Kent's register.
        let forbidden = |r: Result<(), ServiceError>| matches!(r, Err(ServiceError::Forbidden));
        assert!(forbidden(
            service::register(db, Some(&w.essex), kent)
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            service::save_system(db, Some(&w.essex), kent, None, &athena())
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            service::delete_system(db, Some(&w.essex), id)
                .await
                .map(|_| ())
        ));
        // The national body keeps any force's.
        service::save_system(db, Some(&w.analyst), kent, Some(id), &athena())
            .await
            .unwrap();
        service::delete_system(db, Some(&w.kent), id).await.unwrap();
        assert_eq!(
            service::register(db, Some(&w.kent), kent)
                .await
                .unwrap()
                .systems
                .len(),
            10
        );
    });
}

#[tokio::test]
async fn the_register_goes_out_as_csv_and_comes_back_all_or_nothing() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let kent = w.kent.org_id;
        let csv = service::register_csv(db, Some(&w.kent), kent)
            .await
            .unwrap();
        assert!(csv.starts_with("System,Supplier,Function,"));
        let before = service::register(db, Some(&w.kent), kent).await.unwrap();
        // Its own download uploads unchanged.
        let n = service::upload_register(db, Some(&w.kent), kent, csv.as_bytes())
            .await
            .unwrap();
        assert_eq!(n, 10);
        let again = service::register(db, Some(&w.kent), kent).await.unwrap();
        assert_eq!(again.total, before.total);
        // A file with two bad rows changes nothing, and names both lines.
        let mut bad = csv.clone();
        bad.push_str("Broken,Acme,Teleportation,,,,,Current,\n");
        bad.push_str("Also broken,,Custody,,,,ten pounds,Current,\n");
        let Err(ServiceError::Invalid(e)) =
            service::upload_register(db, Some(&w.kent), kent, bad.as_bytes()).await
        else {
            panic!("refused")
        };
        let messages: Vec<&str> = e.0.iter().map(|f| f.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.starts_with("Line 12:")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("Line 13:")),
            "{messages:?}"
        );
        assert_eq!(
            service::register(db, Some(&w.kent), kent)
                .await
                .unwrap()
                .systems
                .len(),
            10,
            "nothing saved"
        );
        assert!(matches!(
            service::register_csv(db, Some(&w.essex), kent).await,
            Err(ServiceError::Forbidden)
        ));
    });
}

#[tokio::test]
async fn the_duplication_map_shows_who_runs_what_across_the_forces() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let groups = service::duplication_map(db, Some(&w.kent)).await.unwrap();
        let rms = groups
            .iter()
            .find(|g| g.function == "Records management")
            .unwrap();
        assert_eq!(rms.forces, 43, "every force has a records system");
        let listed: usize = rms.products.iter().map(|p| p.forces.len()).sum();
        assert_eq!(listed, 43);
        assert!(rms.products.len() > 1, "forces run different products");
        assert!(rms
            .products
            .windows(2)
            .all(|p| p[0].forces.len() >= p[1].forces.len()));
        let sum: i64 = rms.products.iter().map(|p| p.maintenance.pence()).sum();
        assert_eq!(sum, rms.maintenance.pence());
        let supplier = bluelamp_tests::viewer(db, "admin@beacon-analytics.example").await;
        assert!(matches!(
            service::duplication_map(db, Some(&supplier)).await,
            Err(ServiceError::Forbidden)
        ));
    });
}
