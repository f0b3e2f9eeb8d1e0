//! The Bluelamp server: configuration, command line, start-up, the axum router with its
//! middleware, and the REST API. Pages and services live in the `app` crate.
pub mod api;
pub mod assets;
pub mod bench;
pub mod bench_search;
pub mod bench_spend;
pub mod cli;
pub mod health;
pub mod middleware;
pub mod router;
pub mod stress;
