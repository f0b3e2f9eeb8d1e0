//! Searching the published catalogue on both databases: words across fields, stems for
//! descriptions and not for names, phrases, exclusion, either-or, filters with the Digital
//! Marketplace's semantics and their counts, the neutral order, pages, and the index kept in
//! step with publishing and suspending.

use super::{choices, complete, publish_listing, world};
use app::catalogue::search::facets::UK_OR_EEA;
use app::catalogue::service::{self, search, SearchRequest, Sort, RESULTS_PER_PAGE};
use app::catalogue::types::*;
use app::error::ServiceError;
use bluelamp_tests::on_each_backend;
use std::collections::BTreeMap;

fn ask(q: &str) -> SearchRequest {
    SearchRequest {
        q: q.into(),
        page: 1,
        ..SearchRequest::default()
    }
}

fn with(mut r: SearchRequest, key: &str, values: &[&str]) -> SearchRequest {
    r.filters
        .insert(key.into(), values.iter().map(|v| v.to_string()).collect());
    r
}

#[tokio::test]
async fn search_finds_what_a_buyer_means_and_counts_what_else_there_is() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let browse = search(db, None, &ask("")).await.unwrap();
        assert!(browse.total > 100, "the demo's published services");
        assert_eq!(browse.hits.len() as u64, RESULTS_PER_PAGE);

        // A new service with words no demo service has, published through review.
        let c = choices(db, &w.software).await;
        let id = service::start_draft(db, Some(&w.beacon), w.software.id)
            .await
            .unwrap();
        let mut sections = complete(&c, "Quokka Custodian");
        sections[0].1 .0[1].1 =
            "Zebrafish exhibits tracked from seizure to court, managing every handover.".into();
        for (section, form) in &sections {
            service::save_section(db, Some(&w.beacon), id, *section, form)
                .await
                .unwrap();
        }
        service::submit_service(db, Some(&w.beacon), id)
            .await
            .unwrap();
        assert_eq!(
            search(db, None, &ask("quokka")).await.unwrap().total,
            0,
            "not yet published"
        );
        let publish = ReasonForm {
            intent: "publish".into(),
            reason: String::new(),
        };
        service::review_service(db, Some(&w.analyst), id, &publish)
            .await
            .unwrap();

        let ids = |r: &app::catalogue::service::SearchResult| -> Vec<i32> {
            r.hits.iter().map(|h| h.service.id).collect()
        };
        // Every word must match, in any field: the name and the supplier's name...
        let r = search(db, None, &ask("Quokka beacon")).await.unwrap();
        assert_eq!(ids(&r), [id]);
        // ...and the summary by stem ("manage" finds "managing"), the name not by stem.
        assert_eq!(
            ids(&search(db, None, &ask("zebrafish manage")).await.unwrap()),
            [id]
        );
        assert_eq!(search(db, None, &ask("quokkas")).await.unwrap().total, 0);
        // Phrases, exclusion, either.
        assert_eq!(
            ids(&search(db, None, &ask("\"seizure to court\""))
                .await
                .unwrap()),
            [id]
        );
        assert_eq!(
            search(db, None, &ask("\"court to seizure\""))
                .await
                .unwrap()
                .total,
            0
        );
        assert_eq!(
            search(db, None, &ask("zebrafish -quokka"))
                .await
                .unwrap()
                .total,
            0
        );
        let either = search(db, None, &ask("zebrafish | nosuchword"))
            .await
            .unwrap();
        assert_eq!(ids(&either), [id]);
        // The matched words are marked for the page.
        let hit = &search(db, None, &ask("custodian managing"))
            .await
            .unwrap()
            .hits[0];
        assert!(hit.name.iter().any(|(t, m)| *m && t == "Custodian"));
        assert!(hit.summary.iter().any(|(t, m)| *m && t == "managing"));

        // Filters: its SC clearance meets a BPSS need; UK data counts as "UK or EEA".
        let r = search(db, None, &with(ask("zebrafish"), "clearance", &["bpss"]))
            .await
            .unwrap();
        assert_eq!(ids(&r), [id]);
        let r = search(db, None, &with(ask("zebrafish"), "clearance", &["dv"]))
            .await
            .unwrap();
        assert_eq!(r.total, 0);
        // ...and the clearance counts ignore the clearance filter itself.
        let counts = r
            .facets
            .iter()
            .find(|f| f.facet.key == "clearance")
            .unwrap();
        assert_eq!(counts.count("sc"), 1, "{counts:?}");
        assert_eq!(counts.count("bpss"), 1, "{counts:?}");
        // Nothing found: the same search without the clearance filter finds it.
        let relaxed = r.relaxed.as_ref().expect("a wider search offered");
        assert_eq!((relaxed.key.as_str(), relaxed.total), ("clearance", 1));
        let r = search(db, None, &with(ask("zebrafish"), "location", &[UK_OR_EEA]))
            .await
            .unwrap();
        assert_eq!(r.total, 1);
        // A single-choice field is OR, a multi-value field AND.
        let r = search(
            db,
            None,
            &with(ask("zebrafish"), "location", &["eea", "uk"]),
        )
        .await
        .unwrap();
        assert_eq!(r.total, 1);
        let r = search(
            db,
            None,
            &with(ask("zebrafish"), "network", &["pnn", "psn"]),
        )
        .await
        .unwrap();
        assert_eq!(r.total, 0, "it is on the PNN only");

        // Browse counts agree with the filter they offer.
        let lot = w.software.id.to_string();
        let browse = search(db, None, &ask("")).await.unwrap();
        let lot_count = browse
            .facets
            .iter()
            .find(|f| f.facet.key == "lot")
            .unwrap()
            .count(&lot);
        let only_lot = search(db, None, &with(ask(""), "lot", &[&lot]))
            .await
            .unwrap();
        assert_eq!(only_lot.total, lot_count);

        // The neutral order is the same every time, and pages do not overlap.
        let again = search(db, None, &ask("")).await.unwrap();
        assert_eq!(ids(&again), ids(&browse));
        let mut second = ask("");
        second.page = 2;
        let second = search(db, None, &second).await.unwrap();
        assert!(ids(&second).iter().all(|i| !ids(&browse).contains(i)));
        let mut beyond = ask("");
        beyond.page = browse.pages + 1;
        assert!(matches!(
            search(db, None, &beyond).await.unwrap_err(),
            ServiceError::Invalid(_)
        ));
        // By price, lowest first.
        let mut cheap = ask("");
        cheap.sort = Sort::PriceLowest;
        let prices: Vec<i64> = search(db, None, &cheap)
            .await
            .unwrap()
            .hits
            .iter()
            .filter_map(|h| h.service.price_min.map(|m| m.pence()))
            .collect();
        assert!(prices.windows(2).all(|p| p[0] <= p[1]), "{prices:?}");

        // Hostile words are read, never an error.
        for q in [
            "\"unbalanced",
            "| - ||",
            &"long ".repeat(2_000),
            "'; DROP TABLE service; --",
            "NEAR(a b)",
            "col:umn*",
        ] {
            search(db, None, &ask(q)).await.unwrap();
        }
        let unknown = SearchRequest {
            filters: BTreeMap::from([("colour".to_string(), vec!["blue".to_string()])]),
            ..ask("")
        };
        assert!(search(db, None, &unknown).await.is_err());
        // A value a filter does not have is left out, and said.
        let r = search(
            db,
            None,
            &with(ask("zebrafish"), "network", &["pnn", "carrier-pigeon"]),
        )
        .await
        .unwrap();
        assert_eq!(r.total, 1);
        assert_eq!(r.request.filters["network"], ["pnn"]);
        assert!(
            r.notes.iter().any(|n| n.contains("carrier-pigeon")),
            "{:?}",
            r.notes
        );

        // Suspended, it is gone from search; reinstated, back.
        let suspend = ReasonForm {
            intent: "suspend".into(),
            reason: "Certificate lapsed".into(),
        };
        service::suspend_service(db, Some(&w.national), id, &suspend)
            .await
            .unwrap();
        assert_eq!(search(db, None, &ask("zebrafish")).await.unwrap().total, 0);
        let reinstate = ReasonForm {
            intent: "reinstate".into(),
            reason: String::new(),
        };
        service::suspend_service(db, Some(&w.national), id, &reinstate)
            .await
            .unwrap();
        assert_eq!(search(db, None, &ask("zebrafish")).await.unwrap().total, 1);
    });
}

/// Every page of a search's results, in order.
async fn every_hit(db: &app::db::Db, request: &SearchRequest) -> Vec<i32> {
    let mut out = Vec::new();
    let mut r = request.clone();
    r.page = 1;
    loop {
        let found = search(db, None, &r).await.unwrap();
        out.extend(found.hits.iter().map(|h| h.service.id));
        if r.page >= found.pages {
            return out;
        }
        r.page += 1;
    }
}

/// What the database's own text index matches for a query (and leaves out its exclusions),
/// asked directly: the answer the memory must give too.
async fn indexed(db: &app::db::Db, q: &str) -> std::collections::BTreeSet<i32> {
    use app::catalogue::search::query::Query;
    use sea_orm::{ConnectionTrait, Statement, Value};
    let query = Query::parse(q);
    let pg = app::db::is_postgres(&db.conn);
    let (p, e) = if pg {
        (query.tsquery(), query.tsquery_excluded())
    } else {
        (query.fts5(), query.fts5_excluded())
    };
    let matching = |text: String| {
        let sql = if pg {
            "SELECT service_id FROM service_search WHERE document @@ to_tsquery('simple', $1)"
        } else {
            "SELECT rowid FROM service_fts WHERE service_fts MATCH ?"
        };
        Statement::from_sql_and_values(db.conn.get_database_backend(), sql, [Value::from(text)])
    };
    let ids = |rows: Vec<sea_orm::QueryResult>| -> std::collections::BTreeSet<i32> {
        rows.iter()
            .map(|r| {
                r.try_get_by_index::<i32>(0)
                    .or_else(|_| r.try_get_by_index::<i64>(0).map(|i| i as i32))
                    .unwrap()
            })
            .collect()
    };
    let all = ids(db
        .conn
        .query_all_raw(Statement::from_string(
            db.conn.get_database_backend(),
            "SELECT service_id FROM service_search",
        ))
        .await
        .unwrap());
    let mut set = match p {
        Some(p) => ids(db.conn.query_all_raw(matching(p)).await.unwrap()),
        None => all,
    };
    if let Some(e) = e {
        let out = ids(db.conn.query_all_raw(matching(e)).await.unwrap());
        set.retain(|i| !out.contains(i));
    }
    set
}

#[tokio::test]
async fn words_in_half_the_catalogue_match_from_memory_exactly_and_do_not_rank() {
    use app::catalogue::search::text::{stem, Column};
    use app::catalogue::service::search_memory;
    use std::collections::BTreeSet;
    on_each_backend!(|db| {
        let w = world(db).await;
        // The catalogue's words by how many services use them.
        let words: Vec<String> = {
            use sea_orm::{ConnectionTrait, Statement};
            db.conn
                .query_all_raw(Statement::from_string(
                    db.conn.get_database_backend(),
                    "SELECT word FROM search_word ORDER BY services DESC, word",
                ))
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get_by_index::<String>(0).unwrap())
                .collect()
        };
        let (first, second) = (words[0].clone(), words[1].clone());
        let rare = words.last().unwrap().clone();
        let mem = search_memory::current(db).await.unwrap();
        let held = mem
            .word(Column::Text, &stem(&first))
            .expect("a common word in memory");
        assert!(
            held.len() * 2 >= mem.published(),
            "{first} is in half the catalogue or more"
        );
        let browse: Vec<i32> = every_hit(db, &ask("")).await;
        let live: BTreeSet<i32> = browse.iter().copied().collect();
        let rare_stem = stem(&rare);
        // Common words alone, with each other, with rare words, either-or, excluded, in a
        // phrase: the same services as the database's index gives.
        for q in [
            first.clone(),
            format!("{first} {second}"),
            format!("{first} -{second}"),
            format!("-{first}"),
            format!("{first} | {rare}"),
            format!("{rare} {first}"),
            format!("{rare} -{first}"),
            format!("\"{first} {second}\""),
            format!("{first} {rare_stem}zz"),
        ] {
            let found: BTreeSet<i32> = every_hit(db, &ask(&q)).await.into_iter().collect();
            let expected: BTreeSet<i32> =
                indexed(db, &q).await.intersection(&live).copied().collect();
            assert_eq!(found, expected, "{q}");
        }
        // A word that common does not rank: its results come in the neutral order, as ties do.
        let common = every_hit(db, &ask(&first)).await;
        let neutral: Vec<i32> = browse
            .iter()
            .filter(|i| common.contains(i))
            .copied()
            .collect();
        assert_eq!(common, neutral);

        // The memory follows publishing and suspending: a new service with the common word
        // and a word of its own.
        let c = choices(db, &w.software).await;
        let mut sections = complete(&c, "Wombat Ledger");
        sections[0].1 .0[1].1 = format!("Numbat registers, {first} {second} more.");
        let before: BTreeSet<i32> = every_hit(db, &ask(&first)).await.into_iter().collect();
        let id = publish_listing(db, &w, &sections).await;
        let after: BTreeSet<i32> = every_hit(db, &ask(&first)).await.into_iter().collect();
        assert_eq!(after.difference(&before).collect::<Vec<_>>(), [&id]);
        let both = search(db, None, &ask(&format!("numbat {first}")))
            .await
            .unwrap();
        assert_eq!(
            both.hits.iter().map(|h| h.service.id).collect::<Vec<_>>(),
            [id]
        );
        let suspend = ReasonForm {
            intent: "suspend".into(),
            reason: "Certificate lapsed".into(),
        };
        service::suspend_service(db, Some(&w.national), id, &suspend)
            .await
            .unwrap();
        let gone: BTreeSet<i32> = every_hit(db, &ask(&first)).await.into_iter().collect();
        assert_eq!(gone, before);
        assert_eq!(
            search(db, None, &ask(&format!("{first} -numbat")))
                .await
                .unwrap()
                .total,
            before.len() as u64
        );
    });
}
