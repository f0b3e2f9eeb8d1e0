//! Where forces pay separately for the same thing, and what could replace it:
//!
//! - **aggregation opportunities**: a supplier, or a function, paid by three or more forces in
//!   a financial year (from the rollups), with the combined value and each force's share; and, from the
//!   systems register, one product run by several forces with their maintenance costs and
//!   end-of-support dates. Either starts a shared procurement, pre-filled, with those forces
//!   invited;
//! - **the replacement planner**: systems reaching end of support in the next 24 months, what
//!   they cost to maintain, the catalogue services that can replace their function, the other
//!   forces running the same product, and the route (a direct award from the catalogue or a
//!   shared procurement).
//!
//! Spend over £500 is published by every force, so a force's people see the other forces'
//! shares in the opportunities their own force is part of.

use crate::access::{authorise, can, ProcurementAction, SpendAction, Viewer};
use crate::catalogue::service::SearchRequest;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::money::Money;
use crate::spend::classify::{self, year_label};
use crate::spend::entity::{spend_supplier, spend_system};
use crate::spend::register::SystemStatus;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, Statement,
};
use std::collections::{BTreeMap, HashMap};

/// Forces paying one supplier before it counts as an opportunity.
pub const MIN_FORCES: usize = 3;

#[derive(Clone, Debug)]
pub struct ForceShare {
    pub force_id: i32,
    pub force: String,
    pub pence: i64,
}

#[derive(Clone, Debug)]
pub struct SupplierOpportunity {
    pub supplier_id: i32,
    pub supplier: String,
    pub total: Money,
    pub forces: Vec<ForceShare>,
}

/// A legacy function (ANPR, command and control, ...) that three or more forces paid for
/// separately in a year, whichever suppliers they paid.
#[derive(Clone, Debug)]
pub struct FunctionOpportunity {
    pub function_id: i32,
    pub function: String,
    pub total: Money,
    pub forces: Vec<ForceShare>,
}

#[derive(Clone, Debug)]
pub struct ProductForce {
    pub force_id: i32,
    pub force: String,
    pub maintenance: Option<Money>,
    pub end_of_support: Option<chrono::NaiveDate>,
    pub status: SystemStatus,
}

#[derive(Clone, Debug)]
pub struct ProductOpportunity {
    pub product: String,
    pub supplier: String,
    pub function: Option<String>,
    pub function_id: Option<i32>,
    pub forces: Vec<ProductForce>,
    pub maintenance: Money,
}

#[derive(Clone, Debug)]
pub struct Opportunities {
    pub year: i32,
    pub years: Vec<i32>,
    pub suppliers: Vec<SupplierOpportunity>,
    pub functions: Vec<FunctionOpportunity>,
    pub products: Vec<ProductOpportunity>,
    /// The viewer's force may lead a shared procurement (a force's people).
    pub can_start: bool,
}

impl Opportunities {
    pub fn year_label(&self) -> String {
        year_label(self.year)
    }
}

#[derive(FromQueryResult)]
struct Row {
    key_id: i32,
    force_id: i32,
    pence: i64,
}

#[derive(FromQueryResult)]
struct YearRow {
    year: i32,
}

async fn forces_by_id(conn: &impl ConnectionTrait) -> ServiceResult<HashMap<i32, String>> {
    Ok(super::load::forces(conn).await?.into_iter().collect())
}

/// What each force paid in `year` for each `key` (a supplier or a function) of a rollup
/// `table`, keys paid by at least [`MIN_FORCES`] forces only, each key's forces largest
/// share first.
async fn paid_separately(
    conn: &impl ConnectionTrait,
    table: &str,
    key: &str,
    year: i32,
    forces: &HashMap<i32, String>,
) -> ServiceResult<BTreeMap<i32, Vec<ForceShare>>> {
    // Function 0 stands for "no function given": not a thing forces could buy together.
    let rows = Row::find_by_statement(Statement::from_string(
        conn.get_database_backend(),
        format!(
            "SELECT {key} AS key_id, force_id, CAST(SUM(pence) AS BIGINT) AS pence \
             FROM {table} WHERE year = {year} AND {key} <> 0 GROUP BY {key}, force_id"
        ),
    ))
    .all(conn)
    .await?;
    let mut by: BTreeMap<i32, Vec<ForceShare>> = BTreeMap::new();
    for r in rows.into_iter().filter(|r| r.pence > 0) {
        by.entry(r.key_id).or_default().push(ForceShare {
            force_id: r.force_id,
            force: forces.get(&r.force_id).cloned().unwrap_or_default(),
            pence: r.pence,
        });
    }
    by.retain(|_, f| f.len() >= MIN_FORCES);
    for f in by.values_mut() {
        f.sort_by(|a, b| b.pence.cmp(&a.pence).then(a.force.cmp(&b.force)));
    }
    Ok(by)
}

fn total(forces: &[ForceShare]) -> Money {
    Money::from_pence(forces.iter().map(|f| f.pence).sum())
}

/// Suppliers paid by at least [`MIN_FORCES`] forces in `year`, largest first.
async fn supplier_opportunities(
    conn: &impl ConnectionTrait,
    year: i32,
    forces: &HashMap<i32, String>,
) -> ServiceResult<Vec<SupplierOpportunity>> {
    let by = paid_separately(conn, "spend_rollup_supplier", "supplier_id", year, forces).await?;
    let names: HashMap<i32, String> = spend_supplier::Entity::find()
        .filter(spend_supplier::Column::Id.is_in(by.keys().copied().collect::<Vec<_>>()))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let mut out: Vec<SupplierOpportunity> = by
        .into_iter()
        .map(|(id, forces)| SupplierOpportunity {
            supplier_id: id,
            supplier: names.get(&id).cloned().unwrap_or_default(),
            total: total(&forces),
            forces,
        })
        .collect();
    out.sort_by_key(|x| std::cmp::Reverse(x.total.pence()));
    Ok(out)
}

/// Functions paid for by at least [`MIN_FORCES`] forces in `year` (the function a payment's
/// rule gives), largest first.
async fn function_opportunities(
    conn: &impl ConnectionTrait,
    year: i32,
    forces: &HashMap<i32, String>,
) -> ServiceResult<Vec<FunctionOpportunity>> {
    let by = paid_separately(conn, "spend_rollup_function", "function_id", year, forces).await?;
    let names: HashMap<i32, String> = super::functions(conn).await?.into_iter().collect();
    let mut out: Vec<FunctionOpportunity> = by
        .into_iter()
        .map(|(id, forces)| FunctionOpportunity {
            function_id: id,
            function: names.get(&id).cloned().unwrap_or_default(),
            total: total(&forces),
            forces,
        })
        .collect();
    out.sort_by_key(|x| std::cmp::Reverse(x.total.pence()));
    Ok(out)
}

/// Products in the register run by at least two forces, by their maintenance cost.
async fn product_opportunities(
    conn: &impl ConnectionTrait,
    forces: &HashMap<i32, String>,
) -> ServiceResult<Vec<ProductOpportunity>> {
    let functions: HashMap<i32, String> = super::functions(conn).await?.into_iter().collect();
    let mut by: BTreeMap<(String, String), ProductOpportunity> = BTreeMap::new();
    for s in spend_system::Entity::find()
        .filter(spend_system::Column::Status.ne(SystemStatus::Planned))
        .all(conn)
        .await?
    {
        let e = by
            .entry((s.product.to_lowercase(), s.supplier.to_lowercase()))
            .or_insert_with(|| ProductOpportunity {
                product: s.product.clone(),
                supplier: s.supplier.clone(),
                function: s.function_id.and_then(|f| functions.get(&f).cloned()),
                function_id: s.function_id,
                forces: Vec::new(),
                maintenance: Money::ZERO,
            });
        e.maintenance =
            Money::from_pence(e.maintenance.pence() + s.annual_maintenance_pence.unwrap_or(0));
        e.forces.push(ProductForce {
            force_id: s.force_id,
            force: forces.get(&s.force_id).cloned().unwrap_or_default(),
            maintenance: s.annual_maintenance_pence.map(Money::from_pence),
            end_of_support: s.end_of_support,
            status: s.status,
        });
    }
    let mut out: Vec<ProductOpportunity> = by
        .into_values()
        .filter(|p| p.forces.len() >= 2)
        .map(|mut p| {
            p.forces.sort_by(|a, b| a.force.cmp(&b.force));
            p
        })
        .collect();
    out.sort_by_key(|x| std::cmp::Reverse(x.maintenance.pence()));
    Ok(out)
}

pub async fn opportunities(
    db: &Db,
    viewer: Option<&Viewer>,
    year: Option<i32>,
) -> ServiceResult<Opportunities> {
    let v = authorise(viewer, SpendAction::ViewDashboards)?;
    let conn = &db.conn;
    let forces = forces_by_id(conn).await?;
    let years: Vec<i32> = YearRow::find_by_statement(Statement::from_string(
        conn.get_database_backend(),
        "SELECT DISTINCT year FROM spend_rollup_supplier ORDER BY year".to_string(),
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(|r| r.year)
    .collect();
    let this_year = classify::financial_year(db.now().date_naive());
    let year = year.unwrap_or_else(|| {
        years
            .iter()
            .rev()
            .find(|y| **y < this_year)
            .or(years.last())
            .copied()
            .unwrap_or(this_year - 1)
    });
    let mut suppliers = supplier_opportunities(conn, year, &forces).await?;
    let mut functions = function_opportunities(conn, year, &forces).await?;
    let mut products = product_opportunities(conn, &forces).await?;
    if !v.is_national() {
        // A force's people: the opportunities their force is part of.
        suppliers.retain(|s| s.forces.iter().any(|f| f.force_id == v.org_id));
        functions.retain(|s| s.forces.iter().any(|f| f.force_id == v.org_id));
        products.retain(|p| p.forces.iter().any(|f| f.force_id == v.org_id));
    }
    suppliers.truncate(50);
    products.truncate(50);
    Ok(Opportunities {
        year,
        years,
        suppliers,
        functions,
        products,
        can_start: can(
            viewer,
            ProcurementAction::RunProcurement { org_id: v.org_id },
        ),
    })
}

/// What a shared procurement started from an opportunity is pre-filled with.
#[derive(Clone, Debug)]
pub struct Prefill {
    pub title: String,
    pub summary: String,
    pub description: String,
    pub invited: Vec<i32>,
    pub lot: Option<i32>,
}

/// The opportunity a shared procurement starts from: a supplier or a function paid
/// separately in a financial year, or a product several forces run.
#[derive(Clone, Debug)]
pub enum StartFrom {
    Supplier { id: i32, year: Option<i32> },
    Function { id: i32, year: Option<i32> },
    Product(String),
}

fn choose_year(year: Option<i32>) -> ServiceResult<i32> {
    year.ok_or_else(|| ServiceError::invalid("year", "Choose a year"))
}

fn share_list(forces: &[ForceShare]) -> String {
    forces
        .iter()
        .map(|f| format!("- {}: {}", f.force, Money::from_pence(f.pence)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The catalogue lot most of the services that can replace `function` are on: the lot a
/// shared procurement for that function most likely runs on.
async fn lot_for_function(db: &Db, viewer: Option<&Viewer>, function: i32) -> Option<i32> {
    let (request, _) = SearchRequest::from_pairs([("can_replace", function.to_string())]);
    let result = crate::catalogue::service::search(db, viewer, &request)
        .await
        .ok()?;
    result
        .facets
        .iter()
        .find(|f| f.facet.key == crate::catalogue::search::facets::LOT.key)?
        .options
        .iter()
        .filter(|o| o.count > 0)
        .max_by_key(|o| o.count)
        .and_then(|o| o.value.parse().ok())
}

/// Starts a shared procurement from an opportunity: a draft led by the viewer's force, its
/// title, summary, description (and, for a function, lot) filled in, the other forces named
/// in it invited when it opens. Returns the draft's id.
pub async fn start_procurement(
    db: &Db,
    viewer: Option<&Viewer>,
    from: StartFrom,
) -> ServiceResult<i32> {
    let v = authorise(viewer, SpendAction::ViewDashboards)?;
    let conn = &db.conn;
    let forces = forces_by_id(conn).await?;
    let prefill = match from {
        StartFrom::Supplier { id, year } => {
            let year = choose_year(year)?;
            let o = supplier_opportunities(conn, year, &forces)
                .await?
                .into_iter()
                .find(|o| o.supplier_id == id)
                .ok_or(ServiceError::NotFound)?;
            Prefill {
                title: format!("Joint buying: {} for {} forces", o.supplier, o.forces.len()),
                summary: format!(
                    "{} forces paid {} separately in {} ({} in all). Buying together could cut the price and the work.",
                    o.forces.len(),
                    o.supplier,
                    year_label(year),
                    o.total
                ),
                description: format!(
                    "In {} these forces paid {} separately:\n{}\n\nDescribe here what the forces buy from this supplier, and what they need next.",
                    year_label(year),
                    o.supplier,
                    share_list(&o.forces)
                ),
                invited: o.forces.iter().map(|f| f.force_id).collect(),
                lot: None,
            }
        }
        StartFrom::Function { id, year } => {
            let year = choose_year(year)?;
            let o = function_opportunities(conn, year, &forces)
                .await?
                .into_iter()
                .find(|o| o.function_id == id)
                .ok_or(ServiceError::NotFound)?;
            Prefill {
                title: format!("Joint buying: {} for {} forces", o.function, o.forces.len()),
                summary: format!(
                    "{} forces paid separately for {} in {} ({} in all). Buying together could cut the price and the work.",
                    o.forces.len(),
                    o.function,
                    year_label(year),
                    o.total
                ),
                description: format!(
                    "In {} these forces paid separately for {}:\n{}\n\nDescribe here what the forces need {} to do.",
                    year_label(year),
                    o.function,
                    share_list(&o.forces),
                    o.function
                ),
                invited: o.forces.iter().map(|f| f.force_id).collect(),
                lot: lot_for_function(db, viewer, id).await,
            }
        }
        StartFrom::Product(p) => {
            let o = product_opportunities(conn, &forces)
                .await?
                .into_iter()
                .find(|o| o.product == p)
                .ok_or(ServiceError::NotFound)?;
            let list: Vec<String> = o
                .forces
                .iter()
                .map(|f| {
                    format!(
                        "- {}: {} a year to maintain{}",
                        f.force,
                        f.maintenance
                            .map(|m| m.to_string())
                            .unwrap_or("unknown".into()),
                        f.end_of_support
                            .map(|d| format!(", end of support {}", d.format("%-d %B %Y")))
                            .unwrap_or_default()
                    )
                })
                .collect();
            Prefill {
                title: format!("Replacing {} across {} forces", o.product, o.forces.len()),
                summary: format!(
                    "{} forces run {} from {}, costing {} a year to maintain. Replacing it together could cut the cost and the risk.",
                    o.forces.len(),
                    o.product,
                    o.supplier,
                    o.maintenance
                ),
                description: format!(
                    "These forces run {} ({}):\n{}\n\nDescribe here what a replacement must do.",
                    o.product,
                    o.function.clone().unwrap_or_else(|| "function not recorded".into()),
                    list.join("\n")
                ),
                invited: o.forces.iter().map(|f| f.force_id).collect(),
                lot: match o.function_id {
                    Some(f) => lot_for_function(db, viewer, f).await,
                    None => None,
                },
            }
        }
    };
    if !v.is_national() && !prefill.invited.contains(&v.org_id) {
        // A force starts one only from an opportunity it is part of.
        return Err(ServiceError::Forbidden);
    }
    let title: String = prefill
        .title
        .chars()
        .take(crate::procurement::form::TITLE_CHARS)
        .collect();
    let id = crate::procurement::service::create_draft(db, viewer, &title).await?;
    let mut fields = crate::procurement::form::Fields::new();
    fields.insert("title".into(), title);
    fields.insert("summary".into(), prefill.summary);
    fields.insert("description".into(), prefill.description);
    if let Some(lot) = prefill.lot {
        fields.insert("lot".into(), lot.to_string());
    }
    let invited: Vec<String> = prefill
        .invited
        .iter()
        .filter(|f| **f != v.org_id)
        .map(i32::to_string)
        .collect();
    fields.insert("invited".into(), invited.join(","));
    crate::procurement::service::save_draft(db, viewer, id, fields).await?;
    Ok(id)
}

/// A catalogue service that can replace a function, with its police facts.
#[derive(Clone, Debug)]
pub struct Replacement {
    pub service_id: i32,
    pub name: String,
    pub supplier: String,
}

#[derive(Clone, Debug)]
pub struct PlanRow {
    pub system_id: i32,
    pub force: String,
    pub name: String,
    pub product: String,
    pub supplier: String,
    pub function: Option<String>,
    pub function_id: Option<i32>,
    pub end_of_support: Option<chrono::NaiveDate>,
    pub maintenance: Option<Money>,
    pub status: SystemStatus,
    pub other_forces: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct FunctionPlan {
    pub function_id: Option<i32>,
    pub function: String,
    pub rows: Vec<PlanRow>,
    pub maintenance: Money,
    pub replacements: Vec<Replacement>,
    pub replacements_total: u64,
}

#[derive(Clone, Debug)]
pub struct Planner {
    pub scope: String,
    pub force: Option<i32>,
    pub function: Option<i32>,
    pub today: chrono::NaiveDate,
    pub until: chrono::NaiveDate,
    pub groups: Vec<FunctionPlan>,
    pub forces: Vec<(i32, String)>,
    pub functions: Vec<(i32, String)>,
    pub can_start: bool,
}

/// Months ahead the planner looks.
pub const PLANNER_MONTHS: u32 = 24;

/// The replacement planner for one force (a force's people: their own) or, for the national
/// body, every force; narrowed to one function if asked.
pub async fn planner(
    db: &Db,
    viewer: Option<&Viewer>,
    force: Option<i32>,
    function: Option<i32>,
) -> ServiceResult<Planner> {
    let v = authorise(viewer, SpendAction::ViewDashboards)?;
    let conn = &db.conn;
    let force = if v.is_national() {
        force
    } else {
        Some(force.unwrap_or(v.org_id))
    };
    if let Some(f) = force {
        authorise(viewer, SpendAction::ViewSystems { org_id: f })?;
    }
    let forces = forces_by_id(conn).await?;
    let functions = super::functions(conn).await?;
    let function_names: HashMap<i32, String> = functions.iter().cloned().collect();
    let today = db.now().date_naive();
    let until = today
        .checked_add_months(chrono::Months::new(PLANNER_MONTHS))
        .unwrap_or(today);
    let all = spend_system::Entity::find()
        .order_by_asc(spend_system::Column::EndOfSupport)
        .all(conn)
        .await?;
    // Who runs each product, for "other forces running it".
    let mut runners: HashMap<String, Vec<i32>> = HashMap::new();
    for s in &all {
        runners
            .entry(s.product.to_lowercase())
            .or_default()
            .push(s.force_id);
    }
    let mut groups: BTreeMap<Option<i32>, FunctionPlan> = BTreeMap::new();
    for s in all.iter().filter(|s| {
        s.status != SystemStatus::Planned
            && s.end_of_support.is_some_and(|d| d <= until)
            && force.is_none_or(|f| s.force_id == f)
            && function.is_none_or(|f| s.function_id == Some(f))
    }) {
        let mut other: Vec<String> = runners
            .get(&s.product.to_lowercase())
            .into_iter()
            .flatten()
            .filter(|f| **f != s.force_id)
            .filter_map(|f| forces.get(f).cloned())
            .collect();
        other.sort();
        other.dedup();
        let g = groups.entry(s.function_id).or_insert_with(|| FunctionPlan {
            function_id: s.function_id,
            function: s
                .function_id
                .and_then(|f| function_names.get(&f).cloned())
                .unwrap_or_else(|| "Function not recorded".into()),
            rows: Vec::new(),
            maintenance: Money::ZERO,
            replacements: Vec::new(),
            replacements_total: 0,
        });
        g.maintenance =
            Money::from_pence(g.maintenance.pence() + s.annual_maintenance_pence.unwrap_or(0));
        g.rows.push(PlanRow {
            system_id: s.id,
            force: forces.get(&s.force_id).cloned().unwrap_or_default(),
            name: s.name.clone(),
            product: s.product.clone(),
            supplier: s.supplier.clone(),
            function: g.function.clone().into(),
            function_id: s.function_id,
            end_of_support: s.end_of_support,
            maintenance: s.annual_maintenance_pence.map(Money::from_pence),
            status: s.status,
            other_forces: other,
        });
    }
    // What on the catalogue can replace each function: the catalogue's own search, so the
    // services and their count are the ones a buyer following the link sees.
    for g in groups.values_mut() {
        let Some(fid) = g.function_id else { continue };
        let (request, _) = SearchRequest::from_pairs([("can_replace", fid.to_string())]);
        if let Ok(result) = crate::catalogue::service::search(db, viewer, &request).await {
            g.replacements_total = result.total;
            g.replacements = result
                .hits
                .into_iter()
                .take(3)
                .map(|h| Replacement {
                    service_id: h.service.id,
                    name: h.service.name.clone(),
                    supplier: h.service.supplier_name.clone(),
                })
                .collect();
        }
    }
    let mut groups: Vec<FunctionPlan> = groups.into_values().collect();
    groups.sort_by_key(|x| std::cmp::Reverse(x.maintenance.pence()));
    let scope = match force {
        Some(f) => forces.get(&f).cloned().unwrap_or_default(),
        None => "All forces".into(),
    };
    let mut force_list: Vec<(i32, String)> = forces.into_iter().collect();
    force_list.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(Planner {
        scope,
        force,
        function,
        today,
        until,
        groups,
        forces: if v.is_national() {
            force_list
        } else {
            Vec::new()
        },
        functions,
        can_start: can(
            viewer,
            ProcurementAction::RunProcurement { org_id: v.org_id },
        ),
    })
}
