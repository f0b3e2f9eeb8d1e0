//! A kind of payment: payments alike in everything a rule can look at (force, supplier,
//! description, expense type, cost centre, framework lot), classified once: its payments not
//! overridden take its class, rule and system. With the count and sum of those payments the
//! dashboards add up (and `spend_kind_month`, the same by month, from which a rule change
//! moves the rollups).

use crate::spend::types::SpendClass;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spend_kind")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// 0 for payments by bodies that are not forces.
    pub force_id: i32,
    pub supplier_id: i32,
    pub description: String,
    pub expense_type: String,
    pub cost_centre: String,
    pub lot: String,
    pub class: SpendClass,
    pub rule_id: Option<i32>,
    pub system_id: Option<i32>,
    /// The legacy function its rule (or the system its rule names) gives.
    pub function_id: Option<i32>,
    pub lines: i64,
    pub pence: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
