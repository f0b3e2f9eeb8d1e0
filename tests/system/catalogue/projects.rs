//! Projects on both databases: a saved search ends only at 30 results or fewer, its record is
//! frozen (later edits do not touch it), the assessment and outcome come in order, an award
//! makes the force's contract, every step is audited, and nobody outside the force (but the
//! national body, reading) sees any of it. Also the compare basket over HTTP.

use super::{choices, complete, publish_listing, world, World};
use app::audit::entity::audit_event;
use app::catalogue::service;
use app::catalogue::types::*;
use app::db::Db;
use app::error::ServiceError;
use bluelamp_tests::{on_each_backend, viewer, Client};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// Publishes a service through review; its name's words are in no demo service.
async fn publish(db: &Db, w: &World, name: &str) -> i32 {
    let c = choices(db, &w.software).await;
    publish_listing(db, w, &complete(&c, name)).await
}

fn save(search: &str, project: &str, name: &str) -> SaveSearchForm {
    SaveSearchForm {
        search: search.into(),
        project: project.into(),
        name: name.into(),
    }
}

async fn events(db: &Db, action: &str) -> u64 {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .count(&db.conn)
        .await
        .unwrap()
}

fn award(service_id: i32, reference: &str) -> OutcomeForm {
    OutcomeForm {
        outcome: "awarded".into(),
        service: service_id.to_string(),
        value: "£12,500.50".into(),
        start_day: "1".into(),
        start_month: "4".into(),
        start_year: "2027".into(),
        end_day: "31".into(),
        end_month: "3".into(),
        end_year: "2029".into(),
        reference: reference.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_fair_search_ends_in_a_frozen_record_and_an_award_makes_a_contract() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let first = publish(db, &w, "Quokka Custodian").await;
        let second = publish(db, &w, "Quokka Ledger").await;
        let essex = viewer(db, "buyer@essex.police.uk").await;

        // Only force staff save searches; a project's name is unique in its force.
        assert!(matches!(
            service::save_search(db, Some(&w.beacon), &save("q=quokka", "new", "X")).await,
            Err(ServiceError::Forbidden)
        ));
        let id = service::save_search(
            db,
            Some(&w.buyer),
            &save("q=quokka", "new", " Custody  2027 "),
        )
        .await
        .unwrap();
        let again =
            service::save_search(db, Some(&w.buyer), &save("q=quokka", "new", "Custody 2027"))
                .await
                .unwrap_err();
        assert!(
            super::field_error(again, "name").contains("already has a project called Custody 2027")
        );
        let empty = service::save_search(db, Some(&w.buyer), &save("q=quokka", "new", "  "))
            .await
            .unwrap_err();
        assert_eq!(
            super::field_error(empty, "name"),
            "Enter a name for the new project"
        );
        // Another force may not save into it.
        assert!(matches!(
            service::save_search(db, Some(&essex), &save("q=quokka", &id.to_string(), "")).await,
            Err(ServiceError::Forbidden)
        ));

        // A search finding more than 30 services cannot end.
        let broad = service::save_search(db, Some(&w.buyer), &save("", "new", "Everything"))
            .await
            .unwrap();
        let detail = service::project(db, Some(&w.buyer), broad).await.unwrap();
        assert!(detail.current_total.unwrap() > 30);
        match service::end_search(db, Some(&w.buyer), broad).await {
            Err(ServiceError::Conflict(m)) => {
                assert!(m.contains("Narrow it to 30 or fewer"), "{m}")
            }
            other => panic!("{other:?}"),
        }

        // Outcome and assessment wait for the search to end.
        assert!(matches!(
            service::record_outcome(db, Some(&w.buyer), id, &award(first, "R1")).await,
            Err(ServiceError::Conflict(_))
        ));
        // Refined, then saved again into the same project: it keeps one search, the latest.
        service::save_search(
            db,
            Some(&w.buyer),
            &save("q=quokka&clearance=sc", &id.to_string(), ""),
        )
        .await
        .unwrap();
        service::end_search(db, Some(&w.buyer), id).await.unwrap();
        assert!(matches!(
            service::end_search(db, Some(&w.buyer), id).await,
            Err(ServiceError::Conflict(_))
        ));
        // An ended project keeps its search.
        match service::save_search(db, Some(&w.buyer), &save("q=other", &id.to_string(), "")).await
        {
            Err(ServiceError::Conflict(m)) => assert!(m.contains("has ended"), "{m}"),
            other => panic!("{other:?}"),
        }
        let ended = service::project(db, Some(&w.buyer), id).await.unwrap();
        assert_eq!(ended.status, ProjectStatus::Ended);
        let mut found: Vec<i32> = ended.items.iter().map(|i| i.service_id).collect();
        found.sort();
        assert_eq!(found, [first, second]);
        assert!(
            ended.filters.contains(&"Words: quokka".to_string()),
            "{:?}",
            ended.filters
        );
        assert!(
            ended
                .filters
                .iter()
                .any(|f| f.starts_with("Staff security clearance") || f.contains("SC")),
            "{:?}",
            ended.filters
        );
        assert_eq!(ended.ended_by.as_deref(), Some(w.buyer.name.as_str()));

        // The supplier renames one service afterwards; the national body suspends the other.
        service::start_edit(db, Some(&w.beacon), first)
            .await
            .unwrap();
        let c = choices(db, &w.software).await;
        let (section, form) = complete(&c, "Quokka Custodian Renamed").remove(0);
        service::save_section(db, Some(&w.beacon), first, section, &form)
            .await
            .unwrap();
        service::submit_service(db, Some(&w.beacon), first)
            .await
            .unwrap();
        service::review_service(
            db,
            Some(&w.analyst),
            first,
            &ReasonForm {
                intent: "publish".into(),
                reason: String::new(),
            },
        )
        .await
        .unwrap();
        service::suspend_service(
            db,
            Some(&w.national),
            second,
            &ReasonForm {
                intent: "suspend".into(),
                reason: "Under investigation".into(),
            },
        )
        .await
        .unwrap();
        let later = service::project(db, Some(&w.buyer), id).await.unwrap();
        assert_eq!(later.items, ended.items, "the frozen record never changes");
        assert!(later
            .items
            .iter()
            .any(|i| i.service_name == "Quokka Custodian" && i.version_number == 1));

        // Both exports say the same, exactly.
        let csv = service::record_csv(&later).unwrap();
        assert!(csv.contains("Project,Custody 2027"), "{csv}");
        assert!(csv.contains("Search – Words,quokka"), "{csv}");
        assert!(
            csv.contains("Quokka Custodian,Beacon Analytics Ltd"),
            "{csv}"
        );
        assert!(csv.contains(",4.50,,"), "price from, exact: {csv}");
        let xlsx = service::record_xlsx(&later).unwrap();
        assert_eq!(&xlsx[..2], b"PK", "an xlsx is a zip");
        service::record_for_export(db, Some(&w.buyer), id, "csv")
            .await
            .unwrap();

        // Assessment, then the outcome; the award names a service of the record.
        assert!(matches!(
            service::record_outcome(db, Some(&w.buyer), id, &award(first, "R1")).await,
            Err(ServiceError::Conflict(m)) if m.contains("assessed")
        ));
        let blank = service::assess(
            db,
            Some(&w.buyer),
            id,
            &AssessmentForm {
                assessment: " ".into(),
            },
        )
        .await
        .unwrap_err();
        assert!(super::field_error(blank, "assessment").starts_with("Enter how"));
        service::assess(
            db,
            Some(&w.buyer),
            id,
            &AssessmentForm {
                assessment: "Both met the need; Custodian cost less over 2 years.".into(),
            },
        )
        .await
        .unwrap();
        let outside = service::record_outcome(db, Some(&w.buyer), id, &award(999_999, "R1"))
            .await
            .unwrap_err();
        assert!(super::field_error(outside, "service").contains("Select the service"));
        let contract =
            service::record_outcome(db, Some(&w.buyer), id, &award(first, "KENT-2027-001"))
                .await
                .unwrap()
                .expect("an award makes a contract");
        assert!(matches!(
            service::record_outcome(db, Some(&w.buyer), id, &award(first, "KENT-2027-002")).await,
            Err(ServiceError::Conflict(_))
        ));
        let closed = service::project(db, Some(&w.buyer), id).await.unwrap();
        assert_eq!(closed.status, ProjectStatus::Closed);
        assert_eq!(closed.outcome, Some(ProjectOutcome::Awarded));
        let c = closed.contract.unwrap();
        assert_eq!(c.id, contract);
        assert_eq!(c.value.pence(), 1_250_050);
        assert_eq!(c.title, "Quokka Custodian");
        assert_eq!(c.supplier_name, "Beacon Analytics Ltd");
        assert_eq!(c.source, ContractSource::DirectAward);
        assert_eq!(c.start_date.to_string(), "2027-04-01");

        // The contract register: the force's own, and the national body's view of all.
        // (The demo's shared procurement made contracts too: only direct awards count here.)
        let direct = |rows: Vec<app::catalogue::types::ContractRow>| -> Vec<i32> {
            rows.into_iter()
                .filter(|c| c.source == ContractSource::DirectAward)
                .map(|c| c.id)
                .collect()
        };
        let mine = service::list_contracts(db, Some(&w.buyer)).await.unwrap();
        assert_eq!(direct(mine), [contract]);
        assert!(direct(service::list_contracts(db, Some(&essex)).await.unwrap()).is_empty());
        assert_eq!(
            direct(
                service::list_contracts(db, Some(&w.national))
                    .await
                    .unwrap()
            )
            .len(),
            1
        );
        // Published as open data: a `limited`-method award and contract release.
        let ocid = app::procurement::ocds::direct_award_ocid(contract);
        let releases = app::procurement::service::open_data::releases_of(db, None, &ocid)
            .await
            .unwrap();
        assert_eq!(releases[0]["tender"]["procurementMethod"], "limited");
        assert_eq!(releases[0]["awards"][0]["value"]["amount"], 12500.5);
        assert!(service::list_contracts(db, Some(&w.beacon)).await.is_err());

        // Who sees projects: the force, and the national body; not another force, not suppliers.
        assert!(service::project(db, Some(&w.national), id).await.is_ok());
        assert!(
            !service::project(db, Some(&w.national), id)
                .await
                .unwrap()
                .can_run
        );
        assert!(matches!(
            service::project(db, Some(&essex), id).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            service::project(db, Some(&w.beacon), id).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            service::project(db, None, id).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(service::list_projects(db, Some(&essex))
            .await
            .unwrap()
            .is_empty());
        // Two here and the demo's.
        assert_eq!(
            service::list_projects(db, Some(&w.buyer))
                .await
                .unwrap()
                .len(),
            3
        );
        assert!(service::list_projects(db, Some(&w.beacon)).await.is_err());
        assert!(matches!(
            service::assess(
                db,
                Some(&w.national),
                broad,
                &AssessmentForm {
                    assessment: "x".into()
                }
            )
            .await,
            Err(ServiceError::Forbidden)
        ));

        // Every step audited.
        for (action, n) in [
            ("project.created", 3),
            ("project.search_saved", 1),
            ("project.search_ended", 1),
            ("project.record_exported", 1),
            ("project.assessed", 1),
            ("project.outcome_recorded", 1),
            ("contract.created", 1),
        ] {
            assert_eq!(events(db, action).await, n, "{action}");
        }
    });
}

#[tokio::test]
async fn no_suitable_service_and_an_empty_record_need_a_reason() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let id = service::save_search(
            db,
            Some(&w.buyer),
            &save("q=nosuchwordanywhere", "new", "Nothing"),
        )
        .await
        .unwrap();
        service::end_search(db, Some(&w.buyer), id).await.unwrap();
        assert!(service::project(db, Some(&w.buyer), id)
            .await
            .unwrap()
            .items
            .is_empty());
        service::assess(
            db,
            Some(&w.buyer),
            id,
            &AssessmentForm {
                assessment: "Nothing found.".into(),
            },
        )
        .await
        .unwrap();
        let e = service::record_outcome(db, Some(&w.buyer), id, &award(1, "R"))
            .await
            .unwrap_err();
        assert!(super::field_error(e, "outcome").contains("nothing can be awarded"));
        let no_reason = OutcomeForm {
            outcome: "no_suitable".into(),
            ..Default::default()
        };
        let e = service::record_outcome(db, Some(&w.buyer), id, &no_reason)
            .await
            .unwrap_err();
        assert_eq!(
            super::field_error(e, "reason"),
            "Enter why no service was suitable"
        );
        let with_reason = OutcomeForm {
            reason: "The market has no such service yet.".into(),
            ..no_reason
        };
        assert_eq!(
            service::record_outcome(db, Some(&w.buyer), id, &with_reason)
                .await
                .unwrap(),
            None
        );
        let p = service::project(db, Some(&w.buyer), id).await.unwrap();
        assert_eq!(p.outcome, Some(ProjectOutcome::NoSuitable));
        assert!(service::list_contracts(db, Some(&w.buyer))
            .await
            .unwrap()
            .iter()
            .all(|c| c.source != ContractSource::DirectAward));
    });
}

#[tokio::test]
async fn pages_run_a_project_without_javascript() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let first = publish(db, &w, "Quokka Custodian").await;
        let mut buyer = Client::signed_in(db, "buyer@kent.police.uk").await;
        let page = buyer.get("/services?q=quokka").await;
        assert!(
            page.body.contains("/projects/save?q=quokka"),
            "the save link"
        );
        let form = buyer.get("/projects/save?q=quokka").await;
        assert_eq!(form.status, 200);
        assert!(form.body.contains("Your search: quokka"));
        let bad = buyer
            .post_form(
                "/projects/save",
                &[("search", "q=quokka"), ("project", "new"), ("name", "")],
            )
            .await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("Enter a name for the new project"));
        let done = buyer
            .post_form(
                "/projects/save",
                &[
                    ("search", "q=quokka"),
                    ("project", "new"),
                    ("name", "Custody"),
                ],
            )
            .await;
        assert_eq!(done.status, 303, "{}", done.body);
        let at = done.location.unwrap();
        let page = buyer.get(&at).await;
        assert!(page.body.contains("govuk-task-list"));
        assert!(page.body.contains("End the search"));
        assert_eq!(
            buyer.get(&format!("{at}/record.csv")).await.status,
            404,
            "no record before it ends"
        );
        let ended = buyer.post_form(&format!("{at}/end"), &[]).await;
        assert_eq!(ended.status, 303);
        let csv = buyer.get(&format!("{at}/record.csv")).await;
        assert_eq!(csv.status, 200);
        assert!(csv.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("search-record-"));
        assert!(csv.body.contains("Quokka Custodian"));
        let xlsx = buyer.get(&format!("{at}/record.xlsx")).await;
        assert_eq!(xlsx.status, 200);
        let bad = buyer
            .post_form(&format!("{at}/assessment"), &[("assessment", "")])
            .await;
        assert_eq!(bad.status, 422);
        assert_eq!(
            buyer
                .post_form(&format!("{at}/assessment"), &[("assessment", "Fine.")])
                .await
                .status,
            303
        );
        let bad = buyer
            .post_form(
                &format!("{at}/outcome"),
                &[
                    ("outcome", "awarded"),
                    ("service", &first.to_string()),
                    ("value", "ten"),
                    ("start_day", "31"),
                    ("start_month", "2"),
                    ("start_year", "2027"),
                ],
            )
            .await;
        assert_eq!(bad.status, 422);
        assert!(bad
            .body
            .contains("The contract value must be an amount of money"));
        assert!(bad.body.contains("The start date must be a real date"));
        assert!(bad.body.contains("value=\"ten\""), "what was typed is kept");
        let ok = buyer
            .post_form(
                &format!("{at}/outcome"),
                &[
                    ("outcome", "awarded"),
                    ("service", &first.to_string()),
                    ("value", "25000"),
                    ("start_day", "1"),
                    ("start_month", "4"),
                    ("start_year", "2027"),
                    ("end_day", "31"),
                    ("end_month", "3"),
                    ("end_year", "2028"),
                    ("reference", "KENT-1"),
                ],
            )
            .await;
        assert_eq!(ok.status, 303, "{}", ok.body);
        let contracts = buyer.get("/contracts").await;
        assert!(contracts.body.contains("KENT-1"));
        assert!(contracts.body.contains("£25,000.00"));

        // Another force: 403; a supplier: 403.
        let mut essex = Client::signed_in(db, "buyer@essex.police.uk").await;
        assert_eq!(essex.get(&at).await.status, 403);
        assert_eq!(essex.get(&format!("{at}/record.csv")).await.status, 403);
        assert!(!essex.get("/contracts").await.body.contains("KENT-1"));
    });
}

#[tokio::test]
async fn the_compare_basket_holds_four_in_the_session_without_javascript() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let a = publish(db, &w, "Quokka Custodian").await;
        let b = publish(db, &w, "Quokka Ledger").await;
        let others: Vec<i32> = service::search(
            db,
            None,
            &app::catalogue::service::SearchRequest {
                page: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .hits
        .iter()
        .map(|h| h.service.id)
        .filter(|id| *id != a && *id != b)
        .take(3)
        .collect();
        let mut anon = Client::new(db);
        let results = anon.get("/services?q=quokka").await;
        assert!(results.body.contains("form=\"compare-form\""));
        let added = anon
            .post_form(
                "/compare",
                &[("add", &a.to_string()), ("back", "/services?q=quokka")],
            )
            .await;
        assert_eq!(added.status, 303);
        assert_eq!(added.location.as_deref(), Some("/services?q=quokka"));
        // An address elsewhere is not followed.
        let added = anon
            .post_form(
                "/compare",
                &[("add", &b.to_string()), ("back", "//evil.example/")],
            )
            .await;
        assert_eq!(added.location.as_deref(), Some("/compare"));
        let page = anon.get("/services?q=quokka").await;
        assert!(page.body.contains("2 services chosen to compare"));
        assert!(page.body.contains("Remove from compare"));
        let compare = anon.get("/compare").await;
        assert_eq!(compare.status, 200);
        assert!(
            compare.body.contains("Quokka Custodian") && compare.body.contains("Quokka Ledger")
        );
        for id in &others[..2] {
            anon.post_form(
                "/compare",
                &[("add", &id.to_string()), ("back", "/compare")],
            )
            .await;
        }
        let full = anon
            .post_form(
                "/compare",
                &[("add", &others[2].to_string()), ("back", "/compare")],
            )
            .await;
        assert_eq!(full.status, 409);
        assert!(full
            .body
            .contains("You can compare up to 4 services at once"));
        let compare = anon.get("/compare").await;
        assert!(
            compare.body.contains("Differs"),
            "demo services differ somewhere"
        );
        // A service suspended since it was added shows as gone, not silently dropped.
        service::suspend_service(
            db,
            Some(&w.national),
            b,
            &ReasonForm {
                intent: "suspend".into(),
                reason: "Checks".into(),
            },
        )
        .await
        .unwrap();
        let compare = anon.get("/compare").await;
        assert!(compare.body.contains("No longer available"));
        anon.post_form("/compare", &[("remove", &b.to_string())])
            .await;
        assert!(!anon
            .get("/compare")
            .await
            .body
            .contains("No longer available"));
        anon.post_form("/compare", &[("clear", "all")]).await;
        assert!(anon
            .get("/compare")
            .await
            .body
            .contains("You have not chosen any services"));
        // Nothing that is not public goes in.
        assert_eq!(
            anon.post_form("/compare", &[("add", "99999999")])
                .await
                .status,
            404
        );
    });
}
