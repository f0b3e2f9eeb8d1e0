//! The import job. A queued import is claimed by one instance (a lease in its row; on
//! PostgreSQL the candidate row is taken `FOR UPDATE SKIP LOCKED`, so instances sharing one
//! database never pick the same job). Its file is read on a blocking thread in two passes:
//! first through the parser, each payment hashed and sorted (`sort.rs`, in bounded memory)
//! while this task writes the counts and rejected rows of each stretch read; then, once the
//! file's names are resolved, the payments in fingerprint order, which this task writes in
//! batches. Every batch is one transaction, with the import's counts and a renewed lease.
//!
//! Why this is exact and safe:
//! - Payments carry their import. A job that starts (or restarts after a kill) first deletes
//!   whatever rows its import has, so a retry never adds to a partial import; and an import's
//!   payments count only once it is `done`.
//! - Each batch's transaction renews the lease only if this instance still holds it; an
//!   instance that lost its lease (it stalled, another took over) has its batch rolled back.
//! - A payment's fingerprint is unique in the database: of two imports holding the same
//!   payment, whether one after the other or at once, exactly one inserts it; the other counts
//!   a duplicate (the insert's `ON CONFLICT DO NOTHING` settles a race).

use super::load;
use super::sort::{Pending, Sorter, Texts};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::{is_postgres, Db};
use crate::money::Money;
use crate::spend::entity::{
    spend_buyer, spend_import, spend_import_chunk, spend_payment, spend_publisher,
    spend_rejected_row, spend_supplier, spend_supplier_name,
};
use crate::spend::parse::mapping::Mapping;
use crate::spend::parse::row::{read_row, Columns};
use crate::spend::parse::stream::Stream;
use crate::spend::parse::table::Record;
use crate::spend::parse::values::{parse_amount_rounding, PaidOn};
use crate::spend::rules::{
    buyer_key, day_number, facts_hash_keyed, fingerprint, match_force, sounds_like_police,
    supplier_key, PaymentFacts,
};
use crate::spend::types::{BuyerStatus, ImportState};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QuerySelect, Set, Statement, Value,
};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, Notify};

/// Rows a batch transaction writes: large, because each commit rewrites the index pages it
/// touched (measured on 300,000 rows: 4,000-row batches 59,000 rows/s, 20,000-row batches
/// 98,000 rows/s), and small enough that a batch (a few MB) holds SQLite's write lock for well
/// under a second.
pub const BATCH_ROWS: usize = 20_000;
/// Payments the reader keeps in memory, in bytes, before it writes a sorted run to disk.
const SORT_BUDGET: usize = 64 * 1024 * 1024;
/// Fingerprints one lookup names.
const LOOKUP_ROWS: usize = 500;
/// How long a claim holds without being renewed; every batch renews it.
pub const LEASE_SECONDS: i64 = 60;
/// Claims before an import is failed rather than tried again.
pub const MAX_ATTEMPTS: i32 = 3;
/// An uploaded file is stored in pieces of this size.
pub const CHUNK_BYTES: usize = 1024 * 1024;

/// A file to read: uploads stream from their chunks in the database, the command line from
/// disk; both run the same job.
pub type Source = Box<dyn Read + Send>;

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("another instance took import {0} over")]
    LeaseLost(i32),
    #[error("import {0} is not running on this instance")]
    NotClaimed(i32),
}

/// Wakes the workers when an import is queued, so they need not wait for their next poll.
static WAKE: Notify = Notify::const_new();

pub fn wake() {
    WAKE.notify_waiters();
}

/// A row the file could not give as a payment.
struct Rejected {
    line: u64,
    reason: String,
    raw: String,
    amount: Option<Money>,
}

/// What the file says beyond its payments, once it has been read to its end.
struct FileEnd {
    /// Each payee name met, with the first Companies House number given for it.
    suppliers: Vec<(String, String)>,
    /// Each buyer name met (framework files only).
    buyers: Vec<String>,
    blank: u64,
    totals: Option<Record>,
    title: Vec<Record>,
    amount_column: usize,
}

/// A payment in fingerprint order, numbered among identical payments in its file.
struct Sorted {
    p: Pending,
    fingerprint: [u8; 16],
}

/// What the reader tells the writer, in this order: stretches read, the end of the file, the
/// payments sorted, done (or failed at any point).
enum Msg {
    Read {
        rows: u64,
        rounded: u64,
        rejected: Vec<Rejected>,
    },
    End(Box<FileEnd>),
    Sorted(Vec<Sorted>),
    Done,
    Failed(String),
}

/// The reader's side, on a blocking thread: reads the file to its end, sorting its payments
/// (see `sort.rs`) and telling the writer how far it has got and which rows it rejected; then
/// hands over the payments in fingerprint order, numbering identical ones by their line.
fn read(
    source: Source,
    import: &spend_import::Model,
    mapping: Mapping,
    buyer_required: bool,
    publisher: &str,
    bytes: Arc<AtomicU64>,
    tx: mpsc::Sender<Msg>,
) {
    let fail = |m: String| {
        let _ = tx.blocking_send(Msg::Failed(m));
    };
    let Some(encoding) = encoding_rs::Encoding::for_label(import.encoding.as_bytes()) else {
        return fail(format!("unknown encoding {}", import.encoding));
    };
    let delimiter = import.delimiter.bytes().next().unwrap_or(b',');
    let mut stream = match Stream::open(source, encoding, delimiter, bytes) {
        Ok(s) => s,
        Err(e) => return fail(e.to_string()),
    };
    let width = stream.header.cells.len();
    if mapping.0.len() != width {
        return fail(format!(
            "the header has {width} columns but the columns were chosen for {}: upload the file again",
            mapping.0.len()
        ));
    }
    let columns = match Columns::new(&mapping, width, buyer_required) {
        Ok(c) => c,
        Err(missing) => {
            let names: Vec<&str> = missing.iter().map(|f| f.label()).collect();
            return fail(format!("no column is chosen for: {}", names.join(", ")));
        }
    };
    let amount_column = mapping
        .column(crate::spend::parse::mapping::Field::Amount)
        .or(mapping.column(crate::spend::parse::mapping::Field::GrossAmount))
        .unwrap_or(0);
    let spill_failed =
        |e: std::io::Error| format!("the import's temporary files could not be written: {e}");
    let publisher_key = publisher.trim().to_lowercase();
    // Each distinct name is keyed once: (Companies House number, key) by payee name, key by
    // buyer name.
    let mut suppliers: HashMap<String, (String, String)> = HashMap::new();
    let mut buyers: HashMap<String, String> = HashMap::new();
    let mut sorter = Sorter::new(SORT_BUDGET);
    let (mut rows, mut rounded, mut rejected) = (0u64, 0u64, Vec::new());
    loop {
        let record = match stream.next_row() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => return fail(e.to_string()),
        };
        rows += 1;
        match read_row(&columns, &record) {
            Ok(row) => {
                rounded += u64::from(row.amount.rounded_from.is_some());
                if !suppliers.contains_key(&row.supplier) {
                    let keyed = (row.companies_house.clone(), supplier_key(&row.supplier));
                    suppliers.insert(row.supplier.clone(), keyed);
                }
                if !buyers.contains_key(&row.buyer) {
                    buyers.insert(row.buyer.clone(), buyer_key(&row.buyer));
                }
                let supplier_key = suppliers.get(&row.supplier).map(|s| s.1.as_str());
                let buyer_key = buyers.get(&row.buyer).map(String::as_str);
                let paid_on = row.paid_on.first_day();
                let facts = facts_hash_keyed(
                    &publisher_key,
                    buyer_key.unwrap_or_default(),
                    supplier_key.unwrap_or_default(),
                    &PaymentFacts {
                        publisher,
                        buyer: &row.buyer,
                        paid_on,
                        supplier: &row.supplier,
                        amount: row.amount.money,
                        transaction: &row.transaction,
                        description: &row.description,
                    },
                );
                let pending = Pending::new(
                    day_number(paid_on),
                    facts,
                    row.line,
                    matches!(row.paid_on, PaidOn::Month { .. }),
                    row.amount.money.pence(),
                    Texts {
                        supplier: &row.supplier,
                        // A force's own file is all its own payments: no buyer to keep.
                        buyer: if buyer_required { &row.buyer } else { "" },
                        description: &row.description,
                        expense_type: &row.expense_type,
                        cost_centre: &row.cost_centre,
                        transaction: &row.transaction,
                        lot: &row.lot,
                    },
                );
                if let Err(e) = sorter.push(pending) {
                    return fail(spill_failed(e));
                }
            }
            Err(rej) => rejected.push(Rejected {
                line: record.line,
                reason: rej.reason.to_string(),
                raw: record.raw(delimiter),
                amount: rej.amount,
            }),
        }
        if rows.is_multiple_of(BATCH_ROWS as u64) {
            let read = Msg::Read {
                rows: BATCH_ROWS as u64,
                rounded: std::mem::take(&mut rounded),
                rejected: std::mem::take(&mut rejected),
            };
            if tx.blocking_send(read).is_err() {
                return;
            }
        }
    }
    let last = Msg::Read {
        rows: rows % BATCH_ROWS as u64,
        rounded,
        rejected,
    };
    let mut suppliers: Vec<(String, String)> = suppliers
        .into_iter()
        .map(|(name, (ch, _))| (name, ch))
        .collect();
    suppliers.sort_unstable();
    let mut buyers: Vec<String> = if buyer_required {
        buyers.into_keys().collect()
    } else {
        Vec::new()
    };
    buyers.sort_unstable();
    let end = Msg::End(Box::new(FileEnd {
        suppliers,
        buyers,
        blank: stream.blank,
        totals: stream.totals.take(),
        title: std::mem::take(&mut stream.title),
        amount_column,
    }));
    if tx.blocking_send(last).is_err() || tx.blocking_send(end).is_err() {
        return;
    }
    let merged = match sorter.finish() {
        Ok(m) => m,
        Err(e) => return fail(spill_failed(e)),
    };
    let mut batch = Vec::with_capacity(BATCH_ROWS);
    let (mut last, mut occurrence) = (None, 0u32);
    for p in merged {
        let p = match p {
            Ok(p) => p,
            Err(e) => return fail(spill_failed(e)),
        };
        if last == Some((p.day, p.facts)) {
            occurrence += 1;
        } else {
            last = Some((p.day, p.facts));
            occurrence = 1;
        }
        batch.push(Sorted {
            fingerprint: fingerprint(p.day, p.facts, occurrence),
            p,
        });
        if batch.len() == BATCH_ROWS
            && tx
                .blocking_send(Msg::Sorted(std::mem::take(&mut batch)))
                .is_err()
        {
            return;
        }
    }
    if !batch.is_empty() && tx.blocking_send(Msg::Sorted(batch)).is_err() {
        return;
    }
    let _ = tx.blocking_send(Msg::Done);
}

/// What the writer keeps while it runs: the counts, and the suppliers and buyers resolved.
#[derive(Default)]
struct Tally {
    rows_read: i64,
    rows_imported: i64,
    rows_duplicate: i64,
    rows_rejected: i64,
    rows_rounded: i64,
    pence_imported: i64,
    pence_duplicate: i64,
    pence_rejected: i64,
    /// (supplier, spelling) by payee name.
    suppliers: HashMap<String, (i32, i32)>,
    /// (force, buyer row) by buyer row key.
    buyers: HashMap<String, (Option<i32>, i32)>,
    /// (force, buyer row) by buyer name, as the payments carry it.
    buyer_names: HashMap<String, (Option<i32>, i32)>,
}

/// What the job needs to know beyond the import row.
struct Context {
    publisher: spend_publisher::Model,
    /// The force whose own file this is: every row is its payment.
    publisher_force: Option<i32>,
    forces: Vec<(i32, String)>,
    /// Buyer names already mapped to a force (force id, name), matched as aliases.
    mapped: Vec<(i32, String)>,
    /// Catalogue supplier organisations by `supplier_key`, to link payees to them.
    catalogue_suppliers: HashMap<String, i32>,
}

impl Context {
    async fn load(db: &Db, import: &spend_import::Model) -> Result<Context, DbErr> {
        use crate::identity::entity::organisation;
        use crate::identity::types::OrgKind;
        let publisher = spend_publisher::Entity::find_by_id(import.publisher_id)
            .one(&db.conn)
            .await?
            .ok_or_else(|| DbErr::RecordNotFound(format!("publisher {}", import.publisher_id)))?;
        let orgs = organisation::Entity::find().all(&db.conn).await?;
        let publisher_force = publisher
            .organisation_id
            .filter(|id| orgs.iter().any(|o| o.id == *id && o.kind == OrgKind::Force));
        let forces = orgs
            .iter()
            .filter(|o| o.kind == OrgKind::Force)
            .map(|o| (o.id, o.name.clone()))
            .collect();
        let catalogue_suppliers = orgs
            .iter()
            .filter(|o| o.kind == OrgKind::Supplier)
            .map(|o| (supplier_key(&o.name), o.id))
            .collect();
        let mapped = spend_buyer::Entity::find()
            .filter(spend_buyer::Column::Status.eq(BuyerStatus::Force))
            .all(&db.conn)
            .await?
            .into_iter()
            .filter_map(|b| b.force_id.map(|f| (f, b.name)))
            .collect();
        Ok(Context {
            publisher,
            publisher_force,
            forces,
            mapped,
            catalogue_suppliers,
        })
    }
}

/// The key a buyer name is stored under: its `buyer_key`, or, when that is empty (a name of
/// only body words, like "Police" or "Mayors Office for Policing and Crime"), the name itself.
fn buyer_row_key(name: &str) -> String {
    let key = buyer_key(name);
    if key.is_empty() {
        format!("={}", name.trim().to_lowercase())
    } else {
        key
    }
}

impl Tally {
    /// The supplier and spelling a payee name is: the spelling if seen before, else the
    /// supplier with its Companies House number or its key, else a new supplier.
    async fn supplier(
        &mut self,
        txn: &DatabaseTransaction,
        ctx: &Context,
        name: &str,
        companies_house: &str,
    ) -> Result<(i32, i32), DbErr> {
        if let Some(ids) = self.suppliers.get(name) {
            return Ok(*ids);
        }
        let find_name = || {
            spend_supplier_name::Entity::find()
                .filter(spend_supplier_name::Column::Name.eq(name))
                .one(txn)
        };
        let ids = match find_name().await? {
            Some(n) => (n.supplier_id, n.id),
            None => {
                let key = supplier_key(name);
                let ch = companies_house.trim();
                let mut found = None;
                if !ch.is_empty() {
                    found = spend_supplier::Entity::find()
                        .filter(spend_supplier::Column::CompaniesHouse.eq(ch))
                        .one(txn)
                        .await?;
                }
                if found.is_none() {
                    found = spend_supplier::Entity::find()
                        .filter(spend_supplier::Column::Key.eq(key.as_str()))
                        .order_by_id_asc()
                        .one(txn)
                        .await?;
                }
                let supplier_id = match found {
                    Some(s) => s.id,
                    None => {
                        spend_supplier::ActiveModel {
                            name: Set(name.to_string()),
                            key: Set(key.clone()),
                            companies_house: Set((!ch.is_empty()).then(|| ch.to_string())),
                            organisation_id: Set(ctx.catalogue_suppliers.get(&key).copied()),
                            ..Default::default()
                        }
                        .insert(txn)
                        .await?
                        .id
                    }
                };
                // Another import may be adding the same spelling at this moment: the
                // unique name settles it, and both then use the row that stands.
                spend_supplier_name::Entity::insert(spend_supplier_name::ActiveModel {
                    supplier_id: Set(supplier_id),
                    name: Set(name.to_string()),
                    ..Default::default()
                })
                .on_conflict(
                    OnConflict::column(spend_supplier_name::Column::Name)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(txn)
                .await?;
                let n = find_name()
                    .await?
                    .ok_or_else(|| DbErr::RecordNotFound(name.to_string()))?;
                (n.supplier_id, n.id)
            }
        };
        self.suppliers.insert(name.to_string(), ids);
        Ok(ids)
    }

    /// The force (if any) and buyer row of a buyer name in a framework file. A name never seen
    /// is matched to a force by its key; one that matches none and says nothing of policing
    /// is another public body; one that sounds like police but matches no force waits for the
    /// national body.
    async fn buyer(
        &mut self,
        txn: &DatabaseTransaction,
        ctx: &Context,
        name: &str,
    ) -> Result<(Option<i32>, i32), DbErr> {
        let key = buyer_row_key(name);
        if let Some(ids) = self.buyers.get(&key) {
            return Ok(*ids);
        }
        let find = || {
            spend_buyer::Entity::find()
                .filter(spend_buyer::Column::Key.eq(key.as_str()))
                .one(txn)
        };
        let row = match find().await? {
            Some(b) => b,
            None => {
                let force = match_force(
                    name,
                    ctx.forces.iter().map(|(id, n)| (*id, n.as_str())),
                    ctx.mapped.iter().map(|(id, n)| (*id, n.as_str())),
                );
                let status = match force {
                    Some(_) => BuyerStatus::Force,
                    None if sounds_like_police(name) => BuyerStatus::Unknown,
                    None => BuyerStatus::NotAForce,
                };
                spend_buyer::Entity::insert(spend_buyer::ActiveModel {
                    name: Set(name.trim().to_string()),
                    key: Set(key.clone()),
                    status: Set(status),
                    force_id: Set(force),
                    ..Default::default()
                })
                .on_conflict(
                    OnConflict::column(spend_buyer::Column::Key)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(txn)
                .await?;
                find()
                    .await?
                    .ok_or_else(|| DbErr::RecordNotFound(name.to_string()))?
            }
        };
        let ids = (
            (row.status == BuyerStatus::Force)
                .then_some(row.force_id)
                .flatten(),
            row.id,
        );
        self.buyers.insert(key, ids);
        Ok(ids)
    }
}

/// The fingerprints among `fps` that are `import_id`'s payments.
async fn existing(
    txn: &DatabaseTransaction,
    fps: &[Vec<u8>],
    import_id: i32,
) -> Result<HashSet<Vec<u8>>, DbErr> {
    let mut out = HashSet::new();
    for chunk in fps.chunks(LOOKUP_ROWS) {
        let found: Vec<Vec<u8>> = spend_payment::Entity::find()
            .select_only()
            .column(spend_payment::Column::Fingerprint)
            .filter(spend_payment::Column::Fingerprint.is_in(chunk.to_vec()))
            .filter(spend_payment::Column::ImportId.eq(import_id))
            .into_tuple()
            .all(txn)
            .await?;
        out.extend(found);
    }
    Ok(out)
}

/// A payment with the ids its names resolved to.
struct NewPayment {
    s: Sorted,
    force_id: Option<i32>,
    buyer_id: Option<i32>,
    supplier_id: i32,
    supplier_name_id: i32,
}

/// A payment as PostgreSQL's insert reads it: one object of a JSON array (short keys, as a batch of
/// 20,000 is a few MB).
#[derive(serde::Serialize)]
struct Wire<'a> {
    l: u64,
    f: Option<i32>,
    b: Option<i32>,
    s: i32,
    n: i32,
    #[serde(serialize_with = "as_text")]
    d: chrono::NaiveDate,
    m: bool,
    p: i64,
    x: &'a str,
    e: &'a str,
    c: &'a str,
    t: &'a str,
    o: &'a str,
    #[serde(serialize_with = "as_hex")]
    h: [u8; 16],
}

fn as_text<S: serde::Serializer>(d: &chrono::NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

fn as_hex<S: serde::Serializer>(h: &[u8; 16], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode(h))
}

/// PostgreSQL's insert of a batch: the payments arrive as one JSON text, one bound value
/// where a many-row `VALUES` list binds fourteen a row (measured on 1,000,000 rows: 15 s
/// against 26 s, as PostgreSQL plans a statement of 28,000 values slowly).
const INSERT_JSON: &str = "INSERT INTO spend_payment (import_id, line, force_id, buyer_id, supplier_id, supplier_name_id, paid_on, month_only, amount_pence, description, expense_type, cost_centre, transaction_number, lot, fingerprint) \
     SELECT $1, r.l, r.f, r.b, r.s, r.n, r.d, r.m, r.p, r.x, r.e, r.c, r.t, r.o, decode(r.h, 'hex') \
     FROM json_to_recordset($2::json) AS r(l bigint, f integer, b integer, s integer, n integer, d date, m boolean, p bigint, x text, e text, c text, t text, o text, h text) \
     ON CONFLICT (fingerprint) DO NOTHING";

/// Rows one SQLite INSERT carries: 15 values each, 30,000 in all, under its limit of 32,766
/// bound values. (SQLite reads the JSON above more slowly than it binds values: its `->>`
/// parses each row's object once a column; measured 11.2 s against 6.9 s.)
const INSERT_ROWS: usize = 2000;

/// Inserts payments, skipping any whose fingerprint is already there; how many went in.
async fn insert_payments(
    txn: &DatabaseTransaction,
    import_id: i32,
    rows: &[NewPayment],
) -> Result<u64, DbErr> {
    let day = |n: &NewPayment| {
        chrono::NaiveDate::from_num_days_from_ce_opt(n.s.p.day as i32).unwrap_or_default()
    };
    if is_postgres(txn) {
        let wire: Vec<Wire<'_>> = rows
            .iter()
            .map(|n| {
                let p = &n.s.p;
                Wire {
                    l: p.line,
                    f: n.force_id,
                    b: n.buyer_id,
                    s: n.supplier_id,
                    n: n.supplier_name_id,
                    d: day(n),
                    m: p.month_only,
                    p: p.pence,
                    x: p.description(),
                    e: p.expense_type(),
                    c: p.cost_centre(),
                    t: p.transaction(),
                    o: p.lot(),
                    h: n.s.fingerprint,
                }
            })
            .collect();
        let json = serde_json::to_string(&wire).map_err(|e| DbErr::Custom(e.to_string()))?;
        let statement = Statement::from_sql_and_values(
            txn.get_database_backend(),
            INSERT_JSON,
            [Value::from(import_id), Value::from(json)],
        );
        return Ok(txn.execute_raw(statement).await?.rows_affected());
    }
    use spend_payment::Column as C;
    let mut inserted = 0;
    for chunk in rows.chunks(INSERT_ROWS) {
        let mut q = Query::insert();
        q.into_table(spend_payment::Entity).columns([
            C::ImportId,
            C::Line,
            C::ForceId,
            C::BuyerId,
            C::SupplierId,
            C::SupplierNameId,
            C::PaidOn,
            C::MonthOnly,
            C::AmountPence,
            C::Description,
            C::ExpenseType,
            C::CostCentre,
            C::TransactionNumber,
            C::Lot,
            C::Fingerprint,
        ]);
        for n in chunk {
            let p = &n.s.p;
            q.values_panic([
                import_id.into(),
                (p.line as i64).into(),
                n.force_id.into(),
                n.buyer_id.into(),
                n.supplier_id.into(),
                n.supplier_name_id.into(),
                day(n).into(),
                p.month_only.into(),
                p.pence.into(),
                p.description().into(),
                p.expense_type().into(),
                p.cost_centre().into(),
                p.transaction().into(),
                p.lot().into(),
                n.s.fingerprint.to_vec().into(),
            ]);
        }
        q.on_conflict(OnConflict::column(C::Fingerprint).do_nothing().to_owned());
        inserted += txn.execute(&q).await?.rows_affected();
    }
    Ok(inserted)
}

/// Renews this instance's lease on the import and writes its counts, in `txn`; the lease
/// lost, the caller's transaction is not committed.
async fn renew(
    txn: &DatabaseTransaction,
    import_id: i32,
    worker: &str,
    tally: &Tally,
    bytes_done: u64,
) -> Result<(), JobError> {
    let renewed = progress_update(tally, bytes_done)
        .col_expr(
            spend_import::Column::LeaseUntil,
            Expr::value(Some(Utc::now() + chrono::Duration::seconds(LEASE_SECONDS))),
        )
        .filter(spend_import::Column::Id.eq(import_id))
        .filter(spend_import::Column::ClaimedBy.eq(worker))
        .filter(spend_import::Column::State.eq(ImportState::Running))
        .exec(txn)
        .await?;
    if renewed.rows_affected != 1 {
        return Err(JobError::LeaseLost(import_id));
    }
    Ok(())
}

/// Another stretch of the file read: its counts and rejected rows, with the lease renewed.
async fn write_read(
    db: &Db,
    import: &spend_import::Model,
    worker: &str,
    tally: &mut Tally,
    (rows, rounded, rejected): (u64, u64, Vec<Rejected>),
    bytes_done: u64,
) -> Result<(), JobError> {
    tally.rows_read += rows as i64;
    tally.rows_rounded += rounded as i64;
    tally.rows_rejected += rejected.len() as i64;
    tally.pence_rejected += rejected
        .iter()
        .filter_map(|r| r.amount.map(|a| a.pence()))
        .sum::<i64>();
    let txn = db.write().await?;
    let rows: Vec<spend_rejected_row::ActiveModel> = rejected
        .into_iter()
        .map(|r| spend_rejected_row::ActiveModel {
            import_id: Set(import.id),
            line: Set(r.line as i64),
            reason: Set(r.reason),
            raw: Set(r.raw),
            amount_pence: Set(r.amount.map(|a| a.pence())),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(LOOKUP_ROWS) {
        spend_rejected_row::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&*txn)
            .await?;
    }
    renew(&txn, import.id, worker, tally, bytes_done).await?;
    txn.commit().await?;
    Ok(())
}

/// Names resolved in one short transaction: a long one would hold SQLite's write lock.
const NAMES_PER_TRANSACTION: usize = 500;

/// Resolves every payee and buyer name of the file to its rows, making those not seen before.
/// Names go in sorted order (the reader sorted them): two instances meeting the same new names
/// take their locks in the same order, so neither waits on the other in a cycle (a deadlock on
/// PostgreSQL).
async fn resolve_names(
    db: &Db,
    ctx: &Context,
    tally: &mut Tally,
    end: &FileEnd,
) -> Result<(), JobError> {
    for chunk in end.suppliers.chunks(NAMES_PER_TRANSACTION) {
        let txn = db.write().await?;
        for (name, ch) in chunk {
            tally.supplier(&txn, ctx, name, ch).await?;
        }
        txn.commit().await?;
    }
    // Each distinct buyer row key once, in the key's order.
    let mut keyed: Vec<(String, &str)> = end
        .buyers
        .iter()
        .map(|name| (buyer_row_key(name), name.as_str()))
        .collect();
    keyed.sort_unstable();
    for chunk in keyed.chunks(NAMES_PER_TRANSACTION) {
        let txn = db.write().await?;
        for (_, name) in chunk {
            tally.buyer(&txn, ctx, name).await?;
        }
        txn.commit().await?;
    }
    for name in &end.buyers {
        if let Some(ids) = tally.buyers.get(&buyer_row_key(name)) {
            tally.buyer_names.insert(name.clone(), *ids);
        }
    }
    Ok(())
}

/// Writes a batch of payments (in fingerprint order) and the import's counts, renewing the
/// lease, in one transaction.
async fn write_payments(
    db: &Db,
    ctx: &Context,
    import: &spend_import::Model,
    worker: &str,
    tally: &mut Tally,
    batch: Vec<Sorted>,
    bytes_done: u64,
) -> Result<(), JobError> {
    let txn = db.write().await?;
    let mut payments = Vec::with_capacity(batch.len());
    for s in batch {
        // Every name was resolved when the file ended; these only look them up.
        let (supplier_id, supplier_name_id) = match tally.suppliers.get(s.p.supplier()) {
            Some(ids) => *ids,
            None => tally.supplier(&txn, ctx, s.p.supplier(), "").await?,
        };
        let (force_id, buyer_id) = match ctx.publisher_force {
            Some(f) => (Some(f), None),
            None => {
                let (f, b) = match tally.buyer_names.get(s.p.buyer()) {
                    Some(ids) => *ids,
                    None => tally.buyer(&txn, ctx, s.p.buyer()).await?,
                };
                (f, Some(b))
            }
        };
        payments.push(NewPayment {
            s,
            force_id,
            buyer_id,
            supplier_id,
            supplier_name_id,
        });
    }
    // Inserted unless the fingerprint is there already (`ON CONFLICT DO NOTHING`); when not
    // every row went in, the import's own rows say which did.
    let inserted = insert_payments(&txn, import.id, &payments).await?;
    let ours: Option<HashSet<Vec<u8>>> = if inserted as usize != payments.len() {
        let fps: Vec<Vec<u8>> = payments.iter().map(|n| n.s.fingerprint.to_vec()).collect();
        Some(existing(&txn, &fps, import.id).await?)
    } else {
        None
    };
    for n in &payments {
        let imported = ours
            .as_ref()
            .is_none_or(|o| o.contains(&n.s.fingerprint[..]));
        if imported {
            tally.rows_imported += 1;
            tally.pence_imported += n.s.p.pence;
        } else {
            tally.rows_duplicate += 1;
            tally.pence_duplicate += n.s.p.pence;
        }
    }
    renew(&txn, import.id, worker, tally, bytes_done).await?;
    txn.commit().await?;
    Ok(())
}

fn progress_update(tally: &Tally, bytes_done: u64) -> sea_orm::UpdateMany<spend_import::Entity> {
    use spend_import::Column as C;
    spend_import::Entity::update_many()
        .col_expr(C::BytesDone, Expr::value(bytes_done as i64))
        .col_expr(C::RowsRead, Expr::value(tally.rows_read))
        .col_expr(C::RowsImported, Expr::value(tally.rows_imported))
        .col_expr(C::RowsDuplicate, Expr::value(tally.rows_duplicate))
        .col_expr(C::RowsRejected, Expr::value(tally.rows_rejected))
        .col_expr(C::RowsRounded, Expr::value(tally.rows_rounded))
        .col_expr(C::PenceImported, Expr::value(tally.pence_imported))
        .col_expr(C::PenceDuplicate, Expr::value(tally.pence_duplicate))
        .col_expr(C::PenceRejected, Expr::value(tally.pence_rejected))
}

/// Deletes what an earlier attempt of this import wrote and zeroes its counts, if this
/// instance holds the import.
async fn start_clean(db: &Db, import_id: i32, worker: &str) -> Result<(), JobError> {
    let txn = db.write().await?;
    let held = progress_update(&Tally::default(), 0)
        .filter(spend_import::Column::Id.eq(import_id))
        .filter(spend_import::Column::ClaimedBy.eq(worker))
        .filter(spend_import::Column::State.eq(ImportState::Running))
        .exec(&*txn)
        .await?;
    if held.rows_affected != 1 {
        return Err(JobError::NotClaimed(import_id));
    }
    delete_rows(&txn, import_id).await?;
    txn.commit().await?;
    Ok(())
}

/// An import's payments, gone (a rollback keeps its rejected rows for the report).
pub(super) async fn delete_payments(
    txn: &DatabaseTransaction,
    import_id: i32,
) -> Result<(), DbErr> {
    spend_payment::Entity::delete_many()
        .filter(spend_payment::Column::ImportId.eq(import_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// An import's payments and rejected rows, gone.
pub(super) async fn delete_rows(txn: &DatabaseTransaction, import_id: i32) -> Result<(), DbErr> {
    delete_payments(txn, import_id).await?;
    spend_rejected_row::Entity::delete_many()
        .filter(spend_rejected_row::Column::ImportId.eq(import_id))
        .exec(txn)
        .await?;
    Ok(())
}

async fn end(
    db: &Db,
    import: &spend_import::Model,
    worker: &str,
    tally: &Tally,
    bytes_done: u64,
    outcome: Result<Finished, String>,
) -> Result<(), JobError> {
    use spend_import::Column as C;
    let txn = db.write().await?;
    let now = Utc::now();
    let mut update = progress_update(tally, bytes_done)
        .col_expr(C::FinishedAt, Expr::value(Some(now)))
        .col_expr(
            C::LeaseUntil,
            Expr::value(Option::<chrono::DateTime<Utc>>::None),
        );
    let (action, details) = match &outcome {
        Ok(f) => {
            update = update
                .col_expr(C::State, Expr::value(ImportState::Done.as_str()))
                .col_expr(C::RowsBlank, Expr::value(f.blank as i64))
                .col_expr(C::FileTotalPence, Expr::value(f.file_total_pence))
                .col_expr(C::TitleLines, Expr::value(Some(f.title.clone())));
            (
                actions::SPEND_IMPORT_DONE,
                serde_json::json!({
                    "rows_read": tally.rows_read,
                    "imported": tally.rows_imported,
                    "duplicates": tally.rows_duplicate,
                    "rejected": tally.rows_rejected,
                    "pence_imported": tally.pence_imported,
                }),
            )
        }
        Err(message) => {
            update = update
                .col_expr(C::State, Expr::value(ImportState::Failed.as_str()))
                .col_expr(C::Error, Expr::value(Some(message.clone())));
            (
                actions::SPEND_IMPORT_FAILED,
                serde_json::json!({ "error": message }),
            )
        }
    };
    let held = update
        .filter(C::Id.eq(import.id))
        .filter(C::ClaimedBy.eq(worker))
        .filter(C::State.eq(ImportState::Running))
        .exec(&*txn)
        .await?;
    if held.rows_affected != 1 {
        return Err(JobError::LeaseLost(import.id));
    }
    if outcome.is_err() {
        // A file that cannot be read leaves nothing behind.
        delete_rows(&txn, import.id).await?;
    } else {
        // Its payments count from now: classified by the rules in force and added to the
        // dashboards' rollups in the transaction that marks it done.
        super::classification::classify_import(&*txn, import.id).await?;
    }
    // The file has been read for good: its pieces are no longer needed.
    spend_import_chunk::Entity::delete_many()
        .filter(spend_import_chunk::Column::ImportId.eq(import.id))
        .exec(&*txn)
        .await?;
    record(
        &txn,
        NewEvent {
            user_id: import.uploaded_by,
            organisation_id: None,
            action,
            object_type: "spend_import",
            object_id: import.id.to_string(),
            details,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

struct Finished {
    blank: u64,
    file_total_pence: Option<i64>,
    title: String,
}

/// Runs a claimed import to its end: done, or failed with the reason the file could not be
/// read. A database error leaves it claimed, to be retried when its lease runs out.
pub async fn run(
    db: &Db,
    import: &spend_import::Model,
    worker: &str,
    source: Source,
) -> Result<(), JobError> {
    let ctx = Context::load(db, import).await?;
    start_clean(db, import.id, worker).await?;
    let mapping: Mapping = match load::parse_mapping(import.mapping.as_deref()) {
        Ok(m) => m,
        Err(e) => return end(db, import, worker, &Tally::default(), 0, Err(e.to_string())).await,
    };
    let bytes = Arc::new(AtomicU64::new(0));
    let (tx, mut rx) = mpsc::channel(4);
    let reader_import = import.clone();
    let reader_bytes = bytes.clone();
    let buyer_required = ctx.publisher_force.is_none();
    let publisher = ctx.publisher.name.clone();
    let reader = tokio::task::spawn_blocking(move || {
        read(
            source,
            &reader_import,
            mapping,
            buyer_required,
            &publisher,
            reader_bytes,
            tx,
        )
    });
    let mut tally = Tally::default();
    let mut file_end = None;
    let outcome = loop {
        let Some(msg) = rx.recv().await else {
            break Err("the file could not be read to its end".to_string());
        };
        let done = bytes.load(Ordering::Relaxed);
        match msg {
            Msg::Read {
                rows,
                rounded,
                rejected,
            } => {
                write_read(
                    db,
                    import,
                    worker,
                    &mut tally,
                    (rows, rounded, rejected),
                    done,
                )
                .await?
            }
            Msg::End(end) => {
                resolve_names(db, &ctx, &mut tally, &end).await?;
                file_end = Some(end);
            }
            Msg::Sorted(batch) => {
                write_payments(db, &ctx, import, worker, &mut tally, batch, done).await?
            }
            Msg::Done => {
                let Some(end) = file_end.take() else {
                    break Err("the file ended before it was read".to_string());
                };
                break Ok(finished(import, *end));
            }
            Msg::Failed(message) => break Err(message),
        }
    };
    drop(rx);
    let _ = reader.await;
    end(
        db,
        import,
        worker,
        &tally,
        bytes.load(Ordering::Relaxed),
        outcome,
    )
    .await
}

/// What the report keeps of the file beyond its rows: blank rows, the totals row's amount,
/// the title lines.
fn finished(import: &spend_import::Model, end: FileEnd) -> Finished {
    let file_total_pence = end
        .totals
        .as_ref()
        .and_then(|t| t.cells.get(end.amount_column))
        .and_then(|c| parse_amount_rounding(c).ok())
        .map(|a| a.money.pence());
    let delimiter = import.delimiter.bytes().next().unwrap_or(b',');
    let title = end
        .title
        .iter()
        .map(|r| super::columns::title_line(r, delimiter))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Finished {
        blank: end.blank,
        file_total_pence,
        title,
    }
}

fn claimable_sql(pg: bool) -> &'static str {
    if pg {
        "SELECT id FROM spend_import WHERE state = 'queued' OR (state = 'running' AND lease_until < $1) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
    } else {
        "SELECT id FROM spend_import WHERE state = 'queued' OR (state = 'running' AND lease_until < ?) ORDER BY id LIMIT 1"
    }
}

/// Claims the oldest queued import, or a running one whose instance stopped renewing its
/// lease (it was killed), for `worker`. An import claimed [`MAX_ATTEMPTS`] times fails.
pub async fn claim_next(db: &Db, worker: &str) -> Result<Option<spend_import::Model>, DbErr> {
    loop {
        let now = Utc::now();
        let txn = db.write().await?;
        let pg = is_postgres(&*txn);
        let row = txn
            .query_one_raw(Statement::from_sql_and_values(
                txn.get_database_backend(),
                claimable_sql(pg),
                [Value::from(now)],
            ))
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let id: i32 = row.try_get("", "id")?;
        let Some(claimed) = claim_in(&txn, id, worker, now).await? else {
            return Ok(None);
        };
        if claimed.attempts > MAX_ATTEMPTS {
            txn.commit().await?;
            let message = format!(
                "the import stopped {MAX_ATTEMPTS} times before finishing; upload the file again"
            );
            end(db, &claimed, worker, &Tally::default(), 0, Err(message))
                .await
                .map_err(|e| match e {
                    JobError::Db(e) => e,
                    other => DbErr::Custom(other.to_string()),
                })?;
            continue;
        }
        txn.commit().await?;
        return Ok(Some(claimed));
    }
}

/// Claims one import by id (the command line runs the import it made), if it is claimable.
pub async fn claim(db: &Db, id: i32, worker: &str) -> Result<Option<spend_import::Model>, DbErr> {
    let txn = db.write().await?;
    let claimed = claim_in(&txn, id, worker, Utc::now()).await?;
    txn.commit().await?;
    Ok(claimed)
}

async fn claim_in(
    txn: &DatabaseTransaction,
    id: i32,
    worker: &str,
    now: chrono::DateTime<Utc>,
) -> Result<Option<spend_import::Model>, DbErr> {
    use spend_import::Column as C;
    let claimable = sea_orm::Condition::any()
        .add(C::State.eq(ImportState::Queued))
        .add(
            sea_orm::Condition::all()
                .add(C::State.eq(ImportState::Running))
                .add(C::LeaseUntil.lt(now)),
        );
    let updated = spend_import::Entity::update_many()
        .col_expr(C::State, Expr::value(ImportState::Running.as_str()))
        .col_expr(C::ClaimedBy, Expr::value(Some(worker.to_string())))
        .col_expr(
            C::LeaseUntil,
            Expr::value(Some(now + chrono::Duration::seconds(LEASE_SECONDS))),
        )
        .col_expr(C::Attempts, Expr::col(C::Attempts).add(1))
        .col_expr(C::StartedAt, Expr::value(Some(now)))
        .filter(C::Id.eq(id))
        .filter(claimable)
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Ok(None);
    }
    spend_import::Entity::find_by_id(id).one(txn).await
}

/// Reads an uploaded file back from its pieces, one at a time, on the parser's thread.
pub struct ChunkReader {
    db: Db,
    handle: tokio::runtime::Handle,
    import_id: i32,
    next: i32,
    buf: Vec<u8>,
    at: usize,
}

impl ChunkReader {
    /// Made on the runtime; read on a blocking thread.
    pub fn new(db: Db, import_id: i32) -> ChunkReader {
        ChunkReader {
            db,
            handle: tokio::runtime::Handle::current(),
            import_id,
            next: 0,
            buf: Vec::new(),
            at: 0,
        }
    }
}

impl Read for ChunkReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.buf.len() {
            let chunk = self
                .handle
                .block_on(
                    spend_import_chunk::Entity::find_by_id((self.import_id, self.next))
                        .one(&self.db.conn),
                )
                .map_err(std::io::Error::other)?;
            match chunk {
                Some(c) => {
                    self.buf = c.data;
                    self.at = 0;
                    self.next += 1;
                }
                None => return Ok(0),
            }
        }
        let n = out.len().min(self.buf.len() - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Claims and runs queued imports until there are none.
pub async fn run_queued(db: &Db, worker: &str) -> Result<usize, JobError> {
    let mut ran = 0;
    while let Some(import) = claim_next(db, worker).await? {
        let stored = spend_import_chunk::Entity::find_by_id((import.id, 0))
            .one(&db.conn)
            .await?
            .is_some();
        if !stored {
            // A command-line import whose process stopped: the file was never stored here.
            let message = "the import stopped before finishing and its file is not stored here: run the command again".to_string();
            end(db, &import, worker, &Tally::default(), 0, Err(message)).await?;
            continue;
        }
        let source: Source = Box::new(ChunkReader::new(db.clone(), import.id));
        run(db, &import, worker, source).await?;
        ran += 1;
    }
    Ok(ran)
}

/// The server's worker: runs queued imports when woken or every few seconds (which also
/// picks up imports whose instance was killed, once their lease runs out).
pub fn spawn(db: Db, worker: String) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = run_queued(&db, &worker).await {
                tracing::warn!(error = %e, "spend import job stopped; it will be retried");
            }
            tokio::select! {
                _ = WAKE.notified() => {}
                _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
            }
        }
    });
}
