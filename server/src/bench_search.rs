//! `bluelamp bench search`: catalogue search's server time at scale. A fresh database gets
//! the demo and `--services` generated services; then a fixed mix of searches runs, each many
//! times, through the same service the page, the REST API and the island call (facet counts
//! included), and p50/p95/p99 are printed per search and over the mix, with the database's
//! size. Figures are printed, never asserted: a benchmark, not a test.

use crate::cli::CliError;
use app::audit::key::AuditKey;
use app::catalogue::search::request::SearchRequest;
use app::catalogue::service as catalogue;
use app::db::{is_postgres, Db};
use sea_orm::{ConnectionTrait, Statement};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// One search of the mix.
struct Case {
    name: &'static str,
    request: SearchRequest,
    /// A typo: the page then also looks for a spelling suggestion.
    suggest: bool,
    /// Part of the fixed mix (an extra line otherwise, printed but not in the mix's
    /// figures).
    in_mix: bool,
}

fn ask(q: &str, filters: &[(&str, &str)], page: u64) -> SearchRequest {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in filters {
        map.entry(k.to_string()).or_default().push(v.to_string());
    }
    SearchRequest {
        q: q.to_string(),
        filters: map,
        page,
        ..SearchRequest::default()
    }
}

async fn one_text(db: &Db, sql: &str) -> Result<String, CliError> {
    let row = db
        .conn
        .query_one_raw(Statement::from_string(
            db.conn.get_database_backend(),
            sql.to_string(),
        ))
        .await?
        .ok_or_else(|| CliError::Usage(format!("no row for {sql}")))?;
    Ok(row.try_get_by_index::<String>(0)?)
}

/// The mix, its words taken from the generated catalogue itself.
async fn cases(db: &Db) -> Result<Vec<Case>, CliError> {
    let common = one_text(
        db,
        "SELECT word FROM search_word ORDER BY services DESC, word LIMIT 1",
    )
    .await?;
    let second = one_text(
        db,
        "SELECT word FROM search_word ORDER BY services DESC, word LIMIT 1 OFFSET 1",
    )
    .await?;
    let rare = one_text(
        db,
        "SELECT word FROM search_word WHERE services BETWEEN 2 AND 50 AND LENGTH(word) >= 6 ORDER BY services, word LIMIT 1",
    )
    .await?;
    // A phrase: two words in a row from a published service's summary.
    let listing = one_text(
        db,
        "SELECT v.listing FROM service_search s JOIN service_version v ON v.id = s.version_id ORDER BY s.id_hash LIMIT 1",
    )
    .await?;
    let summary = serde_json::from_str::<serde_json::Value>(&listing)
        .ok()
        .and_then(|v| v["summary"].as_str().map(str::to_string))
        .unwrap_or_default();
    let words: Vec<&str> = summary.split_whitespace().collect();
    let phrase = format!(
        "\"{}\"",
        words
            .iter()
            .skip(1)
            .take(2)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect::<Vec<_>>()
            .join(" ")
    );
    // A typo: the rare word with two letters swapped.
    let mut typo: Vec<char> = rare.chars().collect();
    typo.swap(2, 3);
    let typo: String = typo.into_iter().collect();
    let filters = [
        ("location", "uk_or_eea"),
        ("clearance", "sc"),
        ("open_api", "yes"),
    ];
    let all = catalogue::search(db, None, &ask("", &[], 1))
        .await
        .map_err(CliError::from_service)?;
    let deep = (all.pages / 2).max(1);
    let tenth = one_text(
        db,
        &format!(
            "SELECT word FROM search_word WHERE LENGTH(word) >= 4 ORDER BY ABS(services - {}), word LIMIT 1",
            all.total / 10
        ),
    )
    .await?;
    Ok(vec![
        Case {
            name: "rare word",
            request: ask(&rare, &[], 1),
            suggest: false,
            in_mix: true,
        },
        Case {
            name: "common word",
            request: ask(&common, &[], 1),
            suggest: false,
            in_mix: true,
        },
        Case {
            name: "phrase",
            request: ask(&phrase, &[], 1),
            suggest: false,
            in_mix: true,
        },
        Case {
            name: "exclusion",
            request: ask(&format!("{common} -{second}"), &[], 1),
            suggest: false,
            in_mix: true,
        },
        Case {
            name: "no words, three filters",
            request: ask("", &filters, 1),
            suggest: false,
            in_mix: true,
        },
        Case {
            name: "words and three filters",
            request: ask(&common, &filters, 1),
            suggest: false,
            in_mix: true,
        },
        Case {
            name: "deep page",
            request: ask("", &[], deep),
            suggest: false,
            in_mix: true,
        },
        Case {
            name: "typo",
            request: ask(&typo, &[], 1),
            suggest: true,
            in_mix: true,
        },
        // Beyond the mix: a word in about a tenth of the services, common enough to be costly
        // to rank yet not so common that it stops ranking.
        Case {
            name: "(extra) word in a tenth",
            request: ask(&tenth, &[], 1),
            suggest: false,
            in_mix: false,
        },
    ])
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

async fn database_mb(db: &Db, sqlite_file: Option<&Path>) -> Result<f64, CliError> {
    if is_postgres(&db.conn) {
        let row = db
            .conn
            .query_one_raw(Statement::from_string(
                db.conn.get_database_backend(),
                "SELECT pg_database_size(current_database())".to_string(),
            ))
            .await?
            .ok_or_else(|| CliError::Usage("no database size".into()))?;
        Ok(row.try_get_by_index::<i64>(0)? as f64 / 1e6)
    } else {
        let bytes: u64 = ["", "-wal"]
            .iter()
            .filter_map(|s| {
                sqlite_file.and_then(|f| std::fs::metadata(format!("{}{s}", f.display())).ok())
            })
            .map(|m| m.len())
            .sum();
        Ok(bytes as f64 / 1e6)
    }
}

/// Fills a fresh database and runs the mix on it.
pub async fn run_on(
    label: &str,
    url: &str,
    dir: &Path,
    services: u64,
    rounds: usize,
    sqlite_file: Option<&Path>,
) -> Result<(), CliError> {
    let db = Db::connect(url, AuditKey::load(None, &dir.join("bench-audit.key"))?).await?;
    db.migrate().await?;
    let started = Instant::now();
    app::seed::demo(&db).await?;
    let written = app::catalogue::seed::generate(&db, services)
        .await
        .map_err(CliError::from_service)?;
    if is_postgres(&db.conn) {
        db.conn.execute_unprepared("ANALYZE").await?;
    }
    let filled = started.elapsed();
    let size = database_mb(&db, sqlite_file).await?;
    // What a server does at its first search: read the index's filters into memory.
    let loading = Instant::now();
    app::catalogue::service::search_memory::current(&db)
        .await
        .map_err(CliError::from_service)?;
    let loaded = loading.elapsed();
    let cases = cases(&db).await?;
    println!(
        "{label}: the demo and {written} generated services written in {:.1} s; database {size:.0} MB; filters and common words read into memory in {} ms",
        filled.as_secs_f64(),
        loaded.as_millis()
    );
    println!(
        "  {:<26} {:>9} {:>8} {:>8} {:>8} {:>9} {:>9}   words",
        "search", "results", "p50 ms", "p95 ms", "p99 ms", "again p50", "again p95"
    );
    let mut everything = Vec::new();
    let mut everything_again = Vec::new();
    // The mix first, its figures together; then any extra line.
    let (mix, extra): (Vec<&Case>, Vec<&Case>) = cases.iter().partition(|c| c.in_mix);
    for (i, case) in mix.iter().chain(extra.iter()).enumerate() {
        if i == mix.len() {
            print_mix(&mut everything, &mut everything_again);
        }
        let mut times = Vec::with_capacity(rounds);
        let mut again = Vec::with_capacity(rounds);
        let mut total = 0;
        // Two rounds to warm the database's and the memory's caches; then the measured rounds,
        // each asking the database for its text match afresh ("p50".."p99"); then the same
        // search repeated, as people page and go back, its text match remembered ("again").
        for round in 0..2 + 2 * rounds {
            let fresh = round < 2 + rounds;
            if fresh {
                db.search_memory().forget_text();
            }
            let t = Instant::now();
            let r = catalogue::search(&db, None, &case.request)
                .await
                .map_err(CliError::from_service)?;
            if case.suggest && r.total == 0 {
                catalogue::suggest(&db, None, &r.request)
                    .await
                    .map_err(CliError::from_service)?;
            }
            let took = t.elapsed();
            total = r.total;
            if round >= 2 && fresh {
                times.push(took);
            } else if round >= 2 {
                again.push(took);
            }
        }
        times.sort();
        again.sort();
        println!(
            "  {:<26} {:>9} {:>8.1} {:>8.1} {:>8.1} {:>9.1} {:>9.1}   {}",
            case.name,
            total,
            percentile(&times, 0.50),
            percentile(&times, 0.95),
            percentile(&times, 0.99),
            percentile(&again, 0.50),
            percentile(&again, 0.95),
            if case.request.q.is_empty() {
                format!("(page {})", case.request.page)
            } else {
                case.request.q.clone()
            }
        );
        if case.in_mix {
            everything.extend(times);
            everything_again.extend(again);
        }
    }
    if extra.is_empty() {
        print_mix(&mut everything, &mut everything_again);
    }
    let _ = db.conn.close().await;
    Ok(())
}

/// The whole mix's line.
fn print_mix(fresh: &mut [Duration], again: &mut [Duration]) {
    fresh.sort();
    again.sort();
    println!(
        "  {:<26} {:>9} {:>8.1} {:>8.1} {:>8.1} {:>9.1} {:>9.1}",
        "the whole mix",
        "",
        percentile(fresh, 0.50),
        percentile(fresh, 0.95),
        percentile(fresh, 0.99),
        percentile(again, 0.50),
        percentile(again, 0.95)
    );
}
