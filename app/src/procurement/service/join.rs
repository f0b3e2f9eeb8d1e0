//! Joining: another force adds its demand and a named contact while the procurement is open
//! to join, changes or withdraws it until the join deadline, and is then locked in.

use super::notify::{self, Notice};
use super::{event, raise};
use crate::access::{authorise, ProcurementAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::procurement::entity::procurement_demand;
use crate::procurement::form::read_demand;
use crate::procurement::rules::may_change_demand;
use crate::procurement::types::NotificationKind;
use crate::validation::FieldErrors;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_email: String,
}

/// Joins, or changes the force's demand. Returns true when it joined (false: changed).
pub async fn join(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    form: &JoinForm,
) -> ServiceResult<bool> {
    let v = authorise(
        viewer,
        ProcurementAction::JoinProcurement {
            org_id: viewer.map(|v| v.org_id).unwrap_or(0),
        },
    )?;
    let p = super::views::visible(db, Some(v), id).await?;
    if p.lead_force_id == v.org_id {
        return Err(ServiceError::Conflict(
            "Your force leads this procurement: change its demand by amending the draft".into(),
        ));
    }
    let now = db.now();
    let join_deadline = p.join_deadline.ok_or(ServiceError::NotFound)?;
    if !may_change_demand(p.state, join_deadline, now) {
        return Err(ServiceError::Conflict(format!(
            "Forces could join until {}: the forces taking part are now fixed",
            crate::ui::time::deadline(join_deadline)
        )));
    }
    let mut errors = FieldErrors::new();
    let demand = read_demand(&form.quantity, &form.value, &mut errors);
    let name = form.contact_name.trim();
    let email = form.contact_email.trim();
    if name.is_empty() {
        errors.add("contact_name", "Enter the name of your force's contact");
    } else if name.chars().count() > 200 {
        errors.add(
            "contact_name",
            "The contact's name must be 200 characters or fewer",
        );
    }
    let email = match crate::identity::rules::normalise_email(email) {
        Ok(e) => e,
        Err(m) => {
            errors.add("contact_email", m);
            String::new()
        }
    };
    errors.into_result().map_err(ServiceError::Invalid)?;
    let txn = db.write().await?;
    let existing = procurement_demand::Entity::find()
        .filter(procurement_demand::Column::ProcurementId.eq(id))
        .filter(procurement_demand::Column::ForceId.eq(v.org_id))
        .one(&*txn)
        .await?;
    let joined = existing.is_none();
    let mut m = match existing {
        Some(d) => d.into_active_model(),
        None => procurement_demand::ActiveModel {
            procurement_id: Set(id),
            force_id: Set(v.org_id),
            ..Default::default()
        },
    };
    m.quantity = Set(demand.quantity.map(|q| q as i64));
    m.value_pence = Set(demand.value.map(|m| m.pence()));
    m.contact_name = Set(name.to_string());
    m.contact_email = Set(email);
    m.updated_at = Set(now);
    m.save(&*txn).await?;
    let what = if joined {
        "joined"
    } else {
        "changed its demand"
    };
    event(
        &txn,
        id,
        now,
        if joined { "joined" } else { "demand_changed" },
        format!("{} {what}", v.org_name),
        Some(v.org_id),
    )
    .await?;
    let team = raise::team(&*txn, &p).await?;
    notify::send(
        &txn,
        now,
        Notice {
            kind: NotificationKind::Joined,
            procurement_id: Some(id),
            message: format!("{} {what} on “{}”", v.org_name, p.title),
            link: format!("/procurements/{id}"),
            orgs: &[],
            users: &team,
            except_user: Some(v.user_id),
        },
    )
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            if joined {
                actions::PROCUREMENT_JOINED
            } else {
                actions::PROCUREMENT_DEMAND_CHANGED
            },
            "procurement",
            id,
            serde_json::json!({
                "quantity": demand.quantity,
                "value_pence": demand.value.map(|m| m.pence()),
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(joined)
}

/// Withdraws the force's demand before the join deadline.
pub async fn withdraw(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<()> {
    let v = authorise(
        viewer,
        ProcurementAction::JoinProcurement {
            org_id: viewer.map(|v| v.org_id).unwrap_or(0),
        },
    )?;
    let p = super::views::visible(db, Some(v), id).await?;
    let now = db.now();
    let join_deadline = p.join_deadline.ok_or(ServiceError::NotFound)?;
    if p.lead_force_id == v.org_id {
        return Err(ServiceError::Conflict(
            "Your force leads this procurement: cancel it instead".into(),
        ));
    }
    if !may_change_demand(p.state, join_deadline, now) {
        return Err(ServiceError::Conflict(format!(
            "Forces could withdraw until {}: your force is now locked in",
            crate::ui::time::deadline(join_deadline)
        )));
    }
    let txn = db.write().await?;
    let gone = procurement_demand::Entity::delete_many()
        .filter(procurement_demand::Column::ProcurementId.eq(id))
        .filter(procurement_demand::Column::ForceId.eq(v.org_id))
        .exec(&*txn)
        .await?
        .rows_affected;
    if gone == 0 {
        return Err(ServiceError::Conflict("Your force has not joined".into()));
    }
    event(
        &txn,
        id,
        now,
        "withdrawn",
        format!("{} withdrew", v.org_name),
        Some(v.org_id),
    )
    .await?;
    let team = raise::team(&*txn, &p).await?;
    notify::send(
        &txn,
        now,
        Notice {
            kind: NotificationKind::Joined,
            procurement_id: Some(id),
            message: format!("{} withdrew from “{}”", v.org_name, p.title),
            link: format!("/procurements/{id}"),
            orgs: &[],
            users: &team,
            except_user: Some(v.user_id),
        },
    )
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROCUREMENT_WITHDRAWN,
            "procurement",
            id,
            serde_json::json!({}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
