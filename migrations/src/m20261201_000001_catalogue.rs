//! The catalogue: frameworks and their lots and categories, the national body's editable
//! lists (national systems, legacy functions), supplier applications with their declaration
//! answers and per-lot decisions, and services with every version kept.
//!
//! A version's content is one JSON document (`listing`): every version is kept whole, so the
//! history and its diffs need no per-field tables. What lists and counts need is kept beside
//! it as columns (name, minimum price in pence) and, for the live version, as rows
//! (`service_category`).

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
enum Framework {
    Table,
    Id,
    Name,
    Description,
    ApplicationsOpen,
    GoesLive,
    Expires,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Lot {
    Table,
    Id,
    FrameworkId,
    Slug,
    Name,
    Description,
    MaxCategories,
    Position,
}

#[derive(DeriveIden)]
enum Category {
    Table,
    Id,
    LotId,
    ParentId,
    Name,
    Position,
    RetiredAt,
}

#[derive(DeriveIden)]
enum CatalogueTerm {
    Table,
    Id,
    Kind,
    Name,
    RetiredAt,
}

#[derive(DeriveIden)]
enum DeclarationQuestion {
    Table,
    Id,
    FrameworkId,
    Position,
    Text,
    DetailsWhen,
    RetiredAt,
}

#[derive(DeriveIden)]
enum FrameworkApplication {
    Table,
    Id,
    FrameworkId,
    SupplierId,
    Status,
    CreatedAt,
    SubmittedAt,
    DecidedAt,
    DecidedBy,
}

#[derive(DeriveIden)]
enum ApplicationAnswer {
    Table,
    Id,
    ApplicationId,
    QuestionId,
    Answer,
    Details,
}

#[derive(DeriveIden)]
enum ApplicationLot {
    Table,
    Id,
    ApplicationId,
    LotId,
    Decision,
    Reason,
}

#[derive(DeriveIden)]
enum Service {
    Table,
    Id,
    SupplierId,
    LotId,
    Status,
    StatusReason,
    LiveVersionId,
    WorkingVersionId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ServiceVersion {
    Table,
    Id,
    ServiceId,
    Number,
    State,
    Listing,
    Name,
    PriceMinPence,
    CreatedBy,
    CreatedAt,
    SubmittedAt,
    ReviewedBy,
    ReviewedAt,
    ReviewComment,
}

#[derive(DeriveIden)]
enum ServiceCategory {
    Table,
    ServiceId,
    CategoryId,
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
        manager
            .create_table(
                Table::create()
                    .table(Framework::Table)
                    .col(pk_auto(Framework::Id))
                    .col(string(Framework::Name).unique_key())
                    .col(text(Framework::Description))
                    .col(date(Framework::ApplicationsOpen))
                    .col(date(Framework::GoesLive))
                    .col(date(Framework::Expires))
                    .col(timestamp_with_time_zone(Framework::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Lot::Table)
                    .col(pk_auto(Lot::Id))
                    .col(integer(Lot::FrameworkId))
                    .col(string(Lot::Slug))
                    .col(string(Lot::Name))
                    .col(text(Lot::Description))
                    .col(integer(Lot::MaxCategories))
                    .col(integer(Lot::Position))
                    .foreign_key(&mut fk(
                        (Lot::Table, Lot::FrameworkId),
                        (Framework::Table, Framework::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_lot_framework_slug",
            Lot::Table,
            vec![Lot::FrameworkId, Lot::Slug],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(Category::Table)
                    .col(pk_auto(Category::Id))
                    .col(integer(Category::LotId))
                    .col(integer_null(Category::ParentId))
                    .col(string(Category::Name))
                    .col(integer(Category::Position))
                    .col(timestamp_with_time_zone_null(Category::RetiredAt))
                    .foreign_key(&mut fk(
                        (Category::Table, Category::LotId),
                        (Lot::Table, Lot::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Category::Table, Category::ParentId),
                        (Category::Table, Category::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_category_lot",
            Category::Table,
            vec![Category::LotId],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(CatalogueTerm::Table)
                    .col(pk_auto(CatalogueTerm::Id))
                    .col(string(CatalogueTerm::Kind))
                    .col(string(CatalogueTerm::Name))
                    .col(timestamp_with_time_zone_null(CatalogueTerm::RetiredAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_catalogue_term_kind_name",
            CatalogueTerm::Table,
            vec![CatalogueTerm::Kind, CatalogueTerm::Name],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(DeclarationQuestion::Table)
                    .col(pk_auto(DeclarationQuestion::Id))
                    .col(integer(DeclarationQuestion::FrameworkId))
                    .col(integer(DeclarationQuestion::Position))
                    .col(text(DeclarationQuestion::Text))
                    .col(boolean(DeclarationQuestion::DetailsWhen))
                    .col(timestamp_with_time_zone_null(
                        DeclarationQuestion::RetiredAt,
                    ))
                    .foreign_key(&mut fk(
                        (DeclarationQuestion::Table, DeclarationQuestion::FrameworkId),
                        (Framework::Table, Framework::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FrameworkApplication::Table)
                    .col(pk_auto(FrameworkApplication::Id))
                    .col(integer(FrameworkApplication::FrameworkId))
                    .col(integer(FrameworkApplication::SupplierId))
                    .col(string(FrameworkApplication::Status))
                    .col(timestamp_with_time_zone(FrameworkApplication::CreatedAt))
                    .col(timestamp_with_time_zone_null(
                        FrameworkApplication::SubmittedAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        FrameworkApplication::DecidedAt,
                    ))
                    .col(integer_null(FrameworkApplication::DecidedBy))
                    .foreign_key(&mut fk(
                        (
                            FrameworkApplication::Table,
                            FrameworkApplication::FrameworkId,
                        ),
                        (Framework::Table, Framework::Id),
                    ))
                    .foreign_key(&mut fk(
                        (
                            FrameworkApplication::Table,
                            FrameworkApplication::SupplierId,
                        ),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .foreign_key(&mut fk(
                        (FrameworkApplication::Table, FrameworkApplication::DecidedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_application_framework_supplier",
            FrameworkApplication::Table,
            vec![
                FrameworkApplication::FrameworkId,
                FrameworkApplication::SupplierId,
            ],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApplicationAnswer::Table)
                    .col(pk_auto(ApplicationAnswer::Id))
                    .col(integer(ApplicationAnswer::ApplicationId))
                    .col(integer(ApplicationAnswer::QuestionId))
                    .col(boolean_null(ApplicationAnswer::Answer))
                    .col(text(ApplicationAnswer::Details))
                    .foreign_key(&mut fk(
                        (ApplicationAnswer::Table, ApplicationAnswer::ApplicationId),
                        (FrameworkApplication::Table, FrameworkApplication::Id),
                    ))
                    .foreign_key(&mut fk(
                        (ApplicationAnswer::Table, ApplicationAnswer::QuestionId),
                        (DeclarationQuestion::Table, DeclarationQuestion::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_answer_application_question",
            ApplicationAnswer::Table,
            vec![
                ApplicationAnswer::ApplicationId,
                ApplicationAnswer::QuestionId,
            ],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApplicationLot::Table)
                    .col(pk_auto(ApplicationLot::Id))
                    .col(integer(ApplicationLot::ApplicationId))
                    .col(integer(ApplicationLot::LotId))
                    .col(string_null(ApplicationLot::Decision))
                    .col(text_null(ApplicationLot::Reason))
                    .foreign_key(&mut fk(
                        (ApplicationLot::Table, ApplicationLot::ApplicationId),
                        (FrameworkApplication::Table, FrameworkApplication::Id),
                    ))
                    .foreign_key(&mut fk(
                        (ApplicationLot::Table, ApplicationLot::LotId),
                        (Lot::Table, Lot::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_application_lot",
            ApplicationLot::Table,
            vec![ApplicationLot::ApplicationId, ApplicationLot::LotId],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(Service::Table)
                    .col(pk_auto(Service::Id))
                    .col(integer(Service::SupplierId))
                    .col(integer(Service::LotId))
                    .col(string(Service::Status))
                    .col(text_null(Service::StatusReason))
                    // Not foreign keys: a service and its versions point at each other.
                    .col(integer_null(Service::LiveVersionId))
                    .col(integer_null(Service::WorkingVersionId))
                    .col(timestamp_with_time_zone(Service::CreatedAt))
                    .col(timestamp_with_time_zone(Service::UpdatedAt))
                    .foreign_key(&mut fk(
                        (Service::Table, Service::SupplierId),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .foreign_key(&mut fk(
                        (Service::Table, Service::LotId),
                        (Lot::Table, Lot::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_service_supplier",
            Service::Table,
            vec![Service::SupplierId],
            false,
        )
        .await?;
        index(
            manager,
            "idx_service_lot_status",
            Service::Table,
            vec![Service::LotId, Service::Status],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(ServiceVersion::Table)
                    .col(pk_auto(ServiceVersion::Id))
                    .col(integer(ServiceVersion::ServiceId))
                    .col(integer(ServiceVersion::Number))
                    .col(string(ServiceVersion::State))
                    .col(text(ServiceVersion::Listing))
                    .col(string(ServiceVersion::Name))
                    .col(big_integer_null(ServiceVersion::PriceMinPence))
                    .col(integer(ServiceVersion::CreatedBy))
                    .col(timestamp_with_time_zone(ServiceVersion::CreatedAt))
                    .col(timestamp_with_time_zone_null(ServiceVersion::SubmittedAt))
                    .col(integer_null(ServiceVersion::ReviewedBy))
                    .col(timestamp_with_time_zone_null(ServiceVersion::ReviewedAt))
                    .col(text_null(ServiceVersion::ReviewComment))
                    .foreign_key(&mut fk(
                        (ServiceVersion::Table, ServiceVersion::ServiceId),
                        (Service::Table, Service::Id),
                    ))
                    .foreign_key(&mut fk(
                        (ServiceVersion::Table, ServiceVersion::CreatedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .foreign_key(&mut fk(
                        (ServiceVersion::Table, ServiceVersion::ReviewedBy),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_service_version_number",
            ServiceVersion::Table,
            vec![ServiceVersion::ServiceId, ServiceVersion::Number],
            true,
        )
        .await?;
        index(
            manager,
            "idx_service_version_state",
            ServiceVersion::Table,
            vec![ServiceVersion::State, ServiceVersion::SubmittedAt],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(ServiceCategory::Table)
                    .col(integer(ServiceCategory::ServiceId))
                    .col(integer(ServiceCategory::CategoryId))
                    .primary_key(
                        Index::create()
                            .col(ServiceCategory::ServiceId)
                            .col(ServiceCategory::CategoryId),
                    )
                    .foreign_key(&mut fk(
                        (ServiceCategory::Table, ServiceCategory::ServiceId),
                        (Service::Table, Service::Id),
                    ))
                    .foreign_key(&mut fk(
                        (ServiceCategory::Table, ServiceCategory::CategoryId),
                        (Category::Table, Category::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // (category, service): counting a category's services reads the index alone.
        index(
            manager,
            "idx_service_category_category",
            ServiceCategory::Table,
            vec![ServiceCategory::CategoryId, ServiceCategory::ServiceId],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ServiceCategory::Table.into_iden(),
            ServiceVersion::Table.into_iden(),
            Service::Table.into_iden(),
            ApplicationLot::Table.into_iden(),
            ApplicationAnswer::Table.into_iden(),
            FrameworkApplication::Table.into_iden(),
            DeclarationQuestion::Table.into_iden(),
            CatalogueTerm::Table.into_iden(),
            Category::Table.into_iden(),
            Lot::Table.into_iden(),
            Framework::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
