//! One evaluator's score of one criterion of one bid, with its justification: read only by
//! that evaluator and, once submitted, by the moderator.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluation_score")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub assignment_id: i32,
    /// The criterion's place in the procurement's criteria.
    pub criterion: i32,
    pub score: i32,
    #[sea_orm(column_type = "Text")]
    pub justification: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
