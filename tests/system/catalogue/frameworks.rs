//! Frameworks, their stages, and the national body's lists.

use super::{choices, complete, field_error, world};
use app::catalogue::rules::apply_section;
use app::catalogue::service;
use app::catalogue::types::*;
use app::error::ServiceError;
use bluelamp_tests::on_each_backend;
use chrono::{Days, Utc};

fn form(name: &str, open: i64, live: i64, expires: i64) -> FrameworkForm {
    let day = |n: i64| {
        let today = Utc::now().date_naive();
        if n >= 0 {
            today.checked_add_days(Days::new(n as u64)).unwrap()
        } else {
            today.checked_sub_days(Days::new((-n) as u64)).unwrap()
        }
        .to_string()
    };
    FrameworkForm {
        name: name.into(),
        description: "Cloud services for policing".into(),
        applications_open: day(open),
        goes_live: day(live),
        expires: day(expires),
    }
}

#[tokio::test]
async fn the_national_body_creates_a_framework_and_moves_it_through_its_stages() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let e =
            service::create_framework(db, Some(&w.analyst), &form("Police Cloud 3", 10, 20, 30))
                .await
                .unwrap_err();
        assert!(matches!(e, ServiceError::Forbidden), "only admins");
        let e =
            service::create_framework(db, Some(&w.national), &form("Police Cloud 3", 20, 10, 30))
                .await
                .unwrap_err();
        assert!(field_error(e, "goes_live").contains("after applications open"));
        let e =
            service::create_framework(db, Some(&w.national), &form("Police Cloud 1", 10, 20, 30))
                .await
                .unwrap_err();
        assert!(field_error(e, "name").contains("already exists"));

        let id =
            service::create_framework(db, Some(&w.national), &form("Police Cloud 3", 10, 20, 30))
                .await
                .unwrap();
        let d = service::framework_detail(db, None, id).await.unwrap();
        assert_eq!(d.framework.stage, FrameworkStage::Coming);
        let slugs: Vec<&str> = d.lots.iter().map(|l| l.lot.slug.as_str()).collect();
        assert_eq!(slugs, ["cloud-hosting", "cloud-software", "cloud-support"]);
        let software = &d.lots[1];
        assert_eq!(software.lot.max_categories, 20);
        assert_eq!(
            software
                .categories
                .iter()
                .filter(|c| c.parent_id.is_none())
                .count(),
            18
        );
        assert!(software
            .categories
            .iter()
            .any(|c| c.name == "Law enforcement"));
        assert_eq!(d.lots[0].categories.len(), 22);
        assert!(!d.questions.is_empty(), "a starter declaration");

        for next in [
            FrameworkStage::Open,
            FrameworkStage::Live,
            FrameworkStage::Expired,
        ] {
            let stage = service::move_to_next_stage(db, Some(&w.national), id)
                .await
                .unwrap();
            assert_eq!(stage, next);
            let d = service::framework_detail(db, None, id).await.unwrap();
            assert_eq!(d.framework.stage, next, "the dates say so too");
        }
        let e = service::move_to_next_stage(db, Some(&w.national), id)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Conflict(_)));
        // Everyone sees the stages, signed in or not.
        let all = service::list_frameworks(db, None).await.unwrap();
        assert_eq!(all.len(), 3);
    });
}

#[tokio::test]
async fn a_retired_category_stays_on_old_services_and_is_not_offered_for_new_ones() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let add = EntryForm {
            intent: "add".into(),
            name: "Digital forensics".into(),
            ..EntryForm::default()
        };
        service::change_category(db, Some(&w.national), w.software.id, &add)
            .await
            .unwrap();
        let e = service::change_category(db, Some(&w.national), w.software.id, &add)
            .await
            .unwrap_err();
        assert!(field_error(e, "name").contains("already a category"));
        let e = service::change_category(db, Some(&w.beacon), w.software.id, &add)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Forbidden));
        let c = choices(db, &w.software).await;
        let (id, ..) = c
            .categories
            .iter()
            .find(|c| c.1 == "Digital forensics")
            .cloned()
            .unwrap();

        // A listing picks it while it is current...
        let mut about = complete(&c, "Forensic lab").remove(0).1;
        about.0.retain(|(k, _)| k != "categories");
        about.push("categories", id.to_string());
        let mut listing = Listing::default();
        apply_section(Section::About, &about, &mut listing, &c).unwrap();

        let retire = EntryForm {
            intent: "retire".into(),
            id: id.to_string(),
            ..EntryForm::default()
        };
        service::change_category(db, Some(&w.national), w.software.id, &retire)
            .await
            .unwrap();
        let c = choices(db, &w.software).await;
        // ...keeps it after it is retired...
        apply_section(Section::About, &about, &mut listing, &c).unwrap();
        assert_eq!(listing.categories, vec![id]);
        // ...and a new listing cannot pick it.
        let mut fresh = Listing::default();
        let e = apply_section(Section::About, &about, &mut fresh, &c).unwrap_err();
        assert_eq!(e.get("categories"), Some("Select categories from the list"));

        let rename = EntryForm {
            intent: "rename".into(),
            id: id.to_string(),
            name: "Digital forensics (retired)".into(),
            ..EntryForm::default()
        };
        service::change_category(db, Some(&w.national), w.software.id, &rename)
            .await
            .unwrap();
        let c = choices(db, &w.software).await;
        assert!(c
            .categories
            .iter()
            .any(|x| x.0 == id && x.1 == "Digital forensics (retired)" && x.3));
    });
}

#[tokio::test]
async fn the_national_body_edits_its_lists_and_the_declaration() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let add = |name: &str| EntryForm {
            intent: "add".into(),
            name: name.into(),
            ..EntryForm::default()
        };
        service::change_term(
            db,
            Some(&w.national),
            TermKind::LegacyFunction,
            &add("Firearms licensing"),
        )
        .await
        .unwrap();
        let e = service::change_term(
            db,
            Some(&w.national),
            TermKind::LegacyFunction,
            &add("custody"),
        )
        .await
        .unwrap_err();
        assert!(field_error(e, "name").contains("already on the list"));
        let e = service::change_term(
            db,
            Some(&w.buyer),
            TermKind::LegacyFunction,
            &add("Property"),
        )
        .await
        .unwrap_err();
        assert!(matches!(e, ServiceError::Forbidden));

        let q = EntryForm {
            intent: "add".into(),
            name: "Do you hold ISO/IEC 27001 for the service?".into(),
            details_when: "no".into(),
            ..EntryForm::default()
        };
        service::change_question(db, Some(&w.national), w.open, &q)
            .await
            .unwrap();
        let d = service::framework_detail(db, None, w.open).await.unwrap();
        let added = d.questions.iter().find(|x| x.text == q.name).unwrap();
        assert!(!added.details_when);
        let remove = EntryForm {
            intent: "retire".into(),
            id: added.id.to_string(),
            ..EntryForm::default()
        };
        service::change_question(db, Some(&w.national), w.open, &remove)
            .await
            .unwrap();
        let d = service::framework_detail(db, None, w.open).await.unwrap();
        assert!(!d.questions.iter().any(|x| x.text == q.name));
    });
}
