//! Spend tracker, part 2: a yearly rollup, force × financial year × class, for the dashboards'
//! figures by year and their ranking of the forces. Every force's ten years are a few
//! hundred rows of it, where the month rollup holds thousands: national figures are then
//! added up from rows in key order, with no sort, in well under a millisecond.
//!
//! It is kept in step in the same transactions as the other rollups, and filled here from
//! the month rollup, which holds the same payments.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SpendRollupYear {
    Table,
    Year,
    Class,
    ForceId,
    Pence,
    Lines,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Keyed year, class, force: the national years are read in key order.
        manager
            .create_table(
                Table::create()
                    .table(SpendRollupYear::Table)
                    .col(integer(SpendRollupYear::Year))
                    .col(string_len(SpendRollupYear::Class, 16))
                    .col(integer(SpendRollupYear::ForceId))
                    .col(big_integer(SpendRollupYear::Pence))
                    .col(big_integer(SpendRollupYear::Lines))
                    .primary_key(
                        Index::create()
                            .col(SpendRollupYear::Year)
                            .col(SpendRollupYear::Class)
                            .col(SpendRollupYear::ForceId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO spend_rollup_year (year, class, force_id, pence, lines) \
                 SELECT r.month / 100 - CASE WHEN r.month % 100 < 4 THEN 1 ELSE 0 END, \
                 r.class, r.force_id, SUM(r.pence), SUM(r.lines) \
                 FROM spend_rollup r GROUP BY 1, 2, 3",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SpendRollupYear::Table).to_owned())
            .await
    }
}
