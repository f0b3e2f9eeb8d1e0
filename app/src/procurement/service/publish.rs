//! Publishing to the lot's suppliers after the join deadline, and amending once open: every
//! change recorded with its reason and told to everyone it concerns; deadlines may be
//! extended, never brought forward.

use super::notify::{self, Notice};
use super::raise::runnable;
use super::{event, load};
use crate::access::Viewer;
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::procurement::entity::procurement_amendment;
use crate::procurement::form::{self, Fields, SECTIONS};
use crate::procurement::rules::{check_amendment, check_publish};
use crate::procurement::types::{NotificationKind, ProcurementState};
use crate::validation::FieldErrors;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};

/// Publishes the requirement to every supplier approved on its lot.
pub async fn publish(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<usize> {
    let p = runnable(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let now = db.now();
    let t = load::timeline(&p).ok_or(ServiceError::Conflict(
        "Open the procurement to forces first".into(),
    ))?;
    let min_days = load::minimum_tender_days(&db.conn).await?;
    check_publish(p.state, &t, now, min_days).map_err(ServiceError::Conflict)?;
    let lot = p.lot_id.ok_or(ServiceError::NotFound)?;
    let txn = db.write().await?;
    let suppliers = load::suppliers_on_lot(&*txn, lot).await?;
    let forces: Vec<i32> = load::demands(&*txn, id)
        .await?
        .iter()
        .map(|d| d.force_id)
        .collect();
    let title = p.title.clone();
    let mut m = p.into_active_model();
    m.state = Set(ProcurementState::Published);
    m.published_at = Set(Some(now));
    m.updated_at = Set(now);
    m.update(&*txn).await?;
    event(
        &txn,
        id,
        now,
        "published",
        format!(
            "Published to the lot's suppliers; bids close {}",
            crate::ui::time::deadline(t.bid)
        ),
        Some(v.org_id),
    )
    .await?;
    let mut orgs = suppliers.clone();
    orgs.extend(&forces);
    notify::send(
        &txn,
        now,
        Notice {
            kind: NotificationKind::Published,
            procurement_id: Some(id),
            message: format!(
                "“{title}” is open for bids until {}",
                crate::ui::time::deadline(t.bid)
            ),
            link: format!("/procurements/{id}"),
            orgs: &orgs,
            users: &[],
            except_user: Some(v.user_id),
        },
    )
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROCUREMENT_PUBLISHED,
            "procurement",
            id,
            serde_json::json!({ "suppliers": suppliers.len() }),
        ),
    )
    .await?;
    crate::procurement::ocds::publish(&txn, id, &["tender"], now, Default::default()).await?;
    txn.commit().await?;
    Ok(suppliers.len())
}

/// What changed between two forms, as lines people read: each section, and each date.
fn changes(before: &Fields, after: &Fields) -> Vec<String> {
    let mut lines = Vec::new();
    for (section, prefixes) in SECTIONS {
        if section == "Timeline" {
            continue;
        }
        let differs = form::field_names()
            .iter()
            .filter(|n| prefixes.iter().any(|p| n.starts_with(p)))
            .any(|n| before.get(n) != after.get(n));
        if differs {
            lines.push(format!("{section} changed"));
        }
    }
    if before.get("per_force_prices") != after.get("per_force_prices") {
        lines.push("Whether prices are given per force changed".into());
    }
    lines
}

/// Amends an open or published procurement: the form checked again (the lot stays), the
/// dates never brought forward, with a reason; everyone it concerns is told.
pub async fn amend(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    fields: Fields,
    reason: &str,
) -> ServiceResult<i32> {
    let p = runnable(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let now = db.now();
    if !matches!(
        load::state_now(&p, now),
        ProcurementState::OpenToJoin | ProcurementState::Published
    ) {
        return Err(ServiceError::Conflict(format!(
            "Only an open procurement can be amended (this one is {})",
            load::state_now(&p, now).label().to_lowercase()
        )));
    }
    let before_fields = load::fields(&p)?;
    let before_t = load::timeline(&p).ok_or(ServiceError::NotFound)?;
    let min_days = load::minimum_tender_days(&db.conn).await?;
    let mut errors = FieldErrors::new();
    let spec = match form::read_spec(&fields, now, min_days, false) {
        Ok(s) => Some(s),
        Err(e) => {
            errors = e;
            None
        }
    };
    if let Some(s) = &spec {
        check_amendment(&before_t, &s.timeline, now, &mut errors);
        if Some(s.lot_id) != p.lot_id {
            errors.add(
                "lot",
                "The lot cannot change once the procurement is open: cancel it and raise another",
            );
        }
    }
    let reason = reason.trim();
    if reason.is_empty() {
        errors.add("reason", "Say why the procurement is amended");
    } else if reason.chars().count() > 2_000 {
        errors.add("reason", "The reason must be 2,000 characters or fewer");
    }
    form::on_date_boxes(&mut errors);
    errors.into_result().map_err(ServiceError::Invalid)?;
    let spec = spec.ok_or(ServiceError::NotFound)?;
    let t = spec.timeline;
    let mut lines = changes(&before_fields, &fields);
    for ((_, label, old), (_, _, new)) in before_t.fields().into_iter().zip(t.fields()) {
        if old != new {
            lines.push(format!(
                "{label} moved from {} to {}",
                crate::ui::time::deadline(old),
                crate::ui::time::deadline(new)
            ));
        }
    }
    if lines.is_empty() {
        return Err(ServiceError::invalid("reason", "Nothing was changed"));
    }
    let txn = db.write().await?;
    let number = procurement_amendment::Entity::find()
        .filter(procurement_amendment::Column::ProcurementId.eq(id))
        .count(&*txn)
        .await? as i32
        + 1;
    procurement_amendment::ActiveModel {
        procurement_id: Set(id),
        number: Set(number),
        reason: Set(reason.to_string()),
        changes: Set(serde_json::to_string(&lines).unwrap_or_default()),
        created_by: Set(v.user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let published = p.state == ProcurementState::Published;
    let lot = p.lot_id;
    let mut m = p.into_active_model();
    m.title = Set(spec.title.clone());
    m.form = Set(serde_json::to_string(&fields).unwrap_or_default());
    m.join_deadline = Set(Some(t.join));
    m.clarification_deadline = Set(Some(t.clarification));
    m.bid_deadline = Set(Some(t.bid));
    m.evaluation_target = Set(Some(t.evaluation));
    m.award_target = Set(Some(t.award));
    m.updated_at = Set(now);
    m.update(&*txn).await?;
    event(
        &txn,
        id,
        now,
        "amended",
        format!("Amendment {number}: {reason}"),
        Some(v.org_id),
    )
    .await?;
    let mut orgs: Vec<i32> = load::demands(&*txn, id)
        .await?
        .iter()
        .map(|d| d.force_id)
        .collect();
    if published {
        if let Some(lot) = lot {
            orgs.extend(load::suppliers_on_lot(&*txn, lot).await?);
        }
    }
    notify::send(
        &txn,
        now,
        Notice {
            kind: NotificationKind::Amended,
            procurement_id: Some(id),
            message: format!("“{}” was amended: {reason}", spec.title),
            link: format!("/procurements/{id}"),
            orgs: &orgs,
            users: &[],
            except_user: Some(v.user_id),
        },
    )
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROCUREMENT_AMENDED,
            "procurement",
            id,
            serde_json::json!({ "number": number, "reason": reason, "changes": lines }),
        ),
    )
    .await?;
    crate::procurement::ocds::publish(&txn, id, &["tenderAmendment"], now, Default::default())
        .await?;
    txn.commit().await?;
    Ok(number)
}
