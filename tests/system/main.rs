//! Whole-system tests: services on SQLite and PostgreSQL, and HTTP through the real router.
mod audit;
mod authz_matrix;
mod http;
mod identity;
