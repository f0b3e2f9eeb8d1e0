//! Organisations, users, roles, sessions, sign-in throttling and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
    Slug,
    Name,
    Kind,
    Status,
    Region,
    CompaniesHouseNumber,
    SupplierSize,
    ContactName,
    ContactEmail,
    ContactPhone,
    StatusReason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OrganisationDomain {
    Table,
    Id,
    OrganisationId,
    Domain,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    OrganisationId,
    Email,
    Name,
    PasswordHash,
    Status,
    InvitationTokenHash,
    InvitationExpiresAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UserRole {
    Table,
    UserId,
    Role,
}

#[derive(DeriveIden)]
enum WebSession {
    Table,
    Id,
    UserId,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum SignInFailure {
    Table,
    Id,
    Email,
    ClientAddress,
    OccurredAt,
}

#[derive(DeriveIden)]
enum AuditEvent {
    Table,
    Id,
    OccurredAt,
    UserId,
    OrganisationId,
    Action,
    ObjectType,
    ObjectId,
    Details,
    PrevHash,
    Hash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisation::Table)
                    .col(pk_auto(Organisation::Id))
                    .col(string_uniq(Organisation::Slug))
                    .col(string(Organisation::Name))
                    .col(string(Organisation::Kind))
                    .col(string(Organisation::Status))
                    .col(string_null(Organisation::Region))
                    .col(string_null(Organisation::CompaniesHouseNumber))
                    .col(string_null(Organisation::SupplierSize))
                    .col(string_null(Organisation::ContactName))
                    .col(string_null(Organisation::ContactEmail))
                    .col(string_null(Organisation::ContactPhone))
                    .col(text_null(Organisation::StatusReason))
                    .col(timestamp_with_time_zone(Organisation::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisation_kind_status")
                    .table(Organisation::Table)
                    .col(Organisation::Kind)
                    .col(Organisation::Status)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrganisationDomain::Table)
                    .col(pk_auto(OrganisationDomain::Id))
                    .col(integer(OrganisationDomain::OrganisationId))
                    .col(string(OrganisationDomain::Domain))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                OrganisationDomain::Table,
                                OrganisationDomain::OrganisationId,
                            )
                            .to(Organisation::Table, Organisation::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A domain belongs to one force only, so registration can never be ambiguous.
        manager
            .create_index(
                Index::create()
                    .name("idx_organisation_domain_domain")
                    .table(OrganisationDomain::Table)
                    .col(OrganisationDomain::Domain)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AppUser::Table)
                    .col(pk_auto(AppUser::Id))
                    .col(integer(AppUser::OrganisationId))
                    .col(string_uniq(AppUser::Email))
                    .col(string(AppUser::Name))
                    .col(string_null(AppUser::PasswordHash))
                    .col(string(AppUser::Status))
                    .col(string_null(AppUser::InvitationTokenHash))
                    .col(timestamp_with_time_zone_null(AppUser::InvitationExpiresAt))
                    .col(timestamp_with_time_zone(AppUser::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AppUser::Table, AppUser::OrganisationId)
                            .to(Organisation::Table, Organisation::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_app_user_organisation")
                    .table(AppUser::Table)
                    .col(AppUser::OrganisationId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserRole::Table)
                    .col(integer(UserRole::UserId))
                    .col(string(UserRole::Role))
                    .primary_key(Index::create().col(UserRole::UserId).col(UserRole::Role))
                    .foreign_key(
                        ForeignKey::create()
                            .from(UserRole::Table, UserRole::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebSession::Table)
                    .col(string(WebSession::Id).primary_key())
                    .col(integer_null(WebSession::UserId))
                    .col(text(WebSession::Data))
                    .col(timestamp_with_time_zone(WebSession::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_web_session_user")
                    .table(WebSession::Table)
                    .col(WebSession::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_web_session_expires")
                    .table(WebSession::Table)
                    .col(WebSession::ExpiresAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SignInFailure::Table)
                    .col(pk_auto(SignInFailure::Id))
                    .col(string(SignInFailure::Email))
                    .col(string(SignInFailure::ClientAddress))
                    .col(timestamp_with_time_zone(SignInFailure::OccurredAt))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_sign_in_failure_email", SignInFailure::Email),
            ("idx_sign_in_failure_address", SignInFailure::ClientAddress),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(SignInFailure::Table)
                        .col(col)
                        .col(SignInFailure::OccurredAt)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AuditEvent::Table)
                    .col(big_pk_auto(AuditEvent::Id))
                    .col(timestamp_with_time_zone(AuditEvent::OccurredAt))
                    .col(integer_null(AuditEvent::UserId))
                    .col(integer_null(AuditEvent::OrganisationId))
                    .col(string(AuditEvent::Action))
                    .col(string(AuditEvent::ObjectType))
                    .col(string(AuditEvent::ObjectId))
                    .col(text(AuditEvent::Details))
                    .col(string(AuditEvent::PrevHash))
                    .col(string(AuditEvent::Hash))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_audit_event_occurred", AuditEvent::OccurredAt),
            ("idx_audit_event_organisation", AuditEvent::OrganisationId),
            ("idx_audit_event_user", AuditEvent::UserId),
            ("idx_audit_event_action", AuditEvent::Action),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(AuditEvent::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvent::Table.into_iden(),
            SignInFailure::Table.into_iden(),
            WebSession::Table.into_iden(),
            UserRole::Table.into_iden(),
            AppUser::Table.into_iden(),
            OrganisationDomain::Table.into_iden(),
            Organisation::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
