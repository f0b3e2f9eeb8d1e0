//! An OCDS release as published at one stage of a procurement (or a catalogue direct award):
//! written once, in the transaction of the change it reports, and never changed.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ocds_release")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub ocid: String,
    pub release_id: String,
    pub procurement_id: Option<i32>,
    pub contract_id: Option<i32>,
    pub date: DateTimeUtc,
    pub tags: String,
    #[sea_orm(column_type = "Text")]
    pub json: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
