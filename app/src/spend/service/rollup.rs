//! The rollups the dashboards read, kept in step with the payments in the transactions that
//! change them: an import finishing adds its payments, a rollback takes them away, a buyer
//! mapped to a force, a supplier merged or split, an override or a reclassification moves
//! them. Each change takes its payments' sums away before it writes and adds them back after,
//! so the rollups are always the payments' sums ([`check`] recomputes them and compares).
//! The kinds' sums, in all and by month (`spend_kind_month`), move with them: a rule change
//! rewrites kinds, not payments, and moves the rollups by its kinds' month sums.
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
    /// The payments a force has overridden.
    Overridden,
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
            Scope::Overridden => format!("{a}.override_id IS NOT NULL"),
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
/// first (through the scope's index, e.g. an import's payments), never every payment of the
/// finished imports; PostgreSQL plans it as the inner join it is.
///
/// A payment's force and kind are written `+p.force_id` and `+p.kind_id` where they are
/// tested or grouped on: the unary plus keeps SQLite from walking every payment through
/// the force's or the kind's index (for `IS NOT NULL`, or for the order of a `GROUP BY`), a
/// random read of each of millions of rows where a plain scan reads them in turn, or the
/// scope's own index (an import's, the overridden payments') finds a few. PostgreSQL reads
/// it as the number it is.
fn counted(scope: &Scope) -> String {
    format!(
        "FROM spend_payment p CROSS JOIN spend_import i \
         WHERE i.id = p.import_id AND i.state = '{}' AND +p.force_id IS NOT NULL AND ({})",
        ImportState::Done.as_str(),
        scope.sql()
    )
}

/// The payments that count, in `scope`, each with its kind `k` and its override `o`, if
/// any: its class is [`CLASS`]. Every counted payment has a kind ([`check`] says so).
fn counted_classed(scope: &Scope) -> String {
    format!(
        "FROM spend_payment p CROSS JOIN spend_import i CROSS JOIN spend_kind k \
         LEFT JOIN spend_override o ON o.id = p.override_id \
         WHERE i.id = p.import_id AND k.id = p.kind_id AND i.state = '{}' \
         AND +p.force_id IS NOT NULL AND ({})",
        ImportState::Done.as_str(),
        scope.sql()
    )
}

/// A payment's class: its force's override's, or else its kind's.
pub(super) const CLASS: &str = "COALESCE(o.class, k.class)";

/// The financial year (April to March) of a `yyyymm` month `m.month`.
const YEAR_OF_MONTH: &str = "(m.month / 100 - CASE WHEN m.month % 100 < 4 THEN 1 ELSE 0 END)";

async fn exec(conn: &impl ConnectionTrait, sql: String) -> Result<u64, DbErr> {
    let statement = Statement::from_string(conn.get_database_backend(), sql);
    Ok(conn.execute_raw(statement).await?.rows_affected())
}

/// A rollup's upsert, of rows `select`ed as its `keys`, then class, pence and lines.
fn upsert(table: &str, keys: &str, select: String) -> String {
    format!(
        "INSERT INTO {table} ({keys}, class, pence, lines) {select} \
         ON CONFLICT ({keys}, class) DO UPDATE SET \
         pence = {table}.pence + excluded.pence, lines = {table}.lines + excluded.lines"
    )
}

/// The rollups: force × month, force × financial year, and the same years by supplier and
/// by function, each by class.
const ROLLUPS: [&str; 4] = [
    "spend_rollup",
    "spend_rollup_year",
    "spend_rollup_supplier",
    "spend_rollup_function",
];

/// Rollup rows with no payments left are deleted, so the dashboards never list them.
async fn drop_empty(conn: &impl ConnectionTrait) -> Result<(), DbErr> {
    for table in ROLLUPS {
        exec(conn, format!("DELETE FROM {table} WHERE lines = 0")).await?;
    }
    Ok(())
}

/// Adds (`sign` 1) or takes away (`sign` -1) the sums of the payments in `scope`: from the
/// rollups, by their classes, and from their kinds' sums (those not overridden).
async fn apply(conn: &impl ConnectionTrait, sign: i64, scope: &Scope) -> Result<(), DbErr> {
    apply_rollups(conn, sign, scope).await?;
    let (month, _) = month_and_year(is_postgres(conn));
    let plain = format!(
        "{} AND p.override_id IS NULL AND +p.kind_id IS NOT NULL",
        counted(scope)
    );
    // The kinds' sums, which a rule change's preview adds up, and the same by month, from
    // which a rule change moves the rollups: overridden payments stay put.
    exec(
        conn,
        format!(
            "UPDATE spend_kind SET lines = spend_kind.lines + d.lines, \
             pence = spend_kind.pence + d.pence FROM \
             (SELECT +p.kind_id AS id, {sign} * COUNT(*) AS lines, {sign} * SUM(p.amount_pence) AS pence \
              {plain} GROUP BY 1) d \
             WHERE spend_kind.id = d.id"
        ),
    )
    .await?;
    exec(
        conn,
        format!(
            "INSERT INTO spend_kind_month (kind_id, month, pence, lines) \
             SELECT +p.kind_id, {month}, {sign} * SUM(p.amount_pence), {sign} * COUNT(*) \
             {plain} GROUP BY 1, 2 \
             ON CONFLICT (kind_id, month) DO UPDATE SET \
             pence = spend_kind_month.pence + excluded.pence, \
             lines = spend_kind_month.lines + excluded.lines"
        ),
    )
    .await?;
    if sign < 0 {
        exec(
            conn,
            format!(
                "DELETE FROM spend_kind_month WHERE lines = 0 AND kind_id IN \
                 (SELECT p.kind_id FROM spend_payment p WHERE {})",
                scope.sql()
            ),
        )
        .await?;
    }
    Ok(())
}

/// Adds or takes away the sums of the payments in `scope` from the rollups only.
async fn apply_rollups(conn: &impl ConnectionTrait, sign: i64, scope: &Scope) -> Result<(), DbErr> {
    let (month, year) = month_and_year(is_postgres(conn));
    let from = counted_classed(scope);
    let sums = format!("{sign} * SUM(p.amount_pence), {sign} * COUNT(*) {from}");
    for sql in [
        upsert(
            "spend_rollup",
            "force_id, month",
            format!("SELECT +p.force_id, {month}, {CLASS}, {sums} GROUP BY 1, 2, 3"),
        ),
        upsert(
            "spend_rollup_year",
            "year, force_id",
            format!("SELECT {year}, p.force_id, {CLASS}, {sums} GROUP BY 1, 2, 3"),
        ),
        upsert(
            "spend_rollup_supplier",
            "year, force_id, supplier_id",
            format!(
                "SELECT {year}, p.force_id, p.supplier_id, {CLASS}, {sums} GROUP BY 1, 2, 3, 4"
            ),
        ),
        upsert(
            "spend_rollup_function",
            "year, force_id, function_id",
            format!(
                "SELECT {year}, p.force_id, COALESCE(k.function_id, 0), {CLASS}, {sums} \
                 GROUP BY 1, 2, 3, 4"
            ),
        ),
    ] {
        exec(conn, sql).await?;
    }
    if sign < 0 {
        drop_empty(conn).await?;
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

/// The rollup rows of the kinds' month sums `m` with their kinds `k` (in `from`), as
/// [`upsert`] takes them.
fn from_kind_months(sign: i64, from: &str) -> [(&'static str, &'static str, String); 4] {
    let sums = format!("{sign} * SUM(m.pence), {sign} * SUM(m.lines) {from}");
    [
        (
            "spend_rollup",
            "force_id, month",
            format!("SELECT k.force_id, m.month, k.class, {sums} GROUP BY 1, 2, 3"),
        ),
        (
            "spend_rollup_year",
            "year, force_id",
            format!("SELECT {YEAR_OF_MONTH}, k.force_id, k.class, {sums} GROUP BY 1, 2, 3"),
        ),
        (
            "spend_rollup_supplier",
            "year, force_id, supplier_id",
            format!(
                "SELECT {YEAR_OF_MONTH}, k.force_id, k.supplier_id, k.class, {sums} \
                 GROUP BY 1, 2, 3, 4"
            ),
        ),
        (
            "spend_rollup_function",
            "year, force_id, function_id",
            format!(
                "SELECT {YEAR_OF_MONTH}, k.force_id, COALESCE(k.function_id, 0), k.class, \
                 {sums} GROUP BY 1, 2, 3, 4"
            ),
        ),
    ]
}

/// Adds (`sign` 1) or takes away (`sign` -1) the payments (not overridden) of these kinds,
/// by their kinds' classes as they stand, from the month sums of the kinds: a rule change
/// takes its kinds away, gives them their new classes and adds them back, without reading
/// a payment.
pub(super) async fn move_kinds(
    conn: &impl ConnectionTrait,
    sign: i64,
    kinds: &[i32],
) -> Result<(), DbErr> {
    if kinds.is_empty() {
        return Ok(());
    }
    let ids = kinds
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let from = format!(
        "FROM spend_kind k CROSS JOIN spend_kind_month m WHERE m.kind_id = k.id AND k.id IN ({ids})"
    );
    for (table, keys, select) in from_kind_months(sign, &from) {
        exec(conn, upsert(table, keys, select)).await?;
    }
    if sign < 0 {
        drop_empty(conn).await?;
    }
    Ok(())
}

/// Recomputes the rollups from the kinds' month sums and the overridden payments: after a
/// rule change that moves most of the payments, when adding up every kind's months once is
/// cheaper than taking most of them away and adding them back.
pub(super) async fn rebuild_from_kinds(conn: &impl ConnectionTrait) -> Result<(), DbErr> {
    for table in ROLLUPS {
        exec(conn, format!("DELETE FROM {table}")).await?;
    }
    let from = "FROM spend_kind_month m CROSS JOIN spend_kind k WHERE k.id = m.kind_id";
    for (table, keys, select) in from_kind_months(1, from) {
        exec(conn, upsert(table, keys, select)).await?;
    }
    apply_rollups(conn, 1, &Scope::Overridden).await
}

/// Recomputes the kinds' sums, by month and in all, and every rollup, from the payments:
/// after the generator writes its payments. The payments are read once, into the kinds'
/// month sums (a few per kind, whatever the payments); the rest is added up from those.
pub async fn rebuild(conn: &impl ConnectionTrait) -> Result<(), DbErr> {
    let (month, _) = month_and_year(is_postgres(conn));
    for sql in [
        "DELETE FROM spend_kind_month".to_string(),
        format!(
            "INSERT INTO spend_kind_month (kind_id, month, pence, lines) \
             SELECT +p.kind_id, {month}, SUM(p.amount_pence), COUNT(*) {} \
             AND p.override_id IS NULL AND +p.kind_id IS NOT NULL GROUP BY 1, 2",
            counted(&Scope::All)
        ),
        "UPDATE spend_kind SET lines = 0, pence = 0".to_string(),
        "UPDATE spend_kind SET lines = d.lines, pence = d.pence FROM \
         (SELECT m.kind_id AS id, SUM(m.lines) AS lines, SUM(m.pence) AS pence \
          FROM spend_kind_month m GROUP BY m.kind_id) d \
         WHERE spend_kind.id = d.id"
            .to_string(),
    ] {
        exec(conn, sql).await?;
    }
    rebuild_from_kinds(conn).await
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
    let classed = counted_classed(&Scope::All);
    // Sums are cast back to 64-bit integers: PostgreSQL's SUM of a bigint is a numeric.
    let mut differences = Vec::new();
    let pairs = [
        (
            format!(
                "SELECT +p.force_id AS a, {month} AS b, 0 AS c, {CLASS} AS class, \
                 CAST(SUM(p.amount_pence) AS BIGINT) AS pence, CAST(COUNT(*) AS BIGINT) AS lines \
                 {classed} GROUP BY 1, 2, 3, 4"
            ),
            "SELECT force_id AS a, month AS b, 0 AS c, class, pence, lines FROM spend_rollup"
                .to_string(),
            "force, month",
        ),
        // The years are the months (compared with the payments just above) added up: the
        // same proof, without reading ten million payments again.
        (
            format!(
                "SELECT m.force_id AS a, {YEAR_OF_MONTH} AS b, 0 AS c, m.class, \
                 CAST(SUM(m.pence) AS BIGINT) AS pence, CAST(SUM(m.lines) AS BIGINT) AS lines \
                 FROM spend_rollup m GROUP BY 1, 2, 3, 4"
            ),
            "SELECT force_id AS a, year AS b, 0 AS c, class, pence, lines FROM spend_rollup_year"
                .to_string(),
            "force, year",
        ),
        (
            format!(
                "SELECT +p.force_id AS a, {year} AS b, p.supplier_id AS c, {CLASS} AS class, \
                 CAST(SUM(p.amount_pence) AS BIGINT) AS pence, CAST(COUNT(*) AS BIGINT) AS lines \
                 {classed} GROUP BY 1, 2, 3, 4"
            ),
            "SELECT force_id AS a, year AS b, supplier_id AS c, class, pence, lines \
             FROM spend_rollup_supplier"
                .to_string(),
            "force, year, supplier",
        ),
        (
            format!(
                "SELECT +p.force_id AS a, {year} AS b, COALESCE(k.function_id, 0) AS c, \
                 {CLASS} AS class, CAST(SUM(p.amount_pence) AS BIGINT) AS pence, \
                 CAST(COUNT(*) AS BIGINT) AS lines {classed} GROUP BY 1, 2, 3, 4"
            ),
            "SELECT force_id AS a, year AS b, function_id AS c, class, pence, lines \
             FROM spend_rollup_function"
                .to_string(),
            "force, year, function",
        ),
        (
            format!(
                "SELECT +p.kind_id AS a, 0 AS b, 0 AS c, '' AS class, \
                 CAST(SUM(p.amount_pence) AS BIGINT) AS pence, CAST(COUNT(*) AS BIGINT) AS lines \
                 {from} AND p.override_id IS NULL AND +p.kind_id IS NOT NULL GROUP BY 1, 2, 3, 4"
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
    // Every counted payment has a kind, every override a payment points at is stored, and
    // the kinds' month sums are their payments' (compared in the database: there are
    // millions at national scale).
    #[derive(FromQueryResult)]
    struct Count {
        n: i64,
    }
    let kind_months = format!(
        "SELECT +p.kind_id, {month}, CAST(SUM(p.amount_pence) AS BIGINT), \
         CAST(COUNT(*) AS BIGINT) {from} AND p.override_id IS NULL AND +p.kind_id IS NOT NULL \
         GROUP BY 1, 2"
    );
    let stored_months = "SELECT kind_id, month, pence, lines FROM spend_kind_month";
    for (sql, what) in [
        (
            format!("SELECT CAST(COUNT(*) AS BIGINT) AS n {from} AND p.kind_id IS NULL"),
            "payments counted have no kind",
        ),
        (
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM spend_payment p \
             LEFT JOIN spend_override o ON o.id = p.override_id \
             WHERE p.override_id IS NOT NULL AND o.id IS NULL"
                .to_string(),
            "payments point at an override that is not stored",
        ),
        (
            format!(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM \
                 ({kind_months} EXCEPT {stored_months}) d"
            ),
            "kinds' month sums of the payments are missing from spend_kind_month or differ",
        ),
        (
            format!(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM \
                 ({stored_months} EXCEPT {kind_months}) d"
            ),
            "rows of spend_kind_month are not their payments' sums",
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
