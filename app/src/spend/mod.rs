//! Spend: every force's technology spend, imported from the files forces and the Crown
//! Commercial Service publish: the file parser (`parse`), the matching rules (`rules`), the
//! import job and its reports (`service`), its pages (`handlers`, `pages`) and the progress
//! island with its server function (`island`, `api`), which also compile for the browser.

pub mod api;
#[cfg(feature = "ssr")]
pub mod classify;
pub mod island;
pub mod types;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod demo_register;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod parse;
#[cfg(feature = "ssr")]
pub mod register;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod service;
