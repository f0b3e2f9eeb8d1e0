//! Writing mail to the outbox, claiming it to send, and marking it sent or failed.
//!
//! Two server instances on one PostgreSQL may both look for due mail. A sender claims a message
//! with a conditional UPDATE (unsent and unclaimed, or its claim lapsed) and sends only the
//! messages whose claim changed a row, so no message is claimed twice at once. A sender that dies
//! mid-send leaves a claim that lapses after [`CLAIM_LEASE`], and the message is retried.

use super::entity::mail_message::{self, Entity as MailMessage};
use super::templates::Mail;
use crate::db::{Db, WriteTxn};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// How long a sender may hold a message before another may try it.
pub const CLAIM_LEASE: Duration = Duration::minutes(2);

/// Adds a message in the caller's transaction: it is sent only if the change commits.
pub async fn enqueue(txn: &WriteTxn, mail: Mail) -> Result<(), DbErr> {
    let txn: &DatabaseTransaction = txn;
    let now = Utc::now();
    mail_message::ActiveModel {
        recipient: Set(mail.to),
        subject: Set(mail.subject),
        body_text: Set(mail.text),
        body_html: Set(mail.html),
        carries_token: Set(mail.carries_token),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        sent_at: Set(None),
        last_error: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

fn claimable(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(mail_message::Column::SentAt.is_null())
        .add(mail_message::Column::NextAttemptAt.lte(now))
        .add(
            Condition::any()
                .add(mail_message::Column::ClaimedUntil.is_null())
                .add(mail_message::Column::ClaimedUntil.lt(now)),
        )
}

/// Claims up to `limit` due messages for this sender, oldest first.
pub async fn claim_due(db: &Db, limit: u64) -> Result<Vec<mail_message::Model>, DbErr> {
    let now = Utc::now();
    let candidates: Vec<i32> = MailMessage::find()
        .filter(claimable(now))
        .order_by_asc(mail_message::Column::Id)
        .limit(limit)
        .select_only()
        .column(mail_message::Column::Id)
        .into_tuple()
        .all(&db.conn)
        .await?;
    let mut claimed = Vec::new();
    for id in candidates {
        let txn = db.write().await?;
        // The same condition again, in the UPDATE itself: of two senders racing for a
        // message, exactly one changes the row.
        let result = MailMessage::update_many()
            .col_expr(
                mail_message::Column::ClaimedUntil,
                Expr::value(Some(now + CLAIM_LEASE)),
            )
            .col_expr(
                mail_message::Column::Attempts,
                Expr::col(mail_message::Column::Attempts).add(1),
            )
            .filter(mail_message::Column::Id.eq(id))
            .filter(claimable(now))
            .exec(&*txn)
            .await?;
        if result.rows_affected == 1 {
            if let Some(m) = MailMessage::find_by_id(id).one(&*txn).await? {
                claimed.push(m);
            }
        }
        txn.commit().await?;
    }
    Ok(claimed)
}

/// Marks a message sent, deleting its bodies when they carried a token.
pub async fn mark_sent(db: &Db, message: &mail_message::Model) -> Result<(), DbErr> {
    let txn = db.write().await?;
    let mut m: mail_message::ActiveModel = message.clone().into();
    m.sent_at = Set(Some(Utc::now()));
    m.claimed_until = Set(None);
    m.last_error = Set(None);
    if message.carries_token {
        m.body_text = Set(String::new());
        m.body_html = Set(String::new());
    }
    m.update(&*txn).await?;
    txn.commit().await
}

/// Records a failed attempt; the message is tried again after a growing wait (capped at 30
/// minutes), for as long as it takes: an outage loses nothing.
pub async fn mark_failed(db: &Db, message: &mail_message::Model, error: &str) -> Result<(), DbErr> {
    let txn = db.write().await?;
    let mut m: mail_message::ActiveModel = message.clone().into();
    m.claimed_until = Set(None);
    m.next_attempt_at = Set(Utc::now() + retry_after(message.attempts));
    m.last_error = Set(Some(error.chars().take(1000).collect()));
    m.update(&*txn).await?;
    txn.commit().await
}

/// 15 s after the first failure, doubling to at most 30 minutes.
pub fn retry_after(attempts: i32) -> Duration {
    let doublings = attempts.clamp(1, 8) - 1;
    Duration::seconds(15 * (1i64 << doublings)).min(Duration::minutes(30))
}

/// The newest messages, for the development mailbox.
pub async fn newest(db: &Db, limit: u64) -> Result<Vec<mail_message::Model>, DbErr> {
    MailMessage::find()
        .order_by_desc(mail_message::Column::Id)
        .limit(limit)
        .all(&db.conn)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_half_an_hour() {
        assert_eq!(retry_after(1), Duration::seconds(15));
        assert_eq!(retry_after(2), Duration::seconds(30));
        assert_eq!(retry_after(7), Duration::seconds(960));
        assert_eq!(retry_after(8), Duration::minutes(30));
        assert_eq!(retry_after(50), Duration::minutes(30));
    }
}
