//! Outgoing email: messages are written to an outbox in the same transaction as the change they
//! tell someone about, and a background task sends them over SMTP (`BLUELAMP_SMTP_URL`). With no
//! SMTP server configured (the Quick start), mail stays in the outbox and the demo shows it on a
//! development mailbox page, `/dev/mailbox`.
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod outbox;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod sender;
#[cfg(feature = "ssr")]
pub mod templates;
