//! One payment, from one import. `force_id` is set when its buyer is a known force (always,
//! for a force's own file); `fingerprint` (16 bytes) is unique across every import.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spend_payment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub import_id: i32,
    pub line: i64,
    pub force_id: Option<i32>,
    pub buyer_id: Option<i32>,
    pub supplier_id: i32,
    pub supplier_name_id: i32,
    pub paid_on: Date,
    pub month_only: bool,
    pub amount_pence: i64,
    pub description: String,
    pub expense_type: String,
    pub cost_centre: String,
    /// The framework lot it was bought through ("G-Cloud lot 3"), when its file says.
    pub lot: String,
    pub transaction_number: String,
    pub fingerprint: Vec<u8>,
    /// A force's decision about its class (`spend_override.class`), which rule changes leave
    /// alone. Without one, the payment's class, rule and system are its kind's.
    pub override_id: Option<i32>,
    /// Its kind (see `spend_kind`): what a rule makes of it. None while its import is still
    /// running.
    pub kind_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
