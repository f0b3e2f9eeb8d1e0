//! Classifying payments: the national body's ordered rules, a change's preview (how many
//! payments and how much money it moves from which class to which, with a sample), saving it
//! (every payment reclassified and the rollups rebuilt in the same transaction, audited), and
//! the classification of a finished import's payments.
//!
//! Rules are run by the database over the kinds of payment (see `kinds.rs`), all at once: the
//! first matching rule's number is worked out once a kind (`first_match`), and class and
//! system follow from it. Overridden payments are left alone.

use super::kinds::{self, Which};
use super::rollup::Scope;
use crate::access::{authorise, SpendAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::{is_postgres, Db};
use crate::error::{ServiceError, ServiceResult};
use crate::money::Money;
use crate::spend::classify::{words, Compiled, LineFacts, LinkedSystem, Lowered, RuleSpec};
use crate::spend::entity::{spend_rule, spend_supplier, spend_supplier_name, spend_system};
use crate::spend::register::SystemStatus;
use crate::spend::rules::supplier_key;
use crate::spend::types::SpendClass;
use crate::validation::FieldErrors;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, Set, Statement, Value,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A SQL text being written with its bound values, in the database's placeholder style.
pub(super) struct Sql {
    pg: bool,
    values: Vec<Value>,
}

impl Sql {
    pub(super) fn new(pg: bool) -> Sql {
        Sql {
            pg,
            values: Vec::new(),
        }
    }

    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        if self.pg {
            format!("${}", self.values.len())
        } else {
            "?".into()
        }
    }

    pub(super) fn statement(self, conn: &impl ConnectionTrait, text: String) -> Statement {
        Statement::from_sql_and_values(conn.get_database_backend(), text, self.values)
    }
}

/// A LIKE pattern's text with its own wildcards escaped, `*` standing for any letters.
fn like_text(text: &str) -> String {
    text.to_ascii_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
        .replace('*', "%")
}

/// What the register and the contracts say of each force's suppliers: the facts a rule's
/// linked-system and contract conditions read.
#[derive(Default)]
pub struct Links {
    /// (force, supplier) -> the force's systems that supplier provides.
    systems: HashMap<(i32, i32), Vec<LinkedSystem>>,
    /// (force, supplier) pairs with a contract between them.
    contracts: HashSet<(i32, i32)>,
}

impl Links {
    /// Reads the register and the contracts. A system's supplier is written as the force
    /// typed it, so it is matched to the spend suppliers by the key imports match payees by.
    async fn load(conn: &impl ConnectionTrait) -> Result<Links, DbErr> {
        let mut by_key: HashMap<String, Vec<i32>> = HashMap::new();
        for s in spend_supplier::Entity::find().all(conn).await? {
            by_key.entry(s.key).or_default().push(s.id);
        }
        for n in spend_supplier_name::Entity::find().all(conn).await? {
            let ids = by_key.entry(supplier_key(&n.name)).or_default();
            if !ids.contains(&n.supplier_id) {
                ids.push(n.supplier_id);
            }
        }
        let mut systems: HashMap<(i32, i32), Vec<LinkedSystem>> = HashMap::new();
        for s in spend_system::Entity::find().all(conn).await? {
            for id in by_key.get(&supplier_key(&s.supplier)).into_iter().flatten() {
                systems
                    .entry((s.force_id, *id))
                    .or_default()
                    .push(LinkedSystem {
                        status: s.status,
                        end_of_support: s.end_of_support,
                    });
            }
        }
        #[derive(FromQueryResult)]
        struct Pair {
            force_id: i32,
            supplier_id: i32,
        }
        let contracts = Pair::find_by_statement(Statement::from_string(
            conn.get_database_backend(),
            "SELECT DISTINCT c.force_id, s.id AS supplier_id FROM contract c \
             JOIN spend_supplier s ON s.organisation_id = c.supplier_id",
        ))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.force_id, p.supplier_id))
        .collect();
        Ok(Links { systems, contracts })
    }
}

/// `(force, supplier)` pairs as a condition on `p`: grouped by force, so the SQL stays
/// short (a force buys from a few hundred suppliers at most).
fn pairs_sql(pairs: impl Iterator<Item = (i32, i32)>) -> String {
    let mut by_force: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for (f, s) in pairs {
        by_force.entry(f).or_default().push(s);
    }
    if by_force.is_empty() {
        return "1 = 0".into();
    }
    let parts: Vec<String> = by_force
        .into_iter()
        .map(|(f, mut s)| {
            s.sort_unstable();
            s.dedup();
            let list: Vec<String> = s.iter().map(i32::to_string).collect();
            format!(
                "(p.force_id = {f} AND p.supplier_id IN ({}))",
                list.join(",")
            )
        })
        .collect();
    format!("({})", parts.join(" OR "))
}

/// One rule's conditions as SQL over `p` (a kind of payment), bound into `sql`.
fn condition(sql: &mut Sql, r: &RuleSpec, force_of_system: Option<i32>, links: &Links) -> String {
    let mut parts = Vec::new();
    if let Some(s) = r.supplier_id {
        parts.push(format!("p.supplier_id = {s}"));
    }
    if let Some(f) = force_of_system {
        parts.push(format!("p.force_id = {f}"));
    }
    for w in words(&r.description_words) {
        let b = sql.bind(format!("%{}%", like_text(&w)));
        parts.push(format!("lower(p.description) LIKE {b} ESCAPE '\\'"));
    }
    for (column, prefix) in [
        ("p.expense_type", &r.expense_type),
        ("p.cost_centre", &r.cost_centre),
    ] {
        if !prefix.trim().is_empty() {
            let b = sql.bind(format!("{}%", like_text(prefix.trim())));
            parts.push(format!("lower({column}) LIKE {b} ESCAPE '\\'"));
        }
    }
    if !r.lot.trim().is_empty() {
        let b = sql.bind(r.lot.trim().to_ascii_lowercase());
        parts.push(format!("lower(p.lot) = {b}"));
    }
    if r.links_system() {
        parts.push(pairs_sql(
            links
                .systems
                .iter()
                .filter(|(_, systems)| systems.iter().any(|s| r.system_holds(s)))
                .map(|(k, _)| *k),
        ));
    }
    match r.on_contract {
        Some(true) => parts.push(pairs_sql(links.contracts.iter().copied())),
        Some(false) => parts.push(format!(
            "NOT {}",
            pairs_sql(links.contracts.iter().copied())
        )),
        None => {}
    }
    if parts.is_empty() {
        "1 = 0".into()
    } else {
        parts.join(" AND ")
    }
}

/// Rules as the database runs them, with the force a rule naming a system is limited to.
pub struct RuleSet {
    rules: Vec<RuleSpec>,
    compiled: Vec<Compiled>,
    force_of_system: HashMap<i32, i32>,
    function_of_system: HashMap<i32, i32>,
    links: Links,
}

impl RuleSet {
    /// The rule a payment of `force` matches first, run in Rust: the same test the
    /// database runs (`first_match`), for payments classified as they are generated.
    pub fn classify(&self, line: &LineFacts<'_>, force: Option<i32>) -> Option<&RuleSpec> {
        let key = (force.unwrap_or(0), line.supplier_id);
        let systems = self.links.systems.get(&key).map(Vec::as_slice);
        let lowered = Lowered::of(&LineFacts {
            systems: systems.unwrap_or_default(),
            on_contract: self.links.contracts.contains(&key),
            ..line.clone()
        });
        self.rules.iter().zip(&self.compiled).find_map(|(r, c)| {
            let limited = r
                .system_id
                .and_then(|s| self.force_of_system.get(&s).copied());
            (limited.is_none_or(|f| Some(f) == force) && c.matches(&lowered)).then_some(r)
        })
    }

    /// The number (rule id) of the first rule a kind `p` matches; 0 for none.
    pub(super) fn first_match(&self, sql: &mut Sql) -> String {
        if self.rules.is_empty() {
            return "0".into();
        }
        let mut text = String::from("CASE");
        for r in &self.rules {
            let force = r
                .system_id
                .and_then(|s| self.force_of_system.get(&s).copied());
            let c = condition(sql, r, force, &self.links);
            text.push_str(&format!(" WHEN {c} THEN {}", r.id));
        }
        text.push_str(" ELSE 0 END");
        text
    }

    /// What rule number `rid` gives: the rule (none for 0), the class, the system and the
    /// function.
    pub(super) fn outcome(&self, rid: i32) -> Outcome {
        match self.rules.iter().find(|r| r.id == rid) {
            Some(r) => Outcome {
                rule: Some(r.id),
                class: r.class.unwrap_or(SpendClass::Unclassified),
                system: r.system_id,
                function: self.function_of(r),
            },
            None => Outcome {
                rule: None,
                class: SpendClass::Unclassified,
                system: None,
                function: None,
            },
        }
    }

    /// The function a rule gives: its own, else that of the system it names.
    pub fn function_of(&self, r: &RuleSpec) -> Option<i32> {
        r.function_id.or_else(|| {
            r.system_id
                .and_then(|s| self.function_of_system.get(&s).copied())
        })
    }

    /// The function a rule number gives, 0 for none.
    pub(super) fn function_sql(&self, rid: &str) -> String {
        self.id_case(rid, |r| self.function_of(r))
    }

    /// A `CASE` over rule number `rid` giving the id `of` each rule, 0 for none.
    fn id_case(&self, rid: &str, of: impl Fn(&RuleSpec) -> Option<i32>) -> String {
        let mut text = format!("CASE {rid}");
        let mut any = false;
        for r in &self.rules {
            if let Some(id) = of(r) {
                text.push_str(&format!(" WHEN {} THEN {id}", r.id));
                any = true;
            }
        }
        if !any {
            return "0".into();
        }
        text.push_str(" ELSE 0 END");
        text
    }

    /// The class a rule number gives.
    pub(super) fn class_of(&self, rid: &str) -> String {
        let mut text = format!("CASE {rid}");
        for r in &self.rules {
            let class = r.class.unwrap_or(SpendClass::Unclassified);
            text.push_str(&format!(" WHEN {} THEN '{}'", r.id, class.as_str()));
        }
        text.push_str(&format!(
            " ELSE '{}' END",
            SpendClass::Unclassified.as_str()
        ));
        text
    }

    /// The system a rule number names, 0 for none.
    pub(super) fn system_of(&self, rid: &str) -> String {
        self.id_case(rid, |r| r.system_id)
    }
}

/// What a rule gives the payments it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub rule: Option<i32>,
    pub class: SpendClass,
    pub system: Option<i32>,
    pub function: Option<i32>,
}

fn spec_of(m: &spend_rule::Model) -> RuleSpec {
    RuleSpec {
        id: m.id,
        name: m.name.clone(),
        class: Some(m.class),
        supplier_id: m.supplier_id,
        description_words: m.description_words.clone(),
        expense_type: m.expense_type.clone(),
        cost_centre: m.cost_centre.clone(),
        system_id: m.system_id,
        function_id: m.function_id,
        lot: m.lot.clone(),
        system_status: m.system_status,
        support_ends_before: m.support_ends_before,
        on_contract: m.on_contract,
    }
}

/// The rules in force, in order.
pub async fn rules_in_force(conn: &impl ConnectionTrait) -> Result<Vec<RuleSpec>, DbErr> {
    Ok(spend_rule::Entity::find()
        .order_by_asc(spend_rule::Column::Position)
        .order_by_asc(spend_rule::Column::Id)
        .all(conn)
        .await?
        .iter()
        .map(spec_of)
        .collect())
}

pub(crate) async fn rule_set(
    conn: &impl ConnectionTrait,
    rules: Vec<RuleSpec>,
) -> Result<RuleSet, DbErr> {
    let ids: Vec<i32> = rules.iter().filter_map(|r| r.system_id).collect();
    let systems = if ids.is_empty() {
        Vec::new()
    } else {
        spend_system::Entity::find()
            .filter(spend_system::Column::Id.is_in(ids))
            .all(conn)
            .await?
    };
    // The register and the contracts are read only when a rule asks about them.
    let links = if rules
        .iter()
        .any(|r| r.links_system() || r.on_contract.is_some())
    {
        Links::load(conn).await?
    } else {
        Links::default()
    };
    Ok(RuleSet {
        compiled: rules.iter().map(Compiled::of).collect(),
        links,
        rules,
        force_of_system: systems.iter().map(|s| (s.id, s.force_id)).collect(),
        function_of_system: systems
            .iter()
            .filter_map(|s| Some((s.id, s.function_id?)))
            .collect(),
    })
}

/// After a force's register changes or it gains a contract: its payments reclassified, the
/// rollups kept in step, when a rule reads the register or the contracts (otherwise nothing
/// moves). In the caller's transaction; returns the payments whose kinds moved.
pub async fn links_changed(conn: &impl ConnectionTrait, force_id: i32) -> Result<u64, DbErr> {
    let rules = rules_in_force(conn).await?;
    if !rules
        .iter()
        .any(|r| r.links_system() || r.on_contract.is_some())
    {
        return Ok(0);
    }
    let set = rule_set(conn, rules).await?;
    kinds::reclassify(conn, &set, Which::Force(force_id)).await
}

/// A finished import's payments given their kinds and classes by the rules in force, and
/// added to the rollups: in the transaction that marks it done.
pub async fn classify_import(conn: &impl ConnectionTrait, import_id: i32) -> Result<(), DbErr> {
    kinds::settle(conn, &Scope::Import(import_id)).await
}

/// A rule as the form gives it, every field as typed.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
pub struct RuleForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub class: String,
    #[serde(default)]
    pub supplier: String,
    #[serde(default)]
    pub description_words: String,
    #[serde(default)]
    pub expense_type: String,
    #[serde(default)]
    pub cost_centre: String,
    #[serde(default)]
    pub system: String,
    /// A legacy function's id from the national body's list; empty for none.
    #[serde(default)]
    pub function: String,
    /// One of the framework lots the payments name; empty for any.
    #[serde(default)]
    pub lot: String,
    /// A system status (`legacy`, ...); empty for any.
    #[serde(default)]
    pub system_status: String,
    /// dd/mm/yyyy or yyyy-mm-dd; empty for any.
    #[serde(default)]
    pub support_ends_before: String,
    /// `yes`, `no`, or empty for either.
    #[serde(default)]
    pub on_contract: String,
    /// 1-based place in the order; empty for last.
    #[serde(default)]
    pub position: String,
}

impl RuleForm {
    pub fn of(m: &spend_rule::Model, position: usize) -> RuleForm {
        RuleForm {
            name: m.name.clone(),
            class: m.class.as_str().into(),
            supplier: m.supplier_id.map(|s| s.to_string()).unwrap_or_default(),
            description_words: m.description_words.clone(),
            expense_type: m.expense_type.clone(),
            cost_centre: m.cost_centre.clone(),
            system: m.system_id.map(|s| s.to_string()).unwrap_or_default(),
            function: m.function_id.map(|f| f.to_string()).unwrap_or_default(),
            lot: m.lot.clone(),
            system_status: m
                .system_status
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            support_ends_before: m
                .support_ends_before
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            on_contract: match m.on_contract {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
            position: position.to_string(),
        }
    }
}

/// What a change does to the rules: add or change one (at a place in the order), or remove
/// one.
#[derive(Clone, Debug)]
pub enum RuleChange {
    Save {
        id: Option<i32>,
        form: Box<RuleForm>,
    },
    Remove {
        id: i32,
    },
}

/// The form read into a rule and its place (0-based), or every message.
async fn read_form(
    conn: &impl ConnectionTrait,
    form: &RuleForm,
    count: usize,
) -> ServiceResult<(RuleSpec, usize)> {
    let mut errors = FieldErrors::new();
    let name = form.name.trim();
    if name.is_empty() {
        errors.add("name", "Enter a name for the rule");
    } else if name.chars().count() > 120 {
        errors.add("name", "The name must be 120 characters or fewer");
    }
    let class = match SpendClass::parse(form.class.trim()) {
        Some(c) if c != SpendClass::Unclassified => Some(c),
        _ => {
            errors.add(
                "class",
                "Choose whether the payments it matches are legacy maintenance or new technology",
            );
            None
        }
    };
    let supplier_id = match form.supplier.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(id)
                if spend_supplier::Entity::find_by_id(id)
                    .one(conn)
                    .await?
                    .is_some() =>
            {
                Some(id)
            }
            _ => {
                errors.add("supplier", "Choose a supplier from the list");
                None
            }
        },
    };
    let system_id = match form.system.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(id)
                if spend_system::Entity::find_by_id(id)
                    .one(conn)
                    .await?
                    .is_some() =>
            {
                Some(id)
            }
            _ => {
                errors.add("system", "Choose a system from the register");
                None
            }
        },
    };
    let function_id = match form.function.trim() {
        "" => None,
        f => match f.parse::<i32>() {
            Ok(id)
                if super::systems::functions(conn)
                    .await?
                    .iter()
                    .any(|(fid, _)| *fid == id) =>
            {
                Some(id)
            }
            _ => {
                errors.add("function", "Choose a function from the list");
                None
            }
        },
    };
    let lot = match form.lot.trim() {
        "" => String::new(),
        l => match lots(conn)
            .await?
            .into_iter()
            .find(|k| k.eq_ignore_ascii_case(l))
        {
            Some(known) => known,
            None => {
                errors.add("lot", "Choose a framework lot from the list");
                String::new()
            }
        },
    };
    let system_status = match form.system_status.trim() {
        "" => None,
        st => SystemStatus::parse(st).or_else(|| {
            errors.add("system_status", "Choose a system status from the list");
            None
        }),
    };
    let support_ends_before = match form.support_ends_before.trim() {
        "" => None,
        d => crate::spend::register::date(d).or_else(|| {
            errors.add(
                "support_ends_before",
                "Enter the date as day/month/year, for example 31/03/2027",
            );
            None
        }),
    };
    let on_contract = match form.on_contract.trim() {
        "" => None,
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            errors.add(
                "on_contract",
                "Choose whether the force holds a contract with the supplier",
            );
            None
        }
    };
    for (field, value, max) in [
        ("description_words", &form.description_words, 200),
        ("expense_type", &form.expense_type, 100),
        ("cost_centre", &form.cost_centre, 100),
    ] {
        if value.trim().chars().count() > max {
            errors.add(field, format!("This must be {max} characters or fewer"));
        }
    }
    let spec = RuleSpec {
        id: 0,
        name: name.to_string(),
        class,
        supplier_id,
        description_words: form.description_words.trim().to_string(),
        expense_type: form.expense_type.trim().to_string(),
        cost_centre: form.cost_centre.trim().to_string(),
        system_id,
        function_id,
        lot,
        system_status,
        support_ends_before,
        on_contract,
    };
    let refused = [
        "supplier",
        "lot",
        "system_status",
        "support_ends_before",
        "on_contract",
    ];
    if !spec.has_condition() && refused.iter().all(|f| errors.get(f).is_none()) {
        errors.add(
            "description_words",
            "Give the rule a condition: a supplier, description words, an expense type, a cost centre, a framework lot, what the register says of the supplier's systems, or a contract",
        );
    }
    let position = match form.position.trim() {
        "" => count,
        p => match p.parse::<usize>() {
            Ok(n) if n >= 1 && n <= count + 1 => n - 1,
            _ => {
                errors.add(
                    "position",
                    format!(
                        "The place in the order must be a number from 1 to {}",
                        count + 1
                    ),
                );
                count
            }
        },
    };
    errors.into_result().map_err(ServiceError::Invalid)?;
    Ok((spec, position))
}

/// The rules after `change`, in order, the changed rule with id `NEW_RULE` if it is new.
async fn proposed(
    conn: &impl ConnectionTrait,
    change: &RuleChange,
) -> ServiceResult<(Vec<RuleSpec>, Option<(RuleSpec, usize)>)> {
    let mut rules = rules_in_force(conn).await?;
    match change {
        RuleChange::Remove { id } => {
            if !rules.iter().any(|r| r.id == *id) {
                return Err(ServiceError::NotFound);
            }
            rules.retain(|r| r.id != *id);
            Ok((rules, None))
        }
        RuleChange::Save { id, form } => {
            if let Some(id) = id {
                if !rules.iter().any(|r| r.id == *id) {
                    return Err(ServiceError::NotFound);
                }
                rules.retain(|r| r.id != *id);
            }
            let (mut spec, position) = read_form(conn, form, rules.len()).await?;
            spec.id = id.unwrap_or(NEW_RULE);
            rules.insert(position.min(rules.len()), spec.clone());
            Ok((rules, Some((spec, position))))
        }
    }
}

/// The number a rule not yet saved goes by in a preview.
const NEW_RULE: i32 = i32::MAX;

/// Money moving from one class to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub from: SpendClass,
    pub to: SpendClass,
    pub lines: i64,
    pub pence: i64,
}

/// Payments alike (one kind) that a change reclassifies, for the sample.
#[derive(Clone, Debug, FromQueryResult)]
pub struct SampleLine {
    pub force: String,
    pub supplier: String,
    pub description: String,
    pub expense_type: String,
    pub lines: i64,
    pub pence: i64,
    pub class: String,
    pub new_class: String,
}

/// What a change would do, computed over the forces' counted payments (those the
/// dashboards add up), before anything is saved.
#[derive(Clone, Debug, Default)]
pub struct Preview {
    pub moves: Vec<Move>,
    /// The largest groups of alike payments it moves.
    pub sample: Vec<SampleLine>,
    pub took_ms: u128,
}

impl Preview {
    /// The change in legacy maintenance money: what the dashboard's legacy figure moves by.
    pub fn legacy_change(&self) -> Money {
        let mut pence = 0i64;
        for m in &self.moves {
            if m.to == SpendClass::Legacy {
                pence += m.pence;
            }
            if m.from == SpendClass::Legacy {
                pence -= m.pence;
            }
        }
        Money::from_pence(pence)
    }

    pub fn lines_moved(&self) -> i64 {
        self.moves.iter().map(|m| m.lines).sum()
    }
}

#[derive(FromQueryResult)]
struct MoveRow {
    class: String,
    new_class: String,
    lines: i64,
    pence: i64,
}

/// What `set` would move: the kinds' sums of counted payments (kept in step with the
/// rollups), so it costs the kinds, not the payments.
async fn preview_of(conn: &impl ConnectionTrait, set: &RuleSet) -> Result<Preview, DbErr> {
    let started = std::time::Instant::now();
    let pg = is_postgres(conn);
    let moving = |sql: &mut Sql| {
        let first = set.first_match(sql);
        let class = set.class_of("x.rid");
        format!(
            "SELECT y.* FROM (SELECT x.*, {class} AS new_class FROM (SELECT p.id, p.force_id, \
             p.supplier_id, p.description, p.expense_type, p.lines, p.pence, p.class, \
             {first} AS rid FROM spend_kind p WHERE p.lines <> 0) x) y \
             WHERE y.class <> y.new_class"
        )
    };
    let mut sql = Sql::new(pg);
    let inner = moving(&mut sql);
    let text = format!(
        "SELECT z.class, z.new_class, CAST(SUM(z.lines) AS BIGINT) AS lines, \
         CAST(SUM(z.pence) AS BIGINT) AS pence FROM ({inner}) z GROUP BY z.class, z.new_class"
    );
    let rows = MoveRow::find_by_statement(sql.statement(conn, text))
        .all(conn)
        .await?;
    let mut moves: Vec<Move> = rows
        .into_iter()
        .filter_map(|r| {
            Some(Move {
                from: SpendClass::parse(&r.class)?,
                to: SpendClass::parse(&r.new_class)?,
                lines: r.lines,
                pence: r.pence,
            })
        })
        .collect();
    moves.sort_by_key(|x| std::cmp::Reverse(x.pence.abs()));
    let mut sql = Sql::new(pg);
    let inner = moving(&mut sql);
    let text = format!(
        "SELECT o.name AS force, s.name AS supplier, z.description, z.expense_type, z.lines, \
         z.pence, z.class, z.new_class FROM ({inner}) z \
         JOIN organisation o ON o.id = z.force_id JOIN spend_supplier s ON s.id = z.supplier_id \
         ORDER BY z.pence DESC, z.id LIMIT 10"
    );
    let sample = SampleLine::find_by_statement(sql.statement(conn, text))
        .all(conn)
        .await?;
    Ok(Preview {
        moves,
        sample,
        took_ms: started.elapsed().as_millis(),
    })
}

/// What `change` would move, without saving it.
pub async fn preview(
    db: &Db,
    viewer: Option<&Viewer>,
    change: &RuleChange,
) -> ServiceResult<Preview> {
    authorise(viewer, SpendAction::EditClassification)?;
    let (rules, _) = proposed(&db.conn, change).await?;
    let set = rule_set(&db.conn, rules).await?;
    Ok(preview_of(&db.conn, &set).await?)
}

/// What saving did.
#[derive(Clone, Debug)]
pub struct Applied {
    pub rule_id: Option<i32>,
    pub preview: Preview,
    pub payments_moved: u64,
}

/// Saves `change` and reclassifies every payment it moves, the rollups kept in step, in one
/// transaction;
/// what it moved is computed in that transaction too, so the banner says exactly what the
/// dashboard moved by.
pub async fn save(db: &Db, viewer: Option<&Viewer>, change: RuleChange) -> ServiceResult<Applied> {
    let v = authorise(viewer, SpendAction::EditClassification)?;
    let txn = db.write().await?;
    let (rules, saved) = proposed(&*txn, &change).await?;
    let now = db.now();
    let mut rule_id = None;
    let mut final_rules = rules.clone();
    let (action, details) = match (&change, saved) {
        (RuleChange::Remove { id }, _) => {
            let gone = spend_rule::Entity::find_by_id(*id)
                .one(&*txn)
                .await?
                .ok_or(ServiceError::NotFound)?;
            // Payments it classified lose it before it goes (the next rule may take them).
            spend_rule::Entity::delete_by_id(*id).exec(&*txn).await?;
            (
                actions::SPEND_RULE_REMOVED,
                serde_json::json!({ "id": id, "name": gone.name }),
            )
        }
        (RuleChange::Save { id, .. }, Some((spec, _))) => {
            let class = spec.class.unwrap_or(SpendClass::Unclassified);
            let saved = match id {
                Some(id) => {
                    let existing = spend_rule::Entity::find_by_id(*id)
                        .one(&*txn)
                        .await?
                        .ok_or(ServiceError::NotFound)?;
                    let mut m: spend_rule::ActiveModel = existing.into();
                    m.name = Set(spec.name.clone());
                    m.class = Set(class);
                    m.supplier_id = Set(spec.supplier_id);
                    m.description_words = Set(spec.description_words.clone());
                    m.expense_type = Set(spec.expense_type.clone());
                    m.cost_centre = Set(spec.cost_centre.clone());
                    m.system_id = Set(spec.system_id);
                    m.function_id = Set(spec.function_id);
                    m.lot = Set(spec.lot.clone());
                    m.system_status = Set(spec.system_status);
                    m.support_ends_before = Set(spec.support_ends_before);
                    m.on_contract = Set(spec.on_contract);
                    m.updated_by = Set(Some(v.user_id));
                    m.updated_at = Set(now);
                    m.update(&*txn).await?
                }
                None => {
                    spend_rule::ActiveModel {
                        position: Set(0),
                        name: Set(spec.name.clone()),
                        class: Set(class),
                        supplier_id: Set(spec.supplier_id),
                        description_words: Set(spec.description_words.clone()),
                        expense_type: Set(spec.expense_type.clone()),
                        cost_centre: Set(spec.cost_centre.clone()),
                        system_id: Set(spec.system_id),
                        function_id: Set(spec.function_id),
                        lot: Set(spec.lot.clone()),
                        system_status: Set(spec.system_status),
                        support_ends_before: Set(spec.support_ends_before),
                        on_contract: Set(spec.on_contract),
                        updated_by: Set(Some(v.user_id)),
                        updated_at: Set(now),
                        ..Default::default()
                    }
                    .insert(&*txn)
                    .await?
                }
            };
            rule_id = Some(saved.id);
            for r in final_rules.iter_mut() {
                if r.id == NEW_RULE {
                    r.id = saved.id;
                }
            }
            (
                if id.is_some() {
                    actions::SPEND_RULE_CHANGED
                } else {
                    actions::SPEND_RULE_ADDED
                },
                serde_json::json!({
                    "id": saved.id,
                    "name": spec.name,
                    "class": class.as_str(),
                    "conditions": spec.describe(None),
                    "system_id": spec.system_id,
                    "function_id": spec.function_id,
                }),
            )
        }
        (RuleChange::Save { .. }, None) => return Err(ServiceError::internal("no rule read")),
    };
    // The order as proposed, numbered from 1.
    for (i, r) in final_rules.iter().enumerate() {
        spend_rule::Entity::update_many()
            .col_expr(
                spend_rule::Column::Position,
                sea_orm::sea_query::Expr::value(i as i32 + 1),
            )
            .filter(spend_rule::Column::Id.eq(r.id))
            .exec(&*txn)
            .await?;
    }
    let set = rule_set(&*txn, final_rules).await?;
    let preview = preview_of(&*txn, &set).await?;
    let written = kinds::reclassify(&*txn, &set, Which::All).await?;
    let mut details = details;
    details["payments_reclassified"] = written.into();
    details["legacy_change_pence"] = preview.legacy_change().pence().into();
    record(
        &txn,
        NewEvent::by(v, action, "spend_rule", rule_id.unwrap_or(0), details),
    )
    .await?;
    txn.commit().await?;
    Ok(Applied {
        rule_id,
        preview,
        payments_moved: written,
    })
}

/// Reclassifies every payment by the rules in force, the rollups kept in step: after seeding
/// rules. Returns the payments whose kinds moved.
pub async fn reclassify_all(db: &Db) -> ServiceResult<u64> {
    let txn = db.write().await?;
    let set = rule_set(&*txn, rules_in_force(&*txn).await?).await?;
    let written = kinds::reclassify(&*txn, &set, Which::All).await?;
    txn.commit().await?;
    Ok(written)
}

/// One rule as the rules page lists it.
#[derive(Clone, Debug)]
pub struct RuleRow {
    pub model: spend_rule::Model,
    pub conditions: String,
    pub system: Option<String>,
    /// The function it gives, its own or its system's.
    pub function: Option<String>,
    pub lines: i64,
    pub pence: i64,
}

/// The rules page: every rule in order, what it classifies now, and the choices its form
/// offers.
#[derive(Clone, Debug)]
pub struct RulesPage {
    pub rules: Vec<RuleRow>,
    pub suppliers: Vec<(i32, String)>,
    pub systems: Vec<(i32, String)>,
    pub functions: Vec<(i32, String)>,
    /// The framework lots the payments name.
    pub lots: Vec<String>,
    pub can_edit: bool,
}

/// The framework lots the payments name, in order.
async fn lots(conn: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    #[derive(FromQueryResult)]
    struct Lot {
        lot: String,
    }
    Ok(Lot::find_by_statement(Statement::from_string(
        conn.get_database_backend(),
        "SELECT DISTINCT lot FROM spend_kind WHERE lot <> '' ORDER BY lot",
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(|l| l.lot)
    .collect())
}

#[derive(FromQueryResult)]
struct Count {
    rule_id: i32,
    lines: i64,
    pence: i64,
}

pub async fn rules_page(db: &Db, viewer: Option<&Viewer>) -> ServiceResult<RulesPage> {
    authorise(viewer, SpendAction::ViewDashboards)?;
    let can_edit = crate::access::can(viewer, SpendAction::EditClassification);
    let conn = &db.conn;
    let models = spend_rule::Entity::find()
        .order_by_asc(spend_rule::Column::Position)
        .order_by_asc(spend_rule::Column::Id)
        .all(conn)
        .await?;
    let counts: HashMap<i32, (i64, i64)> = Count::find_by_statement(Statement::from_string(
        conn.get_database_backend(),
        "SELECT k.rule_id, CAST(SUM(k.lines) AS BIGINT) AS lines, \
         CAST(SUM(k.pence) AS BIGINT) AS pence FROM spend_kind k \
         WHERE k.rule_id IS NOT NULL GROUP BY k.rule_id",
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(|c| (c.rule_id, (c.lines, c.pence)))
    .collect();
    let suppliers: Vec<(i32, String)> = spend_supplier::Entity::find()
        .order_by_asc(spend_supplier::Column::Name)
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let supplier_names: HashMap<i32, String> = suppliers.iter().cloned().collect();
    let forces: HashMap<i32, String> = super::load::forces(conn).await?.into_iter().collect();
    let systems: Vec<(i32, String)> = spend_system::Entity::find()
        .order_by_asc(spend_system::Column::ForceId)
        .order_by_asc(spend_system::Column::Name)
        .all(conn)
        .await?
        .into_iter()
        .map(|s| {
            let force = forces.get(&s.force_id).cloned().unwrap_or_default();
            (s.id, format!("{force}: {}", s.name))
        })
        .collect();
    let system_names: HashMap<i32, String> = systems.iter().cloned().collect();
    let functions = super::systems::functions(conn).await?;
    let function_names: HashMap<i32, String> = functions.iter().cloned().collect();
    let set = rule_set(conn, models.iter().map(spec_of).collect()).await?;
    let rules = models
        .into_iter()
        .map(|m| {
            let spec = spec_of(&m);
            let (lines, pence) = counts.get(&m.id).copied().unwrap_or((0, 0));
            RuleRow {
                conditions: spec.describe(
                    m.supplier_id
                        .and_then(|s| supplier_names.get(&s))
                        .map(String::as_str),
                ),
                system: m.system_id.and_then(|s| system_names.get(&s).cloned()),
                function: set
                    .function_of(&spec)
                    .and_then(|f| function_names.get(&f).cloned()),
                model: m,
                lines,
                pence,
            }
        })
        .collect();
    Ok(RulesPage {
        rules,
        suppliers,
        systems,
        functions,
        lots: lots(conn).await?,
        can_edit,
    })
}

/// One rule, for its form.
pub async fn rule(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
) -> ServiceResult<(spend_rule::Model, usize)> {
    authorise(viewer, SpendAction::EditClassification)?;
    let rules = spend_rule::Entity::find()
        .order_by_asc(spend_rule::Column::Position)
        .order_by_asc(spend_rule::Column::Id)
        .all(&db.conn)
        .await?;
    let at = rules
        .iter()
        .position(|r| r.id == id)
        .ok_or(ServiceError::NotFound)?;
    Ok((rules[at].clone(), at + 1))
}
