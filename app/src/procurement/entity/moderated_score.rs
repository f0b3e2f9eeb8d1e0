//! The one agreed score of a criterion for a bid, with the moderator's rationale: what the
//! ranking and the bidders' assessment summaries use.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "moderated_score")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub procurement_id: i32,
    pub bid_id: i32,
    pub criterion: i32,
    pub score: i32,
    #[sea_orm(column_type = "Text")]
    pub rationale: String,
    pub moderated_by: i32,
    pub moderated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
