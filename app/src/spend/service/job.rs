//! The import job. A queued import is claimed by one instance (a lease in its row; on
//! PostgreSQL the candidate row is taken `FOR UPDATE SKIP LOCKED`, so instances sharing one
//! database never pick the same job), its file streamed through the parser on a blocking
//! thread while this task writes each batch of rows in its own transaction, with the
//! import's counts and a renewed lease in the same transaction.
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
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::{is_postgres, Db};
use crate::money::Money;
use crate::spend::entity::{
    spend_buyer, spend_import, spend_import_chunk, spend_payment, spend_publisher,
    spend_rejected_row, spend_supplier, spend_supplier_name,
};
use crate::spend::parse::mapping::Mapping;
use crate::spend::parse::row::{read_row, Columns, Row};
use crate::spend::parse::stream::Stream;
use crate::spend::parse::table::Record;
use crate::spend::parse::values::parse_amount_rounding;
use crate::spend::rules::{
    buyer_key, facts_hash, fingerprint, match_force, sounds_like_police, supplier_key, PaymentFacts,
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
/// Rows one INSERT statement carries: 14 values each, 28,000 in all, under SQLite's limit of
/// 32,766 bound values (PostgreSQL's is 65,535).
const INSERT_ROWS: usize = 2000;
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

enum Item {
    Row(Row),
    Rejected {
        line: u64,
        reason: String,
        raw: String,
        amount: Option<Money>,
    },
}

enum Msg {
    Batch(Vec<Item>),
    End {
        blank: u64,
        totals: Option<Record>,
        title: Vec<Record>,
        amount_column: usize,
    },
    Failed(String),
}

/// The parser's side: reads the file and sends batches until the end, or says why it
/// cannot. Runs on a blocking thread.
fn parse(
    source: Source,
    import: &spend_import::Model,
    mapping: Mapping,
    buyer_required: bool,
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
    let mut batch = Vec::with_capacity(BATCH_ROWS);
    loop {
        match stream.next_row() {
            Ok(Some(r)) => {
                batch.push(match read_row(&columns, &r) {
                    Ok(row) => Item::Row(row),
                    Err(rej) => Item::Rejected {
                        line: r.line,
                        reason: rej.reason.to_string(),
                        raw: r.raw(delimiter),
                        amount: rej.amount,
                    },
                });
                if batch.len() == BATCH_ROWS
                    && tx
                        .blocking_send(Msg::Batch(std::mem::take(&mut batch)))
                        .is_err()
                {
                    return;
                }
            }
            Ok(None) => {
                if !batch.is_empty() && tx.blocking_send(Msg::Batch(batch)).is_err() {
                    return;
                }
                let _ = tx.blocking_send(Msg::End {
                    blank: stream.blank,
                    totals: stream.totals.take(),
                    title: std::mem::take(&mut stream.title),
                    amount_column,
                });
                return;
            }
            Err(e) => return fail(e.to_string()),
        }
    }
}

/// What the writer keeps while it runs: the counts, the occurrence of each payment's facts
/// in this file, and the suppliers and buyers already resolved.
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
    occurrences: HashMap<[u8; 16], u32>,
    suppliers: HashMap<String, (i32, i32)>,
    buyers: HashMap<String, (Option<i32>, i32)>,
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

struct NewPayment {
    row: Row,
    force_id: Option<i32>,
    buyer_id: Option<i32>,
    supplier_id: i32,
    supplier_name_id: i32,
    fingerprint: Vec<u8>,
}

/// Inserts payments, skipping any whose fingerprint is already there; how many went in.
async fn insert_payments(
    txn: &DatabaseTransaction,
    import_id: i32,
    rows: &[&NewPayment],
) -> Result<u64, DbErr> {
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
            C::Fingerprint,
        ]);
        for p in chunk {
            let month_only = matches!(
                p.row.paid_on,
                crate::spend::parse::values::PaidOn::Month { .. }
            );
            q.values_panic([
                import_id.into(),
                (p.row.line as i64).into(),
                p.force_id.into(),
                p.buyer_id.into(),
                p.supplier_id.into(),
                p.supplier_name_id.into(),
                p.row.paid_on.first_day().into(),
                month_only.into(),
                p.row.amount.money.pence().into(),
                p.row.description.as_str().into(),
                p.row.expense_type.as_str().into(),
                p.row.cost_centre.as_str().into(),
                p.row.transaction.as_str().into(),
                p.fingerprint.clone().into(),
            ]);
        }
        q.on_conflict(OnConflict::column(C::Fingerprint).do_nothing().to_owned());
        inserted += txn.execute(&q).await?.rows_affected();
    }
    Ok(inserted)
}

/// Writes one batch and the import's counts, renewing the lease, in one transaction.
async fn write_batch(
    db: &Db,
    ctx: &Context,
    import: &spend_import::Model,
    worker: &str,
    tally: &mut Tally,
    items: Vec<Item>,
    bytes_done: u64,
) -> Result<(), JobError> {
    // Names first, in their own short transaction and in sorted order: two instances that
    // meet the same new names take their locks in the same order, so neither waits on the
    // other in a cycle (a deadlock on PostgreSQL).
    let mut new_suppliers: Vec<(&str, &str)> = Vec::new();
    let mut buyer_names: HashSet<&str> = HashSet::new();
    for item in &items {
        if let Item::Row(row) = item {
            if !tally.suppliers.contains_key(&row.supplier) {
                new_suppliers.push((&row.supplier, &row.companies_house));
            }
            if ctx.publisher_force.is_none() {
                buyer_names.insert(&row.buyer);
            }
        }
    }
    new_suppliers.sort_unstable();
    new_suppliers.dedup_by(|a, b| a.0 == b.0);
    // Each distinct name keyed once, sorted by key (the order locks are taken in).
    let mut keyed: Vec<(String, &str)> = buyer_names
        .into_iter()
        .map(|name| (buyer_row_key(name), name))
        .collect();
    keyed.sort_unstable();
    keyed.dedup_by(|a, b| a.0 == b.0);
    let new_buyers: Vec<&str> = keyed.into_iter().map(|(_, name)| name).collect();
    if !new_suppliers.is_empty() || !new_buyers.is_empty() {
        let names = db.write().await?;
        for (name, ch) in new_suppliers {
            tally.supplier(&names, ctx, name, ch).await?;
        }
        for name in new_buyers {
            tally.buyer(&names, ctx, name).await?;
        }
        names.commit().await?;
    }
    let txn = db.write().await?;
    let mut payments = Vec::with_capacity(items.len());
    let mut rejected = Vec::new();
    for item in items {
        tally.rows_read += 1;
        match item {
            Item::Row(row) => {
                let (supplier_id, supplier_name_id) = tally
                    .supplier(&txn, ctx, &row.supplier, &row.companies_house)
                    .await?;
                let (force_id, buyer_id) = match ctx.publisher_force {
                    Some(f) => (Some(f), None),
                    None => {
                        let (f, b) = tally.buyer(&txn, ctx, &row.buyer).await?;
                        (f, Some(b))
                    }
                };
                let facts = facts_hash(&PaymentFacts {
                    publisher: &ctx.publisher.name,
                    buyer: &row.buyer,
                    paid_on: row.paid_on.first_day(),
                    supplier: &row.supplier,
                    amount: row.amount.money,
                    transaction: &row.transaction,
                    description: &row.description,
                });
                let mut key = [0u8; 16];
                key.copy_from_slice(&facts[..16]);
                let occurrence = tally.occurrences.entry(key).or_insert(0);
                *occurrence += 1;
                if row.amount.rounded_from.is_some() {
                    tally.rows_rounded += 1;
                }
                payments.push(NewPayment {
                    fingerprint: fingerprint(&facts, *occurrence).to_vec(),
                    row,
                    force_id,
                    buyer_id,
                    supplier_id,
                    supplier_name_id,
                });
            }
            Item::Rejected {
                line,
                reason,
                raw,
                amount,
            } => {
                tally.rows_rejected += 1;
                tally.pence_rejected += amount.map(|a| a.pence()).unwrap_or(0);
                rejected.push(spend_rejected_row::ActiveModel {
                    import_id: Set(import.id),
                    line: Set(line as i64),
                    reason: Set(reason),
                    raw: Set(raw),
                    amount_pence: Set(amount.map(|a| a.pence())),
                    ..Default::default()
                });
            }
        }
    }
    // Fingerprints in order, for the same reason: every instance takes the unique index's
    // locks in one order.
    payments.sort_unstable_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
    // Inserted unless the fingerprint is there already (`ON CONFLICT DO NOTHING`); when not
    // every row went in, the import's own rows say which did.
    let all: Vec<&NewPayment> = payments.iter().collect();
    let inserted = insert_payments(&txn, import.id, &all).await?;
    let ours: Option<HashSet<Vec<u8>>> = if inserted as usize != payments.len() {
        let fps: Vec<Vec<u8>> = payments.iter().map(|p| p.fingerprint.clone()).collect();
        Some(existing(&txn, &fps, import.id).await?)
    } else {
        None
    };
    for p in &payments {
        let imported = ours.as_ref().is_none_or(|o| o.contains(&p.fingerprint));
        let pence = p.row.amount.money.pence();
        if imported {
            tally.rows_imported += 1;
            tally.pence_imported += pence;
        } else {
            tally.rows_duplicate += 1;
            tally.pence_duplicate += pence;
        }
    }
    for chunk in rejected.chunks(LOOKUP_ROWS) {
        spend_rejected_row::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&*txn)
            .await?;
    }
    let renewed = progress_update(tally, bytes_done)
        .col_expr(
            spend_import::Column::LeaseUntil,
            Expr::value(Some(Utc::now() + chrono::Duration::seconds(LEASE_SECONDS))),
        )
        .filter(spend_import::Column::Id.eq(import.id))
        .filter(spend_import::Column::ClaimedBy.eq(worker))
        .filter(spend_import::Column::State.eq(ImportState::Running))
        .exec(&*txn)
        .await?;
    if renewed.rows_affected != 1 {
        return Err(JobError::LeaseLost(import.id));
    }
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
    let parser_import = import.clone();
    let parser_bytes = bytes.clone();
    let buyer_required = ctx.publisher_force.is_none();
    let parser = tokio::task::spawn_blocking(move || {
        parse(
            source,
            &parser_import,
            mapping,
            buyer_required,
            parser_bytes,
            tx,
        )
    });
    let mut tally = Tally::default();
    let outcome = loop {
        let Some(msg) = rx.recv().await else {
            break Err("the file could not be read to its end".to_string());
        };
        match msg {
            Msg::Batch(items) => {
                let done = bytes.load(Ordering::Relaxed);
                write_batch(db, &ctx, import, worker, &mut tally, items, done).await?;
            }
            Msg::End {
                blank,
                totals,
                title,
                amount_column,
            } => {
                let file_total_pence = totals
                    .as_ref()
                    .and_then(|t| t.cells.get(amount_column))
                    .and_then(|c| parse_amount_rounding(c).ok())
                    .map(|a| a.money.pence());
                let delimiter = import.delimiter.bytes().next().unwrap_or(b',');
                let title = title
                    .iter()
                    .map(|r| super::columns::title_line(r, delimiter))
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n");
                break Ok(Finished {
                    blank,
                    file_total_pence,
                    title,
                });
            }
            Msg::Failed(message) => break Err(message),
        }
    };
    drop(rx);
    let _ = parser.await;
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
