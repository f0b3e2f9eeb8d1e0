//! One version of a listing, kept for ever. `listing` is the whole content as JSON
//! (`types::Listing`); `name` and `price_min_pence` are copies for lists.
use crate::catalogue::types::VersionState;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub service_id: i32,
    pub number: i32,
    pub state: VersionState,
    pub listing: String,
    pub name: String,
    pub price_min_pence: Option<i64>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<i32>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub review_comment: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
