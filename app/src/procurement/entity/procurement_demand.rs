//! One force's demand in a procurement (the lead's included), and who to contact.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "procurement_demand")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub procurement_id: i32,
    pub force_id: i32,
    pub quantity: Option<i64>,
    pub value_pence: Option<i64>,
    pub contact_name: String,
    pub contact_email: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
