//! The systems register: what each force runs, for the national duplication map.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CatalogueTerm {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SpendSystem {
    Table,
    Id,
    ForceId,
    Name,
    Supplier,
    FunctionId,
    Product,
    GoLiveYear,
    EndOfSupport,
    AnnualMaintenancePence,
    Status,
    Contract,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SpendSystem::Table)
                    .col(pk_auto(SpendSystem::Id))
                    .col(integer(SpendSystem::ForceId))
                    .col(string(SpendSystem::Name))
                    .col(string(SpendSystem::Supplier))
                    // A legacy function from the national body's list (the catalogue's "can
                    // replace" list); NULL is "Other".
                    .col(integer_null(SpendSystem::FunctionId))
                    .col(string(SpendSystem::Product))
                    .col(integer_null(SpendSystem::GoLiveYear))
                    .col(date_null(SpendSystem::EndOfSupport))
                    .col(big_integer_null(SpendSystem::AnnualMaintenancePence))
                    .col(string(SpendSystem::Status))
                    .col(string_null(SpendSystem::Contract))
                    .col(timestamp_with_time_zone(SpendSystem::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SpendSystem::Table, SpendSystem::ForceId)
                            .to(Organisation::Table, Organisation::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SpendSystem::Table, SpendSystem::FunctionId)
                            .to(CatalogueTerm::Table, CatalogueTerm::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_spend_system_force")
                    .table(SpendSystem::Table)
                    .col(SpendSystem::ForceId)
                    .col(SpendSystem::Name)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_spend_system_function")
                    .table(SpendSystem::Table)
                    .col(SpendSystem::FunctionId)
                    .to_owned(),
            )
            .await
    }
}
