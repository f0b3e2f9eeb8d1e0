//! Shared procurements, part 2: evaluators and the bids assigned to each (with their
//! declarations of interest), their scores, the moderated scores, the award and its
//! standstill, bidders' challenges, each force's contract from a procurement, and the OCDS
//! releases published at every stage.

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
enum Procurement {
    Table,
    Id,
    ModeratorId,
    AwardedBidId,
    AwardedAt,
    AwardReason,
    StandstillEndsAt,
    ConcludedAt,
    ContractStart,
    ContractEnd,
}

#[derive(DeriveIden)]
enum Bid {
    Table,
    Id,
    Compliant,
    ComplianceReason,
}

#[derive(DeriveIden)]
enum Contract {
    Table,
    ProcurementId,
    LotId,
    ShareMethod,
}

#[derive(DeriveIden)]
enum EvaluationAssignment {
    Table,
    Id,
    ProcurementId,
    BidId,
    UserId,
    Declaration,
    DeclarationNote,
    DeclaredAt,
    FailsEssential,
    SubmittedAt,
    AssignedBy,
    AssignedAt,
}

#[derive(DeriveIden)]
enum EvaluationScore {
    Table,
    Id,
    AssignmentId,
    Criterion,
    Score,
    Justification,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ModeratedScore {
    Table,
    Id,
    ProcurementId,
    BidId,
    Criterion,
    Score,
    Rationale,
    ModeratedBy,
    ModeratedAt,
}

#[derive(DeriveIden)]
enum ProcurementChallenge {
    Table,
    Id,
    ProcurementId,
    SupplierId,
    RaisedBy,
    Grounds,
    RaisedAt,
    Outcome,
    OutcomeReason,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum OcdsRelease {
    Table,
    Id,
    Ocid,
    ReleaseId,
    ProcurementId,
    ContractId,
    Date,
    Tags,
    Json,
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
        // The moderator the lead names (else the lead force moderates); the award and its
        // standstill; the contracts' dates the lead set when awarding.
        add(
            manager,
            Procurement::Table,
            integer_null(Procurement::ModeratorId),
        )
        .await?;
        add(
            manager,
            Procurement::Table,
            integer_null(Procurement::AwardedBidId),
        )
        .await?;
        add(
            manager,
            Procurement::Table,
            timestamp_with_time_zone_null(Procurement::AwardedAt),
        )
        .await?;
        add(
            manager,
            Procurement::Table,
            text_null(Procurement::AwardReason),
        )
        .await?;
        add(
            manager,
            Procurement::Table,
            timestamp_with_time_zone_null(Procurement::StandstillEndsAt),
        )
        .await?;
        add(
            manager,
            Procurement::Table,
            timestamp_with_time_zone_null(Procurement::ConcludedAt),
        )
        .await?;
        add(
            manager,
            Procurement::Table,
            date_null(Procurement::ContractStart),
        )
        .await?;
        add(
            manager,
            Procurement::Table,
            date_null(Procurement::ContractEnd),
        )
        .await?;
        // Set in moderation: None until decided; false with a reason when a bid fails an
        // essential requirement.
        add(manager, Bid::Table, boolean_null(Bid::Compliant)).await?;
        add(manager, Bid::Table, text_null(Bid::ComplianceReason)).await?;
        add(
            manager,
            Contract::Table,
            integer_null(Contract::ProcurementId),
        )
        .await?;
        add(manager, Contract::Table, integer_null(Contract::LotId)).await?;
        add(manager, Contract::Table, text_null(Contract::ShareMethod)).await?;
        index(
            manager,
            "idx_contract_procurement",
            Contract::Table,
            &["procurement_id"],
            false,
        )
        .await?;
        index(
            manager,
            "idx_contract_end",
            Contract::Table,
            &["end_date"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(EvaluationAssignment::Table)
                    .col(pk_auto(EvaluationAssignment::Id))
                    .col(integer(EvaluationAssignment::ProcurementId))
                    .col(integer(EvaluationAssignment::BidId))
                    .col(integer(EvaluationAssignment::UserId))
                    // none | conflict, once declared
                    .col(string_null(EvaluationAssignment::Declaration))
                    .col(text_null(EvaluationAssignment::DeclarationNote))
                    .col(timestamp_with_time_zone_null(
                        EvaluationAssignment::DeclaredAt,
                    ))
                    // The evaluator's note that the bid fails an essential requirement.
                    .col(text_null(EvaluationAssignment::FailsEssential))
                    .col(timestamp_with_time_zone_null(
                        EvaluationAssignment::SubmittedAt,
                    ))
                    .col(integer(EvaluationAssignment::AssignedBy))
                    .col(timestamp_with_time_zone(EvaluationAssignment::AssignedAt))
                    .foreign_key(&mut fk(
                        (
                            EvaluationAssignment::Table,
                            EvaluationAssignment::ProcurementId,
                        ),
                        (Procurement::Table, Procurement::Id),
                    ))
                    .foreign_key(&mut fk(
                        (EvaluationAssignment::Table, EvaluationAssignment::BidId),
                        (Bid::Table, Bid::Id),
                    ))
                    .foreign_key(&mut fk(
                        (EvaluationAssignment::Table, EvaluationAssignment::UserId),
                        (AppUser::Table, AppUser::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_assignment_bid_user",
            EvaluationAssignment::Table,
            &["bid_id", "user_id"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_assignment_user",
            EvaluationAssignment::Table,
            &["user_id", "procurement_id"],
            false,
        )
        .await?;
        index(
            manager,
            "idx_assignment_procurement",
            EvaluationAssignment::Table,
            &["procurement_id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(EvaluationScore::Table)
                    .col(pk_auto(EvaluationScore::Id))
                    .col(integer(EvaluationScore::AssignmentId))
                    // The criterion's place in the procurement's criteria.
                    .col(integer(EvaluationScore::Criterion))
                    .col(integer(EvaluationScore::Score))
                    .col(text(EvaluationScore::Justification))
                    .col(timestamp_with_time_zone(EvaluationScore::UpdatedAt))
                    .foreign_key(&mut fk(
                        (EvaluationScore::Table, EvaluationScore::AssignmentId),
                        (EvaluationAssignment::Table, EvaluationAssignment::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_score_assignment_criterion",
            EvaluationScore::Table,
            &["assignment_id", "criterion"],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ModeratedScore::Table)
                    .col(pk_auto(ModeratedScore::Id))
                    .col(integer(ModeratedScore::ProcurementId))
                    .col(integer(ModeratedScore::BidId))
                    .col(integer(ModeratedScore::Criterion))
                    .col(integer(ModeratedScore::Score))
                    .col(text(ModeratedScore::Rationale))
                    .col(integer(ModeratedScore::ModeratedBy))
                    .col(timestamp_with_time_zone(ModeratedScore::ModeratedAt))
                    .foreign_key(&mut fk(
                        (ModeratedScore::Table, ModeratedScore::ProcurementId),
                        (Procurement::Table, Procurement::Id),
                    ))
                    .foreign_key(&mut fk(
                        (ModeratedScore::Table, ModeratedScore::BidId),
                        (Bid::Table, Bid::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_moderated_bid_criterion",
            ModeratedScore::Table,
            &["bid_id", "criterion"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_moderated_procurement",
            ModeratedScore::Table,
            &["procurement_id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProcurementChallenge::Table)
                    .col(pk_auto(ProcurementChallenge::Id))
                    .col(integer(ProcurementChallenge::ProcurementId))
                    .col(integer(ProcurementChallenge::SupplierId))
                    .col(integer(ProcurementChallenge::RaisedBy))
                    .col(text(ProcurementChallenge::Grounds))
                    .col(timestamp_with_time_zone(ProcurementChallenge::RaisedAt))
                    // upheld | dismissed, once the lead decides
                    .col(string_null(ProcurementChallenge::Outcome))
                    .col(text_null(ProcurementChallenge::OutcomeReason))
                    .col(integer_null(ProcurementChallenge::DecidedBy))
                    .col(timestamp_with_time_zone_null(
                        ProcurementChallenge::DecidedAt,
                    ))
                    .foreign_key(&mut fk(
                        (
                            ProcurementChallenge::Table,
                            ProcurementChallenge::ProcurementId,
                        ),
                        (Procurement::Table, Procurement::Id),
                    ))
                    .foreign_key(&mut fk(
                        (
                            ProcurementChallenge::Table,
                            ProcurementChallenge::SupplierId,
                        ),
                        (Organisation::Table, Organisation::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_challenge_procurement",
            ProcurementChallenge::Table,
            &["procurement_id"],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(OcdsRelease::Table)
                    .col(pk_auto(OcdsRelease::Id))
                    .col(string(OcdsRelease::Ocid))
                    .col(string(OcdsRelease::ReleaseId))
                    .col(integer_null(OcdsRelease::ProcurementId))
                    .col(integer_null(OcdsRelease::ContractId))
                    .col(timestamp_with_time_zone(OcdsRelease::Date))
                    // Space-separated release tags, for filtering.
                    .col(string(OcdsRelease::Tags))
                    // The release as published: never changed afterwards.
                    .col(text(OcdsRelease::Json))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_ocds_release_id",
            OcdsRelease::Table,
            &["release_id"],
            true,
        )
        .await?;
        index(
            manager,
            "idx_ocds_ocid",
            OcdsRelease::Table,
            &["ocid", "id"],
            false,
        )
        .await?;
        index(
            manager,
            "idx_ocds_date",
            OcdsRelease::Table,
            &["date", "id"],
            false,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OcdsRelease::Table.into_iden(),
            ProcurementChallenge::Table.into_iden(),
            ModeratedScore::Table.into_iden(),
            EvaluationScore::Table.into_iden(),
            EvaluationAssignment::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
