//! Spend tracker, part 2: rules that read the framework lot a payment was bought through (the
//! Crown Commercial Service's returns name it), what the force's systems register says of the
//! systems the payment's supplier provides (status, end of support), and whether the force
//! holds a contract with the supplier. The lot is a fact of the payment, so it is part of a
//! kind; the register and the contracts are read when the rules run.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SpendPayment {
    Table,
    Lot,
}

#[derive(DeriveIden)]
enum SpendKind {
    Table,
    Lot,
}

#[derive(DeriveIden)]
enum SpendRule {
    Table,
    Lot,
    SystemStatus,
    SupportEndsBefore,
    OnContract,
}

fn columns() -> Vec<(DynIden, ColumnDef)> {
    vec![
        (
            SpendPayment::Table.into_iden(),
            string(SpendPayment::Lot).default("").to_owned(),
        ),
        (
            SpendKind::Table.into_iden(),
            string(SpendKind::Lot).default("").to_owned(),
        ),
        (
            SpendRule::Table.into_iden(),
            string(SpendRule::Lot).default("").to_owned(),
        ),
        (
            SpendRule::Table.into_iden(),
            string_len_null(SpendRule::SystemStatus, 32).to_owned(),
        ),
        (
            SpendRule::Table.into_iden(),
            date_null(SpendRule::SupportEndsBefore).to_owned(),
        ),
        (
            SpendRule::Table.into_iden(),
            boolean_null(SpendRule::OnContract).to_owned(),
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite alters a table one column at a time.
        for (table, mut col) in columns() {
            manager
                .alter_table(Table::alter().table(table).add_column(&mut col).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, col) in columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .drop_column(Alias::new(col.get_column_name()))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
