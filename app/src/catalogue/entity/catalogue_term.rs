//! An entry of one of the national body's editable lists (national systems, legacy functions).
use crate::catalogue::types::TermKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "catalogue_term")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: TermKind,
    pub name: String,
    pub retired_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
