//! sea-orm entities of the mail outbox.
pub mod mail_message;
