//! The catalogue's sea-orm entities, one file a table.

pub mod application_answer;
pub mod application_lot;
pub mod catalogue_term;
pub mod category;
pub mod contract;
pub mod declaration_question;
pub mod framework;
pub mod framework_application;
pub mod lot;
pub mod search_project;
pub mod search_record_item;
pub mod service;
pub mod service_category;
pub mod service_version;
