//! Shared procurements: a force raises a requirement, other forces join with their own demand,
//! suppliers ask questions and bid, sealed until the deadline; evaluators score, the lead
//! moderates and awards, and after a standstill every force gets its contract. Published as
//! OCDS open data at every stage.

pub mod award;
pub mod form;
pub mod rules;
pub mod types;

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ocds;
// Pages read the services' rows; no procurement page has an island, so they stay on the server.
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod stress;
