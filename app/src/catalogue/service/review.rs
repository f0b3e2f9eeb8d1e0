//! The national body's side of a listing: the review queue (oldest first), publishing a
//! submitted version or returning it with comments, and suspending a service, or every
//! service of a supplier, with a reason.

use super::{load, search_index};
use crate::access::{authorise, CatalogueAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::catalogue::entity::{service, service_category, service_version};
use crate::catalogue::rules::{self, Choices, Move, REASON_MAX_CHARS};
use crate::catalogue::types::*;
use crate::db::{Db, WriteTxn};
use crate::error::{ServiceError, ServiceResult};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use std::collections::HashMap;

pub async fn review_queue(db: &Db, viewer: Option<&Viewer>) -> ServiceResult<Vec<ReviewItem>> {
    authorise(viewer, CatalogueAction::ReviewServices)?;
    let versions = service_version::Entity::find()
        .filter(service_version::Column::State.eq(VersionState::Submitted))
        .order_by_asc(service_version::Column::SubmittedAt)
        .all(&db.conn)
        .await?;
    let ids: Vec<i32> = versions.iter().map(|v| v.service_id).collect();
    let services: HashMap<i32, service::Model> = service::Entity::find()
        .filter(service::Column::Id.is_in(ids))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let summaries: HashMap<i32, ServiceSummary> =
        load::service_summaries(&db.conn, services.values().cloned().collect(), false)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
    Ok(versions
        .into_iter()
        .filter_map(|v| {
            let s = services.get(&v.service_id)?;
            let summary = summaries.get(&v.service_id)?;
            Some(ReviewItem {
                service_id: s.id,
                version_id: v.id,
                name: v.name.clone(),
                supplier_name: summary.supplier_name.clone(),
                lot_name: summary.lot_name.clone(),
                is_edit: s.live_version_id.is_some(),
                submitted_at: v.submitted_at.unwrap_or(v.created_at),
            })
        })
        .collect())
}

/// A submitted version for review, with what changed from the live version (for an edit).
pub struct ReviewCase {
    pub detail: ServiceDetail,
    pub choices: Choices,
    pub changes: Vec<FieldChange>,
}

pub async fn review_case(
    db: &Db,
    viewer: Option<&Viewer>,
    service_id: i32,
) -> ServiceResult<ReviewCase> {
    authorise(viewer, CatalogueAction::ReviewServices)?;
    let s = load::find_service(&db.conn, service_id).await?;
    let lot = load::find_lot(&db.conn, s.lot_id).await?;
    let choices = load::choices(&db.conn, &lot).await?;
    let detail = load::service_detail(&db.conn, s).await?;
    let changes = match (&detail.live, &detail.working) {
        (Some(live), Some(working)) => rules::diff(&live.listing, &working.listing, &choices),
        _ => vec![],
    };
    Ok(ReviewCase {
        detail,
        choices,
        changes,
    })
}

fn reason(form: &ReasonForm, field: &str, required: &str) -> ServiceResult<String> {
    let r = form.reason.trim().to_string();
    if r.is_empty() {
        return Err(ServiceError::invalid(field, required));
    }
    if r.chars().count() > REASON_MAX_CHARS {
        return Err(ServiceError::invalid(
            field,
            format!("Comments must be {REASON_MAX_CHARS} characters or fewer"),
        ));
    }
    Ok(r)
}

/// Publishes the submitted version (`intent` "publish") or returns it with comments
/// ("return"). Publishing an edit replaces the live version, which is kept as superseded.
pub async fn review_service(
    db: &Db,
    viewer: Option<&Viewer>,
    service_id: i32,
    form: &ReasonForm,
) -> ServiceResult<VersionState> {
    let viewer = authorise(viewer, CatalogueAction::ReviewServices)?;
    let publish = match form.intent.as_str() {
        "publish" => true,
        "return" => false,
        _ => return Err(ServiceError::invalid("intent", "Choose publish or return")),
    };
    let comment = if publish {
        let c = form.reason.trim().to_string();
        if c.chars().count() > REASON_MAX_CHARS {
            return Err(ServiceError::invalid(
                "reason",
                format!("Comments must be {REASON_MAX_CHARS} characters or fewer"),
            ));
        }
        c
    } else {
        reason(
            form,
            "reason",
            "Enter your comments: the supplier needs them to put the listing right",
        )?
    };
    let txn = db.write().await?;
    let s = load::find_service(&*txn, service_id).await?;
    let Some(working_id) = s.working_version_id else {
        return Err(ServiceError::Conflict(
            "There is nothing waiting for review on this service.".into(),
        ));
    };
    let v = load::find_version(&*txn, working_id).await?;
    let m = if publish { Move::Publish } else { Move::Return };
    if !rules::allowed(m, s.status, Some(v.state)) {
        return Err(ServiceError::Conflict(
            "This version is not waiting for review: someone may have reviewed it just now.".into(),
        ));
    }
    let now = Utc::now();
    let state = if publish {
        VersionState::Published
    } else {
        VersionState::Returned
    };
    let mut vm: service_version::ActiveModel = v.clone().into();
    vm.state = Set(state);
    vm.reviewed_by = Set(Some(viewer.user_id));
    vm.reviewed_at = Set(Some(now));
    vm.review_comment = Set((!comment.is_empty()).then_some(comment.clone()));
    vm.update(&*txn).await?;
    let mut sm: service::ActiveModel = s.clone().into();
    sm.updated_at = Set(now);
    if publish {
        let lot = load::find_lot(&*txn, s.lot_id).await?;
        let fw = load::framework_summary(&load::find_framework(&*txn, lot.framework_id).await?);
        if fw.stage == FrameworkStage::Expired {
            return Err(ServiceError::Conflict(format!(
                "{} has expired: nothing more can be published on it.",
                fw.name
            )));
        }
        if let Some(old) = s.live_version_id {
            let old = load::find_version(&*txn, old).await?;
            let mut om: service_version::ActiveModel = old.into();
            om.state = Set(VersionState::Superseded);
            om.update(&*txn).await?;
        }
        let listing = load::parse_listing(&v.listing)?;
        set_live(&txn, &s, Some((v.id, &listing))).await?;
        sm.live_version_id = Set(Some(v.id));
        sm.working_version_id = Set(None);
        sm.status = Set(ServiceStatus::Published);
    }
    sm.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            if publish {
                actions::SERVICE_PUBLISHED
            } else {
                actions::SERVICE_RETURNED
            },
            "service",
            s.id,
            json!({ "version": v.number, "name": v.name, "comments": comment }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(state)
}

/// What counts, filters and search see of a service: its live version's category rows and
/// search index rows, kept only while it is published (`None` removes them).
pub(crate) async fn set_live(
    txn: &WriteTxn,
    s: &service::Model,
    live: Option<(i32, &Listing)>,
) -> ServiceResult<()> {
    service_category::Entity::delete_many()
        .filter(service_category::Column::ServiceId.eq(s.id))
        .exec(&**txn)
        .await?;
    let Some((version_id, listing)) = live else {
        search_index::remove(txn, &[s.id]).await?;
        return Ok(());
    };
    if !listing.categories.is_empty() {
        service_category::Entity::insert_many(listing.categories.iter().map(|c| {
            service_category::ActiveModel {
                service_id: Set(s.id),
                category_id: Set(*c),
            }
        }))
        .exec(&**txn)
        .await?;
    }
    search_index::index(
        txn,
        &[search_index::Indexed {
            service_id: s.id,
            version_id,
            lot_id: s.lot_id,
            supplier_id: s.supplier_id,
            listing,
        }],
    )
    .await?;
    Ok(())
}

/// Suspends a published service ("suspend", with a reason) or lifts a suspension
/// ("reinstate").
pub async fn suspend_service(
    db: &Db,
    viewer: Option<&Viewer>,
    service_id: i32,
    form: &ReasonForm,
) -> ServiceResult<ServiceStatus> {
    let viewer = authorise(viewer, CatalogueAction::SuspendServices)?;
    let suspend = match form.intent.as_str() {
        "suspend" => true,
        "reinstate" => false,
        _ => {
            return Err(ServiceError::invalid(
                "intent",
                "Choose suspend or reinstate",
            ))
        }
    };
    let why = if suspend {
        reason(
            form,
            "reason",
            "Enter the reason for suspending this service: the supplier and buyers will see it",
        )?
    } else {
        String::new()
    };
    let txn = db.write().await?;
    let s = load::find_service(&*txn, service_id).await?;
    let m = if suspend {
        Move::Suspend
    } else {
        Move::Reinstate
    };
    if !rules::allowed(m, s.status, None) {
        return Err(ServiceError::Conflict(format!(
            "This service is {}: it cannot be {} now.",
            s.status.label().to_lowercase(),
            if suspend { "suspended" } else { "reinstated" }
        )));
    }
    let status = if suspend {
        ServiceStatus::Suspended
    } else {
        ServiceStatus::Published
    };
    // Counts and filters see published services only.
    if suspend {
        set_live(&txn, &s, None).await?;
    } else if let Some(live) = s.live_version_id {
        let listing = load::parse_listing(&load::find_version(&*txn, live).await?.listing)?;
        set_live(&txn, &s, Some((live, &listing))).await?;
    }
    let mut sm: service::ActiveModel = s.clone().into();
    sm.status = Set(status);
    sm.status_reason = Set(suspend.then_some(why.clone()));
    sm.updated_at = Set(Utc::now());
    sm.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            if suspend {
                actions::SERVICE_SUSPENDED
            } else {
                actions::SERVICE_REINSTATED
            },
            "service",
            s.id,
            json!({ "reason": why }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(status)
}

/// Suspends every published service of a supplier at once, with one reason; each service's
/// suspension is its own audit event.
pub async fn suspend_supplier(
    db: &Db,
    viewer: Option<&Viewer>,
    supplier_id: i32,
    form: &ReasonForm,
) -> ServiceResult<usize> {
    let viewer = authorise(viewer, CatalogueAction::SuspendServices)?;
    let why = reason(
        form,
        "reason",
        "Enter the reason for suspending this supplier's services: the supplier and buyers will see it",
    )?;
    let txn = db.write().await?;
    load::organisation(&*txn, supplier_id).await?;
    let services = service::Entity::find()
        .filter(service::Column::SupplierId.eq(supplier_id))
        .filter(service::Column::Status.eq(ServiceStatus::Published))
        .all(&*txn)
        .await?;
    if services.is_empty() {
        return Err(ServiceError::Conflict(
            "This supplier has no published services to suspend.".into(),
        ));
    }
    let now = Utc::now();
    for s in &services {
        set_live(&txn, s, None).await?;
        let mut sm: service::ActiveModel = s.clone().into();
        sm.status = Set(ServiceStatus::Suspended);
        sm.status_reason = Set(Some(why.clone()));
        sm.updated_at = Set(now);
        sm.update(&*txn).await?;
        record(
            &txn,
            NewEvent::by(
                viewer,
                actions::SERVICE_SUSPENDED,
                "service",
                s.id,
                json!({ "reason": why, "all_of_supplier": supplier_id }),
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(services.len())
}
