//! The catalogue: frameworks and their lots, supplier applications, and service listings
//! with police facts, reviewed by the national body, every version kept.

pub mod api;
pub mod gcloud;
pub mod island;
pub mod rules;
pub mod types;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod service;
