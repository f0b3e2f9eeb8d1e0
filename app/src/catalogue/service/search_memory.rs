//! The search index's filters and orders, in memory: one bitmap (roaring) of services per
//! filter value, and the services in neutral (id-hash) and price order. With these, a search's
//! filters, its facet counts and its pages take microseconds; the database answers only the
//! text match (FTS5 or GIN), which it does best.
//!
//! The memory also holds the services of each common word: every indexed word (a name's word,
//! or a stem of the text) found in at least one service in [`WORD_FLOOR`] when the memory was
//! read. A word so common that the database would walk and rank most of the catalogue to match
//! it is answered here instead (`search_words`). A word the memory does not hold is asked of
//! the database, so the memory never has to know every word to be right.
//!
//! Kept in step with the database, not with this process: every index write adds its services
//! to `search_change` (numbered in commit order), and each search first reads the highest
//! number. Equal: the memory is current. Higher: only the services changed since are read
//! again. So several servers on one PostgreSQL each stay correct, and a publish is seen by the
//! very next search.

use crate::catalogue::search::text::{stem, Column};
use crate::db::{is_postgres, Db};
use crate::error::ServiceResult;
use roaring::RoaringBitmap;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};
use tokio::sync::RwLock;

/// Above this many changed services, reading everything again is quicker.
const REFRESH_MAX: usize = 5_000;

/// The shared, swappable memory of one database, and the latest text matches.
#[derive(Clone, Default)]
pub struct Cache(
    Arc<RwLock<Option<Arc<Memory>>>>,
    Arc<std::sync::Mutex<TextCache>>,
);

/// What the database's text match answered for the latest distinct searches, valid while the
/// index has not changed (entries carry the change number they were read at). People repeat
/// searches (paging, adding a filter, going back): those no longer ask the database again.
#[derive(Default)]
struct TextCache {
    entries: Vec<(i64, String, Arc<TextMatch>)>,
}

/// A text match: the services, and each one's relevance by slot when it was scored.
pub struct TextMatch {
    pub set: RoaringBitmap,
    pub scores: Option<Vec<f64>>,
}

/// Text matches kept: a scored match of every service is 0.8 MB at 100,000 services.
const TEXT_CACHE: usize = 32;

impl Cache {
    /// A remembered text match of `key` at `generation` (a scored one if `scored`).
    pub fn text(&self, generation: i64, key: &str, scored: bool) -> Option<Arc<TextMatch>> {
        let mut c = self.1.lock().ok()?;
        let at = c.entries.iter().position(|(g, k, m)| {
            *g == generation && k == key && (!scored || m.scores.is_some())
        })?;
        // Most recently used last.
        let e = c.entries.remove(at);
        let found = e.2.clone();
        c.entries.push(e);
        Some(found)
    }

    pub fn remember_text(&self, generation: i64, key: String, found: Arc<TextMatch>) {
        if let Ok(mut c) = self.1.lock() {
            c.entries.retain(|(g, k, _)| *g == generation && *k != key);
            if c.entries.len() >= TEXT_CACHE {
                c.entries.remove(0);
            }
            c.entries.push((generation, key, found));
        }
    }

    /// Forgets every text match (the benchmark's cold runs).
    pub fn forget_text(&self) {
        if let Ok(mut c) = self.1.lock() {
            c.entries.clear();
        }
    }
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("search memory")
    }
}

/// A word is held in memory when at least one published service in this many has it.
pub const WORD_FLOOR: u64 = 100;

/// Longer words are codes and addresses (and PostgreSQL skips words over 2,047 bytes).
const WORD_MAX: usize = 64;

/// Services are numbered by slot (0..); a slot is never reused, a removed service's slot is
/// just no longer alive.
#[derive(Clone, Default)]
pub struct Memory {
    pub generation: i64,
    slot_of: HashMap<i32, u32>,
    ids: Vec<i32>,
    framework: Vec<i32>,
    price: Vec<Option<i64>>,
    /// The id hash's first 128 bits: the neutral order, highest first.
    hash: Vec<u128>,
    alive: RoaringBitmap,
    facets: HashMap<(String, String), RoaringBitmap>,
    hash_order: Vec<u32>,
    price_asc: Vec<u32>,
    price_desc: Vec<u32>,
    /// The services of each common word of the names, and of the text (stems). Shared between
    /// a memory and its refreshed copy until a change touches them.
    names_words: HashMap<String, Arc<RoaringBitmap>>,
    text_words: HashMap<String, Arc<RoaringBitmap>>,
    /// The published services of each framework (built with the orders: every search asks
    /// for the live frameworks' services, and picking them one by one from 100,000 was the
    /// largest item in a profile of the search page).
    by_framework: HashMap<i32, RoaringBitmap>,
    /// The fewest services a held word had when the memory was read: a word not held had
    /// fewer (or came later).
    word_floor: u64,
}

/// The orders a page can take from memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Neutral,
    PriceLowest,
    PriceHighest,
}

impl Memory {
    pub fn slot(&self, service_id: i32) -> Option<u32> {
        self.slot_of.get(&service_id).copied()
    }

    pub fn service_id(&self, slot: u32) -> i32 {
        self.ids[slot as usize]
    }

    /// Slots ever given (alive or not): the length of a per-slot table.
    pub fn slots(&self) -> usize {
        self.ids.len()
    }

    pub fn hash(&self, slot: u32) -> u128 {
        self.hash[slot as usize]
    }

    /// The published services on these frameworks.
    pub fn on_frameworks(&self, live: &[i32]) -> RoaringBitmap {
        live.iter()
            .filter_map(|f| self.by_framework.get(f))
            .fold(RoaringBitmap::new(), |all, on| all | on)
    }

    /// How many services are published (on any framework).
    pub fn published(&self) -> u64 {
        self.alive.len()
    }

    /// The published services (on any framework).
    pub fn all_published(&self) -> RoaringBitmap {
        self.alive.clone()
    }

    /// The services whose names (as written) or text (stems) have `word`, when the memory
    /// holds it (a common word); `None` means ask the database. A word of the names is held
    /// whenever its stem is held for the text, even when no name has it (an empty set), so a
    /// search word whose text part is held is whole in memory.
    pub fn word(&self, column: Column, word: &str) -> Option<&RoaringBitmap> {
        static NONE: LazyLock<RoaringBitmap> = LazyLock::new(RoaringBitmap::new);
        match column {
            Column::Names => self
                .names_words
                .get(word)
                .map(Arc::as_ref)
                .or_else(|| self.text_words.contains_key(&stem(word)).then(|| &*NONE)),
            Column::Text => self.text_words.get(word).map(Arc::as_ref),
        }
    }

    /// A word not held had fewer services than this when the memory was read (or came later).
    pub fn word_floor(&self) -> u64 {
        self.word_floor
    }

    /// The services holding a filter value (none: an empty set).
    pub fn with(&self, facet: &str, value: &str) -> Option<&RoaringBitmap> {
        self.facets.get(&(facet.to_string(), value.to_string()))
    }

    /// The services whose lowest price is within the range (a service without a price is in
    /// no range).
    pub fn priced(&self, from: Option<i64>, to: Option<i64>) -> RoaringBitmap {
        self.alive
            .iter()
            .filter(|s| {
                self.price[*s as usize]
                    .is_some_and(|p| from.is_none_or(|f| p >= f) && to.is_none_or(|t| p <= t))
            })
            .collect()
    }

    /// `limit` services of `set` from `offset`, in `order`.
    pub fn page(&self, order: Order, set: &RoaringBitmap, offset: usize, limit: usize) -> Vec<i32> {
        let list = match order {
            Order::Neutral => &self.hash_order,
            Order::PriceLowest => &self.price_asc,
            Order::PriceHighest => &self.price_desc,
        };
        list.iter()
            .filter(|s| set.contains(**s))
            .skip(offset)
            .take(limit)
            .map(|s| self.service_id(*s))
            .collect()
    }

    fn sort(&mut self) {
        let alive: Vec<u32> = self.alive.iter().collect();
        let mut by_hash = alive.clone();
        by_hash.sort_unstable_by_key(|s| std::cmp::Reverse(self.hash(*s)));
        let price = |s: u32| self.price[s as usize];
        let mut asc = by_hash.clone();
        // Stable, so equal prices keep the neutral order; no price goes last either way.
        asc.sort_by_key(|s| (price(*s).is_none(), price(*s)));
        let mut desc = by_hash.clone();
        desc.sort_by_key(|s| (price(*s).is_none(), std::cmp::Reverse(price(*s))));
        let mut by_framework: HashMap<i32, RoaringBitmap> = HashMap::new();
        for s in &alive {
            by_framework
                .entry(self.framework[*s as usize])
                .or_default()
                .insert(*s);
        }
        self.by_framework = by_framework;
        self.hash_order = by_hash;
        self.price_asc = asc;
        self.price_desc = desc;
    }

    fn forget(&mut self, service_ids: &[i32]) {
        let mut gone = RoaringBitmap::new();
        for id in service_ids {
            if let Some(slot) = self.slot_of.remove(id) {
                gone.insert(slot);
            }
        }
        if gone.is_empty() {
            return;
        }
        self.alive -= &gone;
        for set in self.facets.values_mut() {
            *set -= &gone;
        }
        for set in self
            .names_words
            .values_mut()
            .chain(self.text_words.values_mut())
        {
            // Copied only when it changes: most words are not in the changed services.
            if !set.is_disjoint(&gone) {
                *Arc::make_mut(set) -= &gone;
            }
        }
    }
}

/// Words being gathered while the whole index is read.
#[derive(Default)]
struct Gathering {
    names: HashMap<String, RoaringBitmap>,
    text: HashMap<String, RoaringBitmap>,
}

impl Gathering {
    fn add(map: &mut HashMap<String, RoaringBitmap>, document: &str, slot: u32) {
        for word in document
            .split(' ')
            .filter(|w| (1..=WORD_MAX).contains(&w.len()))
        {
            match map.get_mut(word) {
                Some(set) => {
                    set.insert(slot);
                }
                None => {
                    map.insert(word.to_string(), RoaringBitmap::from_iter([slot]));
                }
            }
        }
    }

    /// Keeps the words at or above the floor, and the names' words whose stems are kept for
    /// the text (see [`Memory::word`]).
    fn keep(self, m: &mut Memory) {
        let floor = m.word_floor;
        m.text_words = self
            .text
            .into_iter()
            .filter(|(_, set)| set.len() >= floor)
            .map(|(w, set)| (w, Arc::new(set)))
            .collect();
        let text = &m.text_words;
        m.names_words = self
            .names
            .into_iter()
            .filter(|(w, set)| set.len() >= floor || text.contains_key(&stem(w)))
            .map(|(w, set)| (w, Arc::new(set)))
            .collect();
    }
}

/// Adds a refreshed service to the words the memory already holds (a word not held stays
/// with the database; a names word whose stem is held joins, see [`Memory::word`]).
fn add_held(m: &mut Memory, names: &str, text: &str, slot: u32) {
    for word in text.split(' ') {
        if let Some(set) = m.text_words.get_mut(word) {
            Arc::make_mut(set).insert(slot);
        }
    }
    for word in names.split(' ') {
        if let Some(set) = m.names_words.get_mut(word) {
            Arc::make_mut(set).insert(slot);
        } else if m.text_words.contains_key(&stem(word)) {
            m.names_words
                .insert(word.to_string(), Arc::new(RoaringBitmap::from_iter([slot])));
        }
    }
}

fn hash_bits(hex: &str) -> u128 {
    u128::from_str_radix(hex.get(..32).unwrap_or("0"), 16).unwrap_or(0)
}

/// The highest change number.
async fn latest(conn: &DatabaseConnection) -> ServiceResult<i64> {
    let row = conn
        .query_one_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            "SELECT COALESCE(MAX(generation), 0) FROM search_change",
        ))
        .await?;
    Ok(match row {
        Some(r) => r
            .try_get_by_index::<i64>(0)
            .or_else(|_| r.try_get_by_index::<i32>(0).map(i64::from))?,
        None => 0,
    })
}

/// Reads `service_search` and `service_facet` rows (of `ids`, or all) into `m`; their words
/// into `gathering` when the whole index is read, else into the words already held.
async fn read(
    conn: &DatabaseConnection,
    m: &mut Memory,
    ids: Option<&[i32]>,
    mut gathering: Option<&mut Gathering>,
) -> ServiceResult<()> {
    let backend = conn.get_database_backend();
    let only = ids.map(|ids| {
        format!(
            " WHERE service_id IN ({})",
            ids.iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        )
    });
    let rows = conn
        .query_all_raw(sea_orm::Statement::from_string(
            backend,
            format!(
                "SELECT service_id, framework_id, price_min_pence, id_hash, names, text FROM service_search{}",
                only.clone().unwrap_or_default()
            ),
        ))
        .await?;
    for r in rows {
        let id: i32 = r.try_get_by_index(0)?;
        let slot = m.ids.len() as u32;
        m.ids.push(id);
        m.framework.push(r.try_get_by_index(1)?);
        m.price.push(r.try_get_by_index(2)?);
        m.hash.push(hash_bits(&r.try_get_by_index::<String>(3)?));
        m.alive.insert(slot);
        m.slot_of.insert(id, slot);
        let names: String = r.try_get_by_index(4)?;
        let text: String = r.try_get_by_index(5)?;
        match gathering.as_deref_mut() {
            Some(g) => {
                Gathering::add(&mut g.names, &names, slot);
                Gathering::add(&mut g.text, &text, slot);
            }
            None => add_held(m, &names, &text, slot),
        }
    }
    // One row a filter value, its services as a list: far fewer rows to carry than one a
    // service and value.
    let list = if is_postgres(conn) {
        "string_agg(service_id::text, ',')"
    } else {
        "group_concat(service_id)"
    };
    let rows = conn
        .query_all_raw(sea_orm::Statement::from_string(
            backend,
            format!(
                "SELECT facet, value, {list} FROM service_facet{} GROUP BY facet, value",
                only.unwrap_or_default()
            ),
        ))
        .await?;
    for r in rows {
        let facet: String = r.try_get_by_index(0)?;
        let value: String = r.try_get_by_index(1)?;
        let services: String = r.try_get_by_index(2)?;
        let set = m.facets.entry((facet, value)).or_default();
        for id in services.split(',') {
            if let Some(slot) = id.trim().parse().ok().and_then(|id| m.slot_of.get(&id)) {
                set.insert(*slot);
            }
        }
    }
    Ok(())
}

async fn load_all(conn: &DatabaseConnection, generation: i64) -> ServiceResult<Memory> {
    let mut m = Memory {
        generation,
        ..Memory::default()
    };
    let mut words = Gathering::default();
    read(conn, &mut m, None, Some(&mut words)).await?;
    m.word_floor = m.alive.len().div_ceil(WORD_FLOOR).max(1);
    words.keep(&mut m);
    m.sort();
    Ok(m)
}

async fn refresh(
    conn: &DatabaseConnection,
    old: &Memory,
    generation: i64,
) -> ServiceResult<Memory> {
    let rows = conn
        .query_all_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            format!(
                "SELECT DISTINCT service_id FROM search_change WHERE generation > {}",
                old.generation
            ),
        ))
        .await?;
    if rows.len() > REFRESH_MAX {
        return load_all(conn, generation).await;
    }
    let ids: Vec<i32> = rows
        .into_iter()
        .map(|r| r.try_get_by_index::<i32>(0))
        .collect::<Result<_, _>>()?;
    let mut m = old.clone();
    m.generation = generation;
    m.forget(&ids);
    for chunk in ids.chunks(1000) {
        read(conn, &mut m, Some(chunk), None).await?;
    }
    m.sort();
    Ok(m)
}

/// The memory as of the database's latest change.
pub async fn current(db: &Db) -> ServiceResult<Arc<Memory>> {
    let cache = &db.search_memory().0;
    let generation = latest(&db.conn).await?;
    if let Some(m) = cache.read().await.as_ref() {
        if m.generation == generation {
            return Ok(m.clone());
        }
    }
    let mut slot = cache.write().await;
    let fresh = match slot.as_ref() {
        Some(m) if m.generation == generation => return Ok(m.clone()),
        Some(m) if m.generation < generation => refresh(&db.conn, m, generation).await?,
        _ => load_all(&db.conn, generation).await?,
    };
    let fresh = Arc::new(fresh);
    *slot = Some(fresh.clone());
    Ok(fresh)
}
