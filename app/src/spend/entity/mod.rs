//! Spend's sea-orm entities, one file a table.

pub mod spend_buyer;
pub mod spend_import;
pub mod spend_import_chunk;
pub mod spend_kind;
pub mod spend_override;
pub mod spend_payment;
pub mod spend_publisher;
pub mod spend_rejected_row;
pub mod spend_rule;
pub mod spend_supplier;
pub mod spend_supplier_name;
pub mod spend_system;
pub mod spend_target;
