//! Queries the procurement use cases share; each takes any connection, so a use case can run
//! it inside its transaction.

use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, organisation};
use crate::identity::types::{OrgKind, OrgStatus, UserStatus};
use crate::procurement::entity::{procurement, procurement_demand, setting};
use crate::procurement::form::Fields;
use crate::procurement::rules::DEFAULT_MINIMUM_TENDER_DAYS;
use crate::procurement::types::{ProcurementState, Timeline};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

pub const TENDER_PERIOD_KEY: &str = "minimum_tender_days";

pub async fn find(
    conn: &impl ConnectionTrait,
    id: i32,
) -> ServiceResult<Option<procurement::Model>> {
    Ok(procurement::Entity::find_by_id(id).one(conn).await?)
}

pub fn fields(p: &procurement::Model) -> ServiceResult<Fields> {
    serde_json::from_str(&p.form)
        .map_err(|e| ServiceError::Internal(format!("procurement form: {e}")))
}

/// The timeline in force (set when the procurement was opened).
pub fn timeline(p: &procurement::Model) -> Option<Timeline> {
    Some(Timeline {
        join: p.join_deadline?,
        clarification: p.clarification_deadline?,
        bid: p.bid_deadline?,
        evaluation: p.evaluation_target?,
        award: p.award_target?,
    })
}

/// What people see: a published procurement is "bids closed" from its bid deadline on, on the
/// server's clock, whether or not anyone has opened the bids yet.
pub fn state_now(p: &procurement::Model, now: DateTime<Utc>) -> ProcurementState {
    match (p.state, p.bid_deadline) {
        (ProcurementState::Published, Some(bid)) if now >= bid => ProcurementState::Closed,
        (s, _) => s,
    }
}

/// The minimum tender period the national body has set, in days.
pub async fn minimum_tender_days(conn: &impl ConnectionTrait) -> ServiceResult<i64> {
    Ok(setting::Entity::find_by_id(TENDER_PERIOD_KEY.to_string())
        .one(conn)
        .await?
        .and_then(|s| s.value.parse().ok())
        .unwrap_or(DEFAULT_MINIMUM_TENDER_DAYS))
}

/// The forces taking part (the lead's demand is a row too), in the order they joined.
pub async fn demands(
    conn: &impl ConnectionTrait,
    procurement_id: i32,
) -> ServiceResult<Vec<procurement_demand::Model>> {
    Ok(procurement_demand::Entity::find()
        .filter(procurement_demand::Column::ProcurementId.eq(procurement_id))
        .order_by_asc(procurement_demand::Column::Id)
        .all(conn)
        .await?)
}

pub async fn org_names(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> ServiceResult<std::collections::HashMap<i32, String>> {
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

pub async fn org_name(conn: &impl ConnectionTrait, id: i32) -> ServiceResult<String> {
    Ok(org_names(conn, [id]).await?.remove(&id).unwrap_or_default())
}

/// The active users of some organisations (who notifications go to).
pub async fn users_of(
    conn: &impl ConnectionTrait,
    org_ids: &[i32],
) -> ServiceResult<Vec<app_user::Model>> {
    if org_ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(app_user::Entity::find()
        .filter(app_user::Column::OrganisationId.is_in(org_ids.to_vec()))
        .filter(app_user::Column::Status.eq(UserStatus::Active))
        .all(conn)
        .await?)
}

/// Every active force but one.
pub async fn other_forces(conn: &impl ConnectionTrait, but: i32) -> ServiceResult<Vec<i32>> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Force))
        .filter(organisation::Column::Id.ne(but))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect())
}

/// The active suppliers approved on a lot: who an opportunity is published to.
pub async fn suppliers_on_lot(conn: &impl ConnectionTrait, lot_id: i32) -> ServiceResult<Vec<i32>> {
    use crate::catalogue::entity::{application_lot, framework_application};
    use crate::catalogue::types::LotDecision;
    let apps: Vec<i32> = application_lot::Entity::find()
        .filter(application_lot::Column::LotId.eq(lot_id))
        .filter(application_lot::Column::Decision.eq(LotDecision::Approved))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| l.application_id)
        .collect();
    if apps.is_empty() {
        return Ok(vec![]);
    }
    let suppliers: Vec<i32> = framework_application::Entity::find()
        .filter(framework_application::Column::Id.is_in(apps))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.supplier_id)
        .collect();
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(suppliers))
        .filter(organisation::Column::Status.eq(OrgStatus::Active))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect())
}

/// (lot id, "Framework: lot") for every lot of a live framework: what a procurement can run on.
pub async fn lot_choices(conn: &impl ConnectionTrait) -> ServiceResult<Vec<(i32, String)>> {
    use crate::catalogue::service::load as cat;
    let mut out = Vec::new();
    for f in cat::live_frameworks(conn).await? {
        for l in cat::lots(conn, f.id).await? {
            out.push((l.id, format!("{}: {}", f.name, l.name)));
        }
    }
    Ok(out)
}

pub async fn lot_name(conn: &impl ConnectionTrait, lot_id: Option<i32>) -> ServiceResult<String> {
    let Some(id) = lot_id else {
        return Ok(String::new());
    };
    Ok(lot_choices(conn)
        .await?
        .into_iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| n)
        .unwrap_or_else(|| "A lot no longer live".into()))
}
