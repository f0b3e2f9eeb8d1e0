//! Copy from G-Cloud: every real record in the reference fixtures becomes a draft, with the
//! fields that map filled and the rest listed to complete.

use super::world;
use app::catalogue::service;
use app::catalogue::types::*;
use app::error::ServiceError;
use bluelamp_tests::on_each_backend;

const FIXTURES: &[(&str, &str, usize)] = &[
    (
        "g9 search results",
        include_str!("../../fixtures/gcloud/buyer-frontend__g9_search_results_fixture.json"),
        5,
    ),
    (
        "search results",
        include_str!("../../fixtures/gcloud/buyer-frontend__search_results_fixture.json"),
        9,
    ),
    (
        "search results, many pages",
        include_str!(
            "../../fixtures/gcloud/buyer-frontend__search_results_multiple_pages_fixture.json"
        ),
        100,
    ),
    (
        "a G-Cloud 5 service",
        include_str!("../../fixtures/gcloud/buyer-frontend__g5_service_fixture.json"),
        1,
    ),
    (
        "a G-Cloud 6 service",
        include_str!("../../fixtures/gcloud/buyer-frontend__g6_service_fixture.json"),
        1,
    ),
];

#[tokio::test]
async fn every_real_g_cloud_record_imports_as_a_draft() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let before = service::supplier_services(db, Some(&w.beacon), w.beacon.org_id)
            .await
            .unwrap()
            .len();
        let mut total = 0;
        for (what, json, count) in FIXTURES {
            let form = ImportForm {
                lot: "auto".into(),
                json: json.to_string(),
            };
            let drafts = service::import_gcloud(db, Some(&w.beacon), &form)
                .await
                .unwrap_or_else(|e| panic!("{what}: {e:?}"));
            assert_eq!(drafts.len(), *count, "{what}");
            for d in &drafts {
                assert!(!d.name.is_empty(), "{what}: every record has a name");
                assert!(
                    d.to_complete.iter().any(|t| t.contains("police vetting")),
                    "{what}: police facts are never in G-Cloud: {:?}",
                    d.to_complete
                );
                let r = service::service_record(db, Some(&w.beacon), d.service_id)
                    .await
                    .unwrap();
                let v = r.detail.working.unwrap();
                assert_eq!(v.state, VersionState::Draft);
                assert_eq!(v.listing.name, d.name);
            }
            total += drafts.len();
        }
        assert_eq!(total, 116);
        let after = service::supplier_services(db, Some(&w.beacon), w.beacon.org_id)
            .await
            .unwrap();
        assert_eq!(after.len(), before + 116);
        assert!(after.iter().any(|s| s.name == "Fastly CDN"));

        // Bad input is refused with a reason, and nothing is imported.
        for (json, says) in [
            ("{\"services\": ", "line"),
            ("{}", "No G-Cloud services were found"),
        ] {
            let form = ImportForm {
                lot: "auto".into(),
                json: json.into(),
            };
            match service::import_gcloud(db, Some(&w.beacon), &form).await {
                Err(ServiceError::Invalid(e)) => {
                    assert!(e.get("json").unwrap().contains(says), "{json}: {e:?}")
                }
                other => panic!("{json}: {other:?}"),
            }
        }
        let e = service::import_gcloud(
            db,
            Some(&w.buyer),
            &ImportForm {
                lot: "auto".into(),
                json: FIXTURES[0].1.into(),
            },
        )
        .await
        .unwrap_err();
        assert!(matches!(e, ServiceError::Forbidden));
        assert_eq!(
            service::supplier_services(db, Some(&w.beacon), w.beacon.org_id)
                .await
                .unwrap()
                .len(),
            before + 116
        );
    });
}
