//! The REST API (/api/v1): the same services as the pages, with JSON in and out.
//! Authorisation is the services' own; errors come back as `{"error": "...", "fields": [...]}`.

mod catalogue;
pub mod doc;
mod ocds;
mod procurement;
mod routes;
pub use routes::{documented, routes};
