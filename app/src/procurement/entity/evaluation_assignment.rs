//! A bid assigned to an evaluator: the declaration of interest they made about it, their
//! note if it fails an essential requirement, and when they submitted their scores.
use crate::procurement::types::Declaration;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluation_assignment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub procurement_id: i32,
    pub bid_id: i32,
    pub user_id: i32,
    pub declaration: Option<Declaration>,
    #[sea_orm(column_type = "Text", nullable)]
    pub declaration_note: Option<String>,
    pub declared_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub fails_essential: Option<String>,
    pub submitted_at: Option<DateTimeUtc>,
    pub assigned_by: i32,
    pub assigned_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
