//! The rollups the dashboards read, kept in step with the payments in the transactions that
//! change them: an import finishing adds its payments, a rollback takes them away, a buyer
//! mapped to a force, a supplier merged or split, an override or a reclassification moves
//! them. Each change takes its payments' sums away before it writes and adds them back after,
//! so the rollups are always the payments' sums ([`check`] recomputes them and compares).
//!
//! Only payments of finished (`done`) imports with a force count: an import still running, a
//! rolled-back one, and payments by bodies that are not forces are outside every figure.

use crate::db::is_postgres;
use crate::spend::types::ImportState;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Statement};
use std::collections::BTreeMap;

/// Which payments a change touches. Ids are integers, written into the SQL as numbers.
#[derive(Clone, Debug)]
pub enum Scope {
    All,
    Import(i32),
    Buyer(i32),
    Suppliers(Vec<i32>),
    SupplierName(i32),
    Payments(Vec<i32>),
    /// The payments of these kinds.
    Kinds(Vec<i32>),
}

impl Scope {
    /// The condition on `p`, a payment.
    pub(crate) fn sql(&self) -> String {
        self.on("p")
    }

    /// The condition on a payment called `a`.
    pub(crate) fn on(&self, a: &str) -> String {
        let list = |ids: &[i32]| {
            if ids.is_empty() {
                "NULL".to_string()
            } else {
                ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
            }
        };
        match self {
            Scope::All => "1 = 1".into(),
            Scope::Import(id) => format!("{a}.import_id = {id}"),
            Scope::Buyer(id) => format!("{a}.buyer_id = {id}"),
            Scope::Suppliers(ids) => format!("{a}.supplier_id IN ({})", list(ids)),
            Scope::SupplierName(id) => format!("{a}.supplier_name_id = {id}"),
            Scope::Payments(ids) => format!("{a}.id IN ({})", list(ids)),
            Scope::Kinds(ids) => format!("{a}.kind_id IN ({})", list(ids)),
        }
    }
}

/// `yyyymm` of a payment's day, and the financial year it is in, in each database's words.
fn month_and_year(pg: bool) -> (&'static str, &'static str) {
    if pg {
        (
            "CAST(to_char(p.paid_on, 'YYYYMM') AS INTEGER)",
            "CAST(EXTRACT(YEAR FROM p.paid_on - INTERVAL '3 months') AS INTEGER)",
        )
    } else {
        (
            "CAST(strftime('%Y%m', p.paid_on) AS INTEGER)",
            "CAST(strftime('%Y', p.paid_on, '-3 months') AS INTEGER)",
        )
    }
}

/// The payments that count, in `scope`. `CROSS JOIN` tells SQLite to read the payments
/// first (through the scope's index, e.g. a few kinds' payments), never every payment of the
/// finished imports; PostgreSQL plans it as the inner join it is.
fn counted(scope: &Scope) -> String {
    format!(
        "FROM spend_payment p CROSS JOIN spend_import i \
         WHERE i.id = p.import_id AND i.state = '{}' AND p.force_id IS NOT NULL AND ({})",
        ImportState::Done.as_str(),
        scope.sql()
    )
}

/// The payments that count, in `scope`, each with its kind `k` (for its function).
fn counted_with_kind(scope: &Scope) -> String {
    counted(scope).replacen(
        " WHERE ",
        " LEFT JOIN spend_kind k ON k.id = p.kind_id WHERE ",
        1,
    )
}

async fn exec(conn: &impl ConnectionTrait, sql: String) -> Result<u64, DbErr> {
    let statement = Statement::from_string(conn.get_database_backend(), sql);
    Ok(conn.execute_raw(statement).await?.rows_affected())
}

/// Adds (`sign` 1) or takes away (`sign` -1) the sums of the payments in `scope`.
async fn apply(conn: &impl ConnectionTrait, sign: i64, scope: &Scope) -> Result<(), DbErr> {
    let (month, year) = month_and_year(is_postgres(conn));
    let from = counted(scope);
    exec(
        conn,
        format!(
            "INSERT INTO spend_rollup (force_id, month, class, pence, lines) \
             SELECT p.force_id, {month}, p.class, {sign} * SUM(p.amount_pence), {sign} * COUNT(*) \
             {from} GROUP BY 1, 2, 3 \
             ON CONFLICT (force_id, month, class) DO UPDATE SET \
             pence = spend_rollup.pence + excluded.pence, lines = spend_rollup.lines + excluded.lines"
        ),
    )
    .await?;
    exec(
        conn,
        format!(
            "INSERT INTO spend_rollup_supplier (year, force_id, supplier_id, class, pence, lines) \
             SELECT {year}, p.force_id, p.supplier_id, p.class, {sign} * SUM(p.amount_pence), {sign} * COUNT(*) \
             {from} GROUP BY 1, 2, 3, 4 \
             ON CONFLICT (year, force_id, supplier_id, class) DO UPDATE SET \
             pence = spend_rollup_supplier.pence + excluded.pence, \
             lines = spend_rollup_supplier.lines + excluded.lines"
        ),
    )
    .await?;
    let with_kind = counted_with_kind(scope);
    exec(
        conn,
        format!(
            "INSERT INTO spend_rollup_function (year, force_id, function_id, class, pence, lines) \
             SELECT {year}, p.force_id, COALESCE(k.function_id, 0), p.class, \
             {sign} * SUM(p.amount_pence), {sign} * COUNT(*) {with_kind} GROUP BY 1, 2, 3, 4 \
             ON CONFLICT (year, force_id, function_id, class) DO UPDATE SET \
             pence = spend_rollup_function.pence + excluded.pence, \
             lines = spend_rollup_function.lines + excluded.lines"
        ),
    )
    .await?;
    // The kinds' sums, which a rule change's preview adds up: overridden payments stay put.
    exec(
        conn,
        format!(
            "UPDATE spend_kind SET lines = spend_kind.lines + d.lines, \
             pence = spend_kind.pence + d.pence FROM \
             (SELECT p.kind_id AS id, {sign} * COUNT(*) AS lines, {sign} * SUM(p.amount_pence) AS pence \
              {from} AND p.override_id IS NULL AND p.kind_id IS NOT NULL GROUP BY p.kind_id) d \
             WHERE spend_kind.id = d.id"
        ),
    )
    .await?;
    if sign < 0 {
        exec(conn, "DELETE FROM spend_rollup WHERE lines = 0".into()).await?;
        exec(
            conn,
            "DELETE FROM spend_rollup_supplier WHERE lines = 0".into(),
        )
        .await?;
        exec(
            conn,
            "DELETE FROM spend_rollup_function WHERE lines = 0".into(),
        )
        .await?;
    }
    Ok(())
}

/// Adds the payments in `scope` (after they were written or changed).
pub async fn add(conn: &impl ConnectionTrait, scope: &Scope) -> Result<(), DbErr> {
    apply(conn, 1, scope).await
}

/// Takes the payments in `scope` away (before they are deleted or changed).
pub async fn remove(conn: &impl ConnectionTrait, scope: &Scope) -> Result<(), DbErr> {
    apply(conn, -1, scope).await
}

/// Recomputes every rollup (and every kind's sums) from the payments: after the generator
/// writes its payments, and after a rule change that moves most of them. The payments are
/// read once, into sums by kind, month and class (a few hundred thousand rows, whatever the
/// payments); every rollup is added up from those. Run it in a transaction: the sums are a
/// temporary table of the connection.
pub async fn rebuild(conn: &impl ConnectionTrait) -> Result<(), DbErr> {
    let (month, _) = month_and_year(is_postgres(conn));
    exec(conn, "DROP TABLE IF EXISTS spend_rebuild".into()).await?;
    exec(
        conn,
        format!(
            "CREATE TEMPORARY TABLE spend_rebuild AS SELECT p.kind_id AS kind_id, \
             {month} AS month, p.class AS class, \
             CASE WHEN p.override_id IS NULL THEN 1 ELSE 0 END AS plain, \
             SUM(p.amount_pence) AS pence, COUNT(*) AS lines {} GROUP BY 1, 2, 3, 4",
            counted(&Scope::All)
        ),
    )
    .await?;
    // The financial year (April to March) of a yyyymm month.
    let year = "(t.month / 100 - CASE WHEN t.month % 100 < 4 THEN 1 ELSE 0 END)";
    for sql in [
        "DELETE FROM spend_rollup".to_string(),
        "DELETE FROM spend_rollup_supplier".to_string(),
        "DELETE FROM spend_rollup_function".to_string(),
        "UPDATE spend_kind SET lines = 0, pence = 0".to_string(),
        "INSERT INTO spend_rollup (force_id, month, class, pence, lines) \
         SELECT k.force_id, t.month, t.class, SUM(t.pence), SUM(t.lines) \
         FROM spend_rebuild t JOIN spend_kind k ON k.id = t.kind_id GROUP BY 1, 2, 3"
            .to_string(),
        format!(
            "INSERT INTO spend_rollup_supplier (year, force_id, supplier_id, class, pence, lines) \
             SELECT {year}, k.force_id, k.supplier_id, t.class, SUM(t.pence), SUM(t.lines) \
             FROM spend_rebuild t JOIN spend_kind k ON k.id = t.kind_id GROUP BY 1, 2, 3, 4"
        ),
        format!(
            "INSERT INTO spend_rollup_function (year, force_id, function_id, class, pence, lines) \
             SELECT {year}, k.force_id, COALESCE(k.function_id, 0), t.class, SUM(t.pence), \
             SUM(t.lines) FROM spend_rebuild t JOIN spend_kind k ON k.id = t.kind_id \
             GROUP BY 1, 2, 3, 4"
        ),
        "UPDATE spend_kind SET lines = d.lines, pence = d.pence FROM \
         (SELECT t.kind_id AS id, SUM(t.lines) AS lines, SUM(t.pence) AS pence \
          FROM spend_rebuild t WHERE t.plain = 1 GROUP BY t.kind_id) d \
         WHERE spend_kind.id = d.id"
            .to_string(),
        "DROP TABLE spend_rebuild".to_string(),
    ] {
        exec(conn, sql).await?;
    }
    Ok(())
}

#[derive(FromQueryResult)]
struct Row {
    a: i32,
    b: i32,
    c: i32,
    class: String,
    pence: i64,
    lines: i64,
}

type Sums = BTreeMap<(i32, i32, i32, String), (i64, i64)>;

async fn sums(conn: &impl ConnectionTrait, sql: String) -> Result<Sums, DbErr> {
    let rows = Row::find_by_statement(Statement::from_string(conn.get_database_backend(), sql))
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| ((r.a, r.b, r.c, r.class), (r.pence, r.lines)))
        .collect())
}

/// The rollups recomputed from the payments and compared, to the penny: each difference in
/// words; empty when they agree.
pub async fn check(conn: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    let (month, year) = month_and_year(is_postgres(conn));
    let from = counted(&Scope::All);
    // Sums are cast back to 64-bit integers: PostgreSQL's SUM of a bigint is a numeric.
    let mut differences = Vec::new();
    let pairs = [
        (
            format!(
                "SELECT p.force_id AS a, {month} AS b, 0 AS c, p.class AS class, \
                 CAST(SUM(p.amount_pence) AS BIGINT) AS pence, CAST(COUNT(*) AS BIGINT) AS lines \
                 {from} GROUP BY 1, 2, 3, 4"
            ),
            "SELECT force_id AS a, month AS b, 0 AS c, class, pence, lines FROM spend_rollup"
                .to_string(),
            "force, month",
        ),
        (
            format!(
                "SELECT p.force_id AS a, {year} AS b, p.supplier_id AS c, p.class AS class, \
                 CAST(SUM(p.amount_pence) AS BIGINT) AS pence, CAST(COUNT(*) AS BIGINT) AS lines \
                 {from} GROUP BY 1, 2, 3, 4"
            ),
            "SELECT force_id AS a, year AS b, supplier_id AS c, class, pence, lines \
             FROM spend_rollup_supplier"
                .to_string(),
            "force, year, supplier",
        ),
        (
            format!(
                "SELECT p.force_id AS a, {year} AS b, COALESCE(k.function_id, 0) AS c, \
                 p.class AS class, CAST(SUM(p.amount_pence) AS BIGINT) AS pence, \
                 CAST(COUNT(*) AS BIGINT) AS lines {} GROUP BY 1, 2, 3, 4",
                counted_with_kind(&Scope::All)
            ),
            "SELECT force_id AS a, year AS b, function_id AS c, class, pence, lines \
             FROM spend_rollup_function"
                .to_string(),
            "force, year, function",
        ),
        (
            format!(
                "SELECT p.kind_id AS a, 0 AS b, 0 AS c, '' AS class, \
                 CAST(SUM(p.amount_pence) AS BIGINT) AS pence, CAST(COUNT(*) AS BIGINT) AS lines \
                 {from} AND p.override_id IS NULL AND p.kind_id IS NOT NULL GROUP BY 1, 2, 3, 4"
            ),
            "SELECT id AS a, 0 AS b, 0 AS c, '' AS class, pence, lines FROM spend_kind \
             WHERE lines <> 0 OR pence <> 0"
                .to_string(),
            "kind",
        ),
    ];
    for (expected, stored, what) in pairs {
        let expected = sums(conn, expected).await?;
        let stored = sums(conn, stored).await?;
        for (key, want) in &expected {
            let got = stored.get(key).copied().unwrap_or((0, 0));
            if got != *want {
                differences.push(format!(
                    "{what} {:?}: the payments sum to {} pence in {} lines, the rollup has {} in {}",
                    key, want.0, want.1, got.0, got.1
                ));
            }
        }
        for (key, got) in &stored {
            if !expected.contains_key(key) {
                differences.push(format!(
                    "{what} {:?}: the rollup has {} pence in {} lines, no payments",
                    key, got.0, got.1
                ));
            }
        }
    }
    // Every counted payment has a kind, and one not overridden has its kind's class.
    #[derive(FromQueryResult)]
    struct Count {
        n: i64,
    }
    for (sql, what) in [
        (
            format!("SELECT CAST(COUNT(*) AS BIGINT) AS n {from} AND p.kind_id IS NULL"),
            "payments counted have no kind",
        ),
        (
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM spend_payment p \
             JOIN spend_kind k ON k.id = p.kind_id WHERE p.override_id IS NULL \
             AND (p.class <> k.class OR COALESCE(p.rule_id, 0) <> COALESCE(k.rule_id, 0) \
             OR COALESCE(p.system_id, 0) <> COALESCE(k.system_id, 0))"
                .to_string(),
            "payments differ from their kind's class, rule or system",
        ),
    ] {
        let n = Count::find_by_statement(Statement::from_string(conn.get_database_backend(), sql))
            .one(conn)
            .await?
            .map(|c| c.n)
            .unwrap_or(0);
        if n != 0 {
            differences.push(format!("{n} {what}"));
        }
    }
    Ok(differences)
}
