//! Clarifications: answers go to every supplier without the asker's name, or to the asker
//! alone with a reason; questions stop at the clarification deadline.

use super::{published, world};
use app::error::ServiceError;
use app::procurement::service::{self as s, AnswerForm};
use bluelamp_tests::on_each_backend;
use chrono::Duration;

#[tokio::test]
async fn answers_reach_every_supplier_without_naming_the_asker() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let id = published(db, &w, false).await;
        let q = s::ask(db, Some(&w.cobalt), id, "Does it include closed records?")
            .await
            .unwrap();
        // Unanswered: only the asker and the lead see it.
        assert!(s::opportunity_detail(db, Some(&w.beacon), id)
            .await
            .unwrap()
            .questions
            .is_empty());
        assert_eq!(
            s::opportunity_detail(db, Some(&w.cobalt), id)
                .await
                .unwrap()
                .questions
                .len(),
            1
        );
        assert!(matches!(
            s::answer(
                db,
                Some(&w.essex),
                id,
                q,
                &AnswerForm {
                    answer: "x".into(),
                    ..Default::default()
                }
            )
            .await,
            Err(ServiceError::Forbidden)
        ));
        s::answer(
            db,
            Some(&w.kent),
            id,
            q,
            &AnswerForm {
                answer: "Yes, all of them.".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let seen = s::opportunity_detail(db, Some(&w.beacon), id)
            .await
            .unwrap()
            .questions;
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].answer.as_deref(), Some("Yes, all of them."));
        assert!(!seen[0].yours);
        // Nowhere does Beacon's view name Cobalt.
        assert!(!format!("{seen:?}").contains("Cobalt"));
        // A private answer needs a reason and reaches the asker alone.
        let q2 = s::ask(
            db,
            Some(&w.ironbridge),
            id,
            "About our partner's licence terms",
        )
        .await
        .unwrap();
        assert!(matches!(
            s::answer(db, Some(&w.kent), id, q2, &AnswerForm { answer: "Yes".into(), private: Some("on".into()), private_reason: String::new() }).await,
            Err(ServiceError::Invalid(e)) if e.get("private_reason").is_some()
        ));
        s::answer(
            db,
            Some(&w.kent),
            id,
            q2,
            &AnswerForm {
                answer: "Yes".into(),
                private: Some("on".into()),
                private_reason: "Commercial terms".into(),
            },
        )
        .await
        .unwrap();
        assert_eq!(
            s::opportunity_detail(db, Some(&w.beacon), id)
                .await
                .unwrap()
                .questions
                .len(),
            1
        );
        assert_eq!(
            s::opportunity_detail(db, Some(&w.ironbridge), id)
                .await
                .unwrap()
                .questions
                .len(),
            2
        );
        // After the clarification deadline no more questions.
        db.advance_clock(Duration::days(6));
        assert!(matches!(
            s::ask(db, Some(&w.beacon), id, "Too late?").await,
            Err(ServiceError::Conflict(_))
        ));
    });
}
