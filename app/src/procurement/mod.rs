//! Shared procurements: a force raises a requirement, other forces join with their own demand,
//! suppliers ask questions and bid, sealed until the deadline.

pub mod award;
pub mod form;
pub mod rules;
pub mod types;

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod handlers;
// Pages read the services' rows; no procurement page has an island, so they stay on the server.
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod stress;
