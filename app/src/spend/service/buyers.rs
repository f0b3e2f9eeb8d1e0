//! The national body's queue of buyer names: each name in a framework file that sounded like
//! policing but matched none of the 43 forces waits here, its rows imported and outside every
//! force's figures, until someone says which force it is (remembered: the next file's rows
//! with that name resolve) or that it is not a force. Names decided automatically (matched to
//! a force, or plainly not police) are listed too, and can be corrected.

use super::rollup::{self, Scope};
use crate::access::{authorise, SpendAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::organisation;
use crate::identity::types::OrgKind;
use crate::money::Money;
use crate::spend::entity::{spend_buyer, spend_payment};
use crate::spend::types::BuyerStatus;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, FromQueryResult, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub struct BuyerRow {
    pub buyer: spend_buyer::Model,
    pub force: Option<String>,
    pub payments: i64,
    pub money: Money,
}

#[derive(Clone, Debug)]
pub struct BuyerQueue {
    pub waiting: Vec<BuyerRow>,
    pub decided: Vec<BuyerRow>,
}

#[derive(FromQueryResult)]
struct Sums {
    buyer_id: Option<i32>,
    payments: i64,
    pence: Option<i64>,
}

pub async fn buyer_queue(db: &Db, viewer: Option<&Viewer>) -> ServiceResult<BuyerQueue> {
    authorise(viewer, SpendAction::MapBuyers)?;
    let forces: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Force))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let sums: HashMap<i32, (i64, i64)> = spend_payment::Entity::find()
        .select_only()
        .column(spend_payment::Column::BuyerId)
        .column_as(spend_payment::Column::Id.count(), "payments")
        // PostgreSQL sums BIGINT into NUMERIC: cast back, so both databases answer an i64.
        .column_as(Expr::cust("CAST(SUM(amount_pence) AS BIGINT)"), "pence")
        .filter(spend_payment::Column::BuyerId.is_not_null())
        .group_by(spend_payment::Column::BuyerId)
        .into_model::<Sums>()
        .all(&db.conn)
        .await?
        .into_iter()
        .filter_map(|s| s.buyer_id.map(|b| (b, (s.payments, s.pence.unwrap_or(0)))))
        .collect();
    let buyers = spend_buyer::Entity::find()
        .order_by_asc(spend_buyer::Column::Name)
        .all(&db.conn)
        .await?;
    let mut queue = BuyerQueue {
        waiting: Vec::new(),
        decided: Vec::new(),
    };
    for b in buyers {
        let (payments, pence) = sums.get(&b.id).copied().unwrap_or((0, 0));
        let row = BuyerRow {
            force: b.force_id.and_then(|f| forces.get(&f).cloned()),
            payments,
            money: Money::from_pence(pence),
            buyer: b,
        };
        if row.buyer.status == BuyerStatus::Unknown {
            queue.waiting.push(row);
        } else {
            queue.decided.push(row);
        }
    }
    Ok(queue)
}

/// "force-12" or "not_a_force", as the queue's form sends it.
pub async fn map_buyer(
    db: &Db,
    viewer: Option<&Viewer>,
    buyer_id: i32,
    decision: &str,
) -> ServiceResult<()> {
    let v = authorise(viewer, SpendAction::MapBuyers)?;
    let txn = db.write().await?;
    let buyer = spend_buyer::Entity::find_by_id(buyer_id)
        .one(&*txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (status, force_id) = if decision == "not_a_force" {
        (BuyerStatus::NotAForce, None)
    } else {
        let force = match decision
            .strip_prefix("force-")
            .and_then(|s| s.parse::<i32>().ok())
        {
            Some(id) => organisation::Entity::find_by_id(id)
                .one(&*txn)
                .await?
                .filter(|o| o.kind == OrgKind::Force),
            None => None,
        };
        let force = force.ok_or_else(|| {
            ServiceError::invalid(
                &format!("buyer-{buyer_id}"),
                "Choose the force this buyer is, or say it is not a force",
            )
        })?;
        (BuyerStatus::Force, Some(force.id))
    };
    let name = buyer.name.clone();
    let mut m = buyer.into_active_model();
    m.status = Set(status);
    m.force_id = Set(force_id);
    m.decided_by = Set(Some(v.user_id));
    m.decided_at = Set(Some(Utc::now()));
    m.update(&*txn).await?;
    // The rows that waited are the force's now (or no force's).
    rollup::remove(&*txn, &Scope::Buyer(buyer_id)).await?;
    let moved = spend_payment::Entity::update_many()
        .col_expr(spend_payment::Column::ForceId, Expr::value(force_id))
        .filter(spend_payment::Column::BuyerId.eq(buyer_id))
        .exec(&*txn)
        .await?;
    // Their kinds follow the force, and so may their class.
    super::kinds::settle(&*txn, &Scope::Buyer(buyer_id)).await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::SPEND_BUYER_MAPPED,
            "spend_buyer",
            buyer_id,
            serde_json::json!({
                "name": name,
                "status": status.as_str(),
                "force_id": force_id,
                "payments": moved.rows_affected,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
