//! Raising: the lead force's draft (every field kept as typed), its collaborators, opening it
//! to the other forces once the whole form checks out, and cancelling.

use super::notify::{self, Notice};
use super::{event, load};
use crate::access::{authorise, missing, ProcurementAction, Viewer, ANOTHER_ORGANISATION};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::app_user;
use crate::procurement::entity::{procurement, procurement_collaborator, procurement_demand};
use crate::procurement::form::{self, Fields};
use crate::procurement::types::{NotificationKind, ProcurementState};
use crate::validation::FieldErrors;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

/// The procurement, if the viewer may run it (its lead force's people).
pub(super) async fn runnable(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
) -> ServiceResult<procurement::Model> {
    let Some(p) = load::find(&db.conn, id).await? else {
        return Err(missing(
            viewer,
            ProcurementAction::RunProcurement {
                org_id: ANOTHER_ORGANISATION,
            },
        ));
    };
    authorise(
        viewer,
        ProcurementAction::RunProcurement {
            org_id: p.lead_force_id,
        },
    )?;
    Ok(p)
}

/// Starts a draft with its title: everything else can be filled in over time.
pub async fn create_draft(db: &Db, viewer: Option<&Viewer>, title: &str) -> ServiceResult<i32> {
    let v = authorise(
        viewer,
        ProcurementAction::RunProcurement {
            org_id: viewer.map(|v| v.org_id).unwrap_or(ANOTHER_ORGANISATION),
        },
    )?;
    let title = title.trim();
    if title.is_empty() {
        return Err(ServiceError::invalid("title", "Enter a title"));
    }
    if title.chars().count() > form::TITLE_CHARS {
        return Err(ServiceError::invalid(
            "title",
            format!(
                "The title must be {} characters or fewer",
                form::TITLE_CHARS
            ),
        ));
    }
    let mut fields = Fields::new();
    fields.insert("title".into(), title.to_string());
    let now = db.now();
    let txn = db.write().await?;
    let p = procurement::ActiveModel {
        lead_force_id: Set(v.org_id),
        title: Set(title.to_string()),
        state: Set(ProcurementState::Draft),
        form: Set(serde_json::to_string(&fields).unwrap_or_default()),
        created_by: Set(v.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    event(
        &txn,
        p.id,
        now,
        "created",
        format!("{} started a draft", v.org_name),
        Some(v.org_id),
    )
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROCUREMENT_CREATED,
            "procurement",
            p.id,
            serde_json::json!({ "title": title }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(p.id)
}

/// Saves the draft's form as typed: only the title must be there. Returns the messages the
/// form still has (shown as a task list), which do not stop the save.
pub async fn save_draft(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    fields: Fields,
) -> ServiceResult<FieldErrors> {
    let p = runnable(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    if p.state != ProcurementState::Draft {
        return Err(ServiceError::Conflict(
            "This procurement is open: change it by amending it".into(),
        ));
    }
    let title = fields.get("title").cloned().unwrap_or_default();
    if title.is_empty() {
        return Err(ServiceError::invalid("title", "Enter a title"));
    }
    if title.chars().count() > form::TITLE_CHARS {
        return Err(ServiceError::invalid(
            "title",
            format!(
                "The title must be {} characters or fewer",
                form::TITLE_CHARS
            ),
        ));
    }
    let now = db.now();
    let min_days = load::minimum_tender_days(&db.conn).await?;
    let remaining = match form::read_spec(&fields, now, min_days, true) {
        Ok(_) => FieldErrors::new(),
        Err(e) => e,
    };
    let txn = db.write().await?;
    let mut m = p.into_active_model();
    m.title = Set(title.clone());
    m.form = Set(serde_json::to_string(&fields).unwrap_or_default());
    m.updated_at = Set(now);
    m.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROCUREMENT_SAVED,
            "procurement",
            id,
            serde_json::json!({ "title": title }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(remaining)
}

/// Adds a colleague of the lead force (by email) as a collaborator: they are told of
/// everything that happens to it.
pub async fn add_collaborator(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    email: &str,
) -> ServiceResult<String> {
    let p = runnable(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let email = email.trim().to_lowercase();
    if email.is_empty() {
        return Err(ServiceError::invalid(
            "email",
            "Enter the email address of a colleague",
        ));
    }
    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email.clone()))
        .filter(app_user::Column::OrganisationId.eq(p.lead_force_id))
        .one(&db.conn)
        .await?
        .ok_or_else(|| {
            ServiceError::invalid(
                "email",
                format!("{email} is not a colleague at your force: only your force's people can collaborate on its procurement"),
            )
        })?;
    let txn = db.write().await?;
    let exists = procurement_collaborator::Entity::find_by_id((id, user.id))
        .one(&*txn)
        .await?
        .is_some();
    if !exists {
        procurement_collaborator::ActiveModel {
            procurement_id: Set(id),
            user_id: Set(user.id),
        }
        .insert(&*txn)
        .await?;
        record(
            &txn,
            NewEvent::by(
                v,
                actions::PROCUREMENT_COLLABORATOR_ADDED,
                "procurement",
                id,
                serde_json::json!({ "user_id": user.id }),
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(user.name)
}

/// The lead team: whoever raised it and its collaborators (told of joins and bids).
pub(super) async fn team(
    conn: &impl sea_orm::ConnectionTrait,
    p: &procurement::Model,
) -> ServiceResult<Vec<i32>> {
    let mut ids = vec![p.created_by];
    ids.extend(
        procurement_collaborator::Entity::find()
            .filter(procurement_collaborator::Column::ProcurementId.eq(p.id))
            .all(conn)
            .await?
            .into_iter()
            .map(|c| c.user_id),
    );
    Ok(ids)
}

/// Opens the draft to the other forces: the whole form must check out (timeline in the
/// future and in order, weights totalling 100, a price criterion...). The lead's demand
/// becomes the first row of the demand.
pub async fn open_to_join(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<()> {
    let p = runnable(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    if p.state != ProcurementState::Draft {
        return Err(ServiceError::Conflict(
            "This procurement is already open".into(),
        ));
    }
    let fields = load::fields(&p)?;
    let now = db.now();
    let min_days = load::minimum_tender_days(&db.conn).await?;
    let spec = form::read_spec(&fields, now, min_days, true).map_err(ServiceError::Invalid)?;
    if !load::lot_choices(&db.conn)
        .await?
        .iter()
        .any(|(l, _)| *l == spec.lot_id)
    {
        return Err(ServiceError::invalid(
            "lot",
            "Choose a lot of a framework that is live",
        ));
    }
    let t = spec.timeline;
    let txn = db.write().await?;
    let lead = p.lead_force_id;
    let title = p.title.clone();
    let mut m = p.into_active_model();
    m.state = Set(ProcurementState::OpenToJoin);
    m.lot_id = Set(Some(spec.lot_id));
    m.join_deadline = Set(Some(t.join));
    m.clarification_deadline = Set(Some(t.clarification));
    m.bid_deadline = Set(Some(t.bid));
    m.evaluation_target = Set(Some(t.evaluation));
    m.award_target = Set(Some(t.award));
    m.opened_at = Set(Some(now));
    m.updated_at = Set(now);
    m.update(&*txn).await?;
    procurement_demand::ActiveModel {
        procurement_id: Set(id),
        force_id: Set(lead),
        quantity: Set(spec.lead_demand.quantity.map(|q| q as i64)),
        value_pence: Set(spec.lead_demand.value.map(|m| m.pence())),
        contact_name: Set(v.name.clone()),
        contact_email: Set(v.email.clone()),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    event(
        &txn,
        id,
        now,
        "opened",
        format!(
            "Opened for forces to join until {}",
            crate::ui::time::deadline(t.join)
        ),
        Some(lead),
    )
    .await?;
    // Forces named when it was started from a spend opportunity (they pay separately for
    // the same thing) are told so; every other force gets the general invitation.
    let invited: Vec<i32> = fields
        .get("invited")
        .map(|s| s.split(',').filter_map(|f| f.trim().parse().ok()).collect())
        .unwrap_or_default();
    let all_others = load::other_forces(&*txn, lead).await?;
    let (named, others): (Vec<i32>, Vec<i32>) =
        all_others.into_iter().partition(|f| invited.contains(f));
    for (orgs, message) in [
        (
            &named,
            format!(
                "{} invites your force to join “{title}” until {}: your force pays separately for the same thing",
                v.org_name,
                crate::ui::time::deadline(t.join)
            ),
        ),
        (
            &others,
            format!(
                "{} invites forces to join “{title}” until {}",
                v.org_name,
                crate::ui::time::deadline(t.join)
            ),
        ),
    ] {
        if orgs.is_empty() {
            continue;
        }
        notify::send(
            &txn,
            now,
            Notice {
                kind: NotificationKind::OpenedToJoin,
                procurement_id: Some(id),
                message,
                link: format!("/procurements/{id}"),
                orgs,
                users: &[],
                except_user: None,
            },
        )
        .await?;
    }
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROCUREMENT_OPENED,
            "procurement",
            id,
            serde_json::json!({ "join_deadline": t.join, "bid_deadline": t.bid }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Cancels at any stage before the award is confirmed (also when no bid is compliant), with
/// a reason everyone taking part and every supplier it was published to is told.
pub async fn cancel(db: &Db, viewer: Option<&Viewer>, id: i32, reason: &str) -> ServiceResult<()> {
    let p = runnable(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::invalid("reason", "Say why it is cancelled"));
    }
    if matches!(
        p.state,
        ProcurementState::Cancelled | ProcurementState::Awarded
    ) {
        return Err(ServiceError::Conflict(format!(
            "It cannot be cancelled: it is {}",
            p.state.label().to_lowercase()
        )));
    }
    let now = db.now();
    let txn = db.write().await?;
    let mut orgs: Vec<i32> = load::demands(&*txn, id)
        .await?
        .iter()
        .map(|d| d.force_id)
        .collect();
    if p.state == ProcurementState::Published {
        if let Some(lot) = p.lot_id {
            orgs.extend(load::suppliers_on_lot(&*txn, lot).await?);
        }
    } else if p.published_at.is_some() {
        // After the deadline: the suppliers that bid.
        orgs.extend(
            crate::procurement::entity::bid::Entity::find()
                .filter(crate::procurement::entity::bid::Column::ProcurementId.eq(id))
                .filter(
                    crate::procurement::entity::bid::Column::Status
                        .eq(crate::procurement::types::BidStatus::Submitted),
                )
                .all(&*txn)
                .await?
                .into_iter()
                .map(|b| b.supplier_id),
        );
    }
    let title = p.title.clone();
    let was_draft = p.state == ProcurementState::Draft;
    let was_published = p.published_at.is_some();
    let mut m = p.into_active_model();
    m.state = Set(ProcurementState::Cancelled);
    m.cancelled_reason = Set(Some(reason.to_string()));
    m.updated_at = Set(now);
    m.update(&*txn).await?;
    event(
        &txn,
        id,
        now,
        "cancelled",
        format!("Cancelled: {reason}"),
        Some(v.org_id),
    )
    .await?;
    if !was_draft {
        notify::send(
            &txn,
            now,
            Notice {
                kind: NotificationKind::Amended,
                procurement_id: Some(id),
                message: format!("“{title}” was cancelled: {reason}"),
                link: format!("/procurements/{id}"),
                orgs: &orgs,
                users: &[],
                except_user: Some(v.user_id),
            },
        )
        .await?;
    }
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROCUREMENT_CANCELLED,
            "procurement",
            id,
            serde_json::json!({ "reason": reason }),
        ),
    )
    .await?;
    if was_published {
        crate::procurement::ocds::publish(
            &txn,
            id,
            &["tenderCancellation"],
            now,
            Default::default(),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
