//! A row an import did not take: its line, why, and the row as the file had it.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spend_rejected_row")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub import_id: i32,
    pub line: i64,
    pub reason: String,
    pub raw: String,
    /// The row's amount when it could be read, so the money rejected adds up.
    pub amount_pence: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
