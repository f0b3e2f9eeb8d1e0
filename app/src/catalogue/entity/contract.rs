//! A contract a force holds with a supplier: made by an award (a direct award after a fair
//! search, or a shared procurement's award, one a force); the register and spend read it.
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
    /// The shared procurement it came from (source `shared_procurement`).
    pub procurement_id: Option<i32>,
    pub lot_id: Option<i32>,
    /// How this force's share of the value was worked out.
    #[sea_orm(column_type = "Text", nullable)]
    pub share_method: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
