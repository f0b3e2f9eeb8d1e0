//! Kinds of payment (`spend_kind`): payments alike in everything a rule looks at (force,
//! supplier, description, expense type, cost centre, framework lot) are classified once, as a kind, and
//! their payments (those no force has overridden) read the kind's class, rule and system
//! through `kind_id`. A rule change's preview adds up the kinds' sums, and its
//! reclassification rewrites only the kinds that move and moves the rollups by their month
//! sums (`spend_kind_month`): both cost what the change moves, and neither writes a payment.
//!
//! The kinds keep one promise, which [`super::rollup::check`] tests: every payment of a
//! finished import has a kind, and the kinds' sums are their payments'.

use super::classification::{rule_set, rules_in_force, RuleSet, Sql};
use super::rollup::{self, Scope};
use crate::db::is_postgres;
use crate::spend::entity::spend_kind;
use crate::spend::types::SpendClass;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, Statement,
};
use std::collections::BTreeMap;

/// A kind and a payment `p` alike.
const ALIKE: &str = "k.supplier_id = p.supplier_id AND k.force_id = COALESCE(p.force_id, 0) \
     AND k.description = p.description AND k.expense_type = p.expense_type \
     AND k.cost_centre = p.cost_centre AND k.lot = p.lot";

/// Kinds rewritten a statement at a time: their ids are written into the SQL.
const CHUNK: usize = 2_000;

async fn exec(conn: &impl ConnectionTrait, sql: String) -> Result<u64, DbErr> {
    let statement = Statement::from_string(conn.get_database_backend(), sql);
    Ok(conn.execute_raw(statement).await?.rows_affected())
}

/// Gives the payments in `scope` their kinds, adding the kinds not seen before (unclassified
/// until [`reclassify`] runs over them).
async fn assign(conn: &impl ConnectionTrait, scope: &Scope) -> Result<(), DbErr> {
    let within = scope.sql();
    exec(
        conn,
        format!(
            "INSERT INTO spend_kind (force_id, supplier_id, description, expense_type, \
             cost_centre, lot, class, lines, pence) \
             SELECT DISTINCT COALESCE(p.force_id, 0), p.supplier_id, p.description, \
             p.expense_type, p.cost_centre, p.lot, '{}', 0, 0 FROM spend_payment p \
             WHERE ({within}) AND NOT EXISTS (SELECT 1 FROM spend_kind k WHERE {ALIKE})",
            SpendClass::Unclassified.as_str()
        ),
    )
    .await?;
    exec(
        conn,
        format!(
            "UPDATE spend_payment AS p SET kind_id = k.id FROM spend_kind k \
             WHERE {ALIKE} AND ({within}) AND (p.kind_id IS NULL OR p.kind_id <> k.id)"
        ),
    )
    .await?;
    Ok(())
}

/// Which kinds a reclassification looks at.
pub(super) enum Which<'a> {
    All,
    /// The kinds of the payments in a scope.
    Of(&'a Scope),
    /// One force's kinds.
    Force(i32),
}

#[derive(FromQueryResult)]
struct Change {
    id: i32,
    rid: i32,
    /// The kind's payments the dashboards count.
    lines: i64,
}

/// The kinds whose first matching rule, class, system or function `set` changes, with the number of
/// the rule that now matches them first (0 for none).
async fn changes(
    conn: &impl ConnectionTrait,
    set: &RuleSet,
    which: &Which<'_>,
) -> Result<Vec<Change>, DbErr> {
    let mut sql = Sql::new(is_postgres(conn));
    // The rules' conditions are written over `p`: here, a kind.
    let first = set.first_match(&mut sql);
    let class = set.class_of("m.rid");
    let system = set.system_of("m.rid");
    let function = set.function_sql("m.rid");
    let filter = match which {
        Which::All => "1 = 1".to_string(),
        Which::Of(scope) => format!(
            "p.id IN (SELECT q.kind_id FROM spend_payment q WHERE {})",
            scope.on("q")
        ),
        Which::Force(f) => format!("p.force_id = {f}"),
    };
    let text = format!(
        "SELECT m.id, m.rid, m.lines FROM (SELECT p.id, p.rule_id, p.class, p.system_id, \
         p.function_id, p.lines, {first} AS rid FROM spend_kind p WHERE {filter}) m \
         WHERE COALESCE(m.rule_id, 0) <> m.rid OR m.class <> {class} \
         OR COALESCE(m.system_id, 0) <> {system} OR COALESCE(m.function_id, 0) <> {function} \
         ORDER BY m.id"
    );
    Change::find_by_statement(sql.statement(conn, text))
        .all(conn)
        .await
}

/// Classifies the kinds `which` names by `set`: only the kinds that change are written, and
/// their payments (those not overridden) follow them, as they read their class through
/// their kind. The rollups are moved by the kinds' month sums, taken away before and added
/// back after (or, when they are most of the payments, rebuilt from every kind's months:
/// adding each up once is then cheaper than most of them twice). Returns the payments that
/// the dashboards count moved.
pub(super) async fn reclassify(
    conn: &impl ConnectionTrait,
    set: &RuleSet,
    which: Which<'_>,
) -> Result<u64, DbErr> {
    let changes = changes(conn, set, &which).await?;
    let moving: i64 = changes.iter().map(|c| c.lines).sum();
    let rebuild = moving > 0 && moving * 2 > counted_lines(conn).await?;
    let incremental = !rebuild;
    for chunk in changes.chunks(CHUNK) {
        let ids: Vec<i32> = chunk.iter().map(|c| c.id).collect();
        if incremental {
            rollup::move_kinds(conn, -1, &ids).await?;
        }
        let mut by_rule: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
        for c in chunk {
            by_rule.entry(c.rid).or_default().push(c.id);
        }
        for (rid, kinds) in by_rule {
            let o = set.outcome(rid);
            spend_kind::Entity::update_many()
                .col_expr(spend_kind::Column::RuleId, Expr::value(o.rule))
                .col_expr(spend_kind::Column::Class, Expr::value(o.class.as_str()))
                .col_expr(spend_kind::Column::SystemId, Expr::value(o.system))
                .col_expr(spend_kind::Column::FunctionId, Expr::value(o.function))
                .filter(spend_kind::Column::Id.is_in(kinds))
                .exec(conn)
                .await?;
        }
        if incremental {
            rollup::move_kinds(conn, 1, &ids).await?;
        }
    }
    if rebuild {
        rollup::rebuild_from_kinds(conn).await?;
    }
    Ok(moving.max(0) as u64)
}

/// The payments the dashboards count, not overridden: the kinds' lines added up.
async fn counted_lines(conn: &impl ConnectionTrait) -> Result<i64, DbErr> {
    #[derive(FromQueryResult)]
    struct Total {
        n: Option<i64>,
    }
    Ok(Total::find_by_statement(Statement::from_string(
        conn.get_database_backend(),
        "SELECT CAST(SUM(lines) AS BIGINT) AS n FROM spend_kind",
    ))
    .one(conn)
    .await?
    .and_then(|t| t.n)
    .unwrap_or(0))
}

/// Gives the payments in `scope` (new, or changed in what a rule looks at) their kinds, the
/// kinds not seen before their classes by the rules in force, and adds the payments to the
/// rollups. They must be out of the rollups: not yet added, or taken away before the change.
pub(super) async fn settle(conn: &impl ConnectionTrait, scope: &Scope) -> Result<(), DbErr> {
    let set = rule_set(conn, rules_in_force(conn).await?).await?;
    assign(conn, scope).await?;
    // Kinds already stored are classified by these rules (so this moves nothing counted);
    // only new ones change here.
    reclassify(conn, &set, Which::Of(scope)).await?;
    rollup::add(conn, scope).await
}
