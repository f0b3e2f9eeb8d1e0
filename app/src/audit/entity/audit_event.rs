use sea_orm::entity::prelude::*;

/// Append-only: nothing in Bluelamp updates or deletes these rows.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub occurred_at: DateTimeUtc,
    pub user_id: Option<i32>,
    pub organisation_id: Option<i32>,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
