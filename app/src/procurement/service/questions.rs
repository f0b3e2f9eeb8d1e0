//! Clarifications: suppliers ask until the clarification deadline; the lead answers, and each
//! answer goes to every supplier without naming who asked (or, when the question is
//! commercially sensitive, to the asker alone, with the reason recorded).

use super::notify::{self, Notice};
use super::raise::runnable;
use super::{event, load, views};
use crate::access::{authorise, ProcurementAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::procurement::entity::procurement_question;
use crate::procurement::types::{NotificationKind, ProcurementState};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

pub const QUESTION_CHARS: usize = 2_000;
pub const ANSWER_CHARS: usize = 5_000;

pub async fn ask(db: &Db, viewer: Option<&Viewer>, id: i32, question: &str) -> ServiceResult<i32> {
    let (p, v) = views::opportunity(db, viewer, id).await?;
    authorise(Some(v), ProcurementAction::Bid { org_id: v.org_id })?;
    let now = db.now();
    let deadline = p.clarification_deadline.ok_or(ServiceError::NotFound)?;
    if p.state != ProcurementState::Published || now >= deadline {
        return Err(ServiceError::Conflict(format!(
            "Questions could be asked until {}",
            crate::ui::time::deadline(deadline)
        )));
    }
    let question = question.trim();
    if question.is_empty() {
        return Err(ServiceError::invalid("question", "Enter your question"));
    }
    if question.chars().count() > QUESTION_CHARS {
        return Err(ServiceError::invalid(
            "question",
            format!("Your question must be {QUESTION_CHARS} characters or fewer"),
        ));
    }
    let txn = db.write().await?;
    let q = procurement_question::ActiveModel {
        procurement_id: Set(id),
        supplier_id: Set(v.org_id),
        asked_by: Set(v.user_id),
        question: Set(question.to_string()),
        asked_at: Set(now),
        private: Set(false),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    // The timeline says a question came in, never from whom.
    event(
        &txn,
        id,
        now,
        "question_asked",
        "A supplier asked a question".into(),
        None,
    )
    .await?;
    let team = super::raise::team(&*txn, &p).await?;
    notify::send(
        &txn,
        now,
        Notice {
            kind: NotificationKind::QuestionAnswered,
            procurement_id: Some(id),
            message: format!("A supplier asked a question about “{}”", p.title),
            link: format!("/procurements/{id}"),
            orgs: &[],
            users: &team,
            except_user: None,
        },
    )
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROCUREMENT_QUESTION_ASKED,
            "procurement",
            id,
            serde_json::json!({ "question_id": q.id }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(q.id)
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    pub answer: String,
    /// "on" to answer the asker alone.
    #[serde(default)]
    pub private: Option<String>,
    #[serde(default)]
    pub private_reason: String,
}

pub async fn answer(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    question_id: i32,
    form: &AnswerForm,
) -> ServiceResult<()> {
    let p = runnable(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let q = procurement_question::Entity::find_by_id(question_id)
        .one(&db.conn)
        .await?
        .filter(|q| q.procurement_id == id)
        .ok_or(ServiceError::NotFound)?;
    if q.answer.is_some() {
        return Err(ServiceError::Conflict(
            "This question has been answered: amend the procurement to say more".into(),
        ));
    }
    let answer = form.answer.trim();
    let private = form.private.as_deref() == Some("on");
    let reason = form.private_reason.trim();
    let mut errors = crate::validation::FieldErrors::new();
    if answer.is_empty() {
        errors.add("answer", "Enter the answer");
    } else if answer.chars().count() > ANSWER_CHARS {
        errors.add(
            "answer",
            format!("The answer must be {ANSWER_CHARS} characters or fewer"),
        );
    }
    if private && reason.is_empty() {
        errors.add(
            "private_reason",
            "Say why the question is commercially sensitive: every other answer goes to all suppliers",
        );
    }
    errors.into_result().map_err(ServiceError::Invalid)?;
    let now = db.now();
    let txn = db.write().await?;
    let asker = q.supplier_id;
    let mut m = q.into_active_model();
    m.answer = Set(Some(answer.to_string()));
    m.answered_by = Set(Some(v.user_id));
    m.answered_at = Set(Some(now));
    m.private = Set(private);
    m.private_reason = Set(private.then(|| reason.to_string()));
    m.update(&*txn).await?;
    let suppliers = if private {
        vec![asker]
    } else {
        match p.lot_id {
            Some(lot) => load::suppliers_on_lot(&*txn, lot).await?,
            None => vec![],
        }
    };
    event(
        &txn,
        id,
        now,
        "question_answered",
        if private {
            "A question was answered to its asker alone (commercially sensitive)".into()
        } else {
            "A question was answered to every supplier".into()
        },
        Some(p.lead_force_id),
    )
    .await?;
    notify::send(
        &txn,
        now,
        Notice {
            kind: NotificationKind::QuestionAnswered,
            procurement_id: Some(id),
            message: format!("A question about “{}” was answered", p.title),
            link: format!("/procurements/{id}#questions"),
            orgs: &suppliers,
            users: &[],
            except_user: None,
        },
    )
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROCUREMENT_QUESTION_ANSWERED,
            "procurement",
            id,
            serde_json::json!({ "question_id": question_id, "private": private, "reason": reason }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
