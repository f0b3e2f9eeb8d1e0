//! sea-orm entities of the identity area.
pub mod app_user;
pub mod organisation;
pub mod organisation_domain;
pub mod recovery_code;
pub mod sign_in_failure;
pub mod user_role;
pub mod web_session;
