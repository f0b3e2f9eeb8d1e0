//! A supplier applies to an open framework; the national body decides lot by lot; only an
//! approved lot can be listed on.

use super::{field_error, world};
use app::catalogue::entity::lot;
use app::catalogue::service;
use app::catalogue::types::*;
use app::error::ServiceError;
use bluelamp_tests::on_each_backend;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn a_supplier_applies_and_the_national_body_decides_each_lot() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let app0 = service::application_for(db, Some(&w.beacon), w.open, w.beacon.org_id)
            .await
            .unwrap();
        assert_eq!(app0.id, 0, "not started");
        let lots = lot::Entity::find()
            .filter(lot::Column::FrameworkId.eq(w.open))
            .all(&db.conn)
            .await
            .unwrap();
        let (hosting, software) = (&lots[0], &lots[1]);

        // A draft can be incomplete.
        let mut form = Pairs::default();
        form.push("lots", software.id.to_string());
        let status = service::save_application(db, Some(&w.beacon), w.open, &form, false)
            .await
            .unwrap();
        assert_eq!(status, ApplicationStatus::Draft);

        // Submitting needs every answer, details where asked, and a lot.
        let e = service::save_application(db, Some(&w.beacon), w.open, &Pairs::default(), true)
            .await
            .unwrap_err();
        let q = &app0.answers[0].question;
        assert!(field_error(e, &format!("answer-{}", q.id)).contains("select yes or no"));
        let mut form = Pairs::default();
        for a in &app0.answers {
            let q = &a.question;
            // Answer the first question the way that needs details, and give none.
            let answer = if q.id == app0.answers[0].question.id {
                q.details_when
            } else {
                !q.details_when
            };
            form.push(
                &format!("answer-{}", q.id),
                if answer { "yes" } else { "no" },
            );
        }
        let e = service::save_application(db, Some(&w.beacon), w.open, &form, true)
            .await
            .unwrap_err();
        let details = format!("details-{}", app0.answers[0].question.id);
        assert!(field_error(e, &details).starts_with("Give details for question 1"));
        form.push(
            &details,
            "A director was convicted in 2009; the conviction is spent.",
        );
        let e = service::save_application(db, Some(&w.beacon), w.open, &form, true)
            .await
            .unwrap_err();
        assert_eq!(
            field_error(e, "lots"),
            "Select at least one lot to apply for"
        );
        form.push("lots", hosting.id.to_string());
        form.push("lots", software.id.to_string());
        let e = service::save_application(db, Some(&w.cobalt), w.live, &form, true)
            .await
            .unwrap_err();
        assert!(
            matches!(e, ServiceError::Conflict(_)),
            "the live framework is not open"
        );
        let e = service::save_application(db, Some(&w.buyer), w.open, &form, true)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Forbidden), "forces do not apply");
        service::save_application(db, Some(&w.beacon), w.open, &form, true)
            .await
            .unwrap();
        let e = service::save_application(db, Some(&w.beacon), w.open, &form, true)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Conflict(_)), "submitted is final");

        // The national body decides each lot; a rejection needs a reason.
        let submitted = service::application_for(db, Some(&w.beacon), w.open, w.beacon.org_id)
            .await
            .unwrap();
        let mut decision = Pairs::default();
        decision.push(&format!("decision-{}", hosting.id), "reject");
        decision.push(&format!("decision-{}", software.id), "approve");
        let e = service::decide_application(db, Some(&w.analyst), submitted.id, &decision)
            .await
            .unwrap_err();
        assert!(
            matches!(e, ServiceError::Forbidden),
            "members do not decide"
        );
        let e = service::decide_application(db, Some(&w.national), submitted.id, &decision)
            .await
            .unwrap_err();
        assert!(field_error(e, &format!("reason-{}", hosting.id)).contains("reason"));
        decision.push(
            &format!("reason-{}", hosting.id),
            "No hosting accreditation given.",
        );
        service::decide_application(db, Some(&w.national), submitted.id, &decision)
            .await
            .unwrap();

        // The supplier sees the decision.
        let seen = service::application_for(db, Some(&w.beacon), w.open, w.beacon.org_id)
            .await
            .unwrap();
        assert_eq!(seen.status, ApplicationStatus::Decided);
        let h = seen.lots.iter().find(|l| l.lot.id == hosting.id).unwrap();
        assert_eq!(h.decision, Some(LotDecision::Rejected));
        assert_eq!(h.reason.as_deref(), Some("No hosting accreditation given."));
        // Another supplier cannot read it.
        let e = service::application_by_id(db, Some(&w.cobalt), seen.id)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Forbidden));

        // Only the approved lot can be listed on.
        service::start_draft(db, Some(&w.beacon), software.id)
            .await
            .unwrap();
        let e = service::start_draft(db, Some(&w.beacon), hosting.id)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Forbidden));
    });
}
