//! Audit pages.
pub mod log;
