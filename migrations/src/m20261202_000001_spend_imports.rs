//! Spend imports: the files forces and the Crown Commercial Service publish, read into
//! payments exactly once.
//!
//! - `spend_import` is the import and its job: the mapping chosen, the state, the lease of the
//!   instance running it, the progress, and the report's counts and money.
//! - `spend_import_chunk` holds an uploaded file in 1 MB pieces, so whichever instance claims
//!   the job can stream it, and a retried job reads it again.
//! - `spend_payment` rows carry their import: rolling back or retrying an import deletes
//!   exactly its rows. `fingerprint` is unique across all imports, which is what makes a
//!   payment count once however many files hold it.
//! - `spend_supplier` is the one list of payees, `spend_supplier_name` every spelling seen;
//!   `spend_buyer` every buyer name seen and the force it is (or is not).

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
enum SpendPublisher {
    Table,
    Id,
    Name,
    OrganisationId,
    Mapping,
}

#[derive(DeriveIden)]
enum SpendImport {
    Table,
    Id,
    PublisherId,
    FileName,
    ByteSize,
    Encoding,
    EncodingChosen,
    Delimiter,
    Mapping,
    State,
    Error,
    UploadedBy,
    CreatedAt,
    QueuedAt,
    StartedAt,
    FinishedAt,
    ClaimedBy,
    LeaseUntil,
    Attempts,
    BytesDone,
    RowsRead,
    RowsImported,
    RowsDuplicate,
    RowsRejected,
    RowsBlank,
    PenceImported,
    PenceDuplicate,
    PenceRejected,
    RowsRounded,
    FileTotalPence,
    TitleLines,
    RolledBackAt,
    RolledBackBy,
}

#[derive(DeriveIden)]
enum SpendImportChunk {
    Table,
    ImportId,
    Seq,
    Data,
}

#[derive(DeriveIden)]
enum SpendRejectedRow {
    Table,
    Id,
    ImportId,
    Line,
    Reason,
    Raw,
    AmountPence,
}

#[derive(DeriveIden)]
enum SpendSupplier {
    Table,
    Id,
    Name,
    Key,
    CompaniesHouse,
    OrganisationId,
}

#[derive(DeriveIden)]
enum SpendSupplierName {
    Table,
    Id,
    SupplierId,
    Name,
}

#[derive(DeriveIden)]
enum SpendBuyer {
    Table,
    Id,
    Name,
    Key,
    Status,
    ForceId,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum SpendPayment {
    Table,
    Id,
    ImportId,
    Line,
    ForceId,
    BuyerId,
    SupplierId,
    SupplierNameId,
    PaidOn,
    MonthOnly,
    AmountPence,
    Description,
    ExpenseType,
    CostCentre,
    TransactionNumber,
    Fingerprint,
}

fn fk(
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
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
    table: impl IntoIden + 'static,
    cols: Vec<impl IntoIden + 'static>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(c);
    }
    if unique {
        i.unique();
    }
    manager.create_index(i.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Who publishes files: a force (its organisation) or a body such as the Crown
        // Commercial Service. The mapping last confirmed for its files is remembered here.
        manager
            .create_table(
                Table::create()
                    .table(SpendPublisher::Table)
                    .col(pk_auto(SpendPublisher::Id))
                    .col(string(SpendPublisher::Name).unique_key())
                    .col(integer_null(SpendPublisher::OrganisationId))
                    .col(text_null(SpendPublisher::Mapping))
                    .foreign_key(&mut fk(
                        (SpendPublisher::Table, SpendPublisher::OrganisationId),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SpendImport::Table)
                    .col(pk_auto(SpendImport::Id))
                    .col(integer(SpendImport::PublisherId))
                    .col(string(SpendImport::FileName))
                    .col(big_integer(SpendImport::ByteSize))
                    .col(string(SpendImport::Encoding))
                    .col(boolean(SpendImport::EncodingChosen))
                    .col(string(SpendImport::Delimiter))
                    .col(text_null(SpendImport::Mapping))
                    .col(string(SpendImport::State))
                    .col(text_null(SpendImport::Error))
                    .col(integer_null(SpendImport::UploadedBy))
                    .col(timestamp_with_time_zone(SpendImport::CreatedAt))
                    .col(timestamp_with_time_zone_null(SpendImport::QueuedAt))
                    .col(timestamp_with_time_zone_null(SpendImport::StartedAt))
                    .col(timestamp_with_time_zone_null(SpendImport::FinishedAt))
                    .col(string_null(SpendImport::ClaimedBy))
                    .col(timestamp_with_time_zone_null(SpendImport::LeaseUntil))
                    .col(integer(SpendImport::Attempts).default(0))
                    .col(big_integer(SpendImport::BytesDone).default(0))
                    .col(big_integer(SpendImport::RowsRead).default(0))
                    .col(big_integer(SpendImport::RowsImported).default(0))
                    .col(big_integer(SpendImport::RowsDuplicate).default(0))
                    .col(big_integer(SpendImport::RowsRejected).default(0))
                    .col(big_integer(SpendImport::RowsBlank).default(0))
                    .col(big_integer(SpendImport::PenceImported).default(0))
                    .col(big_integer(SpendImport::PenceDuplicate).default(0))
                    .col(big_integer(SpendImport::PenceRejected).default(0))
                    .col(big_integer(SpendImport::RowsRounded).default(0))
                    .col(big_integer_null(SpendImport::FileTotalPence))
                    .col(text_null(SpendImport::TitleLines))
                    .col(timestamp_with_time_zone_null(SpendImport::RolledBackAt))
                    .col(integer_null(SpendImport::RolledBackBy))
                    .foreign_key(&mut fk(
                        (SpendImport::Table, SpendImport::PublisherId),
                        (SpendPublisher::Table, SpendPublisher::Id),
                    ))
                    .foreign_key(&mut fk(
                        (SpendImport::Table, SpendImport::UploadedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .foreign_key(&mut fk(
                        (SpendImport::Table, SpendImport::RolledBackBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_spend_import_state",
            SpendImport::Table,
            vec![SpendImport::State, SpendImport::Id],
            false,
        )
        .await?;
        index(
            manager,
            "idx_spend_import_publisher",
            SpendImport::Table,
            vec![SpendImport::PublisherId, SpendImport::Id],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SpendImportChunk::Table)
                    .col(integer(SpendImportChunk::ImportId))
                    .col(integer(SpendImportChunk::Seq))
                    .col(ColumnDef::new(SpendImportChunk::Data).blob().not_null())
                    .primary_key(
                        Index::create()
                            .col(SpendImportChunk::ImportId)
                            .col(SpendImportChunk::Seq),
                    )
                    .foreign_key(&mut fk(
                        (SpendImportChunk::Table, SpendImportChunk::ImportId),
                        (SpendImport::Table, SpendImport::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SpendRejectedRow::Table)
                    .col(pk_auto(SpendRejectedRow::Id))
                    .col(integer(SpendRejectedRow::ImportId))
                    .col(big_integer(SpendRejectedRow::Line))
                    .col(text(SpendRejectedRow::Reason))
                    .col(text(SpendRejectedRow::Raw))
                    .col(big_integer_null(SpendRejectedRow::AmountPence))
                    .foreign_key(&mut fk(
                        (SpendRejectedRow::Table, SpendRejectedRow::ImportId),
                        (SpendImport::Table, SpendImport::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_spend_rejected_import",
            SpendRejectedRow::Table,
            vec![SpendRejectedRow::ImportId, SpendRejectedRow::Line],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SpendSupplier::Table)
                    .col(pk_auto(SpendSupplier::Id))
                    .col(string(SpendSupplier::Name))
                    .col(string(SpendSupplier::Key))
                    .col(string_null(SpendSupplier::CompaniesHouse))
                    .col(integer_null(SpendSupplier::OrganisationId))
                    .foreign_key(&mut fk(
                        (SpendSupplier::Table, SpendSupplier::OrganisationId),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // Not unique: after a split, two suppliers may share a key (the split-off one is
        // found by its names, never by key).
        index(
            manager,
            "idx_spend_supplier_key",
            SpendSupplier::Table,
            vec![SpendSupplier::Key],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SpendSupplierName::Table)
                    .col(pk_auto(SpendSupplierName::Id))
                    .col(integer(SpendSupplierName::SupplierId))
                    .col(string(SpendSupplierName::Name).unique_key())
                    .foreign_key(&mut fk(
                        (SpendSupplierName::Table, SpendSupplierName::SupplierId),
                        (SpendSupplier::Table, SpendSupplier::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_spend_supplier_name_supplier",
            SpendSupplierName::Table,
            vec![SpendSupplierName::SupplierId],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SpendBuyer::Table)
                    .col(pk_auto(SpendBuyer::Id))
                    .col(string(SpendBuyer::Name))
                    .col(string(SpendBuyer::Key).unique_key())
                    .col(string(SpendBuyer::Status))
                    .col(integer_null(SpendBuyer::ForceId))
                    .col(integer_null(SpendBuyer::DecidedBy))
                    .col(timestamp_with_time_zone_null(SpendBuyer::DecidedAt))
                    .foreign_key(&mut fk(
                        (SpendBuyer::Table, SpendBuyer::ForceId),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .foreign_key(&mut fk(
                        (SpendBuyer::Table, SpendBuyer::DecidedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SpendPayment::Table)
                    .col(pk_auto(SpendPayment::Id))
                    .col(integer(SpendPayment::ImportId))
                    .col(big_integer(SpendPayment::Line))
                    .col(integer_null(SpendPayment::ForceId))
                    .col(integer_null(SpendPayment::BuyerId))
                    .col(integer(SpendPayment::SupplierId))
                    .col(integer(SpendPayment::SupplierNameId))
                    .col(date(SpendPayment::PaidOn))
                    .col(boolean(SpendPayment::MonthOnly))
                    .col(big_integer(SpendPayment::AmountPence))
                    .col(text(SpendPayment::Description))
                    .col(string(SpendPayment::ExpenseType))
                    .col(string(SpendPayment::CostCentre))
                    .col(string(SpendPayment::TransactionNumber))
                    .col(ColumnDef::new(SpendPayment::Fingerprint).blob().not_null())
                    // Only the import is a foreign key here. Payments arrive a million at a
                    // time with ids the import has just resolved itself; on PostgreSQL each
                    // foreign key is a trigger run per row, and four more cost an import of a
                    // million rows about 11 seconds (measured), for no check the import does
                    // not already make.
                    .foreign_key(&mut fk(
                        (SpendPayment::Table, SpendPayment::ImportId),
                        (SpendImport::Table, SpendImport::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // The one guard against counting a payment twice, across imports and instances.
        index(
            manager,
            "idx_spend_payment_fingerprint",
            SpendPayment::Table,
            vec![SpendPayment::Fingerprint],
            true,
        )
        .await?;
        index(
            manager,
            "idx_spend_payment_import",
            SpendPayment::Table,
            vec![SpendPayment::ImportId],
            false,
        )
        .await?;
        index(
            manager,
            "idx_spend_payment_force_paid",
            SpendPayment::Table,
            vec![SpendPayment::ForceId, SpendPayment::PaidOn],
            false,
        )
        .await?;
        index(
            manager,
            "idx_spend_payment_supplier_name",
            SpendPayment::Table,
            vec![SpendPayment::SupplierNameId],
            false,
        )
        .await?;
        Ok(())
    }
}
