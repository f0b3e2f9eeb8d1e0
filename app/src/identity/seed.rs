//! Demo data: the national body, the 43 forces with their email domains, five suppliers and a
//! user for every role. Forces are seeded on every start (the list is reference data); the
//! demo organisations and users only with `--demo`. Both are idempotent.

use super::entity::{app_user, organisation, organisation_domain};
use super::password;
use super::rules::slugify;
use super::service::insert_active_user;
use super::types::{OrgKind, OrgStatus, Role, SupplierSize};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::ServiceResult;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

/// The 43 territorial forces of England and Wales: name, region, email domain.
const FORCES_CSV: &str = include_str!("../../data/police-forces.csv");

/// The password every demo account shares. Demo mode only.
pub const DEMO_PASSWORD: &str = "bluelamp-demo-2026";

pub const NATIONAL_BODY: &str = "National Police Technology Office";
pub const NATIONAL_DOMAIN: &str = "npto.example";

#[derive(Clone, Debug)]
pub struct DemoAccount {
    pub email: String,
    pub role: String,
    pub organisation: String,
}

pub fn forces() -> Vec<(String, String, String)> {
    FORCES_CSV
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut parts = l.split(',');
            Some((
                parts.next()?.to_string(),
                parts.next()?.to_string(),
                parts.next()?.to_string(),
            ))
        })
        .collect()
}

async fn ensure_org<C: ConnectionTrait>(
    db: &C,
    name: &str,
    kind: OrgKind,
    status: OrgStatus,
    region: Option<&str>,
    supplier: Option<(&str, SupplierSize)>,
) -> ServiceResult<(organisation::Model, bool)> {
    let slug = slugify(name);
    if let Some(o) = organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(&slug))
        .one(db)
        .await?
    {
        return Ok((o, false));
    }
    let org = organisation::ActiveModel {
        slug: Set(slug),
        name: Set(name.to_string()),
        kind: Set(kind),
        status: Set(status),
        region: Set(region.map(str::to_string)),
        companies_house_number: Set(supplier.map(|s| s.0.to_string())),
        supplier_size: Set(supplier.map(|s| s.1)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((org, true))
}

async fn ensure_domain<C: ConnectionTrait>(db: &C, org_id: i32, domain: &str) -> ServiceResult<()> {
    let exists = organisation_domain::Entity::find()
        .filter(organisation_domain::Column::Domain.eq(domain))
        .one(db)
        .await?
        .is_some();
    if !exists {
        organisation_domain::ActiveModel {
            organisation_id: Set(org_id),
            domain: Set(domain.to_string()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Seeds the forces and the national body if they are missing.
pub async fn seed_reference(db: &Db) -> ServiceResult<()> {
    let txn = db.write().await?;
    let mut created = 0;
    for (name, region, domain) in forces() {
        let (org, new) = ensure_org(
            &*txn,
            &name,
            OrgKind::Force,
            OrgStatus::Active,
            Some(&region),
            None,
        )
        .await?;
        if new {
            ensure_domain(&*txn, org.id, &domain).await?;
            created += 1;
        }
    }
    let (national, _) = ensure_org(
        &*txn,
        NATIONAL_BODY,
        OrgKind::National,
        OrgStatus::Active,
        None,
        None,
    )
    .await?;
    ensure_domain(&*txn, national.id, NATIONAL_DOMAIN).await?;
    if created > 0 {
        tracing::info!(created, "seeded police forces");
        record(
            &txn,
            NewEvent {
                user_id: None,
                organisation_id: None,
                action: actions::REFERENCE_SEEDED,
                object_type: "system",
                object_id: String::new(),
                details: json!({ "forces_created": created }),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The demo suppliers: name, Companies House number, size, status, contact.
const SUPPLIERS: &[(&str, &str, SupplierSize, OrgStatus, &str)] = &[
    (
        "Beacon Analytics Ltd",
        "09876543",
        SupplierSize::Sme,
        OrgStatus::Active,
        "Bea Lawson",
    ),
    (
        "Cobalt Records Systems Ltd",
        "01234567",
        SupplierSize::Large,
        OrgStatus::Active,
        "Colin Ward",
    ),
    (
        "Harbour Digital Ltd",
        "SC123456",
        SupplierSize::Sme,
        OrgStatus::Active,
        "Hana Reid",
    ),
    (
        "Ironbridge Software plc",
        "02345678",
        SupplierSize::Large,
        OrgStatus::Active,
        "Ian Brooks",
    ),
    (
        "Juniper Forensics Ltd",
        "11223344",
        SupplierSize::Sme,
        OrgStatus::Pending,
        "June Adeyemi",
    ),
];

/// Seeds demo organisations and users; returns the accounts to print.
pub async fn seed_demo(db: &Db) -> ServiceResult<Vec<DemoAccount>> {
    seed_reference(db).await?;
    let hash = password::hash(DEMO_PASSWORD).await?;
    let txn = db.write().await?;
    let mut accounts = Vec::new();
    let mut created = 0;

    let national = ensure_org(
        &*txn,
        NATIONAL_BODY,
        OrgKind::National,
        OrgStatus::Active,
        None,
        None,
    )
    .await?
    .0;
    let kent = ensure_org(
        &*txn,
        "Kent Police",
        OrgKind::Force,
        OrgStatus::Active,
        None,
        None,
    )
    .await?
    .0;
    let essex = ensure_org(
        &*txn,
        "Essex Police",
        OrgKind::Force,
        OrgStatus::Active,
        None,
        None,
    )
    .await?
    .0;

    let mut people: Vec<(organisation::Model, &str, &str, Vec<Role>, &str)> = vec![
        (
            national.clone(),
            "admin@npto.example",
            "Nadia Okafor",
            vec![Role::Member, Role::Admin],
            "national admin",
        ),
        (
            national.clone(),
            "analyst@npto.example",
            "Sam Patel",
            vec![Role::Member],
            "national member",
        ),
        (
            kent.clone(),
            "admin@kent.police.uk",
            "Kerry Hughes",
            vec![Role::Member, Role::Admin],
            "force admin",
        ),
        (
            kent.clone(),
            "buyer@kent.police.uk",
            "Tom Fletcher",
            vec![Role::Member],
            "force member",
        ),
        (
            kent.clone(),
            "evaluator@kent.police.uk",
            "Priya Shah",
            vec![Role::Member, Role::Evaluator],
            "force evaluator",
        ),
        (
            essex.clone(),
            "buyer@essex.police.uk",
            "Ellie Marsh",
            vec![Role::Member],
            "force member",
        ),
        (
            essex.clone(),
            "evaluator@essex.police.uk",
            "Owen Clarke",
            vec![Role::Member, Role::Evaluator],
            "force evaluator",
        ),
    ];
    let mut supplier_emails = Vec::new();
    for (name, ch, size, status, contact) in SUPPLIERS {
        let (org, new) = ensure_org(
            &*txn,
            name,
            OrgKind::Supplier,
            *status,
            None,
            Some((ch, *size)),
        )
        .await?;
        let domain = format!(
            "{}.example",
            slugify(name)
                .trim_end_matches("-ltd")
                .trim_end_matches("-plc")
        );
        let email = format!("admin@{domain}");
        if new {
            let mut active: organisation::ActiveModel = org.clone().into();
            active.contact_name = Set(Some(contact.to_string()));
            active.contact_email = Set(Some(email.clone()));
            active.update(&*txn).await?;
        }
        supplier_emails.push((org, email, *status, *contact));
    }
    for (org, email, status, contact) in &supplier_emails {
        let role = if *status == OrgStatus::Active {
            "approved supplier admin"
        } else {
            "pending supplier admin"
        };
        people.push((
            org.clone(),
            email.as_str(),
            contact,
            vec![Role::Member, Role::Admin],
            role,
        ));
    }

    for (org, email, name, roles, role_label) in people {
        let exists = app_user::Entity::find()
            .filter(app_user::Column::Email.eq(email))
            .one(&*txn)
            .await?
            .is_some();
        if !exists {
            insert_active_user(&*txn, org.id, email, name.to_string(), hash.clone(), &roles)
                .await?;
            created += 1;
        }
        accounts.push(DemoAccount {
            email: email.to_string(),
            role: role_label.to_string(),
            organisation: org.name.clone(),
        });
    }
    if created > 0 {
        record(
            &txn,
            NewEvent {
                user_id: None,
                organisation_id: None,
                action: actions::DEMO_SEEDED,
                object_type: "system",
                object_id: String::new(),
                details: json!({ "users_created": created }),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(accounts)
}
