//! The national body's decision on a supplier's application.

use super::load::find_org;
use crate::access::{authorise, IdentityAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::organisation;
use crate::identity::types::{DecideSupplierForm, OrgKind, OrgStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

pub async fn decide_supplier(
    db: &Db,
    viewer: Option<&Viewer>,
    org_id: i32,
    form: &DecideSupplierForm,
) -> ServiceResult<OrgStatus> {
    let viewer = authorise(viewer, IdentityAction::DecideSupplier)?;
    let reason = form.reason.trim().to_string();
    let decision = match form.decision.as_str() {
        "approve" => OrgStatus::Active,
        "reject" => OrgStatus::Rejected,
        _ => {
            return Err(ServiceError::invalid(
                "decision",
                "Select approve or reject",
            ))
        }
    };
    if decision == OrgStatus::Rejected && reason.is_empty() {
        return Err(ServiceError::invalid(
            "reason",
            "Enter the reason for rejecting this application: the supplier will see it",
        ));
    }
    if reason.chars().count() > 2000 {
        return Err(ServiceError::invalid(
            "reason",
            "Reason must be 2000 characters or fewer",
        ));
    }
    let txn = db.write().await?;
    let org = find_org(&*txn, org_id).await?;
    if org.kind != OrgKind::Supplier {
        return Err(ServiceError::NotFound);
    }
    if org.status != OrgStatus::Pending {
        return Err(ServiceError::Conflict(format!(
            "This application has already been decided: {} is {}.",
            org.name,
            org.status.label().to_lowercase()
        )));
    }
    // Only a still-pending application changes: two admins deciding at once cannot both win.
    let changed = organisation::Entity::update_many()
        .col_expr(organisation::Column::Status, decision.into())
        .col_expr(
            organisation::Column::StatusReason,
            (!reason.is_empty()).then_some(reason.clone()).into(),
        )
        .filter(organisation::Column::Id.eq(org.id))
        .filter(organisation::Column::Status.eq(OrgStatus::Pending))
        .exec(&*txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(ServiceError::Conflict(format!(
            "This application has already been decided: {} was decided by someone else just now.",
            org.name
        )));
    }
    record(
        &txn,
        NewEvent::by(
            viewer,
            if decision == OrgStatus::Active {
                actions::SUPPLIER_APPROVED
            } else {
                actions::SUPPLIER_REJECTED
            },
            "organisation",
            org.id,
            json!({ "supplier": org.name, "reason": reason }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(decision)
}
