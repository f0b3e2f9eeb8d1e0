//! The national body's minimum tender period, and the demo's clock.

use super::load::{self, TENDER_PERIOD_KEY};
use crate::access::{authorise, permit, ProcurementAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::procurement::entity::setting;
use sea_orm::{EntityTrait, Set};

pub async fn tender_period(db: &Db, viewer: Option<&Viewer>) -> ServiceResult<i64> {
    authorise(viewer, ProcurementAction::SetTenderPeriod)?;
    load::minimum_tender_days(&db.conn).await
}

/// Sets the minimum tender period (whole days, 1 to 90). Procurements already open keep
/// their dates; the new period applies to opening and publishing from now on.
pub async fn set_tender_period(db: &Db, viewer: Option<&Viewer>, days: &str) -> ServiceResult<i64> {
    let v = authorise(viewer, ProcurementAction::SetTenderPeriod)?;
    let days: i64 = match days.trim().parse() {
        Ok(d) if (1..=90).contains(&d) => d,
        _ => {
            return Err(ServiceError::invalid(
                "days",
                "The minimum tender period must be a whole number of days from 1 to 90",
            ))
        }
    };
    let before = load::minimum_tender_days(&db.conn).await?;
    let txn = db.write().await?;
    setting::Entity::insert(setting::ActiveModel {
        key: Set(TENDER_PERIOD_KEY.to_string()),
        value: Set(days.to_string()),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::column(setting::Column::Key)
            .update_column(setting::Column::Value)
            .to_owned(),
    )
    .exec(&*txn)
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::TENDER_PERIOD_SET,
            "setting",
            TENDER_PERIOD_KEY,
            serde_json::json!({ "from": before, "to": days }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(days)
}

/// Moves the demo's clock on by some hours (demo mode only: the handler checks), so a demo
/// can pass a deadline. Recorded, so the audit log explains the jump in times.
pub async fn move_demo_clock(db: &Db, viewer: Option<&Viewer>, hours: &str) -> ServiceResult<()> {
    permit(viewer, ProcurementAction::MoveDemoClock)?;
    let hours: i64 = match hours.trim().parse() {
        Ok(h) if (1..=24 * 60).contains(&h) => h,
        _ => {
            return Err(ServiceError::invalid(
                "hours",
                "Enter a whole number of hours from 1 to 1440",
            ))
        }
    };
    db.advance_clock(chrono::Duration::hours(hours));
    let txn = db.write().await?;
    record(
        &txn,
        crate::audit::service::NewEvent {
            user_id: viewer.map(|v| v.user_id),
            organisation_id: viewer.map(|v| v.org_id),
            action: actions::DEMO_CLOCK_MOVED,
            object_type: "system",
            object_id: "clock".into(),
            details: serde_json::json!({ "hours": hours, "now": db.now() }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
