//! A force's decision about some of its payments' class, with its reason: the payments point
//! at it (`spend_payment.override_id`), and rule changes leave them alone.
use crate::spend::types::SpendClass;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spend_override")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub force_id: i32,
    pub class: SpendClass,
    pub reason: String,
    pub lines: i64,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
