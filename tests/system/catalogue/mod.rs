//! The catalogue: frameworks and lists, supplier applications, listings through review and
//! versions, what buyers see (410 once gone), copying from G-Cloud, the demo catalogue.
//! One file per use case, as in `app/src/catalogue/service/`.

mod applications;
mod browse;
mod demo;
mod frameworks;
mod import;
mod listings;
mod projects;
mod search;

use app::access::Viewer;
use app::catalogue::entity::{framework, lot};
use app::catalogue::rules::Choices;
use app::catalogue::service::load;
use app::catalogue::types::*;
use app::db::Db;
use app::error::ServiceError;
use bluelamp_tests::viewer;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The demo, and the people and places the tests act with.
pub(crate) struct World {
    pub live: i32,
    pub open: i32,
    pub software: lot::Model,
    pub national: Viewer,
    pub analyst: Viewer,
    pub buyer: Viewer,
    pub beacon: Viewer,
    pub cobalt: Viewer,
}

pub(crate) async fn world(db: &Db) -> World {
    app::seed::demo(db).await.unwrap();
    let fw = |name: &'static str| async move {
        framework::Entity::find()
            .filter(framework::Column::Name.eq(name))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap()
            .id
    };
    let live = fw("Police Cloud 1").await;
    let open = fw("Police Cloud 2").await;
    let software = lot::Entity::find()
        .filter(lot::Column::FrameworkId.eq(live))
        .filter(lot::Column::Slug.eq("cloud-software"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    World {
        live,
        open,
        software,
        national: viewer(db, "admin@npto.example").await,
        analyst: viewer(db, "analyst@npto.example").await,
        buyer: viewer(db, "buyer@kent.police.uk").await,
        beacon: viewer(db, "admin@beacon-analytics.example").await,
        cobalt: viewer(db, "admin@cobalt-records-systems.example").await,
    }
}

/// Publishes a listing through review: drafted by Beacon, every section saved, submitted, and
/// approved by the analyst. Its id.
pub(crate) async fn publish_listing(db: &Db, w: &World, sections: &[(Section, Pairs)]) -> i32 {
    use app::catalogue::service;
    let id = service::start_draft(db, Some(&w.beacon), w.software.id)
        .await
        .unwrap();
    for (section, form) in sections {
        service::save_section(db, Some(&w.beacon), id, *section, form)
            .await
            .unwrap();
    }
    service::submit_service(db, Some(&w.beacon), id)
        .await
        .unwrap();
    let publish = ReasonForm {
        intent: "publish".into(),
        reason: String::new(),
    };
    service::review_service(db, Some(&w.analyst), id, &publish)
        .await
        .unwrap();
    id
}

pub(crate) async fn choices(db: &Db, lot: &lot::Model) -> Choices {
    load::choices(&db.conn, lot).await.unwrap()
}

/// A complete, valid listing on `choices`' lot, section by section, as forms would send it.
pub(crate) fn complete(choices: &Choices, name: &str) -> Vec<(Section, Pairs)> {
    let cat = choices
        .categories
        .iter()
        .find(|c| !c.3)
        .map(|c| c.0)
        .unwrap();
    let system = choices
        .terms
        .iter()
        .find(|t| t.1 == TermKind::NationalSystem)
        .unwrap()
        .0;
    let p = |fields: &[(&str, String)]| {
        Pairs(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    };
    vec![
        (
            Section::About,
            p(&[
                ("name", name.to_string()),
                (
                    "summary",
                    "Digital evidence stored, shared and disclosed from one place.".into(),
                ),
                (
                    "features",
                    "Ingest from body-worn video\nShare with the CPS".into(),
                ),
                ("benefits", "Faster charging decisions".into()),
                ("categories", cat.to_string()),
            ]),
        ),
        (
            Section::Pricing,
            p(&[
                ("price_min", "4.50".into()),
                ("price_max", "".into()),
                ("price_unit", "user".into()),
                ("price_interval", "month".into()),
                ("vat_included", "no".into()),
                ("free_trial", "yes".into()),
            ]),
        ),
        (
            Section::Documents,
            p(&[
                (
                    "service_definition_url",
                    "https://evidence.example/definition.pdf".into(),
                ),
                ("terms_url", "https://evidence.example/terms.pdf".into()),
                ("pricing_url", "https://evidence.example/pricing.pdf".into()),
            ]),
        ),
        (
            Section::Assurance,
            p(&[
                ("data_location", "uk".into()),
                ("clearance", "sc".into()),
                ("vetting", "nppv2".into()),
                ("standards", "iso27001".into()),
                ("networks", "pnn".into()),
            ]),
        ),
        (
            Section::Police,
            p(&[
                ("open_api", "yes".into()),
                ("api_docs_url", "https://evidence.example/api".into()),
                ("export_formats", "csv".into()),
                (
                    "data_extraction",
                    "Buyers export every exhibit and its audit trail as CSV and files.".into(),
                ),
                ("works_with", system.to_string()),
            ]),
        ),
    ]
}

pub(crate) fn field_error(e: ServiceError, field: &str) -> String {
    match e {
        ServiceError::Invalid(errors) => errors
            .get(field)
            .unwrap_or_else(|| panic!("no error for {field}: {errors:?}"))
            .to_string(),
        other => panic!("expected invalid {field}, got {other:?}"),
    }
}
