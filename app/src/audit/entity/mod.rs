//! sea-orm entities of the audit area.
pub mod audit_event;
