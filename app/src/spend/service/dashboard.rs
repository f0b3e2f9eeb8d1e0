//! The spend dashboards, read from the rollups (never the payments): total technology spend
//! and its legacy share by year, quarter or month, against the national body's target and
//! whether the trend meets it; forces ranked by legacy share; top suppliers; the legacy
//! systems that cost most to maintain; money through contracts and off contract.
//!
//! The national body sees every force. A force's people see their own force beside their
//! region's and the national figures, which are aggregates; another force's figures alone
//! are refused.

use crate::access::{authorise, can, SpendAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::organisation;
use crate::identity::types::OrgKind;
use crate::money::Money;
use crate::spend::classify::{self, projected_share, share, year_and_quarter, year_label};
use crate::spend::entity::{spend_supplier, spend_target};
use crate::spend::register::SystemStatus;
use crate::spend::types::SpendClass;
use crate::validation::FieldErrors;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, Set, Statement,
};
use std::collections::{BTreeMap, HashMap};

/// Financial years the figures over time cover, this one included.
pub const YEARS_SHOWN: i32 = 10;
/// Complete years the trend against the target is drawn through.
pub const TREND_YEARS: i32 = 5;

/// How the figures over time are grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    #[default]
    Year,
    Quarter,
    Month,
}

impl Period {
    pub fn parse(s: &str) -> Option<Period> {
        match s {
            "year" => Some(Period::Year),
            "quarter" => Some(Period::Quarter),
            "month" => Some(Period::Month),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Period::Year => "year",
            Period::Quarter => "quarter",
            Period::Month => "month",
        }
    }
}

/// The dashboard's GET parameters as typed.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
pub struct DashboardQuery {
    #[serde(default)]
    pub force: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub class: String,
    #[serde(default)]
    pub supplier: String,
    /// A legacy function's id from the national body's list.
    #[serde(default)]
    pub function: String,
    /// `national`: every force's figures, for a force's people (who otherwise start at
    /// their own force).
    #[serde(default)]
    pub scope: String,
}

/// The filters as read.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub force: Option<i32>,
    pub region: Option<String>,
    pub year: Option<i32>,
    pub period: Period,
    pub class: Option<SpendClass>,
    pub supplier: Option<i32>,
    pub function: Option<i32>,
    pub all_forces: bool,
}

impl Filter {
    /// The filters in a query string (without `?`), for links and the CSV download.
    pub fn query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(f) = self.force {
            parts.push(format!("force={f}"));
        }
        if let Some(r) = &self.region {
            parts.push(format!("region={}", urlencoding::encode(r)));
        }
        if let Some(y) = self.year {
            parts.push(format!("year={y}"));
        }
        if self.period != Period::Year {
            parts.push(format!("period={}", self.period.as_str()));
        }
        if let Some(c) = self.class {
            parts.push(format!("class={}", c.as_str()));
        }
        if let Some(s) = self.supplier {
            parts.push(format!("supplier={s}"));
        }
        if let Some(f) = self.function {
            parts.push(format!("function={f}"));
        }
        if self.all_forces {
            parts.push("scope=national".into());
        }
        parts.join("&")
    }
}

/// Money by class over one period (or one force, or one supplier).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Point {
    pub label: String,
    pub legacy: i64,
    pub new: i64,
    pub unclassified: i64,
}

impl Point {
    fn add(&mut self, class: &str, pence: i64) {
        match SpendClass::parse(class) {
            Some(SpendClass::Legacy) => self.legacy += pence,
            Some(SpendClass::New) => self.new += pence,
            _ => self.unclassified += pence,
        }
    }

    pub fn total(&self) -> i64 {
        self.legacy + self.new + self.unclassified
    }

    /// Legacy maintenance as a share of all technology spend (unclassified included, so a
    /// large queue shows as a lower share, never a hidden one).
    pub fn share(&self) -> Option<Decimal> {
        share(self.legacy, self.total())
    }
}

#[derive(Clone, Debug)]
pub struct Target {
    pub percent: i32,
    pub by_year: i32,
    pub set_at: chrono::DateTime<chrono::Utc>,
}

/// A legacy product, across the forces in scope that run it.
#[derive(Clone, Debug)]
pub struct LegacySystem {
    pub product: String,
    pub supplier: String,
    pub forces: usize,
    pub maintenance: Money,
    pub end_of_support: Option<chrono::NaiveDate>,
}

#[derive(Clone, Debug)]
pub struct Dashboard {
    pub filter: Filter,
    /// What the figures cover: "All forces", a region, a force.
    pub scope: String,
    pub national_viewer: bool,
    /// The viewer's own force and its region, for a force's people.
    pub own_force: Option<(i32, String)>,
    pub own_region: Option<String>,
    pub years: Vec<i32>,
    pub year: i32,
    pub series: Vec<Point>,
    pub yearly: Vec<Point>,
    /// For a force's people: legacy share by year for their force, their region, nationally.
    pub comparison: Vec<(String, Vec<Point>)>,
    pub target: Option<Target>,
    pub projected: Option<Decimal>,
    pub on_track: Option<bool>,
    pub ranking: Vec<(i32, Point)>,
    pub suppliers: Vec<(i32, Point)>,
    /// Money by function in the year, most new technology first (id 0: no function given).
    pub functions: Vec<(i32, Point)>,
    pub legacy_systems: Vec<LegacySystem>,
    pub on_contract: i64,
    pub off_contract: i64,
    pub forces: Vec<(i32, String)>,
    pub regions: Vec<String>,
    pub supplier_choices: Vec<(i32, String)>,
    pub function_choices: Vec<(i32, String)>,
    pub can_set_target: bool,
    pub notes: Vec<String>,
}

impl Dashboard {
    pub fn year_label(&self) -> String {
        year_label(self.year)
    }
}

fn parse_id(s: &str, field: &str, errors: &mut FieldErrors) -> Option<i32> {
    match s.trim() {
        "" => None,
        t => match t.parse() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.add(field, format!("“{t}” is not one of the choices"));
                None
            }
        },
    }
}

/// Reads the GET parameters: a value that is not a choice is an error naming it (a 400
/// page), never silently dropped.
pub fn read_query(q: &DashboardQuery) -> Result<Filter, FieldErrors> {
    let mut errors = FieldErrors::new();
    let force = parse_id(&q.force, "force", &mut errors);
    let supplier = parse_id(&q.supplier, "supplier", &mut errors);
    let function = parse_id(&q.function, "function", &mut errors);
    let year = match q.year.trim() {
        "" => None,
        t => match t.parse::<i32>() {
            Ok(y) if (1990..=2100).contains(&y) => Some(y),
            _ => {
                errors.add("year", format!("“{t}” is not a financial year"));
                None
            }
        },
    };
    let period = match q.period.trim() {
        "" => Period::Year,
        t => Period::parse(t).unwrap_or_else(|| {
            errors.add("period", "Choose years, quarters or months");
            Period::Year
        }),
    };
    let class = match q.class.trim() {
        "" => None,
        t => SpendClass::parse(t).or_else(|| {
            errors.add("class", format!("“{t}” is not a class of spend"));
            None
        }),
    };
    let region = Some(q.region.trim().to_string()).filter(|r| !r.is_empty());
    errors.into_result()?;
    Ok(Filter {
        force,
        region,
        year,
        period,
        class,
        supplier,
        function,
        all_forces: q.scope.trim() == "national",
    })
}

/// Money by class under one key (a year, a month, a force, a supplier, a function): a row
/// of a rollup query.
#[derive(FromQueryResult)]
struct KeyRow {
    k: i32,
    class: String,
    pence: i64,
}

/// The same with the key's name, where the query joins it.
#[derive(FromQueryResult)]
struct NamedRow {
    k: i32,
    name: String,
    class: String,
    pence: i64,
}

/// The forces a figure covers, as a condition on rollup `r`: one force, a region's forces
/// or every force. A region is its forces' ids (integers, from the forces already read),
/// so each rollup is read alone through its key, never joined row by row to the forces.
fn scope_sql(force: Option<i32>, region: Option<&[i32]>) -> String {
    let mut text = String::from("1 = 1");
    if let Some(f) = force {
        text.push_str(&format!(" AND r.force_id = {f}"));
    }
    match region {
        // `IN ()` is no SQL PostgreSQL takes: a region with no forces covers nothing.
        Some([]) => text.push_str(" AND 1 = 0"),
        Some(ids) => {
            let ids: Vec<String> = ids.iter().map(i32::to_string).collect();
            text.push_str(&format!(" AND r.force_id IN ({})", ids.join(", ")));
        }
        None => {}
    }
    text
}

async fn key_rows(conn: &impl ConnectionTrait, text: String) -> ServiceResult<Vec<KeyRow>> {
    Ok(
        KeyRow::find_by_statement(Statement::from_string(conn.get_database_backend(), text))
            .all(conn)
            .await?,
    )
}

fn grouped(rows: Vec<KeyRow>, names: &HashMap<i32, String>) -> Vec<(i32, Point)> {
    let mut by: HashMap<i32, Point> = HashMap::new();
    for r in rows {
        by.entry(r.k)
            .or_insert_with(|| Point {
                label: names.get(&r.k).cloned().unwrap_or_default(),
                ..Point::default()
            })
            .add(&r.class, r.pence);
    }
    by.into_iter().collect()
}

/// Money by financial year from `first_year`, in year order: `rollup` is a yearly rollup
/// (as `r`), `condition` which of its rows.
async fn by_years(
    conn: &impl ConnectionTrait,
    rollup: &str,
    condition: &str,
    first_year: i32,
) -> ServiceResult<Vec<(i32, Point)>> {
    let rows = key_rows(
        conn,
        format!(
            "SELECT r.year AS k, r.class, CAST(SUM(r.pence) AS BIGINT) AS pence \
             FROM {rollup} r WHERE r.year >= {first_year} AND {condition} \
             GROUP BY r.year, r.class"
        ),
    )
    .await?;
    let labels: HashMap<i32, String> = rows.iter().map(|r| (r.k, year_label(r.k))).collect();
    let mut points = grouped(rows, &labels);
    points.sort_by_key(|(y, _)| *y);
    Ok(points)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Money by quarter or month in financial year `year`, from the month rollup.
async fn within_year(
    conn: &impl ConnectionTrait,
    scope: &str,
    year: i32,
    period: Period,
) -> ServiceResult<Vec<Point>> {
    let rows = key_rows(
        conn,
        format!(
            "SELECT r.month AS k, r.class, CAST(SUM(r.pence) AS BIGINT) AS pence \
             FROM spend_rollup r WHERE r.month BETWEEN {} AND {} AND {scope} \
             GROUP BY r.month, r.class",
            year * 100 + 4,
            (year + 1) * 100 + 3
        ),
    )
    .await?;
    let mut points: BTreeMap<i32, Point> = BTreeMap::new();
    for r in rows {
        let (_, q) = year_and_quarter(r.k);
        let (key, label) = match period {
            Period::Quarter => (
                q as i32,
                format!(
                    "Q{q} ({})",
                    ["Apr to Jun", "Jul to Sep", "Oct to Dec", "Jan to Mar"][q as usize - 1]
                ),
            ),
            _ => (
                r.k,
                format!(
                    "{} {}",
                    MONTHS[(r.k % 100 - 1).clamp(0, 11) as usize],
                    r.k / 100
                ),
            ),
        };
        points
            .entry(key)
            .or_insert_with(|| Point {
                label,
                ..Point::default()
            })
            .add(&r.class, r.pence);
    }
    Ok(points.into_values().collect())
}

#[derive(FromQueryResult)]
struct ProductRow {
    product: String,
    supplier: String,
    forces: i64,
    pence: i64,
    end_of_support: Option<chrono::NaiveDate>,
}

/// The legacy products (legacy or being retired) in scope that cost most to maintain, from
/// the systems register, added up by product and supplier in the database.
async fn legacy_systems(
    conn: &impl ConnectionTrait,
    scope: &str,
    function: Option<i32>,
) -> ServiceResult<Vec<LegacySystem>> {
    let function = function
        .map(|f| format!(" AND r.function_id = {f}"))
        .unwrap_or_default();
    let rows = ProductRow::find_by_statement(Statement::from_string(
        conn.get_database_backend(),
        format!(
            "SELECT r.product, r.supplier, CAST(COUNT(DISTINCT r.force_id) AS BIGINT) AS forces, \
             CAST(SUM(COALESCE(r.annual_maintenance_pence, 0)) AS BIGINT) AS pence, \
             MIN(r.end_of_support) AS end_of_support FROM spend_system r \
             WHERE r.status IN ('{}', '{}') AND {scope}{function} \
             GROUP BY r.product, r.supplier ORDER BY pence DESC, r.product, r.supplier LIMIT 10",
            SystemStatus::Legacy.as_str(),
            SystemStatus::BeingRetired.as_str()
        ),
    ))
    .all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| LegacySystem {
            product: r.product,
            supplier: r.supplier,
            forces: r.forces as usize,
            maintenance: Money::from_pence(r.pence),
            end_of_support: r.end_of_support,
        })
        .collect())
}

/// The target in force, if the national body has set one.
pub async fn target(conn: &impl ConnectionTrait) -> ServiceResult<Option<Target>> {
    Ok(spend_target::Entity::find()
        .order_by_desc(spend_target::Column::Id)
        .one(conn)
        .await?
        .map(|t| Target {
            percent: t.legacy_share_percent,
            by_year: t.by_year,
            set_at: t.set_at,
        }))
}

pub async fn dashboard(
    db: &Db,
    viewer: Option<&Viewer>,
    filter: Filter,
) -> ServiceResult<Dashboard> {
    let v = authorise(viewer, SpendAction::ViewDashboards)?;
    let conn = &db.conn;
    let mut filter = filter;
    let national_viewer = v.is_national();
    let orgs = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Force))
        .order_by_asc(organisation::Column::Name)
        .all(conn)
        .await?;
    let names: HashMap<i32, String> = orgs.iter().map(|o| (o.id, o.name.clone())).collect();
    let region_ids = |r: &str| -> Vec<i32> {
        orgs.iter()
            .filter(|o| o.region.as_deref() == Some(r))
            .map(|o| o.id)
            .collect()
    };
    let own_force = (!national_viewer).then(|| (v.org_id, v.org_name.clone()));
    let own_region = orgs
        .iter()
        .find(|o| o.id == v.org_id)
        .and_then(|o| o.region.clone());
    // A force's people start at their own force; another force alone is not theirs to see.
    if !national_viewer
        && !filter.all_forces
        && filter.force.is_none()
        && filter.region.is_none()
        && filter.supplier.is_none()
    {
        filter.force = Some(v.org_id);
    }
    if let Some(f) = filter.force {
        if !names.contains_key(&f) {
            return Err(ServiceError::NotFound);
        }
        authorise(viewer, SpendAction::ViewLines { org_id: f })?;
    }
    let mut regions: Vec<String> = orgs.iter().filter_map(|o| o.region.clone()).collect();
    regions.sort();
    regions.dedup();
    if let Some(r) = &filter.region {
        if !regions.contains(r) {
            return Err(ServiceError::invalid(
                "region",
                format!("“{r}” is not a region"),
            ));
        }
    }
    let mut notes = Vec::new();
    let scope = match (filter.force, &filter.region) {
        (Some(f), _) => names.get(&f).cloned().unwrap_or_default(),
        (None, Some(r)) => format!("{r} region"),
        (None, None) => "All forces".to_string(),
    };
    // The rollups' rows in the filter's force or region.
    let region_forces = filter.region.as_deref().map(region_ids);
    let in_scope = scope_sql(filter.force, region_forces.as_deref());
    let now = db.now().date_naive();
    let this_year = classify::financial_year(now);
    // The last ten financial years: older returns (the real G-Cloud rows from 2012) stay
    // in the payments and the opportunities, not in a time series with years missing.
    let first_year = this_year - YEARS_SHOWN + 1;
    let years_of_rows = by_years(conn, "spend_rollup_year", &in_scope, first_year).await?;
    let mut yearly: Vec<Point> = years_of_rows.iter().map(|(_, p)| p.clone()).collect();
    let mut years: Vec<i32> = years_of_rows.iter().map(|(y, _)| *y).collect();
    // The year the tables show: the one asked for, else the last complete year with spend.
    let year = filter.year.unwrap_or_else(|| {
        years
            .iter()
            .rev()
            .find(|y| **y < this_year)
            .or(years.last())
            .copied()
            .unwrap_or(this_year - 1)
    });
    if !years.contains(&year) {
        years.push(year);
        years.sort();
    }
    let mut series = match filter.period {
        Period::Year => yearly.clone(),
        p => within_year(conn, &in_scope, year, p).await?,
    };
    let points =
        |rows: Vec<(i32, Point)>| -> Vec<Point> { rows.into_iter().map(|(_, p)| p).collect() };
    if let Some(s) = filter.supplier {
        // By supplier the rollups hold years only.
        yearly = points(
            by_years(
                conn,
                "spend_rollup_supplier",
                &format!("r.supplier_id = {s} AND {in_scope}"),
                first_year,
            )
            .await?,
        );
        series = yearly.clone();
        if filter.period != Period::Year {
            notes.push("For one supplier the figures are by financial year only.".into());
            filter.period = Period::Year;
        }
    }
    // The national body's legacy functions: a rule gives the payments it matches one.
    let function_choices = super::systems::functions(conn).await?;
    let mut function_names: HashMap<i32, String> = function_choices.iter().cloned().collect();
    if let Some(f) = filter.function {
        if !function_names.contains_key(&f) {
            return Err(ServiceError::invalid(
                "function",
                format!("“{f}” is not one of the functions"),
            ));
        }
    }
    let by_function = filter.function.filter(|_| filter.supplier.is_none());
    if let Some(fid) = by_function {
        // By function, as by supplier, the rollups hold years only.
        yearly = points(
            by_years(
                conn,
                "spend_rollup_function",
                &format!("r.function_id = {fid} AND {in_scope}"),
                first_year,
            )
            .await?,
        );
        series = yearly.clone();
        if filter.period != Period::Year {
            notes.push("For one function the figures are by financial year only.".into());
            filter.period = Period::Year;
        }
        notes.push(
            "The top suppliers and the money through contracts are not split by function: they cover every function."
                .into(),
        );
    } else if filter.function.is_some() {
        notes.push(
            "A supplier and a function are not combined: the figures are the supplier's.".into(),
        );
    }
    // The trend is judged on the last complete years.
    // (`by_years` gives the years in order.)
    let complete: Vec<(i32, Decimal)> = years_of_rows
        .iter()
        .filter(|(y, _)| *y < this_year && *y >= this_year - TREND_YEARS)
        .filter_map(|(y, p)| p.share().map(|s| (*y, s)))
        .collect();
    let target = target(conn).await?;
    let projected = target
        .as_ref()
        .and_then(|t| projected_share(&complete, t.by_year));
    let on_track = target
        .as_ref()
        .zip(projected)
        .map(|(t, p)| p <= Decimal::from(t.percent));

    // Comparison for a force's people: their force, their region, every force. The figures
    // already read serve where the filter is their force.
    let mut comparison = Vec::new();
    if let Some((id, name)) = &own_force {
        let own = if filter.force == Some(*id) && filter.region.is_none() {
            years_of_rows.clone()
        } else {
            by_years(
                conn,
                "spend_rollup_year",
                &scope_sql(Some(*id), None),
                first_year,
            )
            .await?
        };
        comparison.push((name.clone(), points(own)));
        if let Some(r) = &own_region {
            let ids = region_ids(r);
            comparison.push((
                format!("{r} region"),
                points(
                    by_years(
                        conn,
                        "spend_rollup_year",
                        &scope_sql(None, Some(&ids)),
                        first_year,
                    )
                    .await?,
                ),
            ));
        }
        comparison.push((
            "All forces".into(),
            points(by_years(conn, "spend_rollup_year", "1 = 1", first_year).await?),
        ));
    }

    // Forces ranked by legacy share in the year: the national body's view.
    let mut ranking = Vec::new();
    if national_viewer {
        let forces = scope_sql(None, region_forces.as_deref());
        let sql = match by_function {
            Some(fid) => format!(
                "SELECT r.force_id AS k, r.class, CAST(SUM(r.pence) AS BIGINT) AS pence \
                 FROM spend_rollup_function r \
                 WHERE r.year = {year} AND r.function_id = {fid} AND {forces} \
                 GROUP BY r.force_id, r.class"
            ),
            None => format!(
                "SELECT r.force_id AS k, r.class, CAST(SUM(r.pence) AS BIGINT) AS pence \
                 FROM spend_rollup_year r WHERE r.year = {year} AND {forces} \
                 GROUP BY r.force_id, r.class"
            ),
        };
        ranking = grouped(key_rows(conn, sql).await?, &names);
        ranking.sort_by(|a, b| {
            b.1.share()
                .cmp(&a.1.share())
                .then_with(|| a.1.label.cmp(&b.1.label))
        });
    }

    // Top suppliers in the year (in the class chosen, if one is), named in the same query:
    // only the year's suppliers, never the whole list.
    let class_text = filter
        .class
        .map(|c| format!(" AND r.class = '{}'", c.as_str()))
        .unwrap_or_default();
    let rows = NamedRow::find_by_statement(Statement::from_string(
        conn.get_database_backend(),
        format!(
            "SELECT r.supplier_id AS k, s.name, r.class, CAST(SUM(r.pence) AS BIGINT) AS pence \
             FROM spend_rollup_supplier r JOIN spend_supplier s ON s.id = r.supplier_id \
             WHERE r.year = {year} AND {in_scope}{class_text} \
             GROUP BY r.supplier_id, s.name, r.class"
        ),
    ))
    .all(conn)
    .await?;
    let supplier_names: HashMap<i32, String> = rows.iter().map(|r| (r.k, r.name.clone())).collect();
    let rows = rows
        .into_iter()
        .map(|r| KeyRow {
            k: r.k,
            class: r.class,
            pence: r.pence,
        })
        .collect();
    let mut suppliers = grouped(rows, &supplier_names);
    suppliers.sort_by(|a, b| b.1.total().cmp(&a.1.total()).then(a.0.cmp(&b.0)));
    let mut supplier_choices: Vec<(i32, String)> = suppliers
        .iter()
        .map(|(id, p)| (*id, p.label.clone()))
        .collect();
    if let Some(s) = filter.supplier {
        // The supplier chosen stays a choice in a year it was not paid.
        if !supplier_names.contains_key(&s) {
            if let Some(found) = spend_supplier::Entity::find_by_id(s).one(conn).await? {
                supplier_choices.push((s, found.name));
            }
        }
    }
    supplier_choices.sort_by(|a, b| a.1.cmp(&b.1));
    suppliers.truncate(10);

    // Money through contracts (the catalogue's direct awards and shared procurements) in
    // the year: the supplier's spend with a force that holds a contract with it.
    #[derive(FromQueryResult)]
    struct Sum {
        pence: Option<i64>,
    }
    let on_contract = Sum::find_by_statement(Statement::from_string(
        conn.get_database_backend(),
        format!(
            "SELECT CAST(SUM(r.pence) AS BIGINT) AS pence FROM spend_rollup_supplier r \
             JOIN spend_supplier s ON s.id = r.supplier_id \
             WHERE r.year = {year} AND {in_scope} AND EXISTS (SELECT 1 FROM contract c \
             WHERE c.force_id = r.force_id AND c.supplier_id = s.organisation_id)"
        ),
    ))
    .one(conn)
    .await?
    .and_then(|s| s.pence)
    .unwrap_or(0);
    let year_total: i64 = yearly
        .iter()
        .find(|p| p.label == year_label(year))
        .map(Point::total)
        .unwrap_or(0);

    // Money by function in the year: new technology's functions first.
    let rows = key_rows(
        conn,
        format!(
            "SELECT r.function_id AS k, r.class, CAST(SUM(r.pence) AS BIGINT) AS pence \
             FROM spend_rollup_function r \
             WHERE r.year = {year} AND {in_scope} GROUP BY r.function_id, r.class"
        ),
    )
    .await?;
    function_names.insert(0, "No function given".into());
    let mut functions = grouped(rows, &function_names);
    // The functions named first, by new technology; then the payments no rule gave one.
    functions.sort_by(|a, b| {
        (a.0 == 0)
            .cmp(&(b.0 == 0))
            .then(b.1.new.cmp(&a.1.new))
            .then(a.1.label.cmp(&b.1.label))
    });

    let legacy_systems = legacy_systems(conn, &in_scope, filter.function).await?;

    Ok(Dashboard {
        scope,
        national_viewer,
        own_force,
        own_region: if national_viewer { None } else { own_region },
        years,
        year,
        series,
        yearly,
        comparison,
        target,
        projected,
        on_track,
        ranking,
        suppliers,
        functions,
        legacy_systems,
        on_contract,
        off_contract: year_total - on_contract,
        forces: if national_viewer {
            orgs.iter().map(|o| (o.id, o.name.clone())).collect()
        } else {
            Vec::new()
        },
        regions,
        supplier_choices,
        function_choices,
        can_set_target: can(viewer, SpendAction::EditClassification),
        notes,
        filter,
    })
}

/// The dashboard's tables as CSV: `table` is `time` (the figures over time), `forces`,
/// `suppliers`, `functions` or `systems`.
pub fn csv(d: &Dashboard, table: &str) -> ServiceResult<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let pounds = |p: i64| Money::from_pence(p).decimal().to_string();
    let pct = |s: Option<Decimal>| s.map(|s| s.to_string()).unwrap_or_default();
    let points =
        |w: &mut csv::Writer<Vec<u8>>, first: &str, rows: &[&Point]| -> Result<(), csv::Error> {
            w.write_record([
                first,
                "Legacy maintenance (£)",
                "New technology (£)",
                "Unclassified (£)",
                "Total (£)",
                "Legacy share (%)",
            ])?;
            for p in rows {
                w.write_record([
                    p.label.clone(),
                    pounds(p.legacy),
                    pounds(p.new),
                    pounds(p.unclassified),
                    pounds(p.total()),
                    pct(p.share()),
                ])?;
            }
            Ok(())
        };
    let result = match table {
        "time" => points(&mut w, "Period", &d.series.iter().collect::<Vec<_>>()),
        "forces" => points(
            &mut w,
            "Force",
            &d.ranking.iter().map(|(_, p)| p).collect::<Vec<_>>(),
        ),
        "suppliers" => points(
            &mut w,
            "Supplier",
            &d.suppliers.iter().map(|(_, p)| p).collect::<Vec<_>>(),
        ),
        "functions" => points(
            &mut w,
            "Function",
            &d.functions.iter().map(|(_, p)| p).collect::<Vec<_>>(),
        ),
        "systems" => (|| {
            w.write_record([
                "Product",
                "Supplier",
                "Forces running it",
                "Annual maintenance (£)",
                "Earliest end of support",
            ])?;
            for s in &d.legacy_systems {
                w.write_record([
                    s.product.clone(),
                    s.supplier.clone(),
                    s.forces.to_string(),
                    s.maintenance.decimal().to_string(),
                    s.end_of_support.map(|d| d.to_string()).unwrap_or_default(),
                ])?;
            }
            Ok(())
        })(),
        _ => return Err(ServiceError::NotFound),
    };
    result.map_err(ServiceError::internal)?;
    String::from_utf8(w.into_inner().map_err(ServiceError::internal)?)
        .map_err(ServiceError::internal)
}

/// The target the national body sets: at most `percent` legacy by financial year `by_year`.
pub async fn set_target(
    db: &Db,
    viewer: Option<&Viewer>,
    percent: &str,
    by_year: &str,
) -> ServiceResult<()> {
    let v = authorise(viewer, SpendAction::EditClassification)?;
    let mut errors = FieldErrors::new();
    let percent = match percent.trim().trim_end_matches('%').trim().parse::<i32>() {
        Ok(p) if (0..=100).contains(&p) => p,
        _ => {
            errors.add(
                "percent",
                "Enter the legacy share as a whole number from 0 to 100",
            );
            0
        }
    };
    let this_year = classify::financial_year(db.now().date_naive());
    let by_year = match by_year.trim().parse::<i32>() {
        Ok(y) if y >= this_year && y <= this_year + 30 => y,
        _ => {
            errors.add(
                "by_year",
                format!(
                    "Enter the financial year it starts, from {this_year} to {}",
                    this_year + 30
                ),
            );
            0
        }
    };
    errors.into_result().map_err(ServiceError::Invalid)?;
    let txn = db.write().await?;
    let t = spend_target::ActiveModel {
        legacy_share_percent: Set(percent),
        by_year: Set(by_year),
        set_by: Set(v.user_id),
        set_at: Set(db.now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::SPEND_TARGET_SET,
            "spend_target",
            t.id,
            serde_json::json!({ "legacy_share_percent": percent, "by_year": by_year }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// For seeding: the target without a person's form (the demo's national body's).
pub(crate) async fn seed_target(
    conn: &impl ConnectionTrait,
    user_id: i32,
    percent: i32,
    by_year: i32,
) -> ServiceResult<()> {
    if spend_target::Entity::find().one(conn).await?.is_none() {
        spend_target::ActiveModel {
            legacy_share_percent: Set(percent),
            by_year: Set(by_year),
            set_by: Set(user_id),
            set_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}
