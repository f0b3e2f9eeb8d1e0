//! Rolling an import back: its payments deleted, its report kept and marked, audited. Only a
//! finished import can be rolled back, and only once.

use super::rollup::{self, Scope};
use super::{job, load};
use crate::access::{authorise, SpendAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::spend::entity::spend_import;
use crate::spend::types::ImportState;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub async fn roll_back(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<()> {
    let v = authorise(viewer, SpendAction::RollBackImport)?;
    let txn = db.write().await?;
    let import = load::find_import(&*txn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // Its payments leave the dashboards' figures with it (nothing, unless it was done).
    if import.state == ImportState::Done {
        rollup::remove(&*txn, &Scope::Import(id)).await?;
    }
    use spend_import::Column as C;
    let changed = spend_import::Entity::update_many()
        .col_expr(C::State, Expr::value(ImportState::RolledBack.as_str()))
        .col_expr(C::RolledBackAt, Expr::value(Some(Utc::now())))
        .col_expr(C::RolledBackBy, Expr::value(Some(v.user_id)))
        .filter(C::Id.eq(id))
        .filter(C::State.eq(ImportState::Done))
        .exec(&*txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(ServiceError::Conflict(format!(
            "Only a finished import can be rolled back; this one is “{}”.",
            import.state.label().to_lowercase()
        )));
    }
    job::delete_payments(&txn, id).await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::SPEND_IMPORT_ROLLED_BACK,
            "spend_import",
            id,
            serde_json::json!({
                "file": import.file_name,
                "payments_removed": import.rows_imported,
                "pence_removed": import.pence_imported,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
