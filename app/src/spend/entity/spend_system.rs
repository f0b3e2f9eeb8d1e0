//! One system a force runs.
use crate::spend::register::SystemStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spend_system")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub force_id: i32,
    pub name: String,
    pub supplier: String,
    pub function_id: Option<i32>,
    pub product: String,
    pub go_live_year: Option<i32>,
    pub end_of_support: Option<Date>,
    pub annual_maintenance_pence: Option<i64>,
    pub status: SystemStatus,
    pub contract: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
