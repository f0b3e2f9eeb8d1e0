//! A supplier's bid: sealed until the bid deadline (read it only through `service::bids`).
use crate::procurement::types::BidStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bid")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub procurement_id: i32,
    pub supplier_id: i32,
    pub status: BidStatus,
    pub version: i32,
    /// JSON of `types::BidContent`.
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub receipt_hash: Option<String>,
    pub submitted_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
    pub updated_by: i32,
    /// Decided in moderation: None until then; false when it fails an essential requirement.
    pub compliant: Option<bool>,
    #[sea_orm(column_type = "Text", nullable)]
    pub compliance_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
