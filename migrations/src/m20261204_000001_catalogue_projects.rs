//! Projects (saved searches that end in a fair-search record) and contracts (what an award
//! made, for procurement and spend to use).

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
enum Service {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ServiceVersion {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SearchProject {
    Table,
    Id,
    ForceId,
    Name,
    Search,
    Status,
    Outcome,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    SavedAt,
    EndedAt,
    EndedBy,
    Filters,
    ResultTotal,
    Assessment,
    AssessedAt,
    AssessedBy,
    OutcomeAt,
    OutcomeBy,
    OutcomeReason,
    ContractId,
}

#[derive(DeriveIden)]
enum SearchRecordItem {
    Table,
    Id,
    ProjectId,
    Position,
    ServiceId,
    VersionId,
    VersionNumber,
    ServiceName,
    SupplierId,
    SupplierName,
    LotName,
    PriceMinPence,
    PriceMaxPence,
    PriceText,
}

#[derive(DeriveIden)]
enum Contract {
    Table,
    Id,
    ForceId,
    SupplierId,
    ServiceId,
    ServiceVersionId,
    Title,
    ValuePence,
    StartDate,
    EndDate,
    Reference,
    Source,
    ProjectId,
    CreatedBy,
    CreatedAt,
}

/// Every change to the search index, numbered: a server keeps the index's filters in memory
/// and reloads only the services changed since the number it has seen.
#[derive(DeriveIden)]
enum SearchChange {
    Table,
    Generation,
    ServiceId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchProject::Table)
                    .col(pk_auto(SearchProject::Id))
                    .col(integer(SearchProject::ForceId))
                    .col(string(SearchProject::Name))
                    // The saved search as the search page's query string.
                    .col(text(SearchProject::Search))
                    // searching | ended | closed
                    .col(string(SearchProject::Status))
                    // awarded | no_suitable | cancelled, once closed
                    .col(string_null(SearchProject::Outcome))
                    .col(integer(SearchProject::CreatedBy))
                    .col(timestamp_with_time_zone(SearchProject::CreatedAt))
                    .col(timestamp_with_time_zone(SearchProject::UpdatedAt))
                    .col(timestamp_with_time_zone(SearchProject::SavedAt))
                    // Who did each step is kept as the name they had then: the record must
                    // read the same however accounts change later.
                    .col(timestamp_with_time_zone_null(SearchProject::EndedAt))
                    .col(string_null(SearchProject::EndedBy))
                    // The search's words and filters as people read them (JSON list of lines).
                    .col(text_null(SearchProject::Filters))
                    .col(integer_null(SearchProject::ResultTotal))
                    .col(text_null(SearchProject::Assessment))
                    .col(timestamp_with_time_zone_null(SearchProject::AssessedAt))
                    .col(string_null(SearchProject::AssessedBy))
                    .col(timestamp_with_time_zone_null(SearchProject::OutcomeAt))
                    .col(string_null(SearchProject::OutcomeBy))
                    .col(text_null(SearchProject::OutcomeReason))
                    .col(integer_null(SearchProject::ContractId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SearchProject::Table, SearchProject::ForceId)
                            .to(Organisation::Table, Organisation::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SearchProject::Table, SearchProject::CreatedBy)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_search_project_force_name")
                    .table(SearchProject::Table)
                    .col(SearchProject::ForceId)
                    .col(SearchProject::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SearchRecordItem::Table)
                    .col(pk_auto(SearchRecordItem::Id))
                    .col(integer(SearchRecordItem::ProjectId))
                    .col(integer(SearchRecordItem::Position))
                    .col(integer(SearchRecordItem::ServiceId))
                    .col(integer(SearchRecordItem::VersionId))
                    .col(integer(SearchRecordItem::VersionNumber))
                    .col(string(SearchRecordItem::ServiceName))
                    .col(integer(SearchRecordItem::SupplierId))
                    .col(string(SearchRecordItem::SupplierName))
                    .col(string(SearchRecordItem::LotName))
                    .col(big_integer_null(SearchRecordItem::PriceMinPence))
                    .col(big_integer_null(SearchRecordItem::PriceMaxPence))
                    .col(string(SearchRecordItem::PriceText))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SearchRecordItem::Table, SearchRecordItem::ProjectId)
                            .to(SearchProject::Table, SearchProject::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SearchRecordItem::Table, SearchRecordItem::ServiceId)
                            .to(Service::Table, Service::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SearchRecordItem::Table, SearchRecordItem::VersionId)
                            .to(ServiceVersion::Table, ServiceVersion::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_search_record_item_project")
                    .table(SearchRecordItem::Table)
                    .col(SearchRecordItem::ProjectId)
                    .col(SearchRecordItem::Position)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Contract::Table)
                    .col(pk_auto(Contract::Id))
                    .col(integer(Contract::ForceId))
                    .col(integer(Contract::SupplierId))
                    .col(integer_null(Contract::ServiceId))
                    .col(integer_null(Contract::ServiceVersionId))
                    .col(string(Contract::Title))
                    .col(big_integer(Contract::ValuePence))
                    .col(date(Contract::StartDate))
                    .col(date(Contract::EndDate))
                    .col(string(Contract::Reference))
                    // direct_award (from a fair search); later: further_competition, ...
                    .col(string(Contract::Source))
                    .col(integer_null(Contract::ProjectId))
                    .col(integer(Contract::CreatedBy))
                    .col(timestamp_with_time_zone(Contract::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contract::Table, Contract::ForceId)
                            .to(Organisation::Table, Organisation::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contract::Table, Contract::SupplierId)
                            .to(Organisation::Table, Organisation::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contract::Table, Contract::ServiceId)
                            .to(Service::Table, Service::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contract::Table, Contract::ProjectId)
                            .to(SearchProject::Table, SearchProject::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_contract_force_reference")
                    .table(Contract::Table)
                    .col(Contract::ForceId)
                    .col(Contract::Reference)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SearchChange::Table)
                    .col(pk_auto(SearchChange::Generation))
                    .col(integer(SearchChange::ServiceId))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            SearchChange::Table.into_iden(),
            Contract::Table.into_iden(),
            SearchRecordItem::Table.into_iden(),
            SearchProject::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
