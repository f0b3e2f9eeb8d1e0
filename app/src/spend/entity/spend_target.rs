//! The legacy share the national body aims for (at most this per cent by this financial
//! year); the newest row is the one in force, the older ones are its history.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spend_target")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub legacy_share_percent: i32,
    pub by_year: i32,
    pub set_by: i32,
    pub set_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
