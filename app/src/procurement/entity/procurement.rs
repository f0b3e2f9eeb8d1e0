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
    /// The moderator the lead named; None: the lead force moderates.
    pub moderator_id: Option<i32>,
    pub awarded_bid_id: Option<i32>,
    pub awarded_at: Option<DateTimeUtc>,
    /// Why the lead awarded as it did (or did not award).
    #[sea_orm(column_type = "Text", nullable)]
    pub award_reason: Option<String>,
    pub standstill_ends_at: Option<DateTimeUtc>,
    /// When the award was confirmed and the contracts made.
    pub concluded_at: Option<DateTimeUtc>,
    pub contract_start: Option<Date>,
    pub contract_end: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
