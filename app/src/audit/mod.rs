//! The audit log: append-only (database triggers refuse changes), HMAC-chained events written in the same transaction as the
//! changes they record.
#[cfg(feature = "ssr")]
pub mod checkpoint;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod key;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
