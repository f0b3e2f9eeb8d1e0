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
use crate::spend::entity::{spend_supplier, spend_system, spend_target};
use crate::spend::register::SystemStatus;
use crate::spend::types::SpendClass;
use crate::validation::FieldErrors;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, Set, Statement, Value,
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

#[derive(FromQueryResult)]
struct MonthRow {
    k: i32,
    class: String,
    pence: i64,
}

/// `WHERE` text and values for a scope over rollup `r`. A region is its forces' ids, so a
/// rollup is read alone (through its indexes, never joined row by row to its force).
fn scope_sql(pg: bool, force: Option<i32>, region: Option<&str>) -> (String, Vec<Value>) {
    let mut text = String::from("1 = 1");
    let mut values = Vec::new();
    if let Some(f) = force {
        text.push_str(&format!(" AND r.force_id = {f}"));
    }
    if let Some(region) = region {
        values.push(Value::from(region.to_string()));
        text.push_str(if pg {
            " AND r.force_id IN (SELECT o.id FROM organisation o WHERE o.region = $1)"
        } else {
            " AND r.force_id IN (SELECT o.id FROM organisation o WHERE o.region = ?)"
        });
    }
    (text, values)
}

async fn months(
    conn: &impl ConnectionTrait,
    force: Option<i32>,
    region: Option<&str>,
) -> ServiceResult<Vec<MonthRow>> {
    let pg = crate::db::is_postgres(conn);
    let (scope, values) = scope_sql(pg, force, region);
    let text = format!(
        "SELECT r.month AS k, r.class, CAST(SUM(r.pence) AS BIGINT) AS pence FROM spend_rollup r \
         WHERE {scope} GROUP BY r.month, r.class"
    );
    Ok(MonthRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        text,
        values,
    ))
    .all(conn)
    .await?)
}

fn by_year(rows: &[MonthRow]) -> Vec<(i32, Point)> {
    let mut years: BTreeMap<i32, Point> = BTreeMap::new();
    for r in rows {
        let y = classify::year_of_month(r.k);
        years
            .entry(y)
            .or_insert_with(|| Point {
                label: year_label(y),
                ..Point::default()
            })
            .add(&r.class, r.pence);
    }
    years.into_iter().collect()
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

fn within_year(rows: &[MonthRow], year: i32, period: Period) -> Vec<Point> {
    let mut points: BTreeMap<i32, Point> = BTreeMap::new();
    for r in rows {
        let (y, q) = year_and_quarter(r.k);
        if y != year {
            continue;
        }
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
    points.into_values().collect()
}

#[derive(FromQueryResult)]
struct KeyRow {
    k: i32,
    class: String,
    pence: i64,
}

async fn key_rows(
    conn: &impl ConnectionTrait,
    text: String,
    values: Vec<Value>,
) -> ServiceResult<Vec<KeyRow>> {
    Ok(KeyRow::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        text,
        values,
    ))
    .all(conn)
    .await?)
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

/// Money by financial year from `first_year`, in the filter's force or region, for one
/// supplier or function: `rollup` is the yearly rollup (as `r`), `column` its key.
async fn years_of(
    conn: &impl ConnectionTrait,
    pg: bool,
    filter: &Filter,
    rollup: &str,
    column: &str,
    id: i32,
    first_year: i32,
) -> ServiceResult<Vec<Point>> {
    let (scope_text, values) = scope_sql(pg, filter.force, filter.region.as_deref());
    let rows = key_rows(
        conn,
        format!(
            "SELECT r.year AS k, r.class, CAST(SUM(r.pence) AS BIGINT) AS pence \
             FROM {rollup} \
             WHERE {column} = {id} AND r.year >= {first_year} AND {scope_text} \
             GROUP BY r.year, r.class"
        ),
        values,
    )
    .await?;
    let labels: HashMap<i32, String> = rows.iter().map(|r| (r.k, year_label(r.k))).collect();
    let mut points = grouped(rows, &labels);
    points.sort_by_key(|(y, _)| *y);
    Ok(points.into_iter().map(|(_, p)| p).collect())
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
    let now = db.now().date_naive();
    let this_year = classify::financial_year(now);
    // The last ten financial years: older returns (the real G-Cloud rows from 2012) stay
    // in the payments and the opportunities, not in a time series with years missing.
    let first_year = this_year - YEARS_SHOWN + 1;
    let in_range = |rows: Vec<MonthRow>| -> Vec<MonthRow> {
        rows.into_iter()
            .filter(|r| classify::year_of_month(r.k) >= first_year)
            .collect()
    };
    let rows = in_range(months(conn, filter.force, filter.region.as_deref()).await?);
    let years_of_rows = by_year(&rows);
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
    let pg = crate::db::is_postgres(conn);
    let mut series = match filter.period {
        Period::Year => yearly.clone(),
        p => within_year(&rows, year, p),
    };
    if let Some(s) = filter.supplier {
        // By supplier the rollups hold years only.
        yearly = years_of(
            conn,
            pg,
            &filter,
            "spend_rollup_supplier r",
            "r.supplier_id",
            s,
            first_year,
        )
        .await?;
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
        yearly = years_of(
            conn,
            pg,
            &filter,
            "spend_rollup_function r",
            "r.function_id",
            fid,
            first_year,
        )
        .await?;
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
    // (`by_year` gives the years in order.)
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

    // Comparison for a force's people: their force, their region, every force.
    let mut comparison = Vec::new();
    if let Some((id, name)) = &own_force {
        comparison.push((
            name.clone(),
            by_year(&in_range(months(conn, Some(*id), None).await?))
                .into_iter()
                .map(|(_, p)| p)
                .collect(),
        ));
        if let Some(r) = &own_region {
            comparison.push((
                format!("{r} region"),
                by_year(&in_range(months(conn, None, Some(r)).await?))
                    .into_iter()
                    .map(|(_, p)| p)
                    .collect(),
            ));
        }
        comparison.push((
            "All forces".into(),
            by_year(&in_range(months(conn, None, None).await?))
                .into_iter()
                .map(|(_, p)| p)
                .collect(),
        ));
    }

    // Forces ranked by legacy share in the year: the national body's view.
    let (from, to) = (year * 100 + 4, (year + 1) * 100 + 3);
    let mut ranking = Vec::new();
    if national_viewer {
        let (scope_text, values) = scope_sql(pg, None, filter.region.as_deref());
        let sql = match by_function {
            Some(fid) => format!(
                "SELECT r.force_id AS k, r.class, CAST(SUM(r.pence) AS BIGINT) AS pence \
                 FROM spend_rollup_function r \
                 WHERE r.year = {year} AND r.function_id = {fid} AND {scope_text} \
                 GROUP BY r.force_id, r.class"
            ),
            None => format!(
                "SELECT r.force_id AS k, r.class, CAST(SUM(r.pence) AS BIGINT) AS pence \
                 FROM spend_rollup r \
                 WHERE r.month BETWEEN {from} AND {to} AND {scope_text} \
                 GROUP BY r.force_id, r.class"
            ),
        };
        let rows = key_rows(conn, sql, values).await?;
        ranking = grouped(rows, &names);
        ranking.sort_by(|a, b| {
            b.1.share()
                .cmp(&a.1.share())
                .then_with(|| a.1.label.cmp(&b.1.label))
        });
    }

    // Top suppliers in the year (in the class chosen, if one is).
    let supplier_names: HashMap<i32, String> = spend_supplier::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let (scope_text, values) = scope_sql(pg, filter.force, filter.region.as_deref());
    let class_text = filter
        .class
        .map(|c| format!(" AND r.class = '{}'", c.as_str()))
        .unwrap_or_default();
    let rows = key_rows(
        conn,
        format!(
            "SELECT r.supplier_id AS k, r.class, CAST(SUM(r.pence) AS BIGINT) AS pence \
             FROM spend_rollup_supplier r \
             WHERE r.year = {year} AND {scope_text}{class_text} GROUP BY r.supplier_id, r.class"
        ),
        values.clone(),
    )
    .await?;
    let mut suppliers = grouped(rows, &supplier_names);
    suppliers.sort_by(|a, b| b.1.total().cmp(&a.1.total()).then(a.0.cmp(&b.0)));
    let mut supplier_choices: Vec<(i32, String)> = suppliers
        .iter()
        .map(|(id, p)| (*id, p.label.clone()))
        .collect();
    supplier_choices.sort_by(|a, b| a.1.cmp(&b.1));
    if let Some(s) = filter.supplier {
        if !supplier_choices.iter().any(|(id, _)| *id == s) {
            if let Some(n) = supplier_names.get(&s) {
                supplier_choices.push((s, n.clone()));
            }
        }
    }
    suppliers.truncate(10);

    // Money through contracts (the catalogue's direct awards and shared procurements) in
    // the year: the supplier's spend with a force that holds a contract with it.
    #[derive(FromQueryResult)]
    struct Sum {
        pence: Option<i64>,
    }
    let on_contract = Sum::find_by_statement(Statement::from_sql_and_values(
        conn.get_database_backend(),
        format!(
            "SELECT CAST(SUM(r.pence) AS BIGINT) AS pence FROM spend_rollup_supplier r \
             JOIN spend_supplier s ON s.id = r.supplier_id \
             WHERE r.year = {year} AND {scope_text} AND EXISTS (SELECT 1 FROM contract c \
             WHERE c.force_id = r.force_id AND c.supplier_id = s.organisation_id)"
        ),
        values,
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
    let (scope_text, values) = scope_sql(pg, filter.force, filter.region.as_deref());
    let rows = key_rows(
        conn,
        format!(
            "SELECT r.function_id AS k, r.class, CAST(SUM(r.pence) AS BIGINT) AS pence \
             FROM spend_rollup_function r \
             WHERE r.year = {year} AND {scope_text} GROUP BY r.function_id, r.class"
        ),
        values,
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

    // Legacy systems in scope that cost most to maintain, from the systems register.
    let mut q = spend_system::Entity::find().filter(
        spend_system::Column::Status.is_in([SystemStatus::Legacy, SystemStatus::BeingRetired]),
    );
    if let Some(f) = filter.force {
        q = q.filter(spend_system::Column::ForceId.eq(f));
    } else if let Some(r) = &filter.region {
        let ids: Vec<i32> = orgs
            .iter()
            .filter(|o| o.region.as_deref() == Some(r))
            .map(|o| o.id)
            .collect();
        q = q.filter(spend_system::Column::ForceId.is_in(ids));
    }
    if let Some(f) = filter.function {
        q = q.filter(spend_system::Column::FunctionId.eq(f));
    }
    let mut products: BTreeMap<(String, String), LegacySystem> = BTreeMap::new();
    for s in q.all(conn).await? {
        let e = products
            .entry((s.product.clone(), s.supplier.clone()))
            .or_insert_with(|| LegacySystem {
                product: s.product.clone(),
                supplier: s.supplier.clone(),
                forces: 0,
                maintenance: Money::ZERO,
                end_of_support: None,
            });
        e.forces += 1;
        e.maintenance =
            Money::from_pence(e.maintenance.pence() + s.annual_maintenance_pence.unwrap_or(0));
        e.end_of_support = match (e.end_of_support, s.end_of_support) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let mut legacy_systems: Vec<LegacySystem> = products.into_values().collect();
    legacy_systems.sort_by_key(|x| std::cmp::Reverse(x.maintenance.pence()));
    legacy_systems.truncate(10);

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
