//! Sending the outbox over SMTP with lettre, from a background task.

use super::entity::mail_message;
use super::outbox;
use crate::db::Db;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How often the background task looks for due mail.
const POLL: Duration = Duration::from_secs(2);
/// Messages claimed at a time.
const BATCH: u64 = 20;

#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("BLUELAMP_SMTP_URL is not a usable SMTP address ({0}); use smtp://host:port, smtp://user:password@host:587?tls=required or smtps://host")]
    Url(String),
    #[error("BLUELAMP_MAIL_FROM is not an email address with an optional name, like “Bluelamp <no-reply@bluelamp.example>” ({0})")]
    From(String),
}

/// A connection pool to one SMTP server and the address mail comes from.
#[derive(Clone)]
pub struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Sender {
    pub fn new(smtp_url: &str, from: &str) -> Result<Sender, MailSetupError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| MailSetupError::Url(e.to_string()))?
            .timeout(Some(Duration::from_secs(10)))
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| MailSetupError::From(e.to_string()))?;
        Ok(Sender { transport, from })
    }

    async fn send(&self, m: &mail_message::Model) -> Result<(), String> {
        let to = m
            .recipient
            .parse::<Mailbox>()
            .map_err(|e| format!("bad recipient: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&m.subject)
            .multipart(MultiPart::alternative_plain_html(
                m.body_text.clone(),
                m.body_html.clone(),
            ))
            .map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// What one pass over the outbox did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

/// Sends every message that is due now, once.
pub async fn deliver_due(db: &Db, sender: &Sender) -> Result<Delivery, sea_orm::DbErr> {
    let mut delivery = Delivery::default();
    loop {
        let batch = outbox::claim_due(db, BATCH).await?;
        if batch.is_empty() {
            return Ok(delivery);
        }
        for m in &batch {
            match sender.send(m).await {
                Ok(()) => {
                    outbox::mark_sent(db, m).await?;
                    delivery.sent += 1;
                }
                Err(e) => {
                    tracing::warn!(message = m.id, attempts = m.attempts, error = %e, "mail not sent; will retry");
                    outbox::mark_failed(db, m, &e).await?;
                    delivery.failed += 1;
                }
            }
        }
        if delivery.failed > 0 {
            // The server is likely down: wait for the next poll rather than spin.
            return Ok(delivery);
        }
    }
}

/// Runs [`deliver_due`] every couple of seconds for as long as the server runs.
pub fn spawn(db: Db, sender: Sender) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = deliver_due(&db, &sender).await {
                tracing::warn!(error = %e, "could not read the mail outbox");
            }
        }
    });
}
