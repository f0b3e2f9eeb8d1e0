//! Whole-system tests: services on SQLite and PostgreSQL, and HTTP through the real router,
//! one folder per area (as in `app/src/`), plus the web layer and the authorisation matrix
//! that walk every area.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is the failure report

mod api;
mod audit;
mod authz_matrix;
mod catalogue;
mod hostile_input;
mod identity;
mod mail;
mod procurement;
mod spend;
mod web;
