//! A supplier's clarification question and the lead's answer.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "procurement_question")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub procurement_id: i32,
    pub supplier_id: i32,
    pub asked_by: i32,
    #[sea_orm(column_type = "Text")]
    pub question: String,
    pub asked_at: DateTimeUtc,
    #[sea_orm(column_type = "Text", nullable)]
    pub answer: Option<String>,
    pub answered_by: Option<i32>,
    pub answered_at: Option<DateTimeUtc>,
    pub private: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub private_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
