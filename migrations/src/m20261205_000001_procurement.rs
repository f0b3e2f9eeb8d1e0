//! Shared procurements: the requirement a force raises, the forces that join it with their
//! demand, its amendments, suppliers' questions and sealed bids, the timeline of its events,
//! and each user's in-app notifications.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Lot {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Procurement {
    Table,
    Id,
    LeadForceId,
    Title,
    State,
    LotId,
    Form,
    JoinDeadline,
    ClarificationDeadline,
    BidDeadline,
    EvaluationTarget,
    AwardTarget,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    OpenedAt,
    PublishedAt,
    CancelledReason,
}

#[derive(DeriveIden)]
enum ProcurementCollaborator {
    Table,
    ProcurementId,
    UserId,
}

#[derive(DeriveIden)]
enum ProcurementDemand {
    Table,
    Id,
    ProcurementId,
    ForceId,
    Quantity,
    ValuePence,
    ContactName,
    ContactEmail,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProcurementAmendment {
    Table,
    Id,
    ProcurementId,
    Number,
    Reason,
    Changes,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ProcurementQuestion {
    Table,
    Id,
    ProcurementId,
    SupplierId,
    AskedBy,
    Question,
    AskedAt,
    Answer,
    AnsweredBy,
    AnsweredAt,
    Private,
    PrivateReason,
}

#[derive(DeriveIden)]
enum Bid {
    Table,
    Id,
    ProcurementId,
    SupplierId,
    Status,
    Version,
    Content,
    ReceiptHash,
    SubmittedAt,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum ProcurementEvent {
    Table,
    Id,
    ProcurementId,
    At,
    Kind,
    Message,
    OrganisationId,
}

#[derive(DeriveIden)]
enum Notification {
    Table,
    Id,
    UserId,
    ProcurementId,
    Kind,
    Message,
    Link,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum NotificationPreference {
    Table,
    UserId,
    Kind,
    Email,
}

#[derive(DeriveIden)]
enum Setting {
    Table,
    Key,
    Value,
}

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: &[&str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(Alias::new(*c));
    }
    if unique {
        i.unique();
    }
    manager.create_index(i.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Procurement::Table)
                    .col(pk_auto(Procurement::Id))
                    .col(integer(Procurement::LeadForceId))
                    .col(string(Procurement::Title))
                    // draft | open_to_join | published | closed | cancelled
                    .col(string(Procurement::State))
                    // Set when it is opened (a draft may not have chosen yet).
                    .col(integer_null(Procurement::LotId))
                    // Every field as the lead typed it (JSON): a draft keeps what was typed,
                    // valid or not; opening and amending check it with one validator.
                    .col(text(Procurement::Form))
                    // The checked timeline, once opened: what the server's clock enforces.
                    .col(timestamp_with_time_zone_null(Procurement::JoinDeadline))
                    .col(timestamp_with_time_zone_null(
                        Procurement::ClarificationDeadline,
                    ))
                    .col(timestamp_with_time_zone_null(Procurement::BidDeadline))
                    .col(timestamp_with_time_zone_null(Procurement::EvaluationTarget))
                    .col(timestamp_with_time_zone_null(Procurement::AwardTarget))
                    .col(integer(Procurement::CreatedBy))
                    .col(timestamp_with_time_zone(Procurement::CreatedAt))
                    .col(timestamp_with_time_zone(Procurement::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Procurement::OpenedAt))
                    .col(timestamp_with_time_zone_null(Procurement::PublishedAt))
                    .col(text_null(Procurement::CancelledReason))
                    .foreign_key(&mut fk(
                        (Procurement::Table, Procurement::LeadForceId),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Procurement::Table, Procurement::LotId),
                        (Lot::Table, Lot::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Procurement::Table, Procurement::CreatedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_procurement_lead",
            Procurement::Table,
            &["lead_force_id", "state"],
            false,
        )
        .await?;
        index(
            manager,
            "idx_procurement_state_bid",
            Procurement::Table,
            &["state", "bid_deadline"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProcurementCollaborator::Table)
                    .col(integer(ProcurementCollaborator::ProcurementId))
                    .col(integer(ProcurementCollaborator::UserId))
                    .primary_key(
                        Index::create()
                            .col(ProcurementCollaborator::ProcurementId)
                            .col(ProcurementCollaborator::UserId),
                    )
                    .foreign_key(&mut fk(
                        (
                            ProcurementCollaborator::Table,
                            ProcurementCollaborator::ProcurementId,
                        ),
                        (Procurement::Table, Procurement::Id),
                    ))
                    .foreign_key(&mut fk(
                        (
                            ProcurementCollaborator::Table,
                            ProcurementCollaborator::UserId,
                        ),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProcurementDemand::Table)
                    .col(pk_auto(ProcurementDemand::Id))
                    .col(integer(ProcurementDemand::ProcurementId))
                    .col(integer(ProcurementDemand::ForceId))
                    .col(big_integer_null(ProcurementDemand::Quantity))
                    .col(big_integer_null(ProcurementDemand::ValuePence))
                    .col(string(ProcurementDemand::ContactName))
                    .col(string(ProcurementDemand::ContactEmail))
                    .col(timestamp_with_time_zone(ProcurementDemand::UpdatedAt))
                    .foreign_key(&mut fk(
                        (ProcurementDemand::Table, ProcurementDemand::ProcurementId),
                        (Procurement::Table, Procurement::Id),
                    ))
                    .foreign_key(&mut fk(
                        (ProcurementDemand::Table, ProcurementDemand::ForceId),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_procurement_demand_force",
            ProcurementDemand::Table,
            &["procurement_id", "force_id"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProcurementAmendment::Table)
                    .col(pk_auto(ProcurementAmendment::Id))
                    .col(integer(ProcurementAmendment::ProcurementId))
                    .col(integer(ProcurementAmendment::Number))
                    .col(text(ProcurementAmendment::Reason))
                    // What changed, as lines people read (JSON list).
                    .col(text(ProcurementAmendment::Changes))
                    .col(integer(ProcurementAmendment::CreatedBy))
                    .col(timestamp_with_time_zone(ProcurementAmendment::CreatedAt))
                    .foreign_key(&mut fk(
                        (
                            ProcurementAmendment::Table,
                            ProcurementAmendment::ProcurementId,
                        ),
                        (Procurement::Table, Procurement::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_procurement_amendment_number",
            ProcurementAmendment::Table,
            &["procurement_id", "number"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProcurementQuestion::Table)
                    .col(pk_auto(ProcurementQuestion::Id))
                    .col(integer(ProcurementQuestion::ProcurementId))
                    // Who asked is kept for the record and never shown to anyone else.
                    .col(integer(ProcurementQuestion::SupplierId))
                    .col(integer(ProcurementQuestion::AskedBy))
                    .col(text(ProcurementQuestion::Question))
                    .col(timestamp_with_time_zone(ProcurementQuestion::AskedAt))
                    .col(text_null(ProcurementQuestion::Answer))
                    .col(integer_null(ProcurementQuestion::AnsweredBy))
                    .col(timestamp_with_time_zone_null(
                        ProcurementQuestion::AnsweredAt,
                    ))
                    .col(boolean(ProcurementQuestion::Private).default(false))
                    .col(text_null(ProcurementQuestion::PrivateReason))
                    .foreign_key(&mut fk(
                        (
                            ProcurementQuestion::Table,
                            ProcurementQuestion::ProcurementId,
                        ),
                        (Procurement::Table, Procurement::Id),
                    ))
                    .foreign_key(&mut fk(
                        (ProcurementQuestion::Table, ProcurementQuestion::SupplierId),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_procurement_question_procurement",
            ProcurementQuestion::Table,
            &["procurement_id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Bid::Table)
                    .col(pk_auto(Bid::Id))
                    .col(integer(Bid::ProcurementId))
                    .col(integer(Bid::SupplierId))
                    // draft | submitted | withdrawn
                    .col(string(Bid::Status))
                    // Counts every save, so a revision is told from the one before.
                    .col(integer(Bid::Version))
                    // The bid itself (JSON): readable through one service function only,
                    // by its supplier until the bid deadline and by the buyers after it.
                    .col(text(Bid::Content))
                    .col(string_null(Bid::ReceiptHash))
                    .col(timestamp_with_time_zone_null(Bid::SubmittedAt))
                    .col(timestamp_with_time_zone(Bid::UpdatedAt))
                    .col(integer(Bid::UpdatedBy))
                    .foreign_key(&mut fk(
                        (Bid::Table, Bid::ProcurementId),
                        (Procurement::Table, Procurement::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Bid::Table, Bid::SupplierId),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // One bid a supplier a procurement: revising replaces it, never adds a second.
        index(
            manager,
            "idx_bid_supplier",
            Bid::Table,
            &["procurement_id", "supplier_id"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProcurementEvent::Table)
                    .col(pk_auto(ProcurementEvent::Id))
                    .col(integer(ProcurementEvent::ProcurementId))
                    .col(timestamp_with_time_zone(ProcurementEvent::At))
                    .col(string(ProcurementEvent::Kind))
                    // Written to be read by everyone who sees the procurement: never a bid's
                    // content, never who asked a question.
                    .col(text(ProcurementEvent::Message))
                    .col(integer_null(ProcurementEvent::OrganisationId))
                    .foreign_key(&mut fk(
                        (ProcurementEvent::Table, ProcurementEvent::ProcurementId),
                        (Procurement::Table, Procurement::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_procurement_event_procurement",
            ProcurementEvent::Table,
            &["procurement_id", "id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notification::Table)
                    .col(pk_auto(Notification::Id))
                    .col(integer(Notification::UserId))
                    .col(integer_null(Notification::ProcurementId))
                    .col(string(Notification::Kind))
                    .col(text(Notification::Message))
                    .col(string(Notification::Link))
                    .col(timestamp_with_time_zone(Notification::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notification::ReadAt))
                    .foreign_key(&mut fk(
                        (Notification::Table, Notification::UserId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_notification_user",
            Notification::Table,
            &["user_id", "id"],
            false,
        )
        .await?;
        // "Deadline in 2 days" is sent once per user and procurement.
        index(
            manager,
            "idx_notification_once",
            Notification::Table,
            &["user_id", "procurement_id", "kind", "link"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(NotificationPreference::Table)
                    .col(integer(NotificationPreference::UserId))
                    .col(string(NotificationPreference::Kind))
                    .col(boolean(NotificationPreference::Email))
                    .primary_key(
                        Index::create()
                            .col(NotificationPreference::UserId)
                            .col(NotificationPreference::Kind),
                    )
                    .foreign_key(&mut fk(
                        (
                            NotificationPreference::Table,
                            NotificationPreference::UserId,
                        ),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Setting::Table)
                    .col(string(Setting::Key).primary_key())
                    .col(text(Setting::Value))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Setting::Table.into_iden(),
            NotificationPreference::Table.into_iden(),
            Notification::Table.into_iden(),
            ProcurementEvent::Table.into_iden(),
            Bid::Table.into_iden(),
            ProcurementQuestion::Table.into_iden(),
            ProcurementAmendment::Table.into_iden(),
            ProcurementDemand::Table.into_iden(),
            ProcurementCollaborator::Table.into_iden(),
            Procurement::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
