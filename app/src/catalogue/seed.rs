//! The catalogue's reference data (the lists of national systems and legacy functions) and
//! its demo: a live framework with 300+ published services from 30+ suppliers, an open one to
//! apply to, and services in every state. `generate` adds N more services the same way.

use super::demo::{self, LotInput};
use super::entity::{
    application_answer, application_lot, catalogue_term, framework, framework_application, service,
    service_category, service_version,
};
use super::service::{insert_framework, load, search_index};
use super::types::*;
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::{Db, WriteTxn};
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, organisation, organisation_domain};
use crate::identity::rules::slugify;
use crate::identity::types::{OrgKind, OrgStatus, Role, SupplierSize};
use chrono::{Days, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// National systems a service can work with: the national body edits this list.
pub const NATIONAL_SYSTEMS: &[&str] = &[
    "Police National Computer (PNC)",
    "Police National Database (PND)",
    "Law Enforcement Data Service (LEDS)",
    "National ANPR Data Centre (NADC)",
    "Home Office Biometrics (IDENT1)",
    "National Enabling Programmes (NEP)",
    "Single Online Home",
    "Niche RMS interface",
    "Athena interface",
    "Connect interface",
];

/// Legacy system functions a service can replace; the spend tracker uses the same list.
pub const LEGACY_FUNCTIONS: &[&str] = &[
    "Records management",
    "Command and control",
    "Custody",
    "Case preparation",
    "Intelligence",
    "ANPR",
    "Digital evidence",
    "Duty management",
    "HR",
    "Finance",
];

pub const LIVE_FRAMEWORK: &str = "Police Cloud 1";
pub const OPEN_FRAMEWORK: &str = "Police Cloud 2";

/// Seeds each list while it is empty (a list the national body has edited is left alone).
pub async fn seed_reference(db: &Db) -> ServiceResult<()> {
    let txn = db.write().await?;
    for (kind, names) in [
        (TermKind::NationalSystem, NATIONAL_SYSTEMS),
        (TermKind::LegacyFunction, LEGACY_FUNCTIONS),
    ] {
        let empty = catalogue_term::Entity::find()
            .filter(catalogue_term::Column::Kind.eq(kind))
            .one(&*txn)
            .await?
            .is_none();
        if empty {
            for name in names {
                catalogue_term::ActiveModel {
                    kind: Set(kind),
                    name: Set(name.to_string()),
                    retired_at: Set(None),
                    ..Default::default()
                }
                .insert(&*txn)
                .await?;
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

/// A supplier organisation with an admin who can sign in (the demo password).
async fn ensure_supplier(
    txn: &WriteTxn,
    s: &demo::DemoSupplier,
    password_hash: &str,
) -> ServiceResult<(organisation::Model, i32)> {
    let slug = slugify(s.name);
    let org = match organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(&slug))
        .one(&**txn)
        .await?
    {
        Some(o) => o,
        None => {
            let email = format!("admin@{}", s.domain);
            let org = organisation::ActiveModel {
                slug: Set(slug),
                name: Set(s.name.to_string()),
                kind: Set(OrgKind::Supplier),
                status: Set(OrgStatus::Active),
                region: Set(None),
                companies_house_number: Set(Some(s.companies_house_number.to_string())),
                supplier_size: Set(Some(if s.sme {
                    SupplierSize::Sme
                } else {
                    SupplierSize::Large
                })),
                contact_name: Set(Some(s.contact_name.to_string())),
                contact_email: Set(Some(email.clone())),
                contact_phone: Set(None),
                status_reason: Set(None),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&**txn)
            .await?;
            organisation_domain::ActiveModel {
                organisation_id: Set(org.id),
                domain: Set(s.domain.to_string()),
                ..Default::default()
            }
            .insert(&**txn)
            .await?;
            crate::identity::service::insert_active_user(
                &**txn,
                org.id,
                &email,
                s.contact_name.to_string(),
                password_hash.to_string(),
                &[Role::Member, Role::Admin],
            )
            .await?;
            org
        }
    };
    let user = app_user::Entity::find()
        .filter(app_user::Column::OrganisationId.eq(org.id))
        .order_by_asc(app_user::Column::Id)
        .one(&**txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((org, user.id))
}

/// A decided application with every question answered and every lot approved.
async fn approve_on_all_lots(
    txn: &WriteTxn,
    framework_id: i32,
    supplier_id: i32,
    reviewer: i32,
) -> ServiceResult<()> {
    let now = Utc::now();
    let app = framework_application::ActiveModel {
        framework_id: Set(framework_id),
        supplier_id: Set(supplier_id),
        status: Set(ApplicationStatus::Decided),
        created_at: Set(now),
        submitted_at: Set(Some(now)),
        decided_at: Set(Some(now)),
        decided_by: Set(Some(reviewer)),
        ..Default::default()
    }
    .insert(&**txn)
    .await?;
    for q in load::questions(&**txn, framework_id).await? {
        application_answer::ActiveModel {
            application_id: Set(app.id),
            question_id: Set(q.id),
            // The answer that needs no details.
            answer: Set(Some(!q.details_when)),
            details: Set(String::new()),
            ..Default::default()
        }
        .insert(&**txn)
        .await?;
    }
    for l in load::lots(&**txn, framework_id).await? {
        application_lot::ActiveModel {
            application_id: Set(app.id),
            lot_id: Set(l.id),
            decision: Set(Some(LotDecision::Approved)),
            reason: Set(None),
            ..Default::default()
        }
        .insert(&**txn)
        .await?;
    }
    Ok(())
}

/// A lot as the generator needs it: id, slug, maximum categories, leaf categories (id, name,
/// parent name).
type DemoLot = (i32, String, usize, Vec<(i32, String, Option<String>)>);

/// The demo framework's lots as the generator needs them.
pub struct DemoLots {
    pub framework_id: i32,
    /// (lot id, slug, max categories, leaf categories (id, name, parent name))
    lots: Vec<DemoLot>,
    national_systems: Vec<(i32, String)>,
    legacy_functions: Vec<(i32, String)>,
}

impl DemoLots {
    async fn load(conn: &impl ConnectionTrait, framework_id: i32) -> ServiceResult<DemoLots> {
        let mut lots = Vec::new();
        for l in load::lots(conn, framework_id).await? {
            let c = load::choices(conn, &l).await?;
            lots.push((
                l.id,
                l.slug.clone(),
                c.max_categories,
                c.categories
                    .into_iter()
                    .filter(|(_, _, _, retired)| !retired)
                    .map(|(id, name, parent, _)| (id, name, parent))
                    .collect(),
            ));
        }
        let terms = load::terms(conn).await?;
        let pick = |kind: TermKind| -> Vec<(i32, String)> {
            terms
                .iter()
                .filter(|t| t.kind == kind && !t.retired)
                .map(|t| (t.id, t.name.clone()))
                .collect()
        };
        Ok(DemoLots {
            framework_id,
            lots,
            national_systems: pick(TermKind::NationalSystem),
            legacy_functions: pick(TermKind::LegacyFunction),
        })
    }

    /// Services numbered `range`, published, each by its generated supplier (an index into
    /// `suppliers`: (organisation id, user id)).
    fn published(&self, range: std::ops::Range<u64>, suppliers: &[(i32, i32)]) -> Vec<NewService> {
        range
            .filter_map(|i| {
                let (s, lot_id, listing) = self.service(i)?;
                let (supplier_id, user) = suppliers.get(s % suppliers.len().max(1))?;
                Some(NewService {
                    supplier_id: *supplier_id,
                    lot_id,
                    created_by: *user,
                    status: ServiceStatus::Published,
                    versions: vec![(listing, VersionState::Published, None)],
                    status_reason: None,
                })
            })
            .collect()
    }

    /// Service number `i`: (supplier index, lot id, listing).
    fn service(&self, i: u64) -> Option<(usize, i32, Listing)> {
        let inputs: Vec<LotInput<'_>> = self
            .lots
            .iter()
            .map(|(_, slug, max, cats)| LotInput {
                slug,
                max_categories: *max,
                categories: cats
                    .iter()
                    .map(|(id, n, p)| (*id, n.as_str(), p.as_deref()))
                    .collect(),
            })
            .collect();
        let ns: Vec<(i32, &str)> = self
            .national_systems
            .iter()
            .map(|(i, n)| (*i, n.as_str()))
            .collect();
        let lf: Vec<(i32, &str)> = self
            .legacy_functions
            .iter()
            .map(|(i, n)| (*i, n.as_str()))
            .collect();
        let g = demo::service(i, &inputs, &ns, &lf);
        let lot_id = self.lots.iter().find(|(_, s, _, _)| *s == g.lot_slug)?.0;
        Some((g.supplier, lot_id, g.listing))
    }
}

/// One service to write in bulk.
pub struct NewService {
    pub supplier_id: i32,
    pub lot_id: i32,
    pub created_by: i32,
    pub status: ServiceStatus,
    /// The versions, oldest first, each with its state and review comment.
    pub versions: Vec<(Listing, VersionState, Option<String>)>,
    pub status_reason: Option<String>,
}

async fn next_id(conn: &impl ConnectionTrait, table: &str) -> ServiceResult<i32> {
    let sql = format!("SELECT COALESCE(MAX(id), 0) AS n FROM {table}");
    let row = conn
        .query_one_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            sql,
        ))
        .await?
        .ok_or(ServiceError::NotFound)?;
    let n: i32 = row.try_get("", "n")?;
    Ok(n + 1)
}

/// Writes services with their versions and live categories in a few statements, giving ids
/// itself (a service and its versions point at each other); PostgreSQL's sequences are moved
/// on afterwards.
pub async fn insert_services(
    txn: &WriteTxn,
    items: Vec<NewService>,
    reviewer: i32,
) -> ServiceResult<usize> {
    let mut service_id = next_id(&**txn, "service").await?;
    let mut version_id = next_id(&**txn, "service_version").await?;
    let now = Utc::now();
    let count = items.len();
    let mut services = Vec::new();
    let mut versions = Vec::new();
    let mut categories = Vec::new();
    let mut indexed = Vec::new();
    for item in &items {
        let mut live = None;
        let mut working = None;
        for (n, (listing, state, comment)) in item.versions.iter().enumerate() {
            let reviewed = matches!(
                state,
                VersionState::Published | VersionState::Superseded | VersionState::Returned
            );
            versions.push(service_version::ActiveModel {
                id: Set(version_id),
                service_id: Set(service_id),
                number: Set(n as i32 + 1),
                state: Set(*state),
                listing: Set(load::listing_json(listing)?),
                name: Set(listing.name.clone()),
                price_min_pence: Set(load::price_pence(listing)),
                created_by: Set(item.created_by),
                created_at: Set(now),
                submitted_at: Set((*state != VersionState::Draft).then_some(now)),
                reviewed_by: Set(reviewed.then_some(reviewer)),
                reviewed_at: Set(reviewed.then_some(now)),
                review_comment: Set(comment.clone()),
            });
            match state {
                VersionState::Published => {
                    live = Some(version_id);
                    // Only published services have category and search rows (see
                    // review::set_live).
                    let live_categories = if item.status == ServiceStatus::Published {
                        indexed.push(search_index::Indexed {
                            service_id,
                            version_id,
                            lot_id: item.lot_id,
                            supplier_id: item.supplier_id,
                            listing,
                        });
                        listing.categories.as_slice()
                    } else {
                        &[]
                    };
                    for c in live_categories {
                        categories.push(service_category::ActiveModel {
                            service_id: Set(service_id),
                            category_id: Set(*c),
                        });
                    }
                }
                VersionState::Draft | VersionState::Submitted | VersionState::Returned => {
                    working = Some(version_id)
                }
                _ => {}
            }
            version_id += 1;
        }
        services.push(service::ActiveModel {
            id: Set(service_id),
            supplier_id: Set(item.supplier_id),
            lot_id: Set(item.lot_id),
            status: Set(item.status),
            status_reason: Set(item.status_reason.clone()),
            live_version_id: Set(live),
            working_version_id: Set(working),
            created_at: Set(now),
            updated_at: Set(now),
        });
        service_id += 1;
    }
    for chunk in services.chunks(500) {
        service::Entity::insert_many(chunk.to_vec())
            .exec(&**txn)
            .await?;
    }
    for chunk in versions.chunks(500) {
        service_version::Entity::insert_many(chunk.to_vec())
            .exec(&**txn)
            .await?;
    }
    for chunk in categories.chunks(2000) {
        service_category::Entity::insert_many(chunk.to_vec())
            .exec(&**txn)
            .await?;
    }
    // A superseded version published earlier may have been pushed first: the last wins.
    search_index::index(txn, &last_published(indexed)).await?;
    if crate::db::is_postgres(&**txn) {
        for table in ["service", "service_version"] {
            txn.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .await?;
        }
    }
    Ok(count)
}

/// Keeps each service's last published version (versions come oldest first).
fn last_published(items: Vec<search_index::Indexed<'_>>) -> Vec<search_index::Indexed<'_>> {
    let mut out: Vec<search_index::Indexed<'_>> = Vec::with_capacity(items.len());
    for item in items {
        match out.last_mut() {
            Some(last) if last.service_id == item.service_id => *last = item,
            _ => out.push(item),
        }
    }
    out
}

/// The demo catalogue; does nothing if it is already there.
pub async fn seed_demo(db: &Db) -> ServiceResult<()> {
    seed_reference(db).await?;
    let txn = db.write().await?;
    if framework::Entity::find()
        .filter(framework::Column::Name.eq(LIVE_FRAMEWORK))
        .one(&*txn)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let reviewer = app_user::Entity::find()
        .filter(app_user::Column::Email.eq("admin@npto.example"))
        .one(&*txn)
        .await?
        .ok_or(ServiceError::NotFound)?
        .id;
    let password_hash = app_user::Entity::find_by_id(reviewer)
        .one(&*txn)
        .await?
        .and_then(|u| u.password_hash)
        .ok_or(ServiceError::NotFound)?;
    let today = load::today();
    let days = |n: u64, forward: bool| {
        if forward {
            today.checked_add_days(Days::new(n))
        } else {
            today.checked_sub_days(Days::new(n))
        }
        .unwrap_or(today)
    };
    let live = insert_framework(
        &txn,
        LIVE_FRAMEWORK,
        "Cloud hosting, software and support for the police forces of England and Wales, with the police facts buyers need: vetting, police networks, national systems and the legacy systems a service can replace.",
        days(150, false),
        days(60, false),
        days(700, true),
    )
    .await?;
    insert_framework(
        &txn,
        OPEN_FRAMEWORK,
        "The next iteration of Police Cloud: suppliers apply now, lot by lot; it goes live for buyers on the date below.",
        days(7, false),
        days(45, true),
        days(800, true),
    )
    .await?;
    // Every catalogue supplier, then the identity demo's approved ones.
    let mut suppliers = Vec::new();
    for s in demo::suppliers() {
        let (org, user) = ensure_supplier(&txn, s, &password_hash).await?;
        approve_on_all_lots(&txn, live, org.id, reviewer).await?;
        suppliers.push((org.id, user));
    }
    let lots = DemoLots::load(&*txn, live).await?;
    let items = lots.published(0..320, &suppliers);
    let published = items.len();
    insert_services(&txn, items, reviewer).await?;
    // The identity demo's approved suppliers: Beacon has a service in every state.
    let mut others = Vec::new();
    for (email, states) in [
        ("admin@beacon-analytics.example", true),
        ("admin@cobalt-records-systems.example", false),
        ("admin@ironbridge-software.example", false),
    ] {
        let Some(user) = app_user::Entity::find()
            .filter(app_user::Column::Email.eq(email))
            .one(&*txn)
            .await?
        else {
            continue;
        };
        approve_on_all_lots(&txn, live, user.organisation_id, reviewer).await?;
        others.push((user.organisation_id, user.id, states));
    }
    let mut extra = Vec::new();
    let mut n = 1000u64;
    for (supplier_id, user, every_state) in others {
        let mut next = || {
            n += 1;
            lots.service(n)
        };
        let mut add = |status: ServiceStatus,
                       versions: Vec<(Listing, VersionState, Option<String>)>,
                       lot_id: i32,
                       reason: Option<&str>| {
            extra.push(NewService {
                supplier_id,
                lot_id,
                created_by: user,
                status,
                versions,
                status_reason: reason.map(str::to_string),
            })
        };
        for _ in 0..3 {
            if let Some((_, lot, l)) = next() {
                add(
                    ServiceStatus::Published,
                    vec![(l, VersionState::Published, None)],
                    lot,
                    None,
                );
            }
        }
        if !every_state {
            continue;
        }
        // An edited service: version 1 superseded by version 2.
        if let Some((_, lot, l)) = next() {
            let mut v2 = l.clone();
            v2.summary = format!("{} Now with a mobile app for officers.", v2.summary)
                .split_whitespace()
                .take(50)
                .collect::<Vec<_>>()
                .join(" ");
            v2.summary.truncate(480);
            add(
                ServiceStatus::Published,
                vec![
                    (l, VersionState::Superseded, None),
                    (v2, VersionState::Published, None),
                ],
                lot,
                None,
            );
        }
        if let Some((_, lot, mut l)) = next() {
            // A draft half done: pricing and beyond still to complete.
            l.price_min = None;
            l.price_unit = None;
            l.service_definition_url.clear();
            add(
                ServiceStatus::Draft,
                vec![(l, VersionState::Draft, None)],
                lot,
                None,
            );
        }
        if let Some((_, lot, l)) = next() {
            add(
                ServiceStatus::Draft,
                vec![(l, VersionState::Submitted, None)],
                lot,
                None,
            );
        }
        if let Some((_, lot, l)) = next() {
            add(
                ServiceStatus::Draft,
                vec![(
                    l,
                    VersionState::Returned,
                    Some("The summary repeats the service name: say what the service does for a force, and add the pricing document.".into()),
                )],
                lot,
                None,
            );
        }
        if let Some((_, lot, l)) = next() {
            add(
                ServiceStatus::Suspended,
                vec![(l, VersionState::Published, None)],
                lot,
                Some("The supplier's Cyber Essentials Plus certificate has lapsed; suspended until it is renewed."),
            );
        }
        if let Some((_, lot, l)) = next() {
            add(
                ServiceStatus::Withdrawn,
                vec![(l, VersionState::Published, None)],
                lot,
                None,
            );
        }
    }
    insert_services(&txn, extra, reviewer).await?;
    record(
        &txn,
        NewEvent {
            user_id: None,
            organisation_id: None,
            action: actions::DEMO_SEEDED,
            object_type: "system",
            object_id: String::new(),
            details: json!({ "catalogue_services_published": published, "suppliers": suppliers.len() }),
        },
    )
    .await?;
    txn.commit().await?;
    demo_project(db).await
}

/// Kent's buyer has saved a search into a project: it still finds more than 30 services, so
/// the demo shows the task list waiting for the search to be narrowed.
async fn demo_project(db: &Db) -> ServiceResult<()> {
    let Some(buyer) = app_user::Entity::find()
        .filter(app_user::Column::Email.eq("buyer@kent.police.uk"))
        .one(&db.conn)
        .await?
    else {
        return Ok(());
    };
    let Some(viewer) = crate::identity::service::load_viewer(db, buyer.id).await? else {
        return Ok(());
    };
    super::service::save_search(
        db,
        Some(&viewer),
        &SaveSearchForm {
            search: "q=evidence".into(),
            project: "new".into(),
            name: DEMO_PROJECT.into(),
        },
    )
    .await?;
    Ok(())
}

/// The demo's project, named by tests.
pub const DEMO_PROJECT: &str = "Digital evidence management 2027";

/// Adds `count` services to the demo catalogue (seeding it first if needed), in
/// transactions of 5,000; returns how many were written.
pub async fn generate(db: &Db, count: u64) -> ServiceResult<u64> {
    let fw = framework::Entity::find()
        .filter(framework::Column::Name.eq(LIVE_FRAMEWORK))
        .one(&db.conn)
        .await?
        .ok_or_else(|| ServiceError::Conflict("Seed the demo first (seed --demo).".into()))?;
    let lots = DemoLots::load(&db.conn, fw.id).await?;
    let reviewer = app_user::Entity::find()
        .filter(app_user::Column::Email.eq("admin@npto.example"))
        .one(&db.conn)
        .await?
        .ok_or(ServiceError::NotFound)?
        .id;
    let mut suppliers = Vec::new();
    for s in demo::suppliers() {
        let org = organisation::Entity::find()
            .filter(organisation::Column::Slug.eq(slugify(s.name)))
            .one(&db.conn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let user = app_user::Entity::find()
            .filter(app_user::Column::OrganisationId.eq(org.id))
            .one(&db.conn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        suppliers.push((org.id, user.id));
    }
    let start = next_id(&db.conn, "service").await? as u64;
    let mut written = 0u64;
    while written < count {
        let batch = (count - written).min(5_000);
        let from = start + written;
        let items = lots.published(from..from + batch, &suppliers);
        let txn = db.write().await?;
        insert_services(&txn, items, reviewer).await?;
        txn.commit().await?;
        written += batch;
    }
    Ok(written)
}
