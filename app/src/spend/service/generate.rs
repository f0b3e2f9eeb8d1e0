//! Generated national spend, for the demo and for measuring the dashboards at scale
//! (`bluelamp generate --spend-lines N`): every force's technology payments over a run of
//! financial years, from the suppliers forces really pay, with the descriptions, GL codes
//! and cost centres their files carry, legacy maintenance near 90% of the money at first and
//! falling year on year. Deterministic: the same size gives the same payments.
//!
//! Payments are written straight to the tables (one generated import a force, as if each
//! force had published one long file), classified by the rules in force as they are written
//! (the same rules the database runs, see `RuleSet::classify`) a kind of payment at a time
//! (see `kinds.rs`), and counted when every
//! import is marked done and the rollups are rebuilt, in one last transaction.

use super::classification::{rule_set, rules_in_force};
use super::rollup;
use crate::db::Db;
use crate::error::ServiceResult;
use crate::spend::classify::LineFacts;
use crate::spend::demo_register::{register_for, size_of};
use crate::spend::entity::{
    spend_import, spend_kind, spend_payment, spend_publisher, spend_supplier, spend_supplier_name,
};
use crate::spend::rules::supplier_key;
use crate::spend::types::{ImportState, SpendClass};
use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;

/// What a generated payment pays for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Legacy,
    New,
    Unclear,
}

/// (supplier, description, expense type): `{p}` is a product of the force's register.
const LEGACY: &[(&str, &str, &str)] = &[
    (
        "{s}",
        "Annual support and maintenance: {p}",
        "4100 Software maintenance",
    ),
    ("{s}", "Extended support: {p}", "4100 Software maintenance"),
    (
        "Microsoft Ltd",
        "Enterprise agreement licence renewal",
        "4120 Licence renewals",
    ),
    (
        "Oracle Corporation UK Ltd",
        "Database licence renewal",
        "4120 Licence renewals",
    ),
    (
        "Dell Corporation Ltd",
        "Server hardware maintenance",
        "4110 Hardware maintenance",
    ),
    (
        "Hewlett Packard Enterprise Ltd",
        "Storage array maintenance",
        "4110 Hardware maintenance",
    ),
    (
        "Airwave Solutions Ltd",
        "Airwave service charges",
        "4130 Radio",
    ),
    (
        "BT Group plc",
        "Wide area network support and line rental",
        "4140 Network maintenance",
    ),
];

const NEW: &[(&str, &str, &str)] = &[
    (
        "Amazon Web Services EMEA SARL",
        "Cloud hosting subscription",
        "4210 Cloud services",
    ),
    (
        "Microsoft Ltd",
        "Azure cloud consumption",
        "4210 Cloud services",
    ),
    (
        "Sopra Steria Ltd",
        "Implementation services: new {f} system",
        "4220 ICT projects",
    ),
    (
        "CGI IT UK Ltd",
        "Migration of {p} to cloud",
        "4220 ICT projects",
    ),
    (
        "Softcat plc",
        "Mobile devices rollout for officers",
        "4230 New devices",
    ),
    (
        "Computacenter (UK) Ltd",
        "Laptop and tablet deployment",
        "4230 New devices",
    ),
    (
        "Axon Public Safety UK Ltd",
        "Digital evidence platform subscription",
        "4240 New software",
    ),
    (
        "Chorus Intelligence Ltd",
        "Data analytics platform subscription",
        "4240 New software",
    ),
];

const UNCLEAR: &[(&str, &str, &str)] = &[
    (
        "Capita Business Services Ltd",
        "ICT managed service charges",
        "4300 ICT general",
    ),
    (
        "Atos IT Services UK Ltd",
        "ICT managed service charges",
        "4300 ICT general",
    ),
    (
        "Insight Direct (UK) Ltd",
        "ICT sundries",
        "4300 ICT general",
    ),
];

const COST_CENTRES: &[&str] = &["ICT01", "ICT02", "DIG01", "CTL01", "INF01"];

/// The demo's starter rules, in order: (name, class, supplier, description words, expense
/// type prefix). Together they classify all but the ICT general ledger's catch-all lines.
pub const STARTER_RULES: &[(&str, SpendClass, Option<&str>, &str, &str)] = &[
    (
        "Migrations are new technology",
        SpendClass::New,
        None,
        "migration",
        "",
    ),
    (
        "Cloud services (GL 4210)",
        SpendClass::New,
        None,
        "",
        "4210",
    ),
    ("ICT projects (GL 4220)", SpendClass::New, None, "", "4220"),
    ("New devices (GL 4230)", SpendClass::New, None, "", "4230"),
    ("New software (GL 4240)", SpendClass::New, None, "", "4240"),
    ("Cloud hosting", SpendClass::New, None, "cloud hosting", ""),
    (
        "Software maintenance (GL 4100)",
        SpendClass::Legacy,
        None,
        "",
        "4100",
    ),
    (
        "Hardware maintenance (GL 4110)",
        SpendClass::Legacy,
        None,
        "",
        "4110",
    ),
    (
        "Licence renewals",
        SpendClass::Legacy,
        None,
        "licen*e renewal",
        "",
    ),
    (
        "Airwave charges",
        SpendClass::Legacy,
        Some("Airwave Solutions Ltd"),
        "",
        "",
    ),
    (
        "Network maintenance (GL 4140)",
        SpendClass::Legacy,
        None,
        "",
        "4140",
    ),
    (
        "Software maintenance (expense type)",
        SpendClass::Legacy,
        None,
        "",
        "Software Maintenance",
    ),
    (
        "Hardware maintenance (expense type)",
        SpendClass::Legacy,
        None,
        "",
        "Hardware Maintenance",
    ),
    (
        "Airwave charges (expense type)",
        SpendClass::Legacy,
        None,
        "",
        "Airwave",
    ),
    (
        "Support and maintenance",
        SpendClass::Legacy,
        None,
        "maintenance",
        "",
    ),
];

/// xorshift64*: deterministic, fast, no cryptographic need.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The id of a supplier by name, created (with its spelling) if new.
async fn supplier_id(
    conn: &impl ConnectionTrait,
    cache: &mut HashMap<String, (i32, i32)>,
    name: &str,
) -> ServiceResult<(i32, i32)> {
    if let Some(ids) = cache.get(name) {
        return Ok(*ids);
    }
    let key = supplier_key(name);
    let supplier = match spend_supplier::Entity::find()
        .filter(spend_supplier::Column::Key.eq(key.clone()))
        .one(conn)
        .await?
    {
        Some(s) => s.id,
        None => {
            spend_supplier::ActiveModel {
                name: Set(name.to_string()),
                key: Set(key),
                companies_house: Set(None),
                organisation_id: Set(None),
                ..Default::default()
            }
            .insert(conn)
            .await?
            .id
        }
    };
    let spelling = match spend_supplier_name::Entity::find()
        .filter(spend_supplier_name::Column::Name.eq(name))
        .one(conn)
        .await?
    {
        Some(n) => n.id,
        None => {
            spend_supplier_name::ActiveModel {
                supplier_id: Set(supplier),
                name: Set(name.to_string()),
                ..Default::default()
            }
            .insert(conn)
            .await?
            .id
        }
    };
    cache.insert(name.to_string(), (supplier, spelling));
    Ok((supplier, spelling))
}

/// The suppliers the starter rules name, so the rules can be seeded before any spend.
pub async fn ensure_suppliers(db: &Db) -> ServiceResult<HashMap<String, (i32, i32)>> {
    let mut cache = HashMap::new();
    for list in [LEGACY, NEW, UNCLEAR] {
        for (s, _, _) in list {
            if *s != "{s}" {
                supplier_id(&db.conn, &mut cache, s).await?;
            }
        }
    }
    Ok(cache)
}

/// One generated payment, before it is written.
struct Line {
    import_id: i32,
    force_id: i32,
    supplier_id: i32,
    name_id: i32,
    day: NaiveDate,
    pence: i64,
    description: String,
    expense_type: &'static str,
    cost_centre: &'static str,
    n: u64,
}

/// The rows one INSERT carries: 19 values each, under SQLite's 32,766 bound values.
const INSERT_ROWS: usize = 1500;

/// What a kind of payment (force, supplier, description, expense type, cost centre) is
/// called and classified as.
type KindKey = (i32, i32, String, String, String);

/// The kinds stored (their ids), found or added as payments are written.
struct Kinds(HashMap<KindKey, i32>);

impl Kinds {
    async fn load(conn: &impl ConnectionTrait) -> ServiceResult<Kinds> {
        Ok(Kinds(
            spend_kind::Entity::find()
                .all(conn)
                .await?
                .into_iter()
                .map(|k| {
                    (
                        (
                            k.force_id,
                            k.supplier_id,
                            k.description,
                            k.expense_type,
                            k.cost_centre,
                        ),
                        k.id,
                    )
                })
                .collect(),
        ))
    }

    /// A line's kind, classified by `set` when it is new.
    async fn of(
        &mut self,
        conn: &impl ConnectionTrait,
        set: &super::classification::RuleSet,
        l: &Line,
    ) -> ServiceResult<i32> {
        let key = (
            l.force_id,
            l.supplier_id,
            l.description.clone(),
            l.expense_type.to_string(),
            l.cost_centre.to_string(),
        );
        if let Some(k) = self.0.get(&key) {
            return Ok(*k);
        }
        let facts = LineFacts {
            supplier_id: l.supplier_id,
            description: &l.description,
            expense_type: l.expense_type,
            cost_centre: l.cost_centre,
            ..LineFacts::default()
        };
        // What the first matching rule gives, as the database reads it (`RuleSet::outcome`).
        let o = set.outcome(
            set.classify(&facts, Some(l.force_id))
                .map(|r| r.id)
                .unwrap_or(0),
        );
        let stored = spend_kind::ActiveModel {
            force_id: Set(l.force_id),
            supplier_id: Set(l.supplier_id),
            description: Set(l.description.clone()),
            expense_type: Set(l.expense_type.to_string()),
            cost_centre: Set(l.cost_centre.to_string()),
            class: Set(o.class),
            rule_id: Set(o.rule),
            system_id: Set(o.system),
            function_id: Set(o.function),
            lines: Set(0),
            pence: Set(0),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        self.0.insert(key, stored.id);
        Ok(stored.id)
    }
}

async fn write(
    conn: &impl ConnectionTrait,
    set: &super::classification::RuleSet,
    kinds: &mut Kinds,
    lines: &[Line],
) -> ServiceResult<()> {
    use spend_payment::Column as C;
    for chunk in lines.chunks(INSERT_ROWS) {
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
            C::OverrideId,
            C::KindId,
        ]);
        for l in chunk {
            let kind = kinds.of(conn, set, l).await?;
            // The day first, as every fingerprint: then a marker no real payment's hash is
            // told apart by (0xFE), the generated import and the payment's number in it.
            let mut fingerprint = [0u8; 16];
            fingerprint[..4].copy_from_slice(&(l.day.num_days_from_ce() as u32).to_be_bytes());
            fingerprint[4] = 0xFE;
            fingerprint[5..8].copy_from_slice(&(l.import_id as u32).to_be_bytes()[1..]);
            fingerprint[8..16].copy_from_slice(&l.n.to_be_bytes());
            q.values_panic([
                l.import_id.into(),
                (l.n as i64 + 2).into(),
                Some(l.force_id).into(),
                Option::<i32>::None.into(),
                l.supplier_id.into(),
                l.name_id.into(),
                l.day.into(),
                false.into(),
                l.pence.into(),
                l.description.clone().into(),
                l.expense_type.into(),
                l.cost_centre.into(),
                format!("G{:08}", l.n).into(),
                fingerprint.to_vec().into(),
                Option::<i32>::None.into(),
                Some(kind).into(),
            ]);
        }
        conn.execute(&q).await?;
    }
    Ok(())
}

/// Adds `lines` generated payments spread over the 43 forces (by size) and `years`
/// financial years ending with the current one. Returns how many were written.
pub async fn generate_lines(db: &Db, lines: u64, years: i32) -> ServiceResult<u64> {
    let forces = super::load::forces(&db.conn).await?;
    if forces.is_empty() || lines == 0 {
        return Ok(0);
    }
    let functions: Vec<&str> = crate::spend::demo_register::PRODUCTS
        .iter()
        .map(|(f, _)| *f)
        .collect();
    let mut suppliers = ensure_suppliers(db).await?;
    let set = rule_set(&db.conn, rules_in_force(&db.conn).await?).await?;
    let mut kinds = Kinds::load(&db.conn).await?;
    let today = db.now().date_naive();
    let this_year = crate::spend::classify::financial_year(today);
    let first_year = this_year - years.max(1) + 1;
    // Months from April of the first year to this month.
    let mut months = Vec::new();
    let mut d = NaiveDate::from_ymd_opt(first_year, 4, 1).unwrap_or(today);
    while d <= today {
        months.push(d);
        d = d
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(today.succ_opt().unwrap_or(today));
    }
    let weights: Vec<i64> = forces.iter().map(|(_, n)| size_of(n)).collect();
    let weight_total: i64 = weights.iter().sum();
    // One generated import a force: its payments count once it is done.
    let now = chrono::Utc::now();
    let mut imports = Vec::new();
    let mut registers = Vec::new();
    for (force_id, name) in &forces {
        let publisher = match spend_publisher::Entity::find()
            .filter(spend_publisher::Column::OrganisationId.eq(*force_id))
            .one(&db.conn)
            .await?
        {
            Some(p) => p.id,
            None => {
                spend_publisher::ActiveModel {
                    name: Set(name.clone()),
                    organisation_id: Set(Some(*force_id)),
                    mapping: Set(None),
                    ..Default::default()
                }
                .insert(&db.conn)
                .await?
                .id
            }
        };
        let import = spend_import::ActiveModel {
            publisher_id: Set(publisher),
            file_name: Set(format!(
                "generated-spend-{}.csv",
                name.to_lowercase().replace(' ', "-")
            )),
            byte_size: Set(0),
            encoding: Set("UTF-8".into()),
            encoding_chosen: Set(false),
            delimiter: Set(",".into()),
            mapping: Set(None),
            state: Set(ImportState::Running),
            error: Set(None),
            uploaded_by: Set(None),
            created_at: Set(now),
            queued_at: Set(Some(now)),
            started_at: Set(Some(now)),
            finished_at: Set(None),
            claimed_by: Set(Some("generate".into())),
            lease_until: Set(None),
            attempts: Set(1),
            bytes_done: Set(0),
            rows_read: Set(0),
            rows_imported: Set(0),
            rows_duplicate: Set(0),
            rows_rejected: Set(0),
            rows_blank: Set(0),
            pence_imported: Set(0),
            pence_duplicate: Set(0),
            pence_rejected: Set(0),
            rows_rounded: Set(0),
            file_total_pence: Set(None),
            title_lines: Set(None),
            rolled_back_at: Set(None),
            rolled_back_by: Set(None),
            ..Default::default()
        }
        .insert(&db.conn)
        .await?;
        imports.push(import.id);
        registers.push(register_for(name, size_of(name)));
    }
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15 ^ lines);
    let mut counts = vec![(0i64, 0i64); forces.len()];
    let mut written = 0u64;
    let mut batch: Vec<Line> = Vec::new();
    let month_count = months.len() as u64;
    for (mi, month) in months.iter().enumerate() {
        // This month's share of the lines, spread so the total is exact.
        let month_lines = lines * (mi as u64 + 1) / month_count - lines * mi as u64 / month_count;
        let year_index = crate::spend::classify::financial_year(*month) - first_year;
        // Legacy's share of the lines falls from about 90% to about 71% over the years.
        let span = (years.max(2) - 1) as u64;
        let new_per_mille = 60 + 190 * year_index.max(0) as u64 / span;
        let days = month
            .checked_add_months(chrono::Months::new(1))
            .map(|n| (n - *month).num_days() as u64)
            .unwrap_or(28);
        let mut left = month_lines;
        for (fi, (force_id, _)) in forces.iter().enumerate() {
            let share = if fi + 1 == forces.len() {
                left
            } else {
                (month_lines as i64 * weights[fi] / weight_total) as u64
            };
            let share = share.min(left);
            left -= share;
            let register = &registers[fi];
            for _ in 0..share {
                let roll = dice.below(1000);
                let kind = if roll < 40 {
                    Kind::Unclear
                } else if roll < 40 + new_per_mille {
                    Kind::New
                } else {
                    Kind::Legacy
                };
                let list = match kind {
                    Kind::Legacy => LEGACY,
                    Kind::New => NEW,
                    Kind::Unclear => UNCLEAR,
                };
                let (supplier, description, expense) = list[dice.below(list.len() as u64) as usize];
                let system = &register[dice.below(register.len() as u64) as usize];
                let function = functions[dice.below(functions.len() as u64) as usize];
                let supplier_name = if supplier == "{s}" {
                    system.supplier
                } else {
                    supplier
                };
                let (sid, nid) = supplier_id(&db.conn, &mut suppliers, supplier_name).await?;
                let size = size_of(&forces[fi].1);
                // A force's technology spend is some £10 to £50 million a year, by size.
                let pounds = match kind {
                    Kind::Legacy => 10_000 + dice.below(200_000) as i64 * size / 2,
                    Kind::New => 10_000 + dice.below(225_000) as i64 * size / 2,
                    Kind::Unclear => 3_000 + dice.below(40_000) as i64,
                };
                let pence = pounds * 100 + dice.below(100) as i64;
                let day = *month + chrono::Days::new(dice.below(days));
                batch.push(Line {
                    import_id: imports[fi],
                    force_id: *force_id,
                    supplier_id: sid,
                    name_id: nid,
                    day,
                    pence,
                    description: description
                        .replace("{p}", system.product)
                        .replace("{f}", &function.to_lowercase()),
                    expense_type: expense,
                    cost_centre: COST_CENTRES[dice.below(COST_CENTRES.len() as u64) as usize],
                    n: written,
                });
                counts[fi].0 += 1;
                counts[fi].1 += pence;
                written += 1;
            }
        }
        if batch.len() >= 100_000 || mi + 1 == months.len() {
            let txn = db.write().await?;
            write(&*txn, &set, &mut kinds, &batch).await?;
            txn.commit().await?;
            batch.clear();
        }
    }
    // Every import done, and the rollups rebuilt, at once.
    let txn = db.write().await?;
    for (fi, id) in imports.iter().enumerate() {
        use spend_import::Column as C;
        spend_import::Entity::update_many()
            .col_expr(C::State, Expr::value(ImportState::Done.as_str()))
            .col_expr(C::FinishedAt, Expr::value(Some(chrono::Utc::now())))
            .col_expr(C::RowsRead, Expr::value(counts[fi].0))
            .col_expr(C::RowsImported, Expr::value(counts[fi].0))
            .col_expr(C::PenceImported, Expr::value(counts[fi].1))
            .col_expr(C::ClaimedBy, Expr::value(Option::<String>::None))
            .filter(C::Id.eq(*id))
            .exec(&*txn)
            .await?;
    }
    rollup::rebuild(&*txn).await?;
    txn.commit().await?;
    Ok(written)
}

/// Seeds the starter rules while there are none.
pub async fn seed_rules(db: &Db) -> ServiceResult<()> {
    use crate::spend::entity::spend_rule;
    if spend_rule::Entity::find().one(&db.conn).await?.is_some() {
        return Ok(());
    }
    let suppliers = ensure_suppliers(db).await?;
    let functions = super::systems::functions(&db.conn).await?;
    let txn = db.write().await?;
    let mut position = 0;
    let mut rule = |name: String,
                    class: SpendClass,
                    supplier: Option<i32>,
                    words: String,
                    expense: &str,
                    function: Option<i32>| {
        position += 1;
        spend_rule::ActiveModel {
            position: Set(position),
            name: Set(name),
            class: Set(class),
            supplier_id: Set(supplier),
            description_words: Set(words),
            expense_type: Set(expense.to_string()),
            cost_centre: Set(String::new()),
            system_id: Set(None),
            function_id: Set(function),
            updated_by: Set(None),
            updated_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
    };
    // First, new systems by the function they serve (the generator's "new … system"
    // projects), so the dashboards can show new technology by function.
    let mut models = Vec::new();
    for (function, _) in crate::spend::demo_register::PRODUCTS {
        if let Some((id, name)) = functions.iter().find(|(_, n)| n == function) {
            models.push(rule(
                format!("New systems: {name}"),
                SpendClass::New,
                None,
                format!("new {} system", name.to_lowercase()),
                "",
                Some(*id),
            ));
        }
    }
    for (name, class, supplier, words, expense) in STARTER_RULES {
        models.push(rule(
            name.to_string(),
            *class,
            supplier.and_then(|s| suppliers.get(s)).map(|(id, _)| *id),
            words.to_string(),
            expense,
            None,
        ));
    }
    for m in models {
        m.insert(&*txn).await?;
    }
    txn.commit().await?;
    Ok(())
}
