//! A bidder's challenge to an award during standstill, and the lead's decision on it.
use crate::procurement::types::ChallengeOutcome;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "procurement_challenge")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub procurement_id: i32,
    pub supplier_id: i32,
    pub raised_by: i32,
    #[sea_orm(column_type = "Text")]
    pub grounds: String,
    pub raised_at: DateTimeUtc,
    pub outcome: Option<ChallengeOutcome>,
    #[sea_orm(column_type = "Text", nullable)]
    pub outcome_reason: Option<String>,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
