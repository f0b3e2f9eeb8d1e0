//! A change to a published procurement, with its reason.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "procurement_amendment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub procurement_id: i32,
    pub number: i32,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    /// JSON list of lines.
    #[sea_orm(column_type = "Text")]
    pub changes: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
