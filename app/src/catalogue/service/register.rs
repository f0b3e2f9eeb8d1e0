//! The contract register: every contract a force holds, whether it came from a catalogue
//! direct award or a shared procurement. A force sees its own; the national body every
//! force's. Filters are GET parameters (a shareable URL); one that cannot be read is ignored
//! with a message, never an error page. The CSV download is the same rows.

use super::projects::contracts_where;
use crate::access::{permit, CatalogueAction, Viewer};
use crate::catalogue::entity::contract;
use crate::catalogue::types::{ContractFilter, ContractRow, ContractSource, Register};
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::money::Money;
use crate::validation::FieldErrors;
use chrono::{Months, NaiveDate};
use sea_orm::{ColumnTrait, Condition};

fn who(viewer: Option<&Viewer>) -> ServiceResult<&Viewer> {
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    permit(viewer, CatalogueAction::ViewContracts { org_id: v.org_id })?;
    Ok(v)
}

fn id_of(typed: &str, field: &str, what: &str, errors: &mut FieldErrors) -> Option<i32> {
    let t = typed.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse() {
        Ok(i) => Some(i),
        Err(_) => {
            errors.add(field, format!("Choose a {what} from the list"));
            None
        }
    }
}

fn pounds_of(typed: &str, field: &str, what: &str, errors: &mut FieldErrors) -> Option<Money> {
    let t = typed.trim();
    if t.is_empty() {
        return None;
    }
    match Money::parse(t) {
        Ok(m) => Some(m),
        Err(_) => {
            errors.add(
                field,
                format!("The {what} must be an amount in pounds, like 50000 or £50,000"),
            );
            None
        }
    }
}

/// The conditions a filter sets (and the messages for what it could not read).
pub fn conditions(f: &ContractFilter, today: NaiveDate) -> (Condition, FieldErrors) {
    let mut errors = FieldErrors::new();
    let mut c = Condition::all();
    if let Some(i) = id_of(&f.force, "force", "force", &mut errors) {
        c = c.add(contract::Column::ForceId.eq(i));
    }
    if let Some(i) = id_of(&f.supplier, "supplier", "supplier", &mut errors) {
        c = c.add(contract::Column::SupplierId.eq(i));
    }
    if let Some(i) = id_of(&f.lot, "lot", "lot", &mut errors) {
        c = c.add(contract::Column::LotId.eq(i));
    }
    let min = pounds_of(&f.min, "min", "lowest value", &mut errors);
    let max = pounds_of(&f.max, "max", "highest value", &mut errors);
    if let (Some(a), Some(b)) = (min, max) {
        if a > b {
            errors.add("max", "The highest value must be at least the lowest");
        }
    }
    if let Some(m) = min {
        c = c.add(contract::Column::ValuePence.gte(m.pence()));
    }
    if let Some(m) = max {
        c = c.add(contract::Column::ValuePence.lte(m.pence()));
    }
    let ending = f.ending.trim();
    if !ending.is_empty() {
        match ending.parse::<u32>() {
            Ok(n) if (1..=120).contains(&n) => {
                let until = today.checked_add_months(Months::new(n)).unwrap_or(today);
                c = c
                    .add(contract::Column::EndDate.gte(today))
                    .add(contract::Column::EndDate.lte(until));
            }
            _ => errors.add(
                "ending",
                "Ending within must be a number of months from 1 to 120",
            ),
        }
    }
    let source = f.source.trim();
    if !source.is_empty() {
        match ContractSource::parse(source) {
            Some(s) => c = c.add(contract::Column::Source.eq(s)),
            None => errors.add("source", "Choose a source from the list"),
        }
    }
    (c, errors)
}

/// The register as the viewer may see it, filtered.
pub async fn register(
    db: &Db,
    viewer: Option<&Viewer>,
    f: &ContractFilter,
) -> ServiceResult<Register> {
    let v = who(viewer)?;
    let today = db.now().date_naive();
    let (mut cond, errors) = conditions(f, today);
    let national = v.is_national();
    if !national {
        // A force's register is its own, whatever the URL asks.
        cond = cond.add(contract::Column::ForceId.eq(v.org_id));
    }
    let rows = contracts_where(&db.conn, cond).await?;
    // The filters' choices come from the contracts the viewer may see at all.
    let visible = if national {
        contracts_where(&db.conn, Condition::all()).await?
    } else {
        contracts_where(&db.conn, contract::Column::ForceId.eq(v.org_id)).await?
    };
    let mut forces: Vec<(i32, String)> = visible
        .iter()
        .map(|c| (c.force_id, c.force_name.clone()))
        .collect();
    let mut suppliers: Vec<(i32, String)> = visible
        .iter()
        .map(|c| (c.supplier_id, c.supplier_name.clone()))
        .collect();
    forces.sort_by(|a, b| a.1.cmp(&b.1));
    forces.dedup();
    suppliers.sort_by(|a, b| a.1.cmp(&b.1));
    suppliers.dedup();
    let lots = crate::procurement::service::load::lot_choices(&db.conn).await?;
    let total = Money::from_pence(rows.iter().map(|r| r.value.pence()).sum());
    Ok(Register {
        rows,
        total,
        forces,
        suppliers,
        lots,
        errors,
        national,
    })
}

/// One contract, if the viewer may see it.
pub async fn contract_detail(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
) -> ServiceResult<ContractRow> {
    let v = who(viewer)?;
    let mut cond = Condition::all().add(contract::Column::Id.eq(id));
    if !v.is_national() {
        cond = cond.add(contract::Column::ForceId.eq(v.org_id));
    }
    contracts_where(&db.conn, cond)
        .await?
        .into_iter()
        .next()
        .ok_or(ServiceError::NotFound)
}

/// A force's contracts ending within `months` (soonest first): its home page's list.
pub async fn ending_soon(
    db: &Db,
    viewer: Option<&Viewer>,
    months: u32,
) -> ServiceResult<Vec<ContractRow>> {
    let v = who(viewer)?;
    let today = db.now().date_naive();
    let until = today
        .checked_add_months(Months::new(months))
        .unwrap_or(today);
    let mut rows = contracts_where(
        &db.conn,
        Condition::all()
            .add(contract::Column::ForceId.eq(v.org_id))
            .add(contract::Column::EndDate.gte(today))
            .add(contract::Column::EndDate.lte(until)),
    )
    .await?;
    rows.sort_by_key(|r| r.end_date);
    Ok(rows)
}

/// The register's rows as CSV (cells that a spreadsheet would run as formulas are defused).
pub fn csv(rows: &[ContractRow]) -> ServiceResult<Vec<u8>> {
    use crate::ui::download::safe_cell;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| ServiceError::Internal(format!("contracts CSV: {e}"));
    w.write_record([
        "id",
        "reference",
        "force",
        "supplier",
        "title",
        "value",
        "start",
        "end",
        "lot",
        "source",
        "procurement",
        "share of value",
    ])
    .map_err(io)?;
    for r in rows {
        w.write_record([
            r.id.to_string(),
            safe_cell(&r.reference),
            safe_cell(&r.force_name),
            safe_cell(&r.supplier_name),
            safe_cell(&r.title),
            crate::catalogue::search::request::pounds(r.value),
            r.start_date.to_string(),
            r.end_date.to_string(),
            safe_cell(&r.lot),
            r.source.as_str().to_string(),
            r.procurement_id.map(|p| p.to_string()).unwrap_or_default(),
            safe_cell(r.share_method.as_deref().unwrap_or("")),
        ])
        .map_err(io)?;
    }
    w.into_inner()
        .map_err(|e| ServiceError::Internal(format!("contracts CSV: {e}")))
}
