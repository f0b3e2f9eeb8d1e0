//! A listing through its lifecycle: draft, sections checked as saved, submitted, returned with
//! comments, published, edited as a new version (the old one live until approved), withdrawn
//! and suspended; every version kept and every move audited.

use super::{choices, complete, field_error, world};
use app::audit::entity::audit_event;
use app::catalogue::service;
use app::catalogue::types::*;
use app::error::ServiceError;
use bluelamp_tests::on_each_backend;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

fn review(intent: &str, reason: &str) -> ReasonForm {
    ReasonForm {
        intent: intent.into(),
        reason: reason.into(),
    }
}

#[tokio::test]
async fn a_listing_goes_through_review_and_an_edit_is_a_new_version() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let c = choices(db, &w.software).await;
        let id = service::start_draft(db, Some(&w.beacon), w.software.id)
            .await
            .unwrap();
        let sections = complete(&c, "Evidence Locker");

        // One field wrong: nothing of the section is saved.
        let mut bad = sections[1].1.clone();
        bad.0[0].1 = "four pounds".into();
        let e = service::save_section(db, Some(&w.beacon), id, Section::Pricing, &bad)
            .await
            .unwrap_err();
        assert!(field_error(e, "price_min").starts_with("Minimum price: Enter an amount"));
        let r = service::service_record(db, Some(&w.beacon), id)
            .await
            .unwrap();
        assert_eq!(r.detail.working.unwrap().listing.price_unit, None);

        // Other people cannot touch it.
        for who in [&w.cobalt, &w.buyer, &w.national] {
            let e = service::save_section(db, Some(who), id, Section::About, &sections[0].1)
                .await
                .unwrap_err();
            assert!(matches!(e, ServiceError::Forbidden), "{}", who.email);
        }

        // Submitting before every section is complete says which.
        service::save_section(db, Some(&w.beacon), id, Section::About, &sections[0].1)
            .await
            .unwrap();
        let e = service::submit_service(db, Some(&w.beacon), id)
            .await
            .unwrap_err();
        assert!(field_error(e, "section-pricing").contains("Enter the minimum price"));
        for (section, form) in &sections {
            service::save_section(db, Some(&w.beacon), id, *section, form)
                .await
                .unwrap();
        }
        service::submit_service(db, Some(&w.beacon), id)
            .await
            .unwrap();
        let e = service::save_section(db, Some(&w.beacon), id, Section::About, &sections[0].1)
            .await
            .unwrap_err();
        assert!(
            matches!(e, ServiceError::Conflict(_)),
            "locked while in review"
        );
        let queue = service::review_queue(db, Some(&w.analyst)).await.unwrap();
        assert!(queue.iter().any(|i| i.service_id == id && !i.is_edit));
        assert!(matches!(
            service::review_queue(db, Some(&w.beacon))
                .await
                .unwrap_err(),
            ServiceError::Forbidden
        ));
        // Not visible to buyers yet.
        assert!(matches!(
            service::public_service(db, Some(&w.buyer), id)
                .await
                .unwrap_err(),
            ServiceError::NotFound
        ));

        // Returned with a comment (required), fixed, resubmitted, published.
        let e = service::review_service(db, Some(&w.analyst), id, &review("return", " "))
            .await
            .unwrap_err();
        assert!(field_error(e, "reason").contains("Enter your comments"));
        service::review_service(
            db,
            Some(&w.analyst),
            id,
            &review("return", "Add a second benefit."),
        )
        .await
        .unwrap();
        let r = service::service_record(db, Some(&w.beacon), id)
            .await
            .unwrap();
        let working = r.detail.working.clone().unwrap();
        assert_eq!(working.state, VersionState::Returned);
        assert_eq!(
            working.review_comment.as_deref(),
            Some("Add a second benefit.")
        );
        let mut about = sections[0].1.clone();
        about.0[3].1 = "Faster charging decisions\nLess time in the property store".into();
        service::save_section(db, Some(&w.beacon), id, Section::About, &about)
            .await
            .unwrap();
        service::submit_service(db, Some(&w.beacon), id)
            .await
            .unwrap();
        service::review_service(db, Some(&w.analyst), id, &review("publish", ""))
            .await
            .unwrap();
        let seen = service::public_service(db, None, id).await.unwrap();
        assert_eq!(seen.live.as_ref().unwrap().listing.benefits.len(), 2);
        assert_eq!(seen.status, ServiceStatus::Published);

        // An edit is a new version; the live one stays until it is approved.
        service::start_edit(db, Some(&w.beacon), id).await.unwrap();
        let e = service::start_edit(db, Some(&w.beacon), id)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Conflict(_)));
        let mut about = about.clone();
        about.0[1].1 =
            "Digital evidence stored, shared with the CPS and disclosed, in one place.".into();
        service::save_section(db, Some(&w.beacon), id, Section::About, &about)
            .await
            .unwrap();
        service::submit_service(db, Some(&w.beacon), id)
            .await
            .unwrap();
        let live_now = service::public_service(db, None, id).await.unwrap();
        assert!(live_now
            .live
            .unwrap()
            .listing
            .summary
            .starts_with("Digital evidence stored, shared and"));
        let case = service::review_case(db, Some(&w.national), id)
            .await
            .unwrap();
        assert_eq!(case.changes.len(), 1);
        assert_eq!(case.changes[0].field, "Summary");
        assert!(case.changes[0].after.contains("with the CPS"));
        service::review_service(db, Some(&w.national), id, &review("publish", ""))
            .await
            .unwrap();
        let live_now = service::public_service(db, None, id).await.unwrap();
        assert!(live_now
            .live
            .unwrap()
            .listing
            .summary
            .contains("with the CPS"));

        let (_, versions) = service::service_versions(db, Some(&w.beacon), id)
            .await
            .unwrap();
        let states: Vec<(i32, VersionState)> =
            versions.iter().map(|v| (v.number, v.state)).collect();
        assert_eq!(
            states,
            [(2, VersionState::Published), (1, VersionState::Superseded)]
        );
        assert_eq!(versions[0].reviewed_by.as_deref(), Some("Nadia Okafor"));
        assert!(matches!(
            service::service_versions(db, Some(&w.cobalt), id)
                .await
                .unwrap_err(),
            ServiceError::Forbidden
        ));

        // Every move is in the audit log.
        let events: Vec<String> = audit_event::Entity::find()
            .filter(audit_event::Column::ObjectType.eq("service"))
            .filter(audit_event::Column::ObjectId.eq(id.to_string()))
            .all(&db.conn)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        for action in [
            "service.drafted",
            "service.saved",
            "service.submitted",
            "service.returned",
            "service.published",
            "service.edit_started",
        ] {
            assert!(events.iter().any(|e| e == action), "{action} in {events:?}");
        }
    });
}

#[tokio::test]
async fn withdrawn_and_suspended_services_are_gone() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let mine = service::supplier_services(db, Some(&w.beacon), w.beacon.org_id)
            .await
            .unwrap();
        let published: Vec<i32> = mine
            .iter()
            .filter(|s| s.status == ServiceStatus::Published && s.working_state.is_none())
            .map(|s| s.id)
            .collect();
        assert!(published.len() >= 3);
        let (a, b) = (published[0], published[1]);

        service::withdraw_service(db, Some(&w.beacon), a)
            .await
            .unwrap();
        let e = service::public_service(db, None, a).await.unwrap_err();
        assert!(matches!(e, ServiceError::Gone(ref m) if m.contains("withdrawn")));
        assert!(matches!(
            service::withdraw_service(db, Some(&w.beacon), a)
                .await
                .unwrap_err(),
            ServiceError::Conflict(_)
        ));

        let suspend = ReasonForm {
            intent: "suspend".into(),
            reason: "Certificate lapsed".into(),
        };
        assert!(matches!(
            service::suspend_service(db, Some(&w.analyst), b, &suspend)
                .await
                .unwrap_err(),
            ServiceError::Forbidden
        ));
        service::suspend_service(db, Some(&w.national), b, &suspend)
            .await
            .unwrap();
        let e = service::public_service(db, Some(&w.buyer), b)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Gone(ref m) if m.contains("Certificate lapsed")));
        let reinstate = ReasonForm {
            intent: "reinstate".into(),
            reason: String::new(),
        };
        service::suspend_service(db, Some(&w.national), b, &reinstate)
            .await
            .unwrap();
        service::public_service(db, Some(&w.buyer), b)
            .await
            .unwrap();

        // Every service of a supplier at once; category counts see published services only.
        let counted = |d: &FrameworkDetail| -> u64 {
            d.lots
                .iter()
                .flat_map(|l| &l.categories)
                .filter(|c| {
                    c.parent_id.is_some()
                        || d.lots
                            .iter()
                            .all(|l| !l.categories.iter().any(|x| x.parent_id == Some(c.id)))
                })
                .map(|c| c.services)
                .sum()
        };
        let before = counted(&service::framework_detail(db, None, w.live).await.unwrap());
        let n = service::suspend_supplier(db, Some(&w.national), w.cobalt.org_id, &suspend)
            .await
            .unwrap();
        assert_eq!(n, 3);
        let after = counted(&service::framework_detail(db, None, w.live).await.unwrap());
        assert!(after < before, "{after} < {before}");
        let cobalt = service::supplier_services(db, Some(&w.cobalt), w.cobalt.org_id)
            .await
            .unwrap();
        assert!(cobalt.iter().all(|s| s.status == ServiceStatus::Suspended));
        let (_, listed) = service::supplier_page(db, None, w.cobalt.org_id)
            .await
            .unwrap();
        assert!(listed.is_empty());
    });
}
