//! A force's classified payments, each with what classified it (a rule, or an override and
//! its reason), the unclassified queue (sorted by value), and overriding the class of one
//! payment or many: the force's own people, with a reason, audited, the rollups moved in the
//! same transaction. Overrides outlive rule changes.

use super::load;
use super::rollup::{self, Scope, CLASS};
use crate::access::{authorise, can, SpendAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::money::Money;
use crate::spend::entity::{spend_override, spend_payment};
use crate::spend::types::{ImportState, SpendClass};
use crate::validation::FieldErrors;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, Set, Statement,
};

/// Payments a page shows.
pub const LINES_PER_PAGE: u64 = 50;
/// The most payments one override takes (a page's worth, twice over).
pub const MAX_OVERRIDE: usize = 100;

#[derive(Clone, Debug, FromQueryResult)]
pub struct LineRow {
    pub id: i32,
    pub paid_on: chrono::NaiveDate,
    pub supplier: String,
    pub description: String,
    pub expense_type: String,
    pub cost_centre: String,
    pub amount_pence: i64,
    pub class: String,
    pub rule_id: Option<i32>,
    pub rule_name: Option<String>,
    pub system_name: Option<String>,
    pub override_reason: Option<String>,
}

impl LineRow {
    pub fn class(&self) -> SpendClass {
        SpendClass::parse(&self.class).unwrap_or(SpendClass::Unclassified)
    }

    pub fn amount(&self) -> Money {
        Money::from_pence(self.amount_pence)
    }

    /// What gave the payment its class, in words.
    pub fn why(&self) -> String {
        if let Some(reason) = &self.override_reason {
            format!("Overridden by the force: {reason}")
        } else if let Some(name) = &self.rule_name {
            format!("Rule: {name}")
        } else {
            "No rule matches".into()
        }
    }
}

#[derive(Clone, Debug)]
pub struct LinesPage {
    pub force_id: i32,
    pub force: String,
    pub class: Option<SpendClass>,
    pub rows: Vec<LineRow>,
    pub total: u64,
    pub total_pence: i64,
    pub page: u64,
    pub pages: u64,
    pub can_override: bool,
    /// Every force, for the national body's chooser.
    pub forces: Vec<(i32, String)>,
}

#[derive(FromQueryResult)]
struct Totals {
    lines: i64,
    pence: Option<i64>,
}

/// The force's counted payments (of finished imports), in `class` if given, largest first.
pub async fn lines(
    db: &Db,
    viewer: Option<&Viewer>,
    force_id: i32,
    class: Option<SpendClass>,
    page: u64,
) -> ServiceResult<LinesPage> {
    authorise(viewer, SpendAction::ViewLines { org_id: force_id })?;
    let conn = &db.conn;
    let forces = load::forces(conn).await?;
    let force = forces
        .iter()
        .find(|(id, _)| *id == force_id)
        .map(|(_, n)| n.clone())
        .ok_or(ServiceError::NotFound)?;
    // The totals are the rollups' (they count exactly these payments); the rows are the
    // force's payments, largest first, each with its class: its override's, or its kind's.
    // The `CROSS JOIN`s keep SQLite reading the payments first.
    let which = match class {
        // The queue: few payments, found through the force's unclassified kinds (an override
        // is never unclassified), then sorted.
        Some(SpendClass::Unclassified) => format!(
            "p.override_id IS NULL AND p.kind_id IN (SELECT q.id FROM spend_kind q \
             WHERE q.force_id = {force_id} AND q.class = '{}')",
            SpendClass::Unclassified.as_str()
        ),
        // A common class: the force's payments walked largest first until a page is found.
        Some(c) => format!("p.force_id = {force_id} AND {CLASS} = '{}'", c.as_str()),
        None => format!("p.force_id = {force_id}"),
    };
    let backend = conn.get_database_backend();
    let totals = Totals::find_by_statement(Statement::from_string(
        backend,
        format!(
            "SELECT CAST(COALESCE(SUM(lines), 0) AS BIGINT) AS lines, \
             CAST(SUM(pence) AS BIGINT) AS pence FROM spend_rollup \
             WHERE force_id = {force_id}{}",
            class
                .map(|c| format!(" AND class = '{}'", c.as_str()))
                .unwrap_or_default()
        ),
    ))
    .one(conn)
    .await?
    .unwrap_or(Totals {
        lines: 0,
        pence: None,
    });
    let total = totals.lines.max(0) as u64;
    let pages = total.div_ceil(LINES_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let rows = LineRow::find_by_statement(Statement::from_string(
        backend,
        format!(
            "SELECT p.id, p.paid_on, s.name AS supplier, p.description, p.expense_type, \
             p.cost_centre, p.amount_pence, {CLASS} AS class, \
             CASE WHEN o.id IS NULL THEN k.rule_id END AS rule_id, r.name AS rule_name, \
             y.name AS system_name, o.reason AS override_reason \
             FROM spend_payment p CROSS JOIN spend_import i CROSS JOIN spend_kind k \
             JOIN spend_supplier s ON s.id = p.supplier_id \
             LEFT JOIN spend_override o ON o.id = p.override_id \
             LEFT JOIN spend_rule r ON r.id = k.rule_id AND o.id IS NULL \
             LEFT JOIN spend_system y ON y.id = k.system_id \
             WHERE i.id = p.import_id AND k.id = p.kind_id AND i.state = '{}' AND {which} \
             ORDER BY p.amount_pence DESC, p.id LIMIT {LINES_PER_PAGE} OFFSET {}",
            ImportState::Done.as_str(),
            (page - 1) * LINES_PER_PAGE
        ),
    ))
    .all(conn)
    .await?;
    let national = viewer.is_some_and(|v| v.is_national());
    Ok(LinesPage {
        force_id,
        force,
        class,
        rows,
        total,
        total_pence: totals.pence.unwrap_or(0),
        page,
        pages,
        can_override: can(viewer, SpendAction::OverrideLines { org_id: force_id }),
        forces: if national { forces } else { Vec::new() },
    })
}

/// Gives payments of the viewer's force a class of the force's choosing, with its reason.
/// Returns how many payments it changed.
pub async fn override_lines(
    db: &Db,
    viewer: Option<&Viewer>,
    force_id: i32,
    ids: &[i32],
    class: Option<SpendClass>,
    reason: &str,
) -> ServiceResult<u64> {
    let v = authorise(viewer, SpendAction::OverrideLines { org_id: force_id })?;
    let mut errors = FieldErrors::new();
    let mut ids: Vec<i32> = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        errors.add("lines", "Select the payments to reclassify");
    } else if ids.len() > MAX_OVERRIDE {
        errors.add(
            "lines",
            format!("Select {MAX_OVERRIDE} payments or fewer at a time"),
        );
    }
    let class = match class {
        Some(c @ (SpendClass::Legacy | SpendClass::New)) => Some(c),
        _ => {
            errors.add(
                "new_class",
                "Choose legacy maintenance or new technology for the payments",
            );
            None
        }
    };
    let reason = reason.trim();
    if reason.is_empty() {
        errors.add("reason", "Say why these payments are in this class");
    } else if reason.chars().count() > 500 {
        errors.add("reason", "The reason must be 500 characters or fewer");
    }
    errors.into_result().map_err(ServiceError::Invalid)?;
    let class = class.unwrap_or(SpendClass::Unclassified);
    let txn = db.write().await?;
    // Only the force's own payments, of finished imports: anything else is refused whole.
    let found = spend_payment::Entity::find()
        .filter(spend_payment::Column::Id.is_in(ids.clone()))
        .filter(spend_payment::Column::ForceId.eq(force_id))
        .all(&*txn)
        .await?;
    if found.len() != ids.len() {
        return Err(ServiceError::invalid(
            "lines",
            "Some of the selected payments are not your force's: nothing was changed",
        ));
    }
    let pence: i64 = found.iter().map(|p| p.amount_pence).sum();
    let was = classes_of(&*txn, &ids).await?;
    let scope = Scope::Payments(ids.clone());
    rollup::remove(&*txn, &scope).await?;
    let o = spend_override::ActiveModel {
        force_id: Set(force_id),
        class: Set(class),
        reason: Set(reason.to_string()),
        lines: Set(ids.len() as i64),
        created_by: Set(v.user_id),
        created_at: Set(db.now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let changed = spend_payment::Entity::update_many()
        .col_expr(spend_payment::Column::OverrideId, Expr::value(o.id))
        .filter(spend_payment::Column::Id.is_in(ids.clone()))
        .exec(&*txn)
        .await?
        .rows_affected;
    rollup::add(&*txn, &scope).await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::SPEND_LINES_OVERRIDDEN,
            "spend_override",
            o.id,
            serde_json::json!({
                "class": class.as_str(),
                "reason": reason,
                "payments": ids,
                "pence": pence,
                "was": was,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(changed)
}

/// The classes the payments `ids` have now, in the order of their ids.
async fn classes_of(conn: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<String>, DbErr> {
    #[derive(FromQueryResult)]
    struct Was {
        class: String,
    }
    let list = ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    Ok(Was::find_by_statement(Statement::from_string(
        conn.get_database_backend(),
        format!(
            "SELECT COALESCE(o.class, k.class, 'unclassified') AS class FROM spend_payment p \
             LEFT JOIN spend_kind k ON k.id = p.kind_id \
             LEFT JOIN spend_override o ON o.id = p.override_id \
             WHERE p.id IN ({list}) ORDER BY p.id"
        ),
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(|w| w.class)
    .collect())
}
