//! Spend tracker, part 2: the national body's ordered classification rules, each payment's
//! class (and the rule, or the force's override, that gave it), the legacy-share target, and
//! the rollups the dashboards read, kept in step with the payments in the same transactions.

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
enum SpendPayment {
    Table,
    ForceId,
    Class,
    RuleId,
    SystemId,
    OverrideId,
}

#[derive(DeriveIden)]
enum SpendRule {
    Table,
    Id,
    Position,
    Name,
    Class,
    SupplierId,
    DescriptionWords,
    ExpenseType,
    CostCentre,
    SystemId,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SpendOverride {
    Table,
    Id,
    ForceId,
    Class,
    Reason,
    Lines,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SpendTarget {
    Table,
    Id,
    LegacySharePercent,
    ByYear,
    SetBy,
    SetAt,
}

#[derive(DeriveIden)]
enum SpendRollup {
    Table,
    ForceId,
    Month,
    Class,
    Pence,
    Lines,
}

#[derive(DeriveIden)]
enum SpendRollupSupplier {
    Table,
    ForceId,
    Year,
    SupplierId,
    Class,
    Pence,
    Lines,
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

/// SQLite adds one column a statement.
async fn add(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    col: ColumnDef,
) -> Result<(), DbErr> {
    let mut col = col;
    manager
        .alter_table(Table::alter().table(table).add_column(&mut col).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A payment's class, and what gave it: a rule (and the system it names), or an
        // override a force made, which rule changes leave alone. No foreign keys, for the
        // reason the payments table gives (a trigger per row on PostgreSQL).
        add(
            manager,
            SpendPayment::Table,
            string_len(SpendPayment::Class, 16)
                .default("unclassified")
                .to_owned(),
        )
        .await?;
        add(
            manager,
            SpendPayment::Table,
            integer_null(SpendPayment::RuleId),
        )
        .await?;
        add(
            manager,
            SpendPayment::Table,
            integer_null(SpendPayment::SystemId),
        )
        .await?;
        add(
            manager,
            SpendPayment::Table,
            integer_null(SpendPayment::OverrideId),
        )
        .await?;
        // A force's unclassified queue, and the lines page's class filter.
        manager
            .create_index(
                Index::create()
                    .name("idx_spend_payment_force_class")
                    .table(SpendPayment::Table)
                    .col(SpendPayment::ForceId)
                    .col(SpendPayment::Class)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SpendRule::Table)
                    .col(pk_auto(SpendRule::Id))
                    .col(integer(SpendRule::Position))
                    .col(string_len(SpendRule::Name, 120))
                    .col(string_len(SpendRule::Class, 16))
                    .col(integer_null(SpendRule::SupplierId))
                    .col(string_len(SpendRule::DescriptionWords, 200).default(""))
                    .col(string_len(SpendRule::ExpenseType, 100).default(""))
                    .col(string_len(SpendRule::CostCentre, 100).default(""))
                    .col(integer_null(SpendRule::SystemId))
                    .col(integer_null(SpendRule::UpdatedBy))
                    .col(timestamp_with_time_zone(SpendRule::UpdatedAt))
                    .foreign_key(&mut fk(
                        (SpendRule::Table, SpendRule::UpdatedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SpendOverride::Table)
                    .col(pk_auto(SpendOverride::Id))
                    .col(integer(SpendOverride::ForceId))
                    .col(string_len(SpendOverride::Class, 16))
                    .col(text(SpendOverride::Reason))
                    .col(big_integer(SpendOverride::Lines))
                    .col(integer(SpendOverride::CreatedBy))
                    .col(timestamp_with_time_zone(SpendOverride::CreatedAt))
                    .foreign_key(&mut fk(
                        (SpendOverride::Table, SpendOverride::ForceId),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .foreign_key(&mut fk(
                        (SpendOverride::Table, SpendOverride::CreatedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SpendTarget::Table)
                    .col(pk_auto(SpendTarget::Id))
                    .col(integer(SpendTarget::LegacySharePercent))
                    .col(integer(SpendTarget::ByYear))
                    .col(integer(SpendTarget::SetBy))
                    .col(timestamp_with_time_zone(SpendTarget::SetAt))
                    .foreign_key(&mut fk(
                        (SpendTarget::Table, SpendTarget::SetBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        // A force's money by month and class: at most 43 x 12 x 3 rows a year, so a
        // national dashboard over ten years sums a few thousand rows, never the payments.
        manager
            .create_table(
                Table::create()
                    .table(SpendRollup::Table)
                    .col(integer(SpendRollup::ForceId))
                    .col(integer(SpendRollup::Month))
                    .col(string_len(SpendRollup::Class, 16))
                    .col(big_integer(SpendRollup::Pence))
                    .col(big_integer(SpendRollup::Lines))
                    .primary_key(
                        Index::create()
                            .col(SpendRollup::ForceId)
                            .col(SpendRollup::Month)
                            .col(SpendRollup::Class),
                    )
                    .to_owned(),
            )
            .await?;
        // A force's money by financial year (April to March), supplier and class: top
        // suppliers and the suppliers several forces pay separately.
        manager
            .create_table(
                Table::create()
                    .table(SpendRollupSupplier::Table)
                    .col(integer(SpendRollupSupplier::ForceId))
                    .col(integer(SpendRollupSupplier::Year))
                    .col(integer(SpendRollupSupplier::SupplierId))
                    .col(string_len(SpendRollupSupplier::Class, 16))
                    .col(big_integer(SpendRollupSupplier::Pence))
                    .col(big_integer(SpendRollupSupplier::Lines))
                    .primary_key(
                        Index::create()
                            .col(SpendRollupSupplier::Year)
                            .col(SpendRollupSupplier::ForceId)
                            .col(SpendRollupSupplier::SupplierId)
                            .col(SpendRollupSupplier::Class),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    /// Drops the new tables; the payments keep their (then unused) class columns, as
    /// SQLite cannot drop a column an index uses.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SpendRollupSupplier::Table.into_iden(),
            SpendRollup::Table.into_iden(),
            SpendTarget::Table.into_iden(),
            SpendOverride::Table.into_iden(),
            SpendRule::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
