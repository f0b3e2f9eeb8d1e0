//! Spend tracker, part 2: kinds of payment. The rules can only tell payments apart by their
//! force, supplier, description, expense type and cost centre, so payments alike in all five
//! are one kind, classified once. A rule change's preview and reclassification work over the
//! kinds (thousands) rather than the payments (millions): each kind keeps its class and the
//! count and sum of its payments that the dashboards add up, in step with the rollups.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SpendPayment {
    Table,
    KindId,
}

#[derive(DeriveIden)]
enum SpendRule {
    Table,
    FunctionId,
}

#[derive(DeriveIden)]
enum SpendRollupFunction {
    Table,
    Year,
    ForceId,
    FunctionId,
    Class,
    Pence,
    Lines,
}

#[derive(DeriveIden)]
enum SpendKind {
    Table,
    Id,
    ForceId,
    SupplierId,
    Description,
    ExpenseType,
    CostCentre,
    Class,
    RuleId,
    SystemId,
    FunctionId,
    Lines,
    Pence,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SpendKind::Table)
                    .col(pk_auto(SpendKind::Id))
                    // 0 for payments by bodies that are not forces.
                    .col(integer(SpendKind::ForceId).default(0))
                    .col(integer(SpendKind::SupplierId))
                    .col(text(SpendKind::Description))
                    .col(string(SpendKind::ExpenseType))
                    .col(string(SpendKind::CostCentre))
                    .col(string_len(SpendKind::Class, 16).default("unclassified"))
                    .col(integer_null(SpendKind::RuleId))
                    .col(integer_null(SpendKind::SystemId))
                    .col(integer_null(SpendKind::FunctionId))
                    // The kind's payments the dashboards count (a finished import's, by a
                    // force, not overridden).
                    .col(big_integer(SpendKind::Lines).default(0))
                    .col(big_integer(SpendKind::Pence).default(0))
                    .to_owned(),
            )
            .await?;
        // Finding a payment's kind: the supplier and force narrow it to a handful.
        manager
            .create_index(
                Index::create()
                    .name("idx_spend_kind_supplier_force")
                    .table(SpendKind::Table)
                    .col(SpendKind::SupplierId)
                    .col(SpendKind::ForceId)
                    .to_owned(),
            )
            .await?;
        let mut col = integer_null(SpendRule::FunctionId);
        manager
            .alter_table(
                Table::alter()
                    .table(SpendRule::Table)
                    .add_column(&mut col)
                    .to_owned(),
            )
            .await?;
        // 0 for payments no rule gives a function.
        manager
            .create_table(
                Table::create()
                    .table(SpendRollupFunction::Table)
                    .col(integer(SpendRollupFunction::Year))
                    .col(integer(SpendRollupFunction::ForceId))
                    .col(integer(SpendRollupFunction::FunctionId))
                    .col(string_len(SpendRollupFunction::Class, 16))
                    .col(big_integer(SpendRollupFunction::Pence))
                    .col(big_integer(SpendRollupFunction::Lines))
                    .primary_key(
                        Index::create()
                            .col(SpendRollupFunction::Year)
                            .col(SpendRollupFunction::ForceId)
                            .col(SpendRollupFunction::FunctionId)
                            .col(SpendRollupFunction::Class),
                    )
                    .to_owned(),
            )
            .await?;
        let mut col = integer_null(SpendPayment::KindId);
        manager
            .alter_table(
                Table::alter()
                    .table(SpendPayment::Table)
                    .add_column(&mut col)
                    .to_owned(),
            )
            .await?;
        // A reclassification rewrites the payments of the kinds it moves.
        manager
            .create_index(
                Index::create()
                    .name("idx_spend_payment_kind")
                    .table(SpendPayment::Table)
                    .col(SpendPayment::KindId)
                    .to_owned(),
            )
            .await?;

        // Payments already stored get their kinds, with the class they have.
        let db = manager.get_connection();
        for sql in [
            "INSERT INTO spend_kind (force_id, supplier_id, description, expense_type, cost_centre) \
             SELECT DISTINCT COALESCE(force_id, 0), supplier_id, description, expense_type, \
             cost_centre FROM spend_payment",
            "UPDATE spend_payment SET kind_id = k.id FROM spend_kind k \
             WHERE k.supplier_id = spend_payment.supplier_id \
             AND k.force_id = COALESCE(spend_payment.force_id, 0) \
             AND k.description = spend_payment.description \
             AND k.expense_type = spend_payment.expense_type \
             AND k.cost_centre = spend_payment.cost_centre",
            "UPDATE spend_kind SET class = p.class, rule_id = p.rule_id, system_id = p.system_id \
             FROM spend_payment p WHERE p.kind_id = spend_kind.id AND p.override_id IS NULL",
            "UPDATE spend_kind SET lines = d.lines, pence = d.pence FROM \
             (SELECT p.kind_id, COUNT(*) AS lines, SUM(p.amount_pence) AS pence \
              FROM spend_payment p JOIN spend_import i ON i.id = p.import_id \
              WHERE i.state = 'done' AND p.force_id IS NOT NULL AND p.override_id IS NULL \
              GROUP BY p.kind_id) d WHERE d.kind_id = spend_kind.id",
            // Until a rule gives one, every counted payment is of no function (0).
            "INSERT INTO spend_rollup_function (year, force_id, function_id, class, pence, lines) \
             SELECT r.year, r.force_id, 0, r.class, SUM(r.pence), SUM(r.lines) \
             FROM spend_rollup_supplier r GROUP BY r.year, r.force_id, r.class",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    /// Drops the kinds and the function rollup; the payments and rules keep their (then
    /// unused) columns, as SQLite cannot drop a column an index uses.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_spend_payment_kind")
                    .table(SpendPayment::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(SpendRollupFunction::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SpendKind::Table).to_owned())
            .await
    }
}
