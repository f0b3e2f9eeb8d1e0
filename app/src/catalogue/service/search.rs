//! Searching the published catalogue: the one service the search page, the REST API and the
//! live-filter island all call.
//!
//! The plan, on both databases: the text match first (FTS5's `MATCH` or the GIN index's `@@`),
//! as a CTE of matching ids and scores; then the filters and facet counts over that set
//! alone, never the text match joined inside one `WHERE` with the filters. Equal scores (and
//! every result of a search without words) are ordered by the SHA-256 of the service id.

use super::load;
use crate::catalogue::search::facets::{facet, Combine, Facet, FACETS};
use crate::catalogue::search::query::Query;
use crate::catalogue::search::text::highlight;
use crate::catalogue::types::{FrameworkStage, ServiceSummary};
use crate::db::{is_postgres, Db};
use crate::error::{ServiceError, ServiceResult};
use crate::money::Money;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Statement, Value};
use std::collections::{BTreeMap, HashMap};

/// Results a page shows (as the Digital Marketplace's).
pub const RESULTS_PER_PAGE: u64 = 30;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    PriceLowest,
    PriceHighest,
}

impl Sort {
    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "" | "relevance" => Some(Sort::Relevance),
            "price" | "price-lowest" => Some(Sort::PriceLowest),
            "price-highest" => Some(Sort::PriceHighest),
            _ => None,
        }
    }
}

/// A search as asked: words, filters (filter key to chosen values), price range, order and
/// page (from 1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchRequest {
    pub q: String,
    pub filters: BTreeMap<String, Vec<String>>,
    pub price_from: Option<Money>,
    pub price_to: Option<Money>,
    pub sort: Sort,
    pub page: u64,
}

/// A result: the service, and its name and summary with the matched words marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub service: ServiceSummary,
    pub name: Vec<(String, bool)>,
    pub summary: Vec<(String, bool)>,
}

/// A filter's values with the number of services each would give, counted over the search
/// with every other filter applied but not this one's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCounts {
    pub facet: Facet,
    pub counts: Vec<(String, u64)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchResult {
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub hits: Vec<Hit>,
    pub facets: Vec<FacetCounts>,
    /// What was corrected in the words typed, for the page to say.
    pub notes: Vec<String>,
}

/// A search as the queries need it.
struct Ask<'a> {
    query: &'a Query,
    request: &'a SearchRequest,
    /// The live frameworks.
    live: Vec<i32>,
}

/// SQL and its bound values, built up together so placeholders stay numbered right.
struct Sql {
    pg: bool,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn new(pg: bool) -> Sql {
        Sql {
            pg,
            text: String::new(),
            values: Vec::new(),
        }
    }

    /// A placeholder bound to `v`.
    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        if self.pg {
            format!("${}", self.values.len())
        } else {
            "?".to_string()
        }
    }

    fn statement(self, conn: &DatabaseConnection) -> Statement {
        Statement::from_sql_and_values(conn.get_database_backend(), self.text, self.values)
    }
}

/// The matching services: a `WITH m AS (…)` of the text match, and a `SELECT service_id,
/// score, id_hash, price` over it with every filter except `skip`'s, their values bound in
/// `sql` in the order they appear (head, then body).
fn matching(sql: &mut Sql, ask: &Ask<'_>, skip: Option<&str>) -> (String, String) {
    let (query, request) = (ask.query, ask.request);
    let pg = sql.pg;
    let text = if pg { query.tsquery() } else { query.fts5() };
    let head = match text {
        Some(t) if pg => {
            let q = sql.bind(t);
            format!(
                "WITH m AS (SELECT service_id AS id, ts_rank_cd(document, to_tsquery('simple', {q})) AS score \
                 FROM service_search WHERE document @@ to_tsquery('simple', {q}))"
            )
        }
        Some(t) => {
            let q = sql.bind(t);
            format!(
                "WITH m AS (SELECT rowid AS id, bm25(service_fts) AS score FROM service_fts WHERE service_fts MATCH {q})"
            )
        }
        None => "WITH m AS (SELECT service_id AS id, 0.0 AS score FROM service_search)".to_string(),
    };
    let mut conditions = Vec::new();
    // Only live frameworks' services can be bought.
    let live: Vec<String> = ask.live.iter().map(|id| sql.bind(*id)).collect();
    conditions.push(if live.is_empty() {
        "1 = 0".to_string()
    } else {
        format!("s.framework_id IN ({})", live.join(", "))
    });
    if let Some(excluded) = if pg {
        query.tsquery_excluded()
    } else {
        query.fts5_excluded()
    } {
        let e = sql.bind(excluded);
        conditions.push(if pg {
            format!("NOT (s.document @@ to_tsquery('simple', {e}))")
        } else {
            format!(
                "s.service_id NOT IN (SELECT rowid FROM service_fts WHERE service_fts MATCH {e})"
            )
        });
    }
    for (key, values) in &request.filters {
        if Some(key.as_str()) == skip || values.is_empty() {
            continue;
        }
        let Some(f) = facet(key) else { continue };
        let one = |sql: &mut Sql, chosen: &[String]| {
            let k = sql.bind(f.key);
            let vs: Vec<String> = chosen.iter().map(|v| sql.bind(v.clone())).collect();
            format!(
                "s.service_id IN (SELECT service_id FROM service_facet WHERE facet = {k} AND value IN ({}))",
                vs.join(", ")
            )
        };
        match f.combine {
            Combine::Any => conditions.push(one(sql, values)),
            Combine::All => {
                for v in values {
                    conditions.push(one(sql, std::slice::from_ref(v)));
                }
            }
        }
    }
    if let Some(from) = request.price_from {
        let p = sql.bind(from.pence());
        conditions.push(format!("s.price_min_pence >= {p}"));
    }
    if let Some(to) = request.price_to {
        let p = sql.bind(to.pence());
        conditions.push(format!("s.price_min_pence <= {p}"));
    }
    let mut body = "SELECT s.service_id AS service_id, m.score AS score, s.id_hash AS id_hash, s.price_min_pence AS price \
         FROM m JOIN service_search s ON s.service_id = m.id"
        .to_string();
    if !conditions.is_empty() {
        body.push_str(" WHERE ");
        body.push_str(&conditions.join(" AND "));
    }
    (head, body)
}

async fn count(conn: &DatabaseConnection, sql: Sql) -> ServiceResult<u64> {
    let row = conn.query_one_raw(sql.statement(conn)).await?;
    Ok(row
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0)
        .max(0) as u64)
}

/// Counts of each value of `facets` over the search with every filter but `skip`'s.
async fn counts(
    conn: &DatabaseConnection,
    ask: &Ask<'_>,
    facets: &[Facet],
    skip: Option<&str>,
) -> ServiceResult<HashMap<(String, String), u64>> {
    let mut sql = Sql::new(is_postgres(conn));
    let (head, body) = matching(&mut sql, ask, skip);
    let keys: Vec<String> = facets.iter().map(|f| sql.bind(f.key)).collect();
    sql.text = format!(
        "{head}, r AS ({body}) SELECT f.facet, f.value, COUNT(*) FROM service_facet f JOIN r ON r.service_id = f.service_id \
         WHERE f.facet IN ({}) GROUP BY f.facet, f.value",
        keys.join(", ")
    );
    let rows = conn.query_all_raw(sql.statement(conn)).await?;
    let mut out = HashMap::new();
    for r in rows {
        let facet: String = r.try_get_by_index(0)?;
        let value: String = r.try_get_by_index(1)?;
        let n: i64 = r.try_get_by_index(2)?;
        out.insert((facet, value), n.max(0) as u64);
    }
    Ok(out)
}

/// Runs a search. A page beyond the last is refused (the page says so); everything else a
/// person can type is read, with notes on what was corrected.
pub async fn search(db: &Db, request: &SearchRequest) -> ServiceResult<SearchResult> {
    let conn = &db.conn;
    let pg = is_postgres(conn);
    let query = Query::parse(&request.q);
    for key in request.filters.keys() {
        if facet(key).is_none() {
            return Err(ServiceError::invalid(
                "filter",
                format!("There is no filter called {key}"),
            ));
        }
    }
    let live = crate::catalogue::entity::framework::Entity::find()
        .all(conn)
        .await?
        .iter()
        .map(load::framework_summary)
        .filter(|f| f.stage == FrameworkStage::Live)
        .map(|f| f.id)
        .collect();
    let ask = Ask {
        query: &query,
        request,
        live,
    };
    // The total.
    let mut sql = Sql::new(pg);
    let (head, body) = matching(&mut sql, &ask, None);
    sql.text = format!("{head} SELECT COUNT(*) FROM ({body}) AS c");
    let total = count(conn, sql).await?;
    let pages = total.div_ceil(RESULTS_PER_PAGE).max(1);
    let page = request.page.max(1);
    if page > pages {
        return Err(ServiceError::invalid(
            "page",
            format!("There are only {pages} pages of results"),
        ));
    }
    // The page of results.
    let mut sql = Sql::new(pg);
    let (head, body) = matching(&mut sql, &ask, None);
    // bm25 is smaller for better matches; ts_rank_cd larger.
    let relevance = if pg { "score DESC" } else { "score ASC" };
    let order = match request.sort {
        Sort::Relevance => format!("{relevance}, id_hash DESC"),
        Sort::PriceLowest => "price IS NULL, price ASC, id_hash DESC".to_string(),
        Sort::PriceHighest => "price IS NULL, price DESC, id_hash DESC".to_string(),
    };
    let limit = sql.bind(RESULTS_PER_PAGE as i64);
    let offset = sql.bind(((page - 1) * RESULTS_PER_PAGE) as i64);
    sql.text = format!(
        "{head} SELECT service_id FROM ({body}) AS r ORDER BY {order} LIMIT {limit} OFFSET {offset}"
    );
    let ids: Vec<i32> = conn
        .query_all_raw(sql.statement(conn))
        .await?
        .into_iter()
        .map(|r| r.try_get_by_index::<i32>(0))
        .collect::<Result<_, _>>()?;
    let services = {
        use crate::catalogue::entity::service;
        use sea_orm::ColumnTrait;
        let mut by_id: HashMap<i32, service::Model> = service::Entity::find()
            .filter(service::Column::Id.is_in(ids.clone()))
            .all(conn)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        ids.iter().filter_map(|id| by_id.remove(id)).collect()
    };
    let (words, stems) = query.highlight_words();
    let hits = load::service_summaries(conn, services, true)
        .await?
        .into_iter()
        .map(|s| {
            let pieces = |text: &str, stemmed: bool| {
                highlight(text, &words, &stems, stemmed)
                    .into_iter()
                    .map(|p| (p.text, p.marked))
                    .collect()
            };
            Hit {
                name: pieces(&s.name, false),
                summary: pieces(&s.summary, true),
                service: s,
            }
        })
        .collect();
    // Facet counts: the filters not chosen share one count; each chosen one is counted
    // without its own choice, so a person sees what else they could pick.
    let chosen: Vec<&str> = FACETS
        .iter()
        .filter(|f| request.filters.get(f.key).is_some_and(|v| !v.is_empty()))
        .map(|f| f.key)
        .collect();
    let unchosen: Vec<Facet> = FACETS
        .iter()
        .copied()
        .filter(|f| !chosen.contains(&f.key))
        .collect();
    let mut all = counts(conn, &ask, &unchosen, None).await?;
    for key in &chosen {
        let Some(f) = facet(key) else { continue };
        all.extend(counts(conn, &ask, &[f], Some(key)).await?);
    }
    let facets = FACETS
        .iter()
        .map(|f| {
            let mut counts: Vec<(String, u64)> = all
                .iter()
                .filter(|((k, _), _)| k == f.key)
                .map(|((_, v), n)| (v.clone(), *n))
                .collect();
            counts.sort();
            FacetCounts { facet: *f, counts }
        })
        .collect();
    Ok(SearchResult {
        total,
        page,
        pages,
        hits,
        facets,
        notes: query.notes.iter().map(|n| n.message()).collect(),
    })
}
