//! Searching the published catalogue on both databases: words across fields, stems for
//! descriptions and not for names, phrases, exclusion, either-or, filters with the Digital
//! Marketplace's semantics and their counts, the neutral order, pages, and the index kept in
//! step with publishing and suspending.

use super::{choices, complete, world};
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
