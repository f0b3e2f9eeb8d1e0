//! Shared procurements' sea-orm entities, one file a table.

pub mod bid;
pub mod evaluation_assignment;
pub mod evaluation_score;
pub mod moderated_score;
pub mod notification;
pub mod notification_preference;
pub mod ocds_release;
pub mod procurement;
pub mod procurement_amendment;
pub mod procurement_challenge;
pub mod procurement_collaborator;
pub mod procurement_demand;
pub mod procurement_event;
pub mod procurement_question;
pub mod setting;
