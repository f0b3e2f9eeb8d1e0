//! A contract a force holds with a supplier: made by an award (here, a direct award after a
//! fair search); procurement and spend read it.
use crate::catalogue::types::ContractSource;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub force_id: i32,
    pub supplier_id: i32,
    pub service_id: Option<i32>,
    pub service_version_id: Option<i32>,
    pub title: String,
    pub value_pence: i64,
    pub start_date: Date,
    pub end_date: Date,
    pub reference: String,
    pub source: ContractSource,
    pub project_id: Option<i32>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
