//! Mail pages.
pub mod mailbox;
