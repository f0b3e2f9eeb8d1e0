//! What buyers see over HTTP: a published service, a lot, a supplier; 410 with a notice for a
//! withdrawn or suspended service; a listing form shown again with its errors.

use super::world;
use app::catalogue::service;
use app::catalogue::types::*;
use axum::http::StatusCode;
use bluelamp_tests::{link_id, on_each_backend, Client};

#[tokio::test]
async fn buyers_read_published_services_and_gone_ones_answer_410() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let mut anon = Client::new(db);
        let fw = anon.get(&format!("/frameworks/{}", w.live)).await;
        assert_eq!(fw.status, StatusCode::OK);
        assert!(fw.body.contains("Cloud software"));
        assert!(
            fw.body.contains("Law enforcement ("),
            "categories with counts"
        );
        let lot = anon
            .get(&format!("/frameworks/{}/lots/{}", w.live, w.software.id))
            .await;
        assert_eq!(lot.status, StatusCode::OK);
        let id = link_id(&lot.body, "/services/", "");
        let page = anon.get(&format!("/services/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        for heading in [
            "Pricing",
            "Security and assurance",
            "Police facts and interoperability",
        ] {
            assert!(page.body.contains(heading), "{heading}");
        }
        assert_eq!(
            anon.get(&format!(
                "/frameworks/{}/lots/{}?page=999",
                w.live, w.software.id
            ))
            .await
            .status,
            StatusCode::NOT_FOUND
        );

        let mine = service::supplier_services(db, Some(&w.beacon), w.beacon.org_id)
            .await
            .unwrap();
        let withdrawn = mine
            .iter()
            .find(|s| s.status == ServiceStatus::Withdrawn)
            .unwrap();
        let suspended = mine
            .iter()
            .find(|s| s.status == ServiceStatus::Suspended)
            .unwrap();
        let r = anon.get(&format!("/services/{}", withdrawn.id)).await;
        assert_eq!(r.status, StatusCode::GONE);
        assert!(r.body.contains("withdrawn by its supplier"));
        let r = anon.get(&format!("/services/{}", suspended.id)).await;
        assert_eq!(r.status, StatusCode::GONE);
        assert!(r
            .body
            .contains("Cyber Essentials Plus certificate has lapsed"));
        let draft = mine
            .iter()
            .find(|s| {
                s.working_state == Some(VersionState::Draft) && s.status == ServiceStatus::Draft
            })
            .unwrap();
        assert_eq!(
            anon.get(&format!("/services/{}", draft.id)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            anon.get("/services/999999").await.status,
            StatusCode::NOT_FOUND
        );
    });
}

#[tokio::test]
async fn a_listing_form_with_a_mistake_comes_back_with_its_errors_and_values() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let mut c = Client::signed_in(db, "admin@beacon-analytics.example").await;
        let r = c
            .post_form(
                "/supplier/services/new",
                &[("lot", &w.software.id.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let manage = r.location.unwrap();
        let page = c.get(&manage).await;
        assert!(page.body.contains("govuk-task-list"));
        assert!(page.body.contains("Not yet started"));
        let r = c
            .post_form(
                &format!("{manage}/pricing"),
                &[
                    ("price_min", "12.345"),
                    ("price_unit", "user"),
                    ("vat_included", "no"),
                    ("free_trial", "no"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("govuk-error-summary"));
        assert!(r.body.contains("no more than 2 decimal places"));
        assert!(
            r.body.contains("value=\"12.345\""),
            "the typed value is kept"
        );
        let r = c
            .post_form(
                &format!("{manage}/pricing"),
                &[
                    ("price_min", "12.34"),
                    ("price_unit", "user"),
                    ("price_interval", "month"),
                    ("vat_included", "no"),
                    ("free_trial", "no"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let page = c.get(&manage).await;
        assert!(page.body.contains("Completed"));
        assert!(page.body.contains("£12.34 a user a month"));
    });
}
