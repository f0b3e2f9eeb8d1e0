//! The outbox: mail is written here in the same transaction as the change it tells someone
//! about, and a background task sends it. A mail server outage loses nothing; a claim with a
//! lease lets several server instances share one outbox without sending a message twice.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MailMessage {
    Table,
    Id,
    Recipient,
    Subject,
    BodyText,
    BodyHtml,
    CarriesToken,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    SentAt,
    LastError,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MailMessage::Table)
                    .col(pk_auto(MailMessage::Id))
                    .col(string(MailMessage::Recipient))
                    .col(string(MailMessage::Subject))
                    .col(text(MailMessage::BodyText))
                    .col(text(MailMessage::BodyHtml))
                    .col(boolean(MailMessage::CarriesToken))
                    .col(timestamp_with_time_zone(MailMessage::CreatedAt))
                    .col(integer(MailMessage::Attempts).default(0))
                    .col(timestamp_with_time_zone(MailMessage::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(MailMessage::ClaimedUntil))
                    .col(timestamp_with_time_zone_null(MailMessage::SentAt))
                    .col(text_null(MailMessage::LastError))
                    .to_owned(),
            )
            .await?;
        // The sender's query: unsent messages that are due.
        manager
            .create_index(
                Index::create()
                    .name("idx_mail_message_due")
                    .table(MailMessage::Table)
                    .col(MailMessage::SentAt)
                    .col(MailMessage::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MailMessage::Table).to_owned())
            .await
    }
}
