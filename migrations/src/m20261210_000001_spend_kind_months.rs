//! Spend tracker, part 2: a payment no force has overridden takes its class, rule and system
//! from its kind, read through `kind_id`, rather than holding copies of them. A rule change
//! then rewrites the kinds it moves (thousands) and never the payments (millions).
//!
//! `spend_kind_month` keeps each kind's counted payments (not overridden) summed by month, in
//! step with the payments in the same transactions as the rollups: a rule change moves the
//! rollups by the sums of the kinds it moves, and rebuilds them from these sums, not from
//! the payments. An overridden payment's class is its override's (`spend_override.class`).
//!
//! And the national dashboard reads its months from an index over the month rollup.

use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SpendKindMonth {
    Table,
    KindId,
    Month,
    Pence,
    Lines,
}

#[derive(DeriveIden)]
enum SpendRollup {
    Table,
    Month,
    Class,
    ForceId,
    Pence,
}

#[derive(DeriveIden)]
enum SpendPayment {
    Table,
    ForceId,
    AmountPence,
    Class,
    RuleId,
    SystemId,
}

/// `yyyymm` of a payment `p`'s day, in the database's words.
fn month(backend: DatabaseBackend) -> &'static str {
    match backend {
        DatabaseBackend::Postgres => "CAST(to_char(p.paid_on, 'YYYYMM') AS INTEGER)",
        _ => "CAST(strftime('%Y%m', p.paid_on) AS INTEGER)",
    }
}

async fn run(manager: &SchemaManager<'_>, sql: &str) -> Result<(), DbErr> {
    manager.get_connection().execute_unprepared(sql).await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SpendKindMonth::Table)
                    .col(integer(SpendKindMonth::KindId))
                    .col(integer(SpendKindMonth::Month))
                    .col(big_integer(SpendKindMonth::Pence))
                    .col(big_integer(SpendKindMonth::Lines))
                    .primary_key(
                        Index::create()
                            .col(SpendKindMonth::KindId)
                            .col(SpendKindMonth::Month),
                    )
                    .to_owned(),
            )
            .await?;
        // The kinds' sums of the payments stored, by month, as the rollups count them.
        run(
            manager,
            &format!(
                "INSERT INTO spend_kind_month (kind_id, month, pence, lines) \
                 SELECT p.kind_id, {}, SUM(p.amount_pence), COUNT(*) \
                 FROM spend_payment p JOIN spend_import i ON i.id = p.import_id \
                 WHERE i.state = 'done' AND p.force_id IS NOT NULL AND p.override_id IS NULL \
                 AND p.kind_id IS NOT NULL GROUP BY 1, 2",
                month(manager.get_database_backend())
            ),
        )
        .await?;
        // Overridden payments are found through their override, a few among millions.
        run(
            manager,
            "CREATE INDEX idx_spend_payment_override ON spend_payment (override_id) \
             WHERE override_id IS NOT NULL",
        )
        .await?;
        // A force's payments, largest first: its lines page, in a class or all.
        manager
            .create_index(
                Index::create()
                    .name("idx_spend_payment_force_amount")
                    .table(SpendPayment::Table)
                    .col(SpendPayment::ForceId)
                    .col(SpendPayment::AmountPence)
                    .to_owned(),
            )
            .await?;
        // The national dashboard's months (every force's, by month and class) and its ranking
        // of the forces in a year's months, read from the index alone, in order.
        manager
            .create_index(
                Index::create()
                    .name("idx_spend_rollup_month")
                    .table(SpendRollup::Table)
                    .col(SpendRollup::Month)
                    .col(SpendRollup::Class)
                    .col(SpendRollup::ForceId)
                    .col(SpendRollup::Pence)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_spend_payment_force_class")
                    .table(SpendPayment::Table)
                    .to_owned(),
            )
            .await?;
        // One column a statement: SQLite alters a table one column at a time.
        for col in [
            SpendPayment::Class,
            SpendPayment::RuleId,
            SpendPayment::SystemId,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(SpendPayment::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    /// Gives the payments their copies back, from their kinds and overrides.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut col in [
            string_len(SpendPayment::Class, 16)
                .default("unclassified")
                .to_owned(),
            integer_null(SpendPayment::RuleId),
            integer_null(SpendPayment::SystemId),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(SpendPayment::Table)
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        for sql in [
            "UPDATE spend_payment SET class = k.class, rule_id = k.rule_id, system_id = k.system_id \
             FROM spend_kind k WHERE k.id = spend_payment.kind_id",
            "UPDATE spend_payment SET class = o.class, rule_id = NULL \
             FROM spend_override o WHERE o.id = spend_payment.override_id",
            "CREATE INDEX idx_spend_payment_force_class ON spend_payment (force_id, class)",
            "DROP INDEX idx_spend_payment_override",
            "DROP INDEX idx_spend_rollup_month",
            "DROP INDEX idx_spend_payment_force_amount",
        ] {
            run(manager, sql).await?;
        }
        manager
            .drop_table(Table::drop().table(SpendKindMonth::Table).to_owned())
            .await
    }
}
