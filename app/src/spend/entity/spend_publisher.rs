//! Who publishes spend files: a force (`organisation_id`) or another body, such as the Crown
//! Commercial Service. `mapping` is the last confirmed column mapping, by header name (JSON).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spend_publisher")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub organisation_id: Option<i32>,
    pub mapping: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
