//! Bluelamp: the Leptos application. Every page, component, service and shared type lives
//! here, one folder per area; see ARCHITECTURE.md.
#![recursion_limit = "256"]

#[macro_use]
pub mod enums;

pub mod access;
pub mod audit;
pub mod catalogue;
pub mod identity;
pub mod mail;
pub mod money;
pub mod procurement;
pub mod spend;
pub mod ui;
pub mod validation;

#[cfg(feature = "ssr")]
pub mod db;
pub mod error;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod web;

/// Referenced by the wasm entry point so that the islands in this crate are linked in.
pub fn link_islands() {}
