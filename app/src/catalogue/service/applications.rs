//! A supplier's application to a framework: the declaration and the lots it applies for,
//! saved as a draft and submitted while the framework is open; the national body then decides
//! lot by lot. Only a supplier approved on a lot may submit services to it.

use super::load::{self, framework_summary, lot_summary};
use crate::access::{authorise, missing, CatalogueAction, Viewer, ANOTHER_ORGANISATION};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::catalogue::entity::{application_answer, application_lot, framework_application};
use crate::catalogue::rules::REASON_MAX_CHARS;
use crate::catalogue::types::*;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::organisation;
use crate::validation::FieldErrors;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// The application as stored, or a blank one for a supplier that has not started.
async fn detail(
    conn: &impl ConnectionTrait,
    framework_id: i32,
    supplier_id: i32,
) -> ServiceResult<ApplicationDetail> {
    let fw = load::find_framework(conn, framework_id).await?;
    let supplier = load::organisation(conn, supplier_id).await?;
    let app = framework_application::Entity::find()
        .filter(framework_application::Column::FrameworkId.eq(fw.id))
        .filter(framework_application::Column::SupplierId.eq(supplier_id))
        .one(conn)
        .await?;
    let questions = load::questions(conn, fw.id).await?;
    let lots = load::lots(conn, fw.id).await?;
    let (answers, applied) = match &app {
        Some(a) => (
            application_answer::Entity::find()
                .filter(application_answer::Column::ApplicationId.eq(a.id))
                .all(conn)
                .await?,
            application_lot::Entity::find()
                .filter(application_lot::Column::ApplicationId.eq(a.id))
                .all(conn)
                .await?,
        ),
        None => (vec![], vec![]),
    };
    Ok(ApplicationDetail {
        id: app.as_ref().map(|a| a.id).unwrap_or(0),
        framework: framework_summary(&fw),
        supplier_id,
        supplier_name: supplier.name,
        status: app
            .as_ref()
            .map(|a| a.status)
            .unwrap_or(ApplicationStatus::Draft),
        submitted_at: app.as_ref().and_then(|a| a.submitted_at),
        decided_at: app.as_ref().and_then(|a| a.decided_at),
        answers: questions
            .into_iter()
            .map(|q| {
                let a = answers.iter().find(|a| a.question_id == q.id);
                AnswerRow {
                    answer: a.and_then(|a| a.answer),
                    details: a.map(|a| a.details.clone()).unwrap_or_default(),
                    question: q,
                }
            })
            .collect(),
        lots: lots
            .iter()
            .map(|l| {
                let a = applied.iter().find(|a| a.lot_id == l.id);
                ApplicationLotRow {
                    lot: lot_summary(l),
                    applied: a.is_some(),
                    decision: a.and_then(|a| a.decision),
                    reason: a.and_then(|a| a.reason.clone()),
                }
            })
            .collect(),
    })
}

/// A supplier's application to a framework (blank if not started).
pub async fn application_for(
    db: &Db,
    viewer: Option<&Viewer>,
    framework_id: i32,
    supplier_id: i32,
) -> ServiceResult<ApplicationDetail> {
    authorise(
        viewer,
        CatalogueAction::ViewApplications {
            org_id: supplier_id,
        },
    )?;
    detail(&db.conn, framework_id, supplier_id).await
}

pub async fn application_by_id(
    db: &Db,
    viewer: Option<&Viewer>,
    application_id: i32,
) -> ServiceResult<ApplicationDetail> {
    let Some(app) = framework_application::Entity::find_by_id(application_id)
        .one(&db.conn)
        .await?
    else {
        return Err(missing(
            viewer,
            CatalogueAction::ViewApplications {
                org_id: ANOTHER_ORGANISATION,
            },
        ));
    };
    authorise(
        viewer,
        CatalogueAction::ViewApplications {
            org_id: app.supplier_id,
        },
    )?;
    detail(&db.conn, app.framework_id, app.supplier_id).await
}

/// Saves the viewer's own application as a draft, or submits it (`submit`): a submission
/// needs every question answered, details where the answer asks for them, and a lot.
pub async fn save_application(
    db: &Db,
    viewer: Option<&Viewer>,
    framework_id: i32,
    form: &Pairs,
    submit: bool,
) -> ServiceResult<ApplicationStatus> {
    let viewer = viewer.ok_or(ServiceError::Forbidden)?;
    let viewer = authorise(
        Some(viewer),
        CatalogueAction::Apply {
            org_id: viewer.org_id,
        },
    )?;
    let txn = db.write().await?;
    let current = detail(&*txn, framework_id, viewer.org_id).await?;
    if current.framework.stage != FrameworkStage::Open {
        return Err(ServiceError::Conflict(format!(
            "{} is not open for applications ({}).",
            current.framework.name,
            current.framework.stage.label().to_lowercase()
        )));
    }
    if current.status != ApplicationStatus::Draft {
        return Err(ServiceError::Conflict(
            "This application has been submitted: it can no longer be changed.".into(),
        ));
    }
    let mut e = FieldErrors::new();
    let mut answers = Vec::new();
    for a in &current.answers {
        let q = &a.question;
        let field = format!("answer-{}", q.id);
        let answer = match form.one(&field) {
            "yes" => Some(true),
            "no" => Some(false),
            "" => None,
            _ => {
                e.add(&field, "Select yes or no");
                None
            }
        };
        let details_field = format!("details-{}", q.id);
        let details = form.one(&details_field).trim().to_string();
        if details.chars().count() > REASON_MAX_CHARS {
            e.add(
                &details_field,
                format!("Details must be {REASON_MAX_CHARS} characters or fewer"),
            );
        }
        if submit {
            match answer {
                None => e.add(
                    &field,
                    format!("Answer question {}: select yes or no", q.position),
                ),
                Some(ans) if ans == q.details_when && details.is_empty() => e.add(
                    &details_field,
                    format!(
                        "Give details for question {}: your answer was “{}”",
                        q.position,
                        if ans { "yes" } else { "no" }
                    ),
                ),
                _ => {}
            }
        }
        answers.push((q.id, answer, details));
    }
    let mut lots = Vec::new();
    for v in form.all("lots") {
        match v.parse::<i32>() {
            Ok(id) if current.lots.iter().any(|l| l.lot.id == id) => lots.push(id),
            _ => e.add("lots", "Select lots from the list"),
        }
    }
    lots.sort();
    lots.dedup();
    if submit && lots.is_empty() && e.get("lots").is_none() {
        e.add("lots", "Select at least one lot to apply for");
    }
    e.into_result()?;

    let now = Utc::now();
    let app = match framework_application::Entity::find_by_id(current.id)
        .one(&*txn)
        .await?
    {
        Some(a) => a,
        None => {
            framework_application::ActiveModel {
                framework_id: Set(framework_id),
                supplier_id: Set(viewer.org_id),
                status: Set(ApplicationStatus::Draft),
                created_at: Set(now),
                submitted_at: Set(None),
                decided_at: Set(None),
                decided_by: Set(None),
                ..Default::default()
            }
            .insert(&*txn)
            .await?
        }
    };
    application_answer::Entity::delete_many()
        .filter(application_answer::Column::ApplicationId.eq(app.id))
        .exec(&*txn)
        .await?;
    for (question_id, answer, details) in &answers {
        application_answer::ActiveModel {
            application_id: Set(app.id),
            question_id: Set(*question_id),
            answer: Set(*answer),
            details: Set(details.clone()),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
    }
    application_lot::Entity::delete_many()
        .filter(application_lot::Column::ApplicationId.eq(app.id))
        .exec(&*txn)
        .await?;
    for lot_id in &lots {
        application_lot::ActiveModel {
            application_id: Set(app.id),
            lot_id: Set(*lot_id),
            decision: Set(None),
            reason: Set(None),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
    }
    let status = if submit {
        ApplicationStatus::Submitted
    } else {
        ApplicationStatus::Draft
    };
    let mut m: framework_application::ActiveModel = app.clone().into();
    m.status = Set(status);
    if submit {
        m.submitted_at = Set(Some(now));
    }
    m.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            if submit {
                actions::APPLICATION_SUBMITTED
            } else {
                actions::APPLICATION_SAVED
            },
            "framework_application",
            app.id,
            json!({ "framework": current.framework.name, "lots": lots }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(status)
}

/// Applications for the national body: waiting for a decision first, oldest first.
pub async fn list_applications(
    db: &Db,
    viewer: Option<&Viewer>,
) -> ServiceResult<Vec<ApplicationSummary>> {
    authorise(
        viewer,
        CatalogueAction::ViewApplications {
            org_id: ANOTHER_ORGANISATION,
        },
    )?;
    let apps = framework_application::Entity::find()
        .filter(framework_application::Column::Status.ne(ApplicationStatus::Draft))
        .order_by_asc(framework_application::Column::SubmittedAt)
        .all(&db.conn)
        .await?;
    summaries(db, apps).await
}

/// One supplier's applications, for its dashboard.
pub async fn supplier_applications(
    db: &Db,
    viewer: Option<&Viewer>,
    supplier_id: i32,
) -> ServiceResult<Vec<ApplicationSummary>> {
    authorise(
        viewer,
        CatalogueAction::ViewApplications {
            org_id: supplier_id,
        },
    )?;
    let apps = framework_application::Entity::find()
        .filter(framework_application::Column::SupplierId.eq(supplier_id))
        .all(&db.conn)
        .await?;
    summaries(db, apps).await
}

async fn summaries(
    db: &Db,
    apps: Vec<framework_application::Model>,
) -> ServiceResult<Vec<ApplicationSummary>> {
    let mut out = Vec::new();
    for a in apps {
        let fw = load::find_framework(&db.conn, a.framework_id).await?;
        let supplier = organisation::Entity::find_by_id(a.supplier_id)
            .one(&db.conn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        out.push(ApplicationSummary {
            id: a.id,
            framework_id: fw.id,
            framework_name: fw.name,
            supplier_id: a.supplier_id,
            supplier_name: supplier.name,
            status: a.status,
            submitted_at: a.submitted_at,
        });
    }
    out.sort_by_key(|a| (a.status != ApplicationStatus::Submitted, a.submitted_at));
    Ok(out)
}

/// The national body's decision, lot by lot: approve, or reject with a reason the supplier
/// will read (`decision-<lot>`, `reason-<lot>`).
pub async fn decide_application(
    db: &Db,
    viewer: Option<&Viewer>,
    application_id: i32,
    form: &Pairs,
) -> ServiceResult<()> {
    let viewer = authorise(viewer, CatalogueAction::DecideApplications)?;
    let txn = db.write().await?;
    let app = framework_application::Entity::find_by_id(application_id)
        .one(&*txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if app.status != ApplicationStatus::Submitted {
        return Err(ServiceError::Conflict(match app.status {
            ApplicationStatus::Decided => "This application has already been decided.".into(),
            _ => "This application has not been submitted yet.".into(),
        }));
    }
    let lots = application_lot::Entity::find()
        .filter(application_lot::Column::ApplicationId.eq(app.id))
        .all(&*txn)
        .await?;
    let mut e = FieldErrors::new();
    let mut decisions = Vec::new();
    for l in &lots {
        let field = format!("decision-{}", l.lot_id);
        let reason_field = format!("reason-{}", l.lot_id);
        let reason = form.one(&reason_field).trim().to_string();
        let lot_name = load::find_lot(&*txn, l.lot_id).await?.name;
        let decision = match form.one(&field) {
            "approve" => Some(LotDecision::Approved),
            "reject" => Some(LotDecision::Rejected),
            _ => {
                e.add(&field, format!("Select approve or reject for {lot_name}"));
                None
            }
        };
        if decision == Some(LotDecision::Rejected) && reason.is_empty() {
            e.add(
                &reason_field,
                format!("Enter the reason for rejecting {lot_name}: the supplier will see it"),
            );
        }
        if reason.chars().count() > REASON_MAX_CHARS {
            e.add(
                &reason_field,
                format!("Reason must be {REASON_MAX_CHARS} characters or fewer"),
            );
        }
        decisions.push((l.clone(), decision, reason, lot_name));
    }
    e.into_result()?;
    let mut record_lots = Vec::new();
    for (l, decision, reason, lot_name) in decisions {
        let mut m: application_lot::ActiveModel = l.into();
        m.decision = Set(decision);
        m.reason = Set((!reason.is_empty()).then_some(reason.clone()));
        m.update(&*txn).await?;
        record_lots.push(json!({
            "lot": lot_name,
            "decision": decision.map(|d| d.as_str()),
            "reason": reason,
        }));
    }
    let mut m: framework_application::ActiveModel = app.clone().into();
    m.status = Set(ApplicationStatus::Decided);
    m.decided_at = Set(Some(Utc::now()));
    m.decided_by = Set(Some(viewer.user_id));
    m.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            actions::APPLICATION_DECIDED,
            "framework_application",
            app.id,
            json!({ "supplier_id": app.supplier_id, "lots": record_lots }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
