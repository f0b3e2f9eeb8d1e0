//! Shared procurements: a force raises a requirement, other forces join with their own demand,
//! suppliers ask questions and bid, sealed until the deadline.
//!
//! Built so far: the pure core (the shapes every door shares, and the rules of a requirement,
//! its criteria, its timeline, amendments, demand and per-force prices). The tables, services,
//! pages and routes follow the same layout as every other area (`service/`, `handlers/`,
//! `pages/`, `entity/`).

pub mod rules;
pub mod types;
