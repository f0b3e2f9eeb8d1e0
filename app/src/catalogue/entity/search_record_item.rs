//! One service of an ended search, as it was when the search ended: never changed after.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_record_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub position: i32,
    pub service_id: i32,
    pub version_id: i32,
    pub version_number: i32,
    pub service_name: String,
    pub supplier_id: i32,
    pub supplier_name: String,
    pub lot_name: String,
    pub price_min_pence: Option<i64>,
    pub price_max_pence: Option<i64>,
    pub price_text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
