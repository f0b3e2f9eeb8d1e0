//! A shared procurement: the lead force's requirement, its state and its timeline.
use crate::procurement::types::ProcurementState;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "procurement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub lead_force_id: i32,
    pub title: String,
    pub state: ProcurementState,
    pub lot_id: Option<i32>,
    /// Every field as typed (JSON of `rules::Fields`).
    #[sea_orm(column_type = "Text")]
    pub form: String,
    pub join_deadline: Option<DateTimeUtc>,
    pub clarification_deadline: Option<DateTimeUtc>,
    pub bid_deadline: Option<DateTimeUtc>,
    pub evaluation_target: Option<DateTimeUtc>,
    pub award_target: Option<DateTimeUtc>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub opened_at: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub cancelled_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
