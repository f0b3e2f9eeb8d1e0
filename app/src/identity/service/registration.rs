//! Registering: force staff on their force's email domain, and suppliers applying to join.

use super::fields::{check_name, check_person};
use super::load::{email_taken, find_org, insert_active_user, viewer_of};
use crate::access::Viewer;
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{organisation, organisation_domain};
use crate::identity::password;
use crate::identity::rules::{email_domain, normalise_companies_house_number, slugify};
use crate::identity::types::{
    OrgKind, OrgStatus, RegisterForceForm, RegisterSupplierForm, Role, SupplierSize,
};
use crate::validation::FieldErrors;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use serde_json::json;

/// A member of force staff registers with an email address on one of their force's domains.
pub async fn register_force_user(db: &Db, form: &RegisterForceForm) -> ServiceResult<Viewer> {
    let mut errors = FieldErrors::new();
    let (name, email) = check_person(
        &mut errors,
        &form.name,
        &form.email,
        &form.password,
        &form.confirm_password,
        None,
    );
    let mut force = None;
    if let Some(email) = &email {
        let domain = email_domain(email);
        let found = organisation_domain::Entity::find()
            .filter(organisation_domain::Column::Domain.eq(domain))
            .one(&db.conn)
            .await?;
        if let Some(d) = found {
            let org = find_org(&db.conn, d.organisation_id).await?;
            if org.kind == OrgKind::Force {
                force = Some(org);
            }
        }
        if force.is_none() {
            errors.add(
                "email",
                format!(
                    "Use your police force email address: “{domain}” is not an email domain of any force in Bluelamp. If your force uses it, ask the national body to add it."
                ),
            );
        } else if email_taken(&db.conn, email).await? {
            errors.add(
                "email",
                "An account already exists for this email address: sign in instead",
            );
        }
    }
    errors.into_result()?;
    let (email, force) = (
        email.unwrap_or_default(),
        force.ok_or(ServiceError::NotFound)?,
    );
    let hash = password::hash(&form.password).await?;

    let txn = db.write().await?;
    let user = insert_active_user(&*txn, force.id, &email, name, hash, &[Role::Member]).await?;
    record(
        &txn,
        NewEvent {
            user_id: Some(user.id),
            organisation_id: Some(force.id),
            action: actions::REGISTERED,
            object_type: "user",
            object_id: user.id.to_string(),
            details: json!({ "email": email }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(viewer_of(&user, &force, vec![Role::Member]))
}

async fn unique_slug(db: &impl ConnectionTrait, name: &str) -> Result<String, DbErr> {
    let base = slugify(name);
    let base = if base.is_empty() {
        "organisation".to_string()
    } else {
        base
    };
    let mut slug = base.clone();
    let mut n = 2;
    while organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(&slug))
        .one(db)
        .await?
        .is_some()
    {
        slug = format!("{base}-{n}");
        n += 1;
    }
    Ok(slug)
}

/// A vendor registers a new supplier organisation, which waits for the national body.
pub async fn register_supplier(db: &Db, form: &RegisterSupplierForm) -> ServiceResult<Viewer> {
    let mut errors = FieldErrors::new();
    let company = check_name(
        &mut errors,
        "company_name",
        &form.company_name,
        "the company name",
    );
    let ch = normalise_companies_house_number(&form.companies_house_number)
        .map_err(|m| errors.add("companies_house_number", m))
        .ok();
    let size = SupplierSize::parse(&form.supplier_size);
    if size.is_none() {
        errors.add(
            "supplier_size",
            "Select whether the company is an SME or a large enterprise",
        );
    }
    let phone = form.contact_phone.trim().to_string();
    if !phone.is_empty()
        && !phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +()-".contains(c))
    {
        errors.add(
            "contact_phone",
            "Enter a telephone number, like 01632 960 001 or +44 808 157 0192",
        );
    }
    let (name, email) = check_person(
        &mut errors,
        &form.name,
        &form.email,
        &form.password,
        &form.confirm_password,
        Some(&form.company_name),
    );
    if let Some(email) = &email {
        if email_taken(&db.conn, email).await? {
            errors.add(
                "email",
                "An account already exists for this email address: sign in instead",
            );
        }
    }
    if let Some(ch) = &ch {
        let existing = organisation::Entity::find()
            .filter(organisation::Column::CompaniesHouseNumber.eq(ch))
            .filter(organisation::Column::Status.ne(OrgStatus::Rejected))
            .one(&db.conn)
            .await?;
        if let Some(o) = existing {
            errors.add(
                "companies_house_number",
                format!(
                    "{} is already registered with this Companies House number",
                    o.name
                ),
            );
        }
    }
    errors.into_result()?;
    let email = email.unwrap_or_default();
    let hash = password::hash(&form.password).await?;

    let txn = db.write().await?;
    let org = organisation::ActiveModel {
        slug: Set(unique_slug(&*txn, &company).await?),
        name: Set(company.clone()),
        kind: Set(OrgKind::Supplier),
        status: Set(OrgStatus::Pending),
        companies_house_number: Set(ch.clone()),
        supplier_size: Set(size),
        contact_name: Set(Some(name.clone())),
        contact_email: Set(Some(email.clone())),
        contact_phone: Set((!phone.is_empty()).then_some(phone)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let roles = [Role::Member, Role::Admin];
    let user = insert_active_user(&*txn, org.id, &email, name, hash, &roles).await?;
    record(
        &txn,
        NewEvent {
            user_id: Some(user.id),
            organisation_id: Some(org.id),
            action: actions::SUPPLIER_REGISTERED,
            object_type: "organisation",
            object_id: org.id.to_string(),
            details: json!({ "company": company, "companies_house_number": ch, "email": email }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(viewer_of(&user, &org, roles.to_vec()))
}
