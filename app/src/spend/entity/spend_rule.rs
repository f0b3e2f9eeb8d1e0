//! One classification rule: the national body's, in order; the first that matches a payment
//! gives its class. Empty conditions match anything; a rule with no condition at all is
//! refused when saved.
use crate::spend::register::SystemStatus;
use crate::spend::types::SpendClass;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spend_rule")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub position: i32,
    pub name: String,
    pub class: SpendClass,
    pub supplier_id: Option<i32>,
    /// Words the description must all contain (any case, any order).
    pub description_words: String,
    /// The expense type or GL code starts with this (any case).
    pub expense_type: String,
    /// The cost centre starts with this (any case).
    pub cost_centre: String,
    /// The system in the register (a product, across every force) the payments pay for.
    pub system_id: Option<i32>,
    /// The legacy function the payments it matches serve, from the national body's list.
    pub function_id: Option<i32>,
    /// The framework lot a payment was bought through, as its return names it; empty for any.
    pub lot: String,
    /// Conditions on the systems in the force's register that the payment's supplier
    /// provides: one of them has this status and ends support before this day.
    pub system_status: Option<SystemStatus>,
    pub support_ends_before: Option<Date>,
    /// Whether the force holds a contract with the supplier; none for either.
    pub on_contract: Option<bool>,
    pub updated_by: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
