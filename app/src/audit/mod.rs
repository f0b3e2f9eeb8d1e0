//! The audit log: append-only, hash-chained events written in the same transaction as the
//! changes they record.
pub mod pages;
pub mod rules;
pub mod types;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod service;
