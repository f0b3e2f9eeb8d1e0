//! A service: who offers it on which lot, its status, and which of its versions is live and
//! which is being worked on.
use crate::catalogue::types::ServiceStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub supplier_id: i32,
    pub lot_id: i32,
    pub status: ServiceStatus,
    pub status_reason: Option<String>,
    pub live_version_id: Option<i32>,
    pub working_version_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
