//! A supplier's listings: start a draft on a lot it is approved for, fill in its sections
//! (each checked as it is saved), submit it for review, edit a published service (a new
//! version; the live one stays until the edit is approved), discard an edit, withdraw.

use super::load::{self, listing_json};
use crate::access::{authorise, missing, CatalogueAction, Viewer, ANOTHER_ORGANISATION};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::catalogue::entity::{service, service_version};
use crate::catalogue::rules::{self, Choices, Move};
use crate::catalogue::types::*;
use crate::db::{Db, WriteTxn};
use crate::error::{ServiceError, ServiceResult};
use crate::validation::FieldErrors;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// A service as its supplier (or the national body) works on it.
#[derive(Debug)]
pub struct ServiceRecord {
    pub detail: ServiceDetail,
    pub choices: Choices,
}

/// Loads a service for someone who may see its records, answering 403 for ids they could not
/// see anyway (whether or not the service exists).
async fn visible_service(
    conn: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    service_id: i32,
) -> ServiceResult<service::Model> {
    match service::Entity::find_by_id(service_id).one(conn).await? {
        Some(s) => {
            authorise(
                viewer,
                CatalogueAction::ViewServiceRecords {
                    org_id: s.supplier_id,
                },
            )?;
            Ok(s)
        }
        None => Err(missing(
            viewer,
            CatalogueAction::ViewServiceRecords {
                org_id: ANOTHER_ORGANISATION,
            },
        )),
    }
}

/// The same for changes: the supplier's own people only.
async fn editable_service<'v>(
    txn: &WriteTxn,
    viewer: Option<&'v Viewer>,
    service_id: i32,
) -> ServiceResult<(&'v Viewer, service::Model)> {
    let s = visible_service(&**txn, viewer, service_id).await?;
    let v = authorise(
        viewer,
        CatalogueAction::EditServices {
            org_id: s.supplier_id,
        },
    )?;
    Ok((v, s))
}

pub async fn service_record(
    db: &Db,
    viewer: Option<&Viewer>,
    service_id: i32,
) -> ServiceResult<ServiceRecord> {
    let s = visible_service(&db.conn, viewer, service_id).await?;
    let lot = load::find_lot(&db.conn, s.lot_id).await?;
    let choices = load::choices(&db.conn, &lot).await?;
    Ok(ServiceRecord {
        detail: load::service_detail(&db.conn, s).await?,
        choices,
    })
}

/// Every version of a service, newest first.
pub async fn service_versions(
    db: &Db,
    viewer: Option<&Viewer>,
    service_id: i32,
) -> ServiceResult<(ServiceRecord, Vec<VersionRow>)> {
    let record = service_record(db, viewer, service_id).await?;
    let versions = service_version::Entity::find()
        .filter(service_version::Column::ServiceId.eq(service_id))
        .order_by_desc(service_version::Column::Number)
        .all(&db.conn)
        .await?;
    let rows = load::version_rows(&db.conn, versions).await?;
    Ok((record, rows))
}

/// A supplier's services, for its dashboard.
pub async fn supplier_services(
    db: &Db,
    viewer: Option<&Viewer>,
    supplier_id: i32,
) -> ServiceResult<Vec<ServiceSummary>> {
    authorise(
        viewer,
        CatalogueAction::ViewServiceRecords {
            org_id: supplier_id,
        },
    )?;
    let services = service::Entity::find()
        .filter(service::Column::SupplierId.eq(supplier_id))
        .order_by_desc(service::Column::UpdatedAt)
        .all(&db.conn)
        .await?;
    load::service_summaries(&db.conn, services, false).await
}

/// The lots the viewer's supplier may list on now (approved, framework open or live).
pub async fn lots_to_list_on(
    db: &Db,
    viewer: Option<&Viewer>,
) -> ServiceResult<Vec<(FrameworkSummary, LotSummary)>> {
    let viewer = viewer.ok_or(ServiceError::Forbidden)?;
    authorise(
        Some(viewer),
        CatalogueAction::EditServices {
            org_id: viewer.org_id,
        },
    )?;
    let mut out = Vec::new();
    for lot_id in load::approved_lots(&db.conn, viewer.org_id).await? {
        let lot = load::find_lot(&db.conn, lot_id).await?;
        let fw = load::framework_summary(&load::find_framework(&db.conn, lot.framework_id).await?);
        if matches!(fw.stage, FrameworkStage::Open | FrameworkStage::Live) {
            out.push((fw, load::lot_summary(&lot)));
        }
    }
    Ok(out)
}

/// The viewer's supplier may list on this lot: approved on it, framework open or live.
async fn check_lot(
    conn: &impl ConnectionTrait,
    viewer: &Viewer,
    lot_id: i32,
) -> ServiceResult<crate::catalogue::entity::lot::Model> {
    let lot = load::find_lot(conn, lot_id).await?;
    if !load::approved_lots(conn, viewer.org_id)
        .await?
        .contains(&lot.id)
    {
        return Err(ServiceError::Forbidden);
    }
    let fw = load::framework_summary(&load::find_framework(conn, lot.framework_id).await?);
    if !matches!(fw.stage, FrameworkStage::Open | FrameworkStage::Live) {
        return Err(ServiceError::Conflict(format!(
            "{} is {}: services cannot be listed on it now.",
            fw.name,
            fw.stage.label().to_lowercase()
        )));
    }
    Ok(lot)
}

pub(super) async fn insert_version(
    txn: &WriteTxn,
    service_id: i32,
    number: i32,
    listing: &Listing,
    user_id: i32,
) -> ServiceResult<service_version::Model> {
    Ok(service_version::ActiveModel {
        service_id: Set(service_id),
        number: Set(number),
        state: Set(VersionState::Draft),
        listing: Set(listing_json(listing)?),
        name: Set(listing.name.clone()),
        price_min_pence: Set(load::price_pence(listing)),
        created_by: Set(user_id),
        created_at: Set(Utc::now()),
        submitted_at: Set(None),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        review_comment: Set(None),
        ..Default::default()
    }
    .insert(&**txn)
    .await?)
}

/// A new draft service on a lot, starting from `listing` (empty, or copied from G-Cloud).
pub(super) async fn insert_draft(
    txn: &WriteTxn,
    viewer: &Viewer,
    lot_id: i32,
    listing: &Listing,
) -> ServiceResult<i32> {
    let now = Utc::now();
    let s = service::ActiveModel {
        supplier_id: Set(viewer.org_id),
        lot_id: Set(lot_id),
        status: Set(ServiceStatus::Draft),
        status_reason: Set(None),
        live_version_id: Set(None),
        working_version_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&**txn)
    .await?;
    let v = insert_version(txn, s.id, 1, listing, viewer.user_id).await?;
    let mut m: service::ActiveModel = s.clone().into();
    m.working_version_id = Set(Some(v.id));
    m.update(&**txn).await?;
    Ok(s.id)
}

pub async fn start_draft(db: &Db, viewer: Option<&Viewer>, lot_id: i32) -> ServiceResult<i32> {
    let viewer = viewer.ok_or(ServiceError::Forbidden)?;
    let viewer = authorise(
        Some(viewer),
        CatalogueAction::EditServices {
            org_id: viewer.org_id,
        },
    )?;
    let txn = db.write().await?;
    let lot = check_lot(&*txn, viewer, lot_id).await?;
    let id = insert_draft(&txn, viewer, lot.id, &Listing::default()).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            actions::SERVICE_DRAFTED,
            "service",
            id,
            json!({ "lot": lot.name }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The working version, which must be open for changes (a draft, or returned).
async fn working_version(
    txn: &WriteTxn,
    s: &service::Model,
) -> ServiceResult<service_version::Model> {
    let Some(id) = s.working_version_id else {
        return Err(ServiceError::Conflict(match s.status {
            ServiceStatus::Published => {
                "This service is published: choose “Edit this service” to start a new version."
                    .into()
            }
            _ => format!(
                "This service is {}: it cannot be changed.",
                s.status.label().to_lowercase()
            ),
        }));
    };
    let v = load::find_version(&**txn, id).await?;
    if !matches!(v.state, VersionState::Draft | VersionState::Returned) {
        return Err(ServiceError::Conflict(
            "This version has been submitted for review: it cannot be changed until the national body has reviewed it.".into(),
        ));
    }
    Ok(v)
}

async fn touch(txn: &WriteTxn, s: &service::Model) -> ServiceResult<()> {
    let mut m: service::ActiveModel = s.clone().into();
    m.updated_at = Set(Utc::now());
    m.update(&**txn).await?;
    Ok(())
}

/// Saves one section of the working version. Every field of the section is checked; on an
/// error nothing of the section is saved and the rest of the listing is untouched.
pub async fn save_section(
    db: &Db,
    viewer: Option<&Viewer>,
    service_id: i32,
    section: Section,
    form: &Pairs,
) -> ServiceResult<()> {
    let txn = db.write().await?;
    let (viewer, s) = editable_service(&txn, viewer, service_id).await?;
    let v = working_version(&txn, &s).await?;
    let lot = load::find_lot(&*txn, s.lot_id).await?;
    let choices = load::choices(&*txn, &lot).await?;
    let mut listing = load::parse_listing(&v.listing)?;
    rules::apply_section(section, form, &mut listing, &choices)?;
    let mut m: service_version::ActiveModel = v.clone().into();
    m.listing = Set(listing_json(&listing)?);
    m.name = Set(listing.name.clone());
    m.price_min_pence = Set(load::price_pence(&listing));
    m.update(&*txn).await?;
    touch(&txn, &s).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            actions::SERVICE_SAVED,
            "service",
            s.id,
            json!({ "version": v.number, "section": section.label() }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Sends the working version for review: every section must be complete.
pub async fn submit_service(
    db: &Db,
    viewer: Option<&Viewer>,
    service_id: i32,
) -> ServiceResult<()> {
    let txn = db.write().await?;
    let (viewer, s) = editable_service(&txn, viewer, service_id).await?;
    let v = working_version(&txn, &s).await?;
    if !rules::allowed(Move::Submit, s.status, Some(v.state)) {
        return Err(ServiceError::Conflict(
            "This service cannot be submitted now.".into(),
        ));
    }
    let lot = check_lot(&*txn, viewer, s.lot_id).await?;
    let choices = load::choices(&*txn, &lot).await?;
    let listing = load::parse_listing(&v.listing)?;
    let problems = rules::check_listing(&listing, &choices);
    if !problems.is_empty() {
        let mut e = FieldErrors::new();
        for (section, errors) in problems {
            e.add(
                &format!("section-{}", section.as_str()),
                format!(
                    "Complete “{}”: {}",
                    section.label(),
                    errors.0.first().map(|e| e.message.as_str()).unwrap_or("")
                ),
            );
        }
        return Err(e.into());
    }
    let mut m: service_version::ActiveModel = v.clone().into();
    m.state = Set(VersionState::Submitted);
    m.submitted_at = Set(Some(Utc::now()));
    m.update(&*txn).await?;
    touch(&txn, &s).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            actions::SERVICE_SUBMITTED,
            "service",
            s.id,
            json!({ "version": v.number, "name": listing.name, "is_edit": s.live_version_id.is_some() }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Starts a new version of a published service, a copy of the live one.
pub async fn start_edit(db: &Db, viewer: Option<&Viewer>, service_id: i32) -> ServiceResult<()> {
    let txn = db.write().await?;
    let (viewer, s) = editable_service(&txn, viewer, service_id).await?;
    if !rules::allowed(Move::StartEdit, s.status, None) || s.working_version_id.is_some() {
        return Err(ServiceError::Conflict(
            "Only a published service with no edit in progress can be edited.".into(),
        ));
    }
    check_lot(&*txn, viewer, s.lot_id).await?;
    let live = load::find_version(&*txn, s.live_version_id.ok_or(ServiceError::NotFound)?).await?;
    let number = service_version::Entity::find()
        .filter(service_version::Column::ServiceId.eq(s.id))
        .all(&*txn)
        .await?
        .iter()
        .map(|v| v.number)
        .max()
        .unwrap_or(0)
        + 1;
    let listing = load::parse_listing(&live.listing)?;
    let v = insert_version(&txn, s.id, number, &listing, viewer.user_id).await?;
    let mut m: service::ActiveModel = s.clone().into();
    m.working_version_id = Set(Some(v.id));
    m.updated_at = Set(Utc::now());
    m.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            actions::SERVICE_EDIT_STARTED,
            "service",
            s.id,
            json!({ "version": number }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Drops an edit in progress; the live version carries on.
pub async fn discard_edit(db: &Db, viewer: Option<&Viewer>, service_id: i32) -> ServiceResult<()> {
    let txn = db.write().await?;
    let (viewer, s) = editable_service(&txn, viewer, service_id).await?;
    let v = working_version(&txn, &s).await?;
    if !rules::allowed(Move::DiscardEdit, s.status, Some(v.state)) {
        return Err(ServiceError::Conflict(
            "Only an edit of a published service can be discarded; withdraw a draft instead."
                .into(),
        ));
    }
    let mut vm: service_version::ActiveModel = v.clone().into();
    vm.state = Set(VersionState::Discarded);
    vm.update(&*txn).await?;
    let mut m: service::ActiveModel = s.clone().into();
    m.working_version_id = Set(None);
    m.updated_at = Set(Utc::now());
    m.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            actions::SERVICE_EDIT_DISCARDED,
            "service",
            s.id,
            json!({ "version": v.number }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Withdraws a service for good: buyers get 410 from then on.
pub async fn withdraw_service(
    db: &Db,
    viewer: Option<&Viewer>,
    service_id: i32,
) -> ServiceResult<()> {
    let txn = db.write().await?;
    let (viewer, s) = editable_service(&txn, viewer, service_id).await?;
    if !rules::allowed(Move::Withdraw, s.status, None) {
        return Err(ServiceError::Conflict(
            "This service has already been withdrawn.".into(),
        ));
    }
    if let Some(id) = s.working_version_id {
        let v = load::find_version(&*txn, id).await?;
        let mut vm: service_version::ActiveModel = v.into();
        vm.state = Set(VersionState::Discarded);
        vm.update(&*txn).await?;
    }
    super::review::set_live(&txn, &s, None).await?;
    let mut m: service::ActiveModel = s.clone().into();
    m.status = Set(ServiceStatus::Withdrawn);
    m.working_version_id = Set(None);
    m.updated_at = Set(Utc::now());
    m.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            actions::SERVICE_WITHDRAWN,
            "service",
            s.id,
            json!({ "from": s.status.as_str() }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
