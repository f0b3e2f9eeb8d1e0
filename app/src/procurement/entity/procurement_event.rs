//! One line of a procurement's timeline, written to be read by all who see it.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "procurement_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub procurement_id: i32,
    pub at: DateTimeUtc,
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    pub organisation_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
