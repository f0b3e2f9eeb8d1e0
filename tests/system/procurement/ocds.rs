//! OCDS open data: every release the demo and the stages of a procurement produce (tender,
//! tenderAmendment, award, awardUpdate, contract, tenderCancellation, and a catalogue direct
//! award), served as release packages and record packages over the API, validated against the
//! official OCDS 1.1 schemas in `tests/fixtures/ocds-1.1-schema` (JSON Schema draft 4, with
//! formats) and their codelists. Also: nothing about bids before the deadline, and no price
//! but the awarded one.

use super::evaluation::{closed, evaluators};
use super::{published, world};
use app::procurement::entity::ocds_release;
use app::procurement::service::{self as s, awarding, evaluate, load, moderate};
use bluelamp_tests::{on_each_backend, Client};
use chrono::Duration;
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/ocds-1.1-schema");
const RELEASE_SCHEMA_URI: &str =
    "https://standard.open-contracting.org/schema/1__1__5/release-schema.json";
const VERSIONED_URI: &str =
    "https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json";

fn schema(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/{name}")).unwrap()).unwrap()
}

/// A validator for a package schema, its `$ref` to the release schema resolved offline.
fn validator(name: &str) -> jsonschema::Validator {
    let registry = jsonschema::Registry::new()
        .add(RELEASE_SCHEMA_URI, schema("release-schema.json"))
        .unwrap()
        // Referenced by the record schema for versioned releases, which Bluelamp does not
        // publish: any document stands in for it.
        .add(VERSIONED_URI, serde_json::json!({}))
        .unwrap()
        .prepare()
        .unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .offline()
        .with_registry(&registry)
        .build(&schema(name))
        .unwrap()
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// A codelist's codes, from its CSV's first column.
fn codes(name: &str) -> BTreeSet<String> {
    std::fs::read_to_string(format!("{DIR}/codelists/{name}"))
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(|c| c.trim_matches('"').to_string())
        .collect()
}

/// Every value at the end of a path of keys (arrays walked through).
fn values<'a>(v: &'a Value, path: &[&str], out: &mut Vec<&'a Value>) {
    match (v, path.split_first()) {
        (Value::Array(items), _) => items.iter().for_each(|i| values(i, path, out)),
        (_, None) => out.push(v),
        (Value::Object(m), Some((k, rest))) => {
            if let Some(x) = m.get(*k) {
                values(x, rest, out);
            }
        }
        _ => {}
    }
}

/// The codes a release uses from each codelist, checked against the lists.
fn check_codelists(release: &Value) -> Vec<String> {
    let lists: [(&[&str], &str); 9] = [
        (&["tag"], "releaseTag.csv"),
        (&["initiationType"], "initiationType.csv"),
        (&["parties", "roles"], "partyRole.csv"),
        (&["tender", "status"], "tenderStatus.csv"),
        (&["tender", "procurementMethod"], "method.csv"),
        (
            &["tender", "mainProcurementCategory"],
            "procurementCategory.csv",
        ),
        (&["awards", "status"], "awardStatus.csv"),
        (&["contracts", "status"], "contractStatus.csv"),
        (&["tender", "value", "currency"], "currency.csv"),
    ];
    let mut bad = Vec::new();
    for (path, list) in lists {
        let known = codes(list);
        let mut found = Vec::new();
        values(release, path, &mut found);
        for v in found {
            if let Some(code) = v.as_str() {
                if !known.contains(code) {
                    bad.push(format!("{code} is not in {list}"));
                }
            }
        }
    }
    let mut currencies = Vec::new();
    for p in [
        ["awards", "value", "currency"],
        ["contracts", "value", "currency"],
    ] {
        values(release, &p, &mut currencies);
    }
    let known = codes("currency.csv");
    bad.extend(
        currencies
            .iter()
            .filter_map(|c| c.as_str())
            .filter(|c| !known.contains(*c))
            .map(|c| format!("{c} is not in currency.csv")),
    );
    bad
}

#[tokio::test]
async fn every_release_validates_against_the_ocds_schema_and_its_codelists() {
    on_each_backend!(|db| {
        let w = world(db).await;
        // The stages the demo does not reach: an amendment, a cancellation after
        // publication, an award withdrawn after an upheld challenge, a direct award.
        let amended = published(db, &w, false).await;
        let p = load::find(&db.conn, amended).await.unwrap().unwrap();
        let mut t = load::timeline(&p).unwrap();
        t.bid += Duration::days(3);
        t.evaluation += Duration::days(3);
        t.award += Duration::days(3);
        let mut f = load::fields(&p).unwrap();
        f.extend(app::procurement::form::timeline_fields(&t));
        s::amend(
            db,
            Some(&w.kent),
            amended,
            f,
            "More time to price the migration",
        )
        .await
        .unwrap();
        let cancelled = published(db, &w, false).await;
        s::cancel(db, Some(&w.kent), cancelled, "The requirement changed")
            .await
            .unwrap();
        let e = evaluators(db).await;
        let (withdrawn, bids) = closed(db, &w).await;
        evaluate::assign(
            db,
            Some(&w.kent),
            withdrawn,
            &e.kent.user_id.to_string(),
            &bids,
        )
        .await
        .unwrap();
        for b in bids {
            let sheet: app::procurement::form::Fields = [
                ("declaration", "none"),
                ("compliant", "yes"),
                ("score_1", "3"),
                ("justification_1", "Good"),
                ("score_2", "2"),
                ("justification_2", "Fair"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
            evaluate::score(db, Some(&e.kent), withdrawn, b, &sheet, true)
                .await
                .unwrap()
                .unwrap();
            let m: app::procurement::form::Fields = [
                (format!("compliant-{b}"), "yes"),
                (format!("score_1-{b}"), "3"),
                (format!("rationale_1-{b}"), "Agreed"),
                (format!("score_2-{b}"), "2"),
                (format!("rationale_2-{b}"), "Agreed"),
            ]
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
            moderate::moderate(db, Some(&w.kent), withdrawn, b, &m)
                .await
                .unwrap();
        }
        let winner = bids[1]; // Beacon: the lowest price, the same quality.
        let award: app::procurement::form::Fields = [
            ("bid", winner.to_string()),
            ("contract_start_day", "1".into()),
            ("contract_start_month", "4".into()),
            ("contract_start_year", "2027".into()),
            ("contract_end_day", "31".into()),
            ("contract_end_month", "3".into()),
            ("contract_end_year", "2029".into()),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
        awarding::award(db, Some(&w.kent), withdrawn, &award)
            .await
            .unwrap();
        awarding::challenge(db, Some(&w.cobalt), withdrawn, "Unfair")
            .await
            .unwrap();
        let cid = awarding::award_page(db, Some(&w.kent), withdrawn)
            .await
            .unwrap()
            .challenges[0]
            .id;
        awarding::decide_challenge(db, Some(&w.kent), withdrawn, cid, "upheld", "Re-evaluate")
            .await
            .unwrap();
        // A direct award's release, as the catalogue's award writes it.
        {
            use app::catalogue::entity::contract;
            use sea_orm::{ActiveModelTrait, Set};
            let txn = db.write().await.unwrap();
            let c = contract::ActiveModel {
                force_id: Set(w.kent.org_id),
                supplier_id: Set(w.beacon.org_id),
                title: Set("Quokka Custodian".into()),
                value_pence: Set(1_250_050),
                start_date: Set(chrono::NaiveDate::from_ymd_opt(2027, 4, 1).unwrap()),
                end_date: Set(chrono::NaiveDate::from_ymd_opt(2029, 3, 31).unwrap()),
                reference: Set("KENT-2027-001".into()),
                source: Set(app::catalogue::types::ContractSource::DirectAward),
                created_by: Set(w.kent.user_id),
                created_at: Set(db.now()),
                ..Default::default()
            }
            .insert(&*txn)
            .await
            .unwrap();
            app::procurement::ocds::publish_direct_award(&txn, &c, db.now())
                .await
                .unwrap();
            txn.commit().await.unwrap();
        }

        let releases = ocds_release::Entity::find()
            .order_by_asc(ocds_release::Column::Id)
            .all(&db.conn)
            .await
            .unwrap();
        let tags: BTreeSet<String> = releases
            .iter()
            .flat_map(|r| r.tags.split(' ').map(str::to_string))
            .collect();
        for tag in [
            "tender",
            "tenderAmendment",
            "tenderCancellation",
            "award",
            "awardUpdate",
            "contract",
        ] {
            assert!(tags.contains(tag), "no {tag} release in {tags:?}");
        }

        let package = validator("release-package-schema.json");
        let record = validator("record-package-schema.json");
        // The schemas can fail: a release without its ocid, and a bad tag, are caught.
        let mut broken: Value = serde_json::from_str(&releases[0].json).unwrap();
        broken.as_object_mut().unwrap().remove("ocid");
        broken["tag"] = serde_json::json!(["tenderish"]);
        let bad = app::procurement::service::open_data::release_package(
            "https://x.example/p",
            vec![broken],
        );
        assert!(
            errors(&package, &bad).len() >= 2,
            "{:?}",
            errors(&package, &bad)
        );

        let mut client = Client::new(db);
        let mut problems = Vec::new();
        let mut validated = 0;
        let ocids: BTreeSet<String> = releases.iter().map(|r| r.ocid.clone()).collect();
        for ocid in &ocids {
            let r = client.get(&format!("/api/v1/ocds/{ocid}")).await;
            assert_eq!(r.status.as_u16(), 200, "{ocid}");
            let doc: Value = serde_json::from_str(&r.body).unwrap();
            problems.extend(
                errors(&package, &doc)
                    .into_iter()
                    .map(|e| format!("{ocid}: {e}")),
            );
            for rel in doc["releases"].as_array().unwrap() {
                validated += 1;
                problems.extend(
                    check_codelists(rel)
                        .into_iter()
                        .map(|e| format!("{ocid}: {e}")),
                );
            }
            let r = client.get(&format!("/api/v1/ocds/{ocid}/record")).await;
            let doc: Value = serde_json::from_str(&r.body).unwrap();
            problems.extend(
                errors(&record, &doc)
                    .into_iter()
                    .map(|e| format!("{ocid} record: {e}")),
            );
            problems.extend(
                check_codelists(&doc["records"][0]["compiledRelease"])
                    .into_iter()
                    .filter(|e| !e.starts_with("compiled"))
                    .map(|e| format!("{ocid} compiled: {e}")),
            );
        }
        // The paged list holds them all too.
        let r = client.get("/api/v1/ocds/releases").await;
        let doc: Value = serde_json::from_str(&r.body).unwrap();
        problems.extend(errors(&package, &doc));
        assert_eq!(
            doc["releases"].as_array().unwrap().len(),
            releases.len().min(100)
        );
        assert_eq!(
            client
                .get("/api/v1/ocds/releases?page=0")
                .await
                .status
                .as_u16(),
            422
        );
        assert_eq!(
            client
                .get("/api/v1/ocds/releases?since=yesterday")
                .await
                .status
                .as_u16(),
            422
        );
        assert_eq!(
            client
                .get("/api/v1/ocds/ocds-nothing-1")
                .await
                .status
                .as_u16(),
            404
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert_eq!(validated, releases.len());
        eprintln!(
            "OCDS: {validated} releases in {} contracting processes validated, as release and record packages",
            ocids.len()
        );

        // What may be public, when: the tender releases name no bidder; the award names its
        // supplier and value, no other bidder's price appears anywhere.
        let by_process: BTreeMap<String, Vec<Value>> =
            releases.iter().fold(BTreeMap::new(), |mut m, r| {
                m.entry(r.ocid.clone())
                    .or_default()
                    .push(serde_json::from_str(&r.json).unwrap());
                m
            });
        for (ocid, rs) in &by_process {
            for rel in rs {
                let tag = rel["tag"][0].as_str().unwrap();
                if tag == "tender" || tag == "tenderAmendment" {
                    assert!(
                        rel["tender"].get("tenderers").is_none(),
                        "{ocid} {tag} names bidders"
                    );
                }
                assert!(
                    !rel.to_string().contains("\"bids\""),
                    "{ocid} {tag} has bids"
                );
                // The only prices published are the winners' (the demo's £990,000; the
                // tests' £90,000): never a losing bid's.
                let mut amounts = Vec::new();
                if !ocid.contains("-da-") {
                    values(rel, &["awards", "value", "amount"], &mut amounts);
                }
                for a in amounts {
                    let a = a.as_u64().unwrap_or(0);
                    assert!(
                        matches!(a, 990_000 | 90_000),
                        "{ocid} {tag} shows a price of {a}"
                    );
                }
            }
        }
    });
}
