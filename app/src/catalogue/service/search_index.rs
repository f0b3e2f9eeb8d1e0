//! Keeps the search index in step with what is published: a service's rows in
//! `service_search`, `service_facet` and (SQLite) `service_fts` exist exactly while it is
//! published, for its live version. Called in the transaction that publishes, suspends,
//! withdraws or reinstates, and in bulk by the demo and `generate`.

use crate::catalogue::entity::{category, lot};
use crate::catalogue::search::facets::values_of;
use crate::catalogue::search::text::{name_document, stem, text_document, words};
use crate::catalogue::types::Listing;
use crate::db::is_postgres;
use crate::identity::entity::organisation;
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, Statement, Value,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A published service's live version, to index.
pub struct Indexed<'a> {
    pub service_id: i32,
    pub version_id: i32,
    pub lot_id: i32,
    pub supplier_id: i32,
    pub listing: &'a Listing,
}

/// The neutral order of equal scores: SHA-256 of the service id, in hex (as the Digital
/// Marketplace's `serviceIdHash`), so no supplier gains by its name or age.
pub fn id_hash(service_id: i32) -> String {
    hex::encode(Sha256::digest(service_id.to_string().as_bytes()))
}

/// Rows a multi-row insert carries (9 values each, under SQLite's limit of 32,766).
const ROWS: usize = 1000;

/// Removes services from the index (they are no longer published, or are about to be
/// indexed again).
pub async fn remove(txn: &DatabaseTransaction, ids: &[i32]) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    // Numbered in commit order: on PostgreSQL two publishing transactions could otherwise
    // take numbers in one order and commit in the other, and a server that had read the
    // higher number would never see the lower one (readers are not blocked by this lock).
    if is_postgres(txn) {
        txn.execute_unprepared("LOCK TABLE search_change IN EXCLUSIVE MODE")
            .await?;
    }
    for chunk in ids.chunks(ROWS) {
        let rows = chunk
            .iter()
            .map(|i| format!("({i})"))
            .collect::<Vec<_>>()
            .join(",");
        txn.execute_unprepared(&format!(
            "INSERT INTO search_change (service_id) VALUES {rows}"
        ))
        .await?;
    }
    for chunk in ids.chunks(ROWS) {
        let list = chunk
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        if !is_postgres(txn) {
            txn.execute_unprepared(&format!("DELETE FROM service_fts WHERE rowid IN ({list})"))
                .await?;
        }
        txn.execute_unprepared(&format!(
            "DELETE FROM service_facet WHERE service_id IN ({list})"
        ))
        .await?;
        txn.execute_unprepared(&format!(
            "DELETE FROM service_search WHERE service_id IN ({list})"
        ))
        .await?;
    }
    Ok(())
}

/// Indexes published services (replacing what the index held for them).
pub async fn index(txn: &DatabaseTransaction, items: &[Indexed<'_>]) -> Result<(), DbErr> {
    if items.is_empty() {
        return Ok(());
    }
    let ids: Vec<i32> = items.iter().map(|i| i.service_id).collect();
    remove(txn, &ids).await?;
    let lots: HashMap<i32, i32> = lot::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|l| (l.id, l.framework_id))
        .collect();
    let categories: HashMap<i32, category::Model> = category::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut supplier_ids: Vec<i32> = items.iter().map(|i| i.supplier_id).collect();
    supplier_ids.sort_unstable();
    supplier_ids.dedup();
    let mut suppliers: HashMap<i32, organisation::Model> = HashMap::new();
    for chunk in supplier_ids.chunks(ROWS) {
        use sea_orm::ColumnTrait;
        for o in organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            suppliers.insert(o.id, o);
        }
    }
    let parents = |id: i32| categories.get(&id).and_then(|c| c.parent_id);
    let backend = txn.get_database_backend();
    let pg = is_postgres(txn);
    let p = |n: usize| if pg { format!("${n}") } else { "?".to_string() };
    for chunk in items.chunks(ROWS) {
        let mut search_rows = Vec::new();
        let mut search_values: Vec<Value> = Vec::new();
        let mut facet_rows = Vec::new();
        let mut facet_values: Vec<Value> = Vec::new();
        let mut fts_rows = Vec::new();
        let mut fts_values: Vec<Value> = Vec::new();
        for item in chunk {
            let l = item.listing;
            let supplier = suppliers.get(&item.supplier_id);
            let supplier_name = supplier.map(|s| s.name.as_str()).unwrap_or_default();
            let names = name_document([l.name.as_str(), supplier_name]);
            let category_names: Vec<&str> = l
                .categories
                .iter()
                .filter_map(|c| categories.get(c).map(|c| c.name.as_str()))
                .collect();
            let text = text_document(
                std::iter::once(l.summary.as_str())
                    .chain(l.features.iter().map(String::as_str))
                    .chain(l.benefits.iter().map(String::as_str))
                    .chain(category_names),
            );
            let base = search_values.len();
            search_rows.push(format!(
                "({})",
                (1..=9).map(|k| p(base + k)).collect::<Vec<_>>().join(", ")
            ));
            search_values.extend([
                Value::from(item.service_id),
                Value::from(item.version_id),
                Value::from(lots.get(&item.lot_id).copied().unwrap_or_default()),
                Value::from(item.lot_id),
                Value::from(item.supplier_id),
                Value::from(l.price_min.map(|m| m.pence())),
                Value::from(id_hash(item.service_id)),
                Value::from(names.clone()),
                Value::from(text.clone()),
            ]);
            if !pg {
                let base = fts_values.len();
                fts_rows.push(format!(
                    "({}, {}, {})",
                    p(base + 1),
                    p(base + 2),
                    p(base + 3)
                ));
                fts_values.extend([
                    Value::from(item.service_id),
                    Value::from(names),
                    Value::from(text),
                ]);
            }
            let size = supplier.and_then(|s| s.supplier_size).map(|s| s.as_str());
            for (facet, value) in values_of(l, item.lot_id, &parents, size) {
                let base = facet_values.len();
                facet_rows.push(format!(
                    "({}, {}, {})",
                    p(base + 1),
                    p(base + 2),
                    p(base + 3)
                ));
                facet_values.extend([
                    Value::from(facet),
                    Value::from(value),
                    Value::from(item.service_id),
                ]);
            }
        }
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "INSERT INTO service_search (service_id, version_id, framework_id, lot_id, supplier_id, price_min_pence, id_hash, names, text) VALUES {}",
                search_rows.join(", ")
            ),
            search_values,
        ))
        .await?;
        if !fts_rows.is_empty() {
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "INSERT INTO service_fts (rowid, names, text) VALUES {}",
                    fts_rows.join(", ")
                ),
                fts_values,
            ))
            .await?;
        }
        remember_words(txn, &chunk_words(chunk, &suppliers)).await?;
        // Facet rows run to about a dozen a service: insert them in slices under the limit.
        for (rows, values) in facet_rows.chunks(ROWS).zip(facet_values.chunks(ROWS * 3)) {
            // Placeholders were numbered across the whole chunk: renumber for PostgreSQL.
            let rows: Vec<String> = if pg {
                (0..rows.len())
                    .map(|r| format!("({}, {}, {})", p(r * 3 + 1), p(r * 3 + 2), p(r * 3 + 3)))
                    .collect()
            } else {
                rows.to_vec()
            };
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "INSERT INTO service_facet (facet, value, service_id) VALUES {}",
                    rows.join(", ")
                ),
                values.to_vec(),
            ))
            .await?;
        }
    }
    Ok(())
}

/// The longest word kept for suggestions (longer ones are codes and addresses).
const WORD_MAX: usize = 32;

/// Each word the services use as written (names, summary, features, benefits), with the
/// number of services using it.
fn chunk_words(
    chunk: &[Indexed<'_>],
    suppliers: &HashMap<i32, organisation::Model>,
) -> HashMap<String, i32> {
    let mut out: HashMap<String, i32> = HashMap::new();
    for item in chunk {
        let l = item.listing;
        let supplier = suppliers
            .get(&item.supplier_id)
            .map(|s| s.name.as_str())
            .unwrap_or_default();
        let mut mine: Vec<String> = [l.name.as_str(), supplier, l.summary.as_str()]
            .into_iter()
            .chain(l.features.iter().map(String::as_str))
            .chain(l.benefits.iter().map(String::as_str))
            .flat_map(words)
            .filter(|w| {
                w.len() >= 3 && w.len() <= WORD_MAX && !w.chars().all(|c| c.is_ascii_digit())
            })
            .collect();
        mine.sort_unstable();
        mine.dedup();
        for w in mine {
            *out.entry(w).or_default() += 1;
        }
    }
    out
}

/// Adds words to the vocabulary, counting the services that use them.
async fn remember_words(
    txn: &DatabaseTransaction,
    counts: &HashMap<String, i32>,
) -> Result<(), DbErr> {
    let backend = txn.get_database_backend();
    let pg = is_postgres(txn);
    let mut sorted: Vec<(&String, &i32)> = counts.iter().collect();
    // Sorted, so two writers lock rows in the same order.
    sorted.sort_unstable();
    for chunk in sorted.chunks(ROWS) {
        let mut rows = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        for (word, n) in chunk {
            let base = values.len();
            rows.push(if pg {
                format!("(${}, ${}, ${})", base + 1, base + 2, base + 3)
            } else {
                "(?, ?, ?)".to_string()
            });
            values.extend([
                Value::from((*word).clone()),
                Value::from(stem(word)),
                Value::from(**n),
            ]);
        }
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "INSERT INTO search_word (word, stem, services) VALUES {} \
                 ON CONFLICT (word) DO UPDATE SET services = search_word.services + excluded.services",
                rows.join(", ")
            ),
            values,
        ))
        .await?;
    }
    Ok(())
}
