//! Suppliers as one list: every payee spelling belongs to one supplier; the national body
//! merges two suppliers that are one, or splits a spelling off into a supplier of its own.
//! Payments follow their spelling, so nothing is lost either way.

use super::rollup::{self, Scope};
use crate::access::{authorise, SpendAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::money::Money;
use crate::spend::entity::{spend_payment, spend_supplier, spend_supplier_name};
use crate::spend::rules::supplier_key;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub struct SpellingRow {
    pub id: i32,
    pub name: String,
    pub payments: i64,
    pub money: Money,
}

#[derive(Clone, Debug)]
pub struct SupplierRow {
    pub supplier: spend_supplier::Model,
    pub spellings: Vec<SpellingRow>,
}

impl SupplierRow {
    pub fn payments(&self) -> i64 {
        self.spellings.iter().map(|s| s.payments).sum()
    }

    pub fn money(&self) -> Money {
        Money::from_pence(self.spellings.iter().map(|s| s.money.pence()).sum())
    }
}

#[derive(FromQueryResult)]
struct Sums {
    supplier_name_id: i32,
    payments: i64,
    pence: Option<i64>,
}

async fn rows(db: &Db, suppliers: Vec<spend_supplier::Model>) -> ServiceResult<Vec<SupplierRow>> {
    let ids: Vec<i32> = suppliers.iter().map(|s| s.id).collect();
    let names = spend_supplier_name::Entity::find()
        .filter(spend_supplier_name::Column::SupplierId.is_in(ids.clone()))
        .order_by_asc(spend_supplier_name::Column::Name)
        .all(&db.conn)
        .await?;
    let sums: HashMap<i32, (i64, i64)> = spend_payment::Entity::find()
        .select_only()
        .column(spend_payment::Column::SupplierNameId)
        .column_as(spend_payment::Column::Id.count(), "payments")
        // PostgreSQL sums BIGINT into NUMERIC: cast back, so both databases answer an i64.
        .column_as(Expr::cust("CAST(SUM(amount_pence) AS BIGINT)"), "pence")
        .filter(spend_payment::Column::SupplierId.is_in(ids))
        .group_by(spend_payment::Column::SupplierNameId)
        .into_model::<Sums>()
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|s| (s.supplier_name_id, (s.payments, s.pence.unwrap_or(0))))
        .collect();
    Ok(suppliers
        .into_iter()
        .map(|supplier| SupplierRow {
            spellings: names
                .iter()
                .filter(|n| n.supplier_id == supplier.id)
                .map(|n| {
                    let (payments, pence) = sums.get(&n.id).copied().unwrap_or((0, 0));
                    SpellingRow {
                        id: n.id,
                        name: n.name.clone(),
                        payments,
                        money: Money::from_pence(pence),
                    }
                })
                .collect(),
            supplier,
        })
        .collect())
}

/// Suppliers whose name or key contains `q` (all when empty), first 100 by name.
pub async fn list_suppliers(
    db: &Db,
    viewer: Option<&Viewer>,
    q: &str,
) -> ServiceResult<Vec<SupplierRow>> {
    authorise(viewer, SpendAction::MergeSuppliers)?;
    let mut find = spend_supplier::Entity::find().order_by_asc(spend_supplier::Column::Name);
    let key = supplier_key(q);
    if !q.trim().is_empty() {
        find = find.filter(spend_supplier::Column::Key.contains(key.as_str()));
    }
    let suppliers = find.limit(100).all(&db.conn).await?;
    rows(db, suppliers).await
}

/// One supplier, with the others that might be the same one (sharing their key's first word).
pub async fn supplier_detail(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
) -> ServiceResult<(SupplierRow, Vec<spend_supplier::Model>)> {
    authorise(viewer, SpendAction::MergeSuppliers)?;
    let s = spend_supplier::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let first = s.key.split(' ').next().unwrap_or("").to_string();
    let similar = spend_supplier::Entity::find()
        .filter(spend_supplier::Column::Key.starts_with(first.as_str()))
        .filter(spend_supplier::Column::Id.ne(id))
        .order_by_asc(spend_supplier::Column::Name)
        .limit(50)
        .all(&db.conn)
        .await?;
    let row = rows(db, vec![s])
        .await?
        .pop()
        .ok_or(ServiceError::NotFound)?;
    Ok((row, similar))
}

/// Merges `other` into `keep`: its spellings and payments become `keep`'s, and it is gone.
pub async fn merge_suppliers(
    db: &Db,
    viewer: Option<&Viewer>,
    keep: i32,
    other: Option<i32>,
) -> ServiceResult<()> {
    let v = authorise(viewer, SpendAction::MergeSuppliers)?;
    let other = other.filter(|o| *o != keep).ok_or_else(|| {
        ServiceError::invalid("other", "Choose the supplier to merge into this one")
    })?;
    let txn = db.write().await?;
    let find = |id: i32| spend_supplier::Entity::find_by_id(id).one(&*txn);
    let (Some(kept), Some(gone)) = (find(keep).await?, find(other).await?) else {
        return Err(ServiceError::NotFound);
    };
    spend_supplier_name::Entity::update_many()
        .col_expr(spend_supplier_name::Column::SupplierId, Expr::value(keep))
        .filter(spend_supplier_name::Column::SupplierId.eq(other))
        .exec(&*txn)
        .await?;
    rollup::remove(&*txn, &Scope::Suppliers(vec![keep, other])).await?;
    let moved = spend_payment::Entity::update_many()
        .col_expr(spend_payment::Column::SupplierId, Expr::value(keep))
        .filter(spend_payment::Column::SupplierId.eq(other))
        .exec(&*txn)
        .await?;
    // Their kinds follow the supplier, and so may their class.
    super::kinds::settle(&*txn, &Scope::Suppliers(vec![keep])).await?;
    if kept.companies_house.is_none() && gone.companies_house.is_some() {
        let mut m: spend_supplier::ActiveModel = kept.clone().into();
        m.companies_house = Set(gone.companies_house.clone());
        m.update(&*txn).await?;
    }
    spend_supplier::Entity::delete_by_id(other)
        .exec(&*txn)
        .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::SPEND_SUPPLIERS_MERGED,
            "spend_supplier",
            keep,
            serde_json::json!({
                "kept": kept.name,
                "merged": gone.name,
                "merged_id": other,
                "payments": moved.rows_affected,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Splits one spelling off into a supplier of its own, with its payments; answers the new
/// supplier's id.
pub async fn split_spelling(
    db: &Db,
    viewer: Option<&Viewer>,
    supplier_id: i32,
    name_id: i32,
) -> ServiceResult<i32> {
    let v = authorise(viewer, SpendAction::MergeSuppliers)?;
    let txn = db.write().await?;
    let name = spend_supplier_name::Entity::find_by_id(name_id)
        .one(&*txn)
        .await?
        .filter(|n| n.supplier_id == supplier_id)
        .ok_or(ServiceError::NotFound)?;
    let siblings = spend_supplier_name::Entity::find()
        .filter(spend_supplier_name::Column::SupplierId.eq(supplier_id))
        .count(&*txn)
        .await?;
    if siblings < 2 {
        return Err(ServiceError::Conflict(
            "This is the supplier's only spelling: there is nothing to split it from.".into(),
        ));
    }
    let new = spend_supplier::ActiveModel {
        name: Set(name.name.clone()),
        key: Set(supplier_key(&name.name)),
        companies_house: Set(None),
        organisation_id: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    spend_supplier_name::Entity::update_many()
        .col_expr(spend_supplier_name::Column::SupplierId, Expr::value(new.id))
        .filter(spend_supplier_name::Column::Id.eq(name_id))
        .exec(&*txn)
        .await?;
    rollup::remove(&*txn, &Scope::SupplierName(name_id)).await?;
    let moved = spend_payment::Entity::update_many()
        .col_expr(spend_payment::Column::SupplierId, Expr::value(new.id))
        .filter(spend_payment::Column::SupplierNameId.eq(name_id))
        .exec(&*txn)
        .await?;
    super::kinds::settle(&*txn, &Scope::SupplierName(name_id)).await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::SPEND_SUPPLIER_SPLIT,
            "spend_supplier",
            new.id,
            serde_json::json!({
                "name": name.name,
                "from": supplier_id,
                "payments": moved.rows_affected,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(new.id)
}
