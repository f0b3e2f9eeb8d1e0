//! The words of a search: which services they match, and how well.
//!
//! Most words are asked of the database, which matches and ranks them (FTS5's `MATCH` with
//! `bm25`, or the GIN index's `@@` with `ts_rank_cd`). A word found in at least half the
//! published services is answered from memory (`search_memory` holds the services of every
//! common word) and does not rank:
//!
//! - BM25, the ranking the catalogue follows, gives such a word no weight: its inverse
//!   document frequency, ln((N − n + ½) / (n + ½)), is zero or below (FTS5 floors it at 10⁻⁶
//!   only to keep scores from going negative). It narrows the results; it cannot order them.
//! - Asking the database for it costs most of the catalogue: FTS5 walks and scores a position
//!   list per service, PostgreSQL rechecks each service's weighted document. At 100,000
//!   services that was 110 ms and 600 ms for "and", against a few microseconds in memory.
//!
//! So a search is split: either-or groups of such words (and excluded words the memory
//! holds) are sets in memory; the remaining groups, with the excluded words, go to the
//! database as one match, scored when the page is ordered by relevance. A search whose every
//! word is that common is shown in the neutral order, as ties are. The sets are exact either
//! way: the memory and the database index the same words (`catalogue::search::text`).

use super::search_memory::{Memory, TextMatch};
use crate::catalogue::search::query::{
    fts5_all, fts5_any, one_word, tsquery_all, tsquery_any, Atom, Query,
};
use crate::catalogue::search::text::{stem, Column};
use crate::db::{is_postgres, Db};
use crate::error::{ServiceError, ServiceResult};
use roaring::RoaringBitmap;
use sea_orm::{ConnectionTrait, Statement, Value};
use std::sync::Arc;

/// What a search's words matched.
pub struct Matched {
    /// The services, of every published one (`None`: the search has no words).
    pub set: Option<RoaringBitmap>,
    /// Their relevance, when it was asked for and some word ranks.
    pub scores: Option<Arc<TextMatch>>,
}

/// The database's text match (FTS5 or GIN) of `text`, written for it: the services, and
/// their relevance if `scored`; remembered until the index changes.
async fn text_match(
    db: &Db,
    mem: &Memory,
    text: String,
    scored: bool,
) -> ServiceResult<Arc<TextMatch>> {
    let cache = db.search_memory();
    if let Some(found) = cache.text(mem.generation, &text, scored) {
        return Ok(found);
    }
    let conn = &db.conn;
    let pg = is_postgres(conn);
    // One row, the matches as text ("id score,id score,…"): carrying 100,000 rows one by one
    // through the driver cost more than the match itself (measured: 614 ms against about
    // 200 ms in psql, PostgreSQL, 100,000 matches). FTS5's bm25 cannot be called inside an
    // aggregate, hence the materialised CTE.
    //
    // On PostgreSQL the query is parsed once, in a sub-select: the driver keeps statements
    // prepared, and after five runs PostgreSQL may switch to a generic plan, which calls
    // `to_tsquery($1)` again for every row it checks and ranks (measured, a phrase at 100,000
    // services: 38 ms generic, 16 ms with the sub-select, which runs once either way).
    let sql = match (pg, scored) {
        (true, true) => "SELECT string_agg(service_id::text || ' ' || ts_rank_cd(document, (SELECT to_tsquery('simple', $1)))::text, ',') FROM service_search WHERE document @@ (SELECT to_tsquery('simple', $1))",
        (true, false) => "SELECT string_agg(service_id::text, ',') FROM service_search WHERE document @@ (SELECT to_tsquery('simple', $1))",
        (false, true) => "WITH m AS MATERIALIZED (SELECT rowid || ' ' || bm25(service_fts) AS r FROM service_fts WHERE service_fts MATCH ?) SELECT group_concat(r, ',') FROM m",
        (false, false) => "WITH m AS MATERIALIZED (SELECT rowid AS r FROM service_fts WHERE service_fts MATCH ?) SELECT group_concat(r, ',') FROM m",
    };
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            conn.get_database_backend(),
            sql,
            [Value::from(text.clone())],
        ))
        .await?;
    let list: Option<String> = match row {
        Some(r) => r.try_get_by_index(0)?,
        None => None,
    };
    let mut set = RoaringBitmap::new();
    let mut scores = scored.then(|| vec![f64::MIN; mem.slots()]);
    for item in list.as_deref().unwrap_or_default().split(',') {
        let mut parts = item.split(' ');
        // A service indexed after the memory was read waits for the next search.
        let Some(slot) = parts
            .next()
            .and_then(|id| id.trim().parse::<i32>().ok())
            .and_then(|id| mem.slot(id))
        else {
            continue;
        };
        set.insert(slot);
        if let Some(scores) = scores.as_mut() {
            // bm25 is smaller for better matches: negated, so higher is better on both.
            let score: f64 = parts
                .next()
                .and_then(|s| s.trim().parse().ok())
                .ok_or_else(|| ServiceError::Internal(format!("a text match's score: {item}")))?;
            scores[slot as usize] = if pg { score } else { -score };
        }
    }
    let found = Arc::new(TextMatch { set, scores });
    cache.remember_text(mem.generation, text, found.clone());
    Ok(found)
}

/// A word's two parts: its names part as written and its text part by stem.
fn parts(word: &str) -> [(Column, String); 2] {
    [
        (Column::Names, word.to_string()),
        (Column::Text, stem(word)),
    ]
}

/// The services of atoms (any of them) from memory, when each is a word with at least one
/// part held there and their held parts alone give at least `at_least` services (a part not
/// held, which had fewer than the floor's services, is then asked of the database, unscored).
/// `None`: leave these atoms to the database.
async fn from_memory(
    db: &Db,
    mem: &Memory,
    atoms: &[Atom],
    at_least: u64,
) -> ServiceResult<Option<RoaringBitmap>> {
    let mut set = RoaringBitmap::new();
    let mut missing = Vec::new();
    for atom in atoms {
        // A phrase needs word positions: the database's.
        let Atom::Word(word) = atom else {
            return Ok(None);
        };
        let mut held = false;
        for (column, w) in parts(word) {
            match mem.word(column, &w) {
                Some(s) => {
                    set |= s;
                    held = true;
                }
                None => missing.push((column, w)),
            }
        }
        if !held {
            return Ok(None);
        }
    }
    if set.len() + missing.len() as u64 * mem.word_floor() < at_least {
        return Ok(None);
    }
    let pg = is_postgres(&db.conn);
    for (column, w) in missing {
        set |= &text_match(db, mem, one_word(column, &w, pg), false)
            .await?
            .set;
    }
    Ok((set.len() >= at_least).then_some(set))
}

/// Matches a search's words: common groups and exclusions in memory, the rest in the
/// database, scored if `scored`.
pub async fn matched(db: &Db, mem: &Memory, query: &Query, scored: bool) -> ServiceResult<Matched> {
    if query.is_empty() {
        return Ok(Matched {
            set: None,
            scores: None,
        });
    }
    let pg = is_postgres(&db.conn);
    let half = mem.published().div_ceil(2).max(1);
    // Positive groups: in memory when common, else for the database.
    let mut common: Vec<RoaringBitmap> = Vec::new();
    let mut asked: Vec<&[Atom]> = Vec::new();
    for group in &query.all {
        match from_memory(db, mem, group, half).await? {
            Some(set) => common.push(set),
            None => asked.push(group),
        }
    }
    let positive = if pg {
        tsquery_all(asked.iter().copied())
    } else {
        fts5_all(asked.iter().copied())
    };
    // Excluded words: with words for the database, in its match, so only what remains is
    // ranked; otherwise from memory where held, and from the database (unscored) where not.
    let mut excluded_in_memory = RoaringBitmap::new();
    let mut excluded_asked: Vec<Atom> = Vec::new();
    if positive.is_some() {
        excluded_asked = query.none.clone();
    } else {
        for atom in &query.none {
            match from_memory(db, mem, std::slice::from_ref(atom), 0).await? {
                Some(set) => excluded_in_memory |= set,
                None => excluded_asked.push(atom.clone()),
            }
        }
    }
    let excluded = if pg {
        tsquery_any(&excluded_asked)
    } else {
        fts5_any(&excluded_asked)
    };
    let (mut set, scores) = match (positive, excluded) {
        (Some(p), Some(e)) => {
            let q = if pg {
                format!("({p}) & !({e})")
            } else {
                format!("({p}) NOT {e}")
            };
            let m = text_match(db, mem, q, scored).await?;
            (m.set.clone(), Some(m))
        }
        (Some(p), None) => {
            let m = text_match(db, mem, p, scored).await?;
            (m.set.clone(), Some(m))
        }
        (None, Some(e)) => {
            let m = text_match(db, mem, e, false).await?;
            (mem.all_published() - &m.set, None)
        }
        (None, None) => (mem.all_published(), None),
    };
    for c in &common {
        set &= c;
    }
    set -= excluded_in_memory;
    Ok(Matched {
        set: Some(set),
        scores: if scored { scores } else { None },
    })
}
