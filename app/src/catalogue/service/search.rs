//! Searching the published catalogue: the one service the search page, the REST API and the
//! live-filter island all call.
//!
//! The plan, on both databases: the text match first and alone (FTS5's `MATCH` or the GIN
//! index's `@@`: matching ids, and scores when the page is ordered by relevance; words in
//! half the catalogue or more from memory, see `search_words`); then the filters, facet
//! counts and orders over that set in memory (`search_memory`: a bitmap a filter value),
//! never the text match joined inside one `WHERE` with the filters. Equal scores (and every
//! result of a search without words, or only with words too common to rank) are ordered by
//! the SHA-256 of the service id.

use super::load;
use super::search_memory::{self, Memory, Order, TextMatch};
use super::search_words;
use crate::access::{permit, CatalogueAction, Viewer};
use crate::catalogue::search::facets::{facet, Combine, Facet, FACETS};
use crate::catalogue::search::query::Query;
pub use crate::catalogue::search::request::{SearchRequest, Sort};
use crate::catalogue::search::text::highlight;
use crate::catalogue::types::{FrameworkSummary, ServiceSummary};
use crate::db::{is_postgres, Db};
use crate::error::{ServiceError, ServiceResult};
use roaring::RoaringBitmap;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Statement, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Results a page shows (as the Digital Marketplace's).
pub const RESULTS_PER_PAGE: u64 = 30;

/// A result: the service, and its name and summary with the matched words marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub service: ServiceSummary,
    pub name: Vec<(String, bool)>,
    pub summary: Vec<(String, bool)>,
}

/// One value of a filter: what it is called, how many services it would give (counted over
/// the search with every other filter applied but not this one's), whether it is chosen, and
/// its depth in the category tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetOption {
    pub value: String,
    pub label: String,
    pub count: u64,
    pub chosen: bool,
    pub depth: u8,
}

/// A filter and its values, in the order the page shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCounts {
    pub facet: Facet,
    pub options: Vec<FacetOption>,
}

impl FacetCounts {
    /// The count for one value (0 when no service holds it).
    pub fn count(&self, value: &str) -> u64 {
        self.options
            .iter()
            .find(|o| o.value == value)
            .map_or(0, |o| o.count)
    }
}

/// When nothing matched: the same search without the filter that narrowed it most, and how
/// many services that gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relaxed {
    /// The filter's key (`price` for the price range) and heading.
    pub key: String,
    pub label: String,
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchResult {
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub hits: Vec<Hit>,
    pub facets: Vec<FacetCounts>,
    /// What was corrected in the search (words typed, filter values that do not exist), for
    /// the page to say.
    pub notes: Vec<String>,
    /// The search as it ran, corrections made.
    pub request: SearchRequest,
    /// When nothing matched and filters were chosen: the search without the narrowest.
    pub relaxed: Option<Relaxed>,
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

/// What a search matched, as sets of services in memory: the text match (on live
/// frameworks, excluded words taken out), each chosen filter's set, and the price range.
struct Found {
    text: RoaringBitmap,
    /// Relevance by slot, higher better, when the page is ordered by it.
    scores: Option<Arc<TextMatch>>,
    filters: Vec<(&'static str, RoaringBitmap)>,
    price: Option<RoaringBitmap>,
}

impl Found {
    /// The services the search gives with every filter but `skip`'s (`price` for the range).
    fn all_but(&self, skip: Option<&str>) -> RoaringBitmap {
        let mut r = self.text.clone();
        for (key, set) in &self.filters {
            if Some(*key) != skip {
                r &= set;
            }
        }
        if skip != Some("price") {
            if let Some(p) = &self.price {
                r &= p;
            }
        }
        r
    }

    fn score(&self, slot: u32) -> f64 {
        self.scores
            .as_ref()
            .and_then(|m| m.scores.as_ref())
            .and_then(|s| s.get(slot as usize).copied())
            .unwrap_or(f64::MIN)
    }
}

/// Runs the text match in the database and the filters in memory.
async fn find(db: &Db, mem: &Memory, ask: &Ask<'_>, scored: bool) -> ServiceResult<Found> {
    let request = ask.request;
    // Only live frameworks' services can be bought.
    let base = mem.on_frameworks(&ask.live);
    let words = search_words::matched(db, mem, ask.query, scored).await?;
    let text = match words.set {
        Some(set) => set & &base,
        None => base,
    };
    let scores = words.scores;
    let mut filters = Vec::new();
    for (key, values) in &request.filters {
        let Some(f) = facet(key) else { continue };
        if values.is_empty() {
            continue;
        }
        let set = |v: &String| mem.with(f.key, v).cloned().unwrap_or_default();
        let chosen = match f.combine {
            Combine::Any => values
                .iter()
                .map(set)
                .fold(RoaringBitmap::new(), |a, b| a | b),
            Combine::All => {
                let mut sets = values.iter().map(set);
                let first = sets.next().unwrap_or_default();
                sets.fold(first, |a, b| a & b)
            }
        };
        filters.push((f.key, chosen));
    }
    let price = (request.price_from.is_some() || request.price_to.is_some()).then(|| {
        mem.priced(
            request.price_from.map(|m| m.pence()),
            request.price_to.map(|m| m.pence()),
        )
    });
    Ok(Found {
        text,
        scores,
        filters,
        price,
    })
}

async fn count(conn: &DatabaseConnection, sql: Sql) -> ServiceResult<u64> {
    let row = conn.query_one_raw(sql.statement(conn)).await?;
    Ok(row
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0)
        .max(0) as u64)
}

/// Every value each filter offers, labelled (value, label, depth), for the live frameworks.
async fn options(
    conn: &DatabaseConnection,
    frameworks: &[FrameworkSummary],
) -> ServiceResult<HashMap<&'static str, Vec<(String, String, u8)>>> {
    use crate::catalogue::entity::{catalogue_term, category, lot};
    use crate::catalogue::search::facets::*;
    use crate::catalogue::types::{Clearance, DataLocation, Network, Standard, TermKind, Vetting};
    use crate::identity::types::SupplierSize;
    use sea_orm::{ColumnTrait, QueryOrder};
    let ids: Vec<i32> = frameworks.iter().map(|f| f.id).collect();
    let lots = lot::Entity::find()
        .filter(lot::Column::FrameworkId.is_in(ids))
        .order_by_asc(lot::Column::FrameworkId)
        .order_by_asc(lot::Column::Position)
        .all(conn)
        .await?;
    let mut out: HashMap<&'static str, Vec<(String, String, u8)>> = HashMap::new();
    let plain = |v: &str, l: &str| (v.to_string(), l.to_string(), 0u8);
    out.insert(
        LOT.key,
        lots.iter()
            .map(|l| {
                let label = match frameworks.iter().find(|f| f.id == l.framework_id) {
                    Some(f) if frameworks.len() > 1 => format!("{}: {}", f.name, l.name),
                    _ => l.name.clone(),
                };
                (l.id.to_string(), label, 0)
            })
            .collect(),
    );
    let categories = category::Entity::find()
        .filter(category::Column::LotId.is_in(lots.iter().map(|l| l.id).collect::<Vec<_>>()))
        .filter(category::Column::RetiredAt.is_null())
        .order_by_asc(category::Column::LotId)
        .order_by_asc(category::Column::Position)
        .all(conn)
        .await?;
    // Parents first, each followed by its children.
    let mut tree = Vec::new();
    for root in categories.iter().filter(|c| c.parent_id.is_none()) {
        tree.push((root.id.to_string(), root.name.clone(), 0));
        for child in categories.iter().filter(|c| c.parent_id == Some(root.id)) {
            tree.push((child.id.to_string(), child.name.clone(), 1));
        }
    }
    out.insert(CATEGORY.key, tree);
    out.insert(
        DATA_LOCATION.key,
        std::iter::once(plain(UK_OR_EEA, "UK or EEA"))
            .chain(
                DataLocation::ALL
                    .iter()
                    .map(|l| plain(l.as_str(), l.label())),
            )
            .collect(),
    );
    out.insert(
        CLEARANCE.key,
        Clearance::ALL
            .iter()
            .filter(|c| **c != Clearance::None)
            .map(|c| plain(c.as_str(), c.label()))
            .collect(),
    );
    out.insert(
        VETTING.key,
        Vetting::ALL
            .iter()
            .filter(|v| **v != Vetting::None)
            .map(|v| plain(v.as_str(), v.label()))
            .collect(),
    );
    out.insert(
        STANDARDS.key,
        Standard::ALL
            .iter()
            .map(|x| plain(x.as_str(), x.label()))
            .collect(),
    );
    out.insert(
        NETWORKS.key,
        Network::ALL
            .iter()
            .map(|x| plain(x.as_str(), x.label()))
            .collect(),
    );
    out.insert(OPEN_API.key, vec![plain("yes", "Has an open API")]);
    let terms = catalogue_term::Entity::find()
        .filter(catalogue_term::Column::RetiredAt.is_null())
        .order_by_asc(catalogue_term::Column::Name)
        .all(conn)
        .await?;
    for (key, kind) in [
        (WORKS_WITH.key, TermKind::NationalSystem),
        (CAN_REPLACE.key, TermKind::LegacyFunction),
    ] {
        out.insert(
            key,
            terms
                .iter()
                .filter(|t| t.kind == kind)
                .map(|t| (t.id.to_string(), t.name.clone(), 0))
                .collect(),
        );
    }
    out.insert(
        SUPPLIER_SIZE.key,
        SupplierSize::ALL
            .iter()
            .map(|x| plain(x.as_str(), x.label()))
            .collect(),
    );
    Ok(out)
}

/// The number of services a search gives.
async fn count_matching(db: &Db, ask: &Ask<'_>) -> ServiceResult<u64> {
    let mem = search_memory::current(db).await?;
    Ok(find(db, &mem, ask, false).await?.all_but(None).len())
}

/// A spelling the catalogue knows, for a search that found nothing, and what it finds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub q: String,
    pub total: u64,
}

/// For a search that found nothing: the same words with each word no published service has
/// used replaced by the nearest one that some have (at most one letter out for short words,
/// two for longer; the first letter is taken as typed), offered only when it finds something.
pub async fn suggest(
    db: &Db,
    viewer: Option<&Viewer>,
    request: &SearchRequest,
) -> ServiceResult<Option<Suggestion>> {
    permit(viewer, CatalogueAction::Browse)?;
    use crate::catalogue::search::text::{stem, word_spans};
    let conn = &db.conn;
    let pg = is_postgres(conn);
    let spans = word_spans(&request.q);
    if spans.is_empty() || spans.len() > 20 {
        return Ok(None);
    }
    let mut q = request.q.clone();
    let mut changed = false;
    // From the end, so the earlier spans still point at their words.
    for (start, end, word) in spans.into_iter().rev() {
        let chars = word.chars().count();
        let excluded = request.q[..start].ends_with('-');
        if !(3..=32).contains(&chars) || excluded || word.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let mut sql = Sql::new(pg);
        let (w, st) = (sql.bind(word.clone()), sql.bind(stem(&word)));
        sql.text = format!("SELECT COUNT(*) FROM search_word WHERE word = {w} OR stem = {st}");
        if count(conn, sql).await? > 0 {
            continue;
        }
        let Some(first) = word.chars().next() else {
            continue;
        };
        let after = char::from_u32(first as u32 + 1).unwrap_or(char::MAX);
        let mut sql = Sql::new(pg);
        let (lo, hi) = (sql.bind(first.to_string()), sql.bind(after.to_string()));
        let (short, long) = (sql.bind(chars as i32 - 2), sql.bind(chars as i32 + 2));
        sql.text = format!(
            "SELECT word, services FROM search_word WHERE word >= {lo} AND word < {hi} \
             AND LENGTH(word) BETWEEN {short} AND {long}"
        );
        let allowed = if chars <= 4 { 1 } else { 2 };
        let mut best: Option<(usize, i64, String)> = None;
        for row in conn.query_all_raw(sql.statement(conn)).await? {
            let candidate: String = row.try_get_by_index(0)?;
            let services: i64 = row
                .try_get_by_index::<i32>(1)
                .map(i64::from)
                .or_else(|_| row.try_get_by_index::<i64>(1))?;
            let d = strsim::osa_distance(&word, &candidate);
            if d > allowed {
                continue;
            }
            let better = match &best {
                None => true,
                Some((bd, bs, bw)) => (d, -services, &candidate) < (*bd, -*bs, bw),
            };
            if better {
                best = Some((d, services, candidate));
            }
        }
        if let Some((_, _, better)) = best {
            q.replace_range(start..end, &better);
            changed = true;
        }
    }
    if !changed {
        return Ok(None);
    }
    let mut corrected = request.clone();
    corrected.q = q;
    let query = Query::parse(&corrected.q);
    let ask = Ask {
        query: &query,
        request: &corrected,
        live: load::live_frameworks(conn)
            .await?
            .iter()
            .map(|f| f.id)
            .collect(),
    };
    let total = count_matching(db, &ask).await?;
    Ok((total > 0).then_some(Suggestion {
        q: corrected.q,
        total,
    }))
}

/// Runs a search. A page beyond the last is refused (the page says so); everything else a
/// person can type is read, with notes on what was corrected: a filter value that does not
/// exist (perhaps retired since the link was made) is left out and named.
pub async fn search(
    db: &Db,
    viewer: Option<&Viewer>,
    request: &SearchRequest,
) -> ServiceResult<SearchResult> {
    permit(viewer, CatalogueAction::Browse)?;
    let conn = &db.conn;
    let query = Query::parse(&request.q);
    let mut notes: Vec<String> = query.notes.iter().map(|n| n.message()).collect();
    for key in request.filters.keys() {
        if facet(key).is_none() {
            return Err(ServiceError::invalid(
                "filter",
                format!("There is no filter called {key}"),
            ));
        }
    }
    let frameworks = load::live_frameworks(conn).await?;
    let offered = options(conn, &frameworks).await?;
    let mut request = request.clone();
    for (key, values) in request.filters.iter_mut() {
        let Some(f) = facet(key) else { continue };
        let known = offered.get(f.key).map(Vec::as_slice).unwrap_or_default();
        values.retain(|v| {
            let ok = known.iter().any(|(value, _, _)| value == v);
            if !ok {
                notes.push(format!(
                    "“{v}” is not one of the {} filter's values, so it was left out",
                    f.label.to_lowercase()
                ));
            }
            ok
        });
    }
    request.filters.retain(|_, v| !v.is_empty());
    let request = request;
    let ask = Ask {
        query: &query,
        request: &request,
        live: frameworks.iter().map(|f| f.id).collect(),
    };
    let mem = search_memory::current(db).await?;
    let scored = query.fts5().is_some() && request.sort == Sort::Relevance;
    let found = find(db, &mem, &ask, scored).await?;
    let results = found.all_but(None);
    let total = results.len();
    let pages = total.div_ceil(RESULTS_PER_PAGE).max(1);
    let page = request.page.max(1);
    if page > pages {
        return Err(ServiceError::invalid(
            "page",
            format!(
                "There {} only {pages} {} of results",
                if pages == 1 { "is" } else { "are" },
                if pages == 1 { "page" } else { "pages" }
            ),
        ));
    }
    // The page of results: by relevance (ties, and a search without words, in the neutral
    // id-hash order), or by price.
    let offset = ((page - 1) * RESULTS_PER_PAGE) as usize;
    let limit = RESULTS_PER_PAGE as usize;
    let ids: Vec<i32> = if found.scores.is_some() {
        // (relevance score, id hash, slot): the f64 is the database's BM25 / ts_rank_cd
        // relevance, never money; prices are ordered as integer pence in `search_memory`.
        let mut ranked: Vec<(f64, u128, u32)> = results
            .iter()
            .map(|s| (found.score(s), mem.hash(s), s))
            .collect();
        let better =
            |a: &(f64, u128, u32), b: &(f64, u128, u32)| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1));
        // Only the services up to this page need to be in order.
        let wanted = (offset + limit).min(ranked.len());
        if wanted > 0 && wanted < ranked.len() {
            ranked.select_nth_unstable_by(wanted - 1, better);
        }
        ranked.truncate(wanted);
        ranked.sort_unstable_by(better);
        ranked
            .iter()
            .skip(offset)
            .map(|(_, _, s)| mem.service_id(*s))
            .collect()
    } else {
        let order = match request.sort {
            Sort::Relevance => Order::Neutral,
            Sort::PriceLowest => Order::PriceLowest,
            Sort::PriceHighest => Order::PriceHighest,
        };
        mem.page(order, &results, offset, limit)
    };
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
    // Facet counts over the results; each chosen filter's counted without its own choice, so a person sees what else they could pick.
    let chosen: Vec<&str> = FACETS
        .iter()
        .filter(|f| request.filters.get(f.key).is_some_and(|v| !v.is_empty()))
        .map(|f| f.key)
        .collect();
    let mut all: HashMap<(String, String), u64> = HashMap::new();
    for f in FACETS {
        let own;
        let set = if chosen.contains(&f.key) {
            own = found.all_but(Some(f.key));
            &own
        } else {
            &results
        };
        for (value, _, _) in offered.get(f.key).into_iter().flatten() {
            let n = mem
                .with(f.key, value)
                .map_or(0, |b| b.intersection_len(set));
            all.insert((f.key.to_string(), value.clone()), n);
        }
    }
    let facets = FACETS
        .iter()
        .map(|f| {
            let chosen = request.filters.get(f.key);
            let options = offered
                .get(f.key)
                .into_iter()
                .flatten()
                .map(|(value, label, depth)| FacetOption {
                    count: all
                        .get(&(f.key.to_string(), value.clone()))
                        .copied()
                        .unwrap_or(0),
                    chosen: chosen.is_some_and(|c| c.contains(value)),
                    value: value.clone(),
                    label: label.clone(),
                    depth: *depth,
                })
                .collect();
            FacetCounts { facet: *f, options }
        })
        .collect();
    // Nothing found with filters chosen: offer the search without the one that narrowed it
    // most (the one whose removal gives the most services).
    let mut relaxed: Option<Relaxed> = None;
    if total == 0 && request.is_filtered() {
        let mut keys: Vec<(&str, &str)> = chosen
            .iter()
            .filter_map(|k| facet(k).map(|f| (f.key, f.label)))
            .collect();
        if request.price_from.is_some() || request.price_to.is_some() {
            keys.push(("price", "Price"));
        }
        for (key, label) in keys {
            let n = found.all_but(Some(key)).len();
            if n > 0 && relaxed.as_ref().is_none_or(|r| n > r.total) {
                relaxed = Some(Relaxed {
                    key: key.to_string(),
                    label: label.to_string(),
                    total: n,
                });
            }
        }
    }
    Ok(SearchResult {
        total,
        page,
        pages,
        hits,
        facets,
        notes,
        relaxed,
        request,
    })
}
