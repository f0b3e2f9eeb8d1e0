//! Identity use cases: sign-in, registration, supplier approval, users and roles, force
//! email domains. Each checks authorisation with [`can`], validates, and writes its change and
//! its audit event in one transaction.

use super::entity::{
    app_user, organisation, organisation_domain, sign_in_failure, user_role, web_session,
};
use super::password;
use super::rules::{
    can, check_domain, check_password, email_domain, lockout_until,
    normalise_companies_house_number, normalise_email, slugify, Action,
};
use super::types::*;
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::ui::time::{show_london, show_london_time};
use crate::validation::FieldErrors;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Failed sign-ins counted per account and per address, and how long a lock lasts.
pub const LOCKOUT_FAILURES: usize = 5;
pub const LOCKOUT_MINUTES: i64 = 15;
const INVITATION_DAYS: i64 = 7;

// ---------------------------------------------------------------- loading

fn parse_roles(rows: &[user_role::Model]) -> Vec<Role> {
    let mut roles: Vec<Role> = rows.iter().filter_map(|r| Role::parse(&r.role)).collect();
    roles.sort();
    roles
}

async fn roles_of<C: ConnectionTrait>(
    db: &C,
    user_ids: &[i32],
) -> Result<HashMap<i32, Vec<Role>>, sea_orm::DbErr> {
    let rows = user_role::Entity::find()
        .filter(user_role::Column::UserId.is_in(user_ids.to_vec()))
        .all(db)
        .await?;
    let mut map: HashMap<i32, Vec<user_role::Model>> = HashMap::new();
    for r in rows {
        map.entry(r.user_id).or_default().push(r);
    }
    Ok(map.into_iter().map(|(k, v)| (k, parse_roles(&v))).collect())
}

fn viewer_of(user: &app_user::Model, org: &organisation::Model, roles: Vec<Role>) -> Viewer {
    Viewer {
        user_id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
        org_id: org.id,
        org_name: org.name.clone(),
        org_kind: OrgKind::parse(&org.kind).unwrap_or(OrgKind::Supplier),
        org_status: OrgStatus::parse(&org.status).unwrap_or(OrgStatus::Pending),
        roles,
    }
}

/// The signed-in user behind a session, or None if they no longer exist or are disabled
/// (a disabled user's next request is treated as signed out).
pub async fn load_viewer<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
) -> Result<Option<Viewer>, sea_orm::DbErr> {
    let Some(user) = app_user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    if user.status != UserStatus::Active.as_str() {
        return Ok(None);
    }
    let Some(org) = organisation::Entity::find_by_id(user.organisation_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let roles = roles_of(db, &[user.id])
        .await?
        .remove(&user.id)
        .unwrap_or_default();
    Ok(Some(viewer_of(&user, &org, roles)))
}

fn org_summary(o: organisation::Model, domains: Vec<String>) -> OrgSummary {
    OrgSummary {
        id: o.id,
        slug: o.slug,
        name: o.name,
        kind: OrgKind::parse(&o.kind).unwrap_or(OrgKind::Supplier),
        status: OrgStatus::parse(&o.status).unwrap_or(OrgStatus::Pending),
        region: o.region,
        companies_house_number: o.companies_house_number,
        supplier_size: o.supplier_size.as_deref().and_then(SupplierSize::parse),
        contact_name: o.contact_name,
        contact_email: o.contact_email,
        contact_phone: o.contact_phone,
        status_reason: o.status_reason,
        created_at: show_london(o.created_at),
        domains,
    }
}

async fn domains_of<C: ConnectionTrait>(
    db: &C,
    org_ids: &[i32],
) -> Result<HashMap<i32, Vec<String>>, sea_orm::DbErr> {
    let rows = organisation_domain::Entity::find()
        .filter(organisation_domain::Column::OrganisationId.is_in(org_ids.to_vec()))
        .order_by_asc(organisation_domain::Column::Domain)
        .all(db)
        .await?;
    let mut map: HashMap<i32, Vec<String>> = HashMap::new();
    for r in rows {
        map.entry(r.organisation_id).or_default().push(r.domain);
    }
    Ok(map)
}

async fn find_org<C: ConnectionTrait>(db: &C, org_id: i32) -> ServiceResult<organisation::Model> {
    organisation::Entity::find_by_id(org_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

// ---------------------------------------------------------------- sign-in

async fn recent_failures(
    db: &impl ConnectionTrait,
    column: sign_in_failure::Column,
    value: &str,
) -> Result<Vec<chrono::DateTime<Utc>>, sea_orm::DbErr> {
    // Two lock windows back is enough to see any lock still in force.
    let since = Utc::now() - Duration::minutes(2 * LOCKOUT_MINUTES);
    Ok(sign_in_failure::Entity::find()
        .filter(column.eq(value))
        .filter(sign_in_failure::Column::OccurredAt.gte(since))
        .order_by_asc(sign_in_failure::Column::OccurredAt)
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.occurred_at)
        .collect())
}

async fn lock_in_force(
    db: &impl ConnectionTrait,
    email: &str,
    client: &str,
) -> Result<Option<chrono::DateTime<Utc>>, sea_orm::DbErr> {
    let now = Utc::now();
    let by_email = recent_failures(db, sign_in_failure::Column::Email, email).await?;
    let by_address = recent_failures(db, sign_in_failure::Column::ClientAddress, client).await?;
    let lock = |times: &[chrono::DateTime<Utc>]| {
        lockout_until(
            times,
            now,
            LOCKOUT_FAILURES,
            Duration::minutes(LOCKOUT_MINUTES),
        )
    };
    Ok(lock(&by_email).max(lock(&by_address)))
}

fn locked_message(until: chrono::DateTime<Utc>) -> String {
    format!(
        "Too many failed sign-in attempts. For your security, sign-in is locked for {LOCKOUT_MINUTES} minutes: try again after {}.",
        show_london_time(until)
    )
}

/// Sign-in attempts for one account, and from one address, run one at a time, so parallel
/// guesses are each checked against the limit and counted before the next is tried. The locks
/// are striped (a fixed set, chosen by hash) and live in this process: a deployment of several
/// PostgreSQL-backed instances is serialised per instance.
const ATTEMPT_STRIPES: usize = 64;
static ATTEMPT_LOCKS: std::sync::LazyLock<Vec<std::sync::Arc<tokio::sync::Mutex<()>>>> =
    std::sync::LazyLock::new(|| {
        (0..ATTEMPT_STRIPES)
            .map(|_| std::sync::Arc::new(tokio::sync::Mutex::new(())))
            .collect()
    });

fn stripe(key: &str) -> usize {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    (h.finish() as usize) % ATTEMPT_STRIPES
}

/// Takes the account's and the address's stripes, in a fixed order so two attempts can never
/// wait on each other.
async fn attempt_guards(email: &str, client: &str) -> Vec<tokio::sync::OwnedMutexGuard<()>> {
    let mut stripes = vec![stripe(email), stripe(client)];
    stripes.sort_unstable();
    stripes.dedup();
    let mut guards = Vec::with_capacity(stripes.len());
    for i in stripes {
        guards.push(ATTEMPT_LOCKS[i].clone().lock_owned().await);
    }
    guards
}

async fn refuse_if_locked(db: &Db, email: &str, client: &str) -> ServiceResult<()> {
    match lock_in_force(&db.conn, email, client).await? {
        Some(until) => Err(ServiceError::Locked {
            message: locked_message(until),
        }),
        None => Ok(()),
    }
}

async fn insert_failure<C: ConnectionTrait>(
    txn: &C,
    email: &str,
    client: &str,
) -> Result<(), sea_orm::DbErr> {
    sign_in_failure::ActiveModel {
        email: Set(email.to_string()),
        client_address: Set(client.to_string()),
        occurred_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Signs a person in, or says why not. `client` is the caller's network address.
pub async fn sign_in(db: &Db, form: &SignInForm, client: &str) -> ServiceResult<Viewer> {
    let mut errors = FieldErrors::new();
    let email = match normalise_email(&form.email) {
        Ok(e) => Some(e),
        Err(m) => {
            errors.add("email", m);
            None
        }
    };
    if form.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    errors.into_result()?;
    let email = email.unwrap_or_default();

    let _one_at_a_time = attempt_guards(&email, client).await;
    refuse_if_locked(db, &email, client).await?;

    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(&email))
        .one(&db.conn)
        .await?;
    let ok = password::verify(
        &form.password,
        user.as_ref().and_then(|u| u.password_hash.as_deref()),
    )
    .await?;

    let txn = db.write().await?;
    if !ok {
        insert_failure(&*txn, &email, client).await?;
        record(
            &*txn,
            NewEvent {
                user_id: user.as_ref().map(|u| u.id),
                organisation_id: user.as_ref().map(|u| u.organisation_id),
                action: actions::SIGN_IN_FAILED,
                object_type: "user",
                object_id: user.as_ref().map(|u| u.id.to_string()).unwrap_or_default(),
                details: json!({ "email": email, "address": client }),
            },
        )
        .await?;
        let lock = lock_in_force(&*txn, &email, client).await?;
        if let Some(until) = lock {
            record(
                &*txn,
                NewEvent {
                    user_id: user.as_ref().map(|u| u.id),
                    organisation_id: user.as_ref().map(|u| u.organisation_id),
                    action: actions::LOCKED_OUT,
                    object_type: "user",
                    object_id: user.as_ref().map(|u| u.id.to_string()).unwrap_or_default(),
                    details: json!({ "email": email, "address": client, "until": until.to_rfc3339() }),
                },
            )
            .await?;
        }
        txn.commit().await?;
        return Err(match lock {
            Some(until) => ServiceError::Locked {
                message: locked_message(until),
            },
            None => ServiceError::invalid("email", "Enter a correct email address and password"),
        });
    }
    let user = user.ok_or(ServiceError::NotFound)?;
    if user.status == UserStatus::Disabled.as_str() {
        txn.commit().await?;
        return Err(ServiceError::invalid(
            "email",
            "Your account has been disabled. Contact your organisation’s administrator.",
        ));
    }
    let org = find_org(&*txn, user.organisation_id).await?;
    let roles = roles_of(&*txn, &[user.id])
        .await?
        .remove(&user.id)
        .unwrap_or_default();
    record(
        &*txn,
        NewEvent {
            user_id: Some(user.id),
            organisation_id: Some(org.id),
            action: actions::SIGNED_IN,
            object_type: "user",
            object_id: user.id.to_string(),
            details: json!({ "address": client }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(viewer_of(&user, &org, roles))
}

pub async fn sign_out(db: &Db, viewer: &Viewer) -> ServiceResult<()> {
    let txn = db.write().await?;
    record(
        &*txn,
        NewEvent::by(
            viewer,
            actions::SIGNED_OUT,
            "user",
            viewer.user_id,
            json!({}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- registration

fn check_name(errors: &mut FieldErrors, field: &str, value: &str, what: &str) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, format!("Enter {what}"));
    } else if v.chars().count() > 200 {
        errors.add(
            field,
            format!("{} must be 200 characters or fewer", capitalise(what)),
        );
    }
    v.to_string()
}

fn capitalise(s: &str) -> String {
    let s = s.trim_start_matches("your ").trim_start_matches("the ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn check_new_password(errors: &mut FieldErrors, password: &str, confirm: &str, field: &str) {
    match check_password(password) {
        Err(m) => errors.add(field, m),
        Ok(()) if password != confirm => errors.add("confirm_password", "Passwords do not match"),
        Ok(()) => {}
    }
}

async fn email_taken(db: &impl ConnectionTrait, email: &str) -> Result<bool, sea_orm::DbErr> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email))
        .one(db)
        .await?
        .is_some())
}

async fn set_roles<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    roles: &[Role],
) -> Result<(), sea_orm::DbErr> {
    user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    for role in roles {
        user_role::ActiveModel {
            user_id: Set(user_id),
            role: Set(role.as_str().to_string()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Creates a user who can sign in straight away, with their roles.
pub(crate) async fn insert_active_user<C: ConnectionTrait>(
    db: &C,
    org_id: i32,
    email: &str,
    name: String,
    password_hash: String,
    roles: &[Role],
) -> Result<app_user::Model, sea_orm::DbErr> {
    let user = app_user::ActiveModel {
        organisation_id: Set(org_id),
        email: Set(email.to_string()),
        name: Set(name),
        password_hash: Set(Some(password_hash)),
        status: Set(UserStatus::Active.as_str().into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    set_roles(db, user.id, roles).await?;
    Ok(user)
}

/// The fields about the person that both registration forms ask for: name, email address
/// (normalised, or None when invalid) and a new password typed twice.
fn check_person(
    errors: &mut FieldErrors,
    name: &str,
    email: &str,
    password: &str,
    confirm: &str,
) -> (String, Option<String>) {
    let name = check_name(errors, "name", name, "your full name");
    let email = normalise_email(email)
        .map_err(|m| errors.add("email", m))
        .ok();
    check_new_password(errors, password, confirm, "password");
    (name, email)
}

/// A member of force staff registers with an email address on one of their force's domains.
pub async fn register_force_user(db: &Db, form: &RegisterForceForm) -> ServiceResult<Viewer> {
    let mut errors = FieldErrors::new();
    let (name, email) = check_person(
        &mut errors,
        &form.name,
        &form.email,
        &form.password,
        &form.confirm_password,
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
            if org.kind == OrgKind::Force.as_str() {
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
        &*txn,
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

async fn unique_slug(db: &impl ConnectionTrait, name: &str) -> Result<String, sea_orm::DbErr> {
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
            .filter(organisation::Column::Status.ne(OrgStatus::Rejected.as_str()))
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
        kind: Set(OrgKind::Supplier.as_str().into()),
        status: Set(OrgStatus::Pending.as_str().into()),
        companies_house_number: Set(ch.clone()),
        supplier_size: Set(size.map(|s| s.as_str().to_string())),
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
        &*txn,
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

// ---------------------------------------------------------------- suppliers and forces

pub async fn list_organisations(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    kind: OrgKind,
    status: Option<OrgStatus>,
) -> ServiceResult<Vec<OrgSummary>> {
    let allowed = match kind {
        OrgKind::Force => can(viewer, Action::ListForces),
        _ => can(viewer, Action::ListSuppliers),
    };
    if !allowed {
        return Err(ServiceError::Forbidden);
    }
    let mut q = organisation::Entity::find().filter(organisation::Column::Kind.eq(kind.as_str()));
    if let Some(s) = status {
        q = q.filter(organisation::Column::Status.eq(s.as_str()));
    }
    let orgs = q.order_by_asc(organisation::Column::Name).all(db).await?;
    let ids: Vec<i32> = orgs.iter().map(|o| o.id).collect();
    let mut domains = domains_of(db, &ids).await?;
    Ok(orgs
        .into_iter()
        .map(|o| {
            let d = domains.remove(&o.id).unwrap_or_default();
            org_summary(o, d)
        })
        .collect())
}

/// Every organisation's id and name, for filters.
/// How many suppliers are waiting for a decision (the national body's home page).
pub async fn count_pending_suppliers(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
) -> ServiceResult<u64> {
    if !can(viewer, Action::ListSuppliers) {
        return Err(ServiceError::Forbidden);
    }
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Supplier.as_str()))
        .filter(organisation::Column::Status.eq(OrgStatus::Pending.as_str()))
        .count(db)
        .await?)
}

pub async fn organisation_names(db: &DatabaseConnection) -> ServiceResult<Vec<(i32, String)>> {
    Ok(organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// The signed-in person's own organisation, whatever its status.
pub async fn own_organisation(
    db: &DatabaseConnection,
    viewer: &Viewer,
) -> ServiceResult<OrgSummary> {
    let org = find_org(db, viewer.org_id).await?;
    Ok(org_summary(org, vec![]))
}

pub async fn get_organisation(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    org_id: i32,
) -> ServiceResult<OrgSummary> {
    let org = find_org(db, org_id).await?;
    let allowed = can(viewer, Action::ListUsers { org_id })
        || (org.kind == OrgKind::Force.as_str() && can(viewer, Action::ListForces))
        || (org.kind == OrgKind::Supplier.as_str() && can(viewer, Action::ListSuppliers));
    if !allowed {
        return Err(ServiceError::Forbidden);
    }
    let domains = domains_of(db, &[org.id])
        .await?
        .remove(&org.id)
        .unwrap_or_default();
    Ok(org_summary(org, domains))
}

pub async fn decide_supplier(
    db: &Db,
    viewer: Option<&Viewer>,
    org_id: i32,
    form: &DecideSupplierForm,
) -> ServiceResult<OrgStatus> {
    if !can(viewer, Action::DecideSupplier) {
        return Err(ServiceError::Forbidden);
    }
    let viewer = viewer.ok_or(ServiceError::Forbidden)?;
    let reason = form.reason.trim().to_string();
    let decision = match form.decision.as_str() {
        "approve" => OrgStatus::Active,
        "reject" => OrgStatus::Rejected,
        _ => {
            return Err(ServiceError::invalid(
                "decision",
                "Select approve or reject",
            ))
        }
    };
    if decision == OrgStatus::Rejected && reason.is_empty() {
        return Err(ServiceError::invalid(
            "reason",
            "Enter the reason for rejecting this application: the supplier will see it",
        ));
    }
    if reason.chars().count() > 2000 {
        return Err(ServiceError::invalid(
            "reason",
            "Reason must be 2000 characters or fewer",
        ));
    }
    let txn = db.write().await?;
    let org = find_org(&*txn, org_id).await?;
    if org.kind != OrgKind::Supplier.as_str() {
        return Err(ServiceError::NotFound);
    }
    if org.status != OrgStatus::Pending.as_str() {
        return Err(ServiceError::Conflict(format!(
            "This application has already been decided: {} is {}.",
            org.name,
            OrgStatus::parse(&org.status)
                .map(|s| s.label().to_lowercase())
                .unwrap_or_default()
        )));
    }
    // Only a still-pending application changes: two admins deciding at once cannot both win.
    let changed = organisation::Entity::update_many()
        .col_expr(organisation::Column::Status, decision.as_str().into())
        .col_expr(
            organisation::Column::StatusReason,
            (!reason.is_empty()).then_some(reason.clone()).into(),
        )
        .filter(organisation::Column::Id.eq(org.id))
        .filter(organisation::Column::Status.eq(OrgStatus::Pending.as_str()))
        .exec(&*txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(ServiceError::Conflict(format!(
            "This application has already been decided: {} was decided by someone else just now.",
            org.name
        )));
    }
    record(
        &*txn,
        NewEvent::by(
            viewer,
            if decision == OrgStatus::Active {
                actions::SUPPLIER_APPROVED
            } else {
                actions::SUPPLIER_REJECTED
            },
            "organisation",
            org.id,
            json!({ "supplier": org.name, "reason": reason }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(decision)
}

/// Replaces a force's allowed email domains with the list given, one a line.
pub async fn set_force_domains(
    db: &Db,
    viewer: Option<&Viewer>,
    org_id: i32,
    form: &ForceDomainsForm,
) -> ServiceResult<Vec<String>> {
    if !can(viewer, Action::EditForceDomains) {
        return Err(ServiceError::Forbidden);
    }
    let viewer = viewer.ok_or(ServiceError::Forbidden)?;
    let mut domains: Vec<String> = Vec::new();
    let mut errors = FieldErrors::new();
    for line in form.domains.lines() {
        let d = line.trim().trim_start_matches('@').to_lowercase();
        if d.is_empty() {
            continue;
        }
        if let Err(m) = check_domain(&d) {
            errors.add("domains", m);
        }
        if !domains.contains(&d) {
            domains.push(d);
        }
    }
    if domains.is_empty() {
        errors.add(
            "domains",
            "Enter at least one email domain, like kent.police.uk",
        );
    }
    errors.into_result()?;
    domains.sort();

    let txn = db.write().await?;
    let org = find_org(&*txn, org_id).await?;
    if org.kind != OrgKind::Force.as_str() {
        return Err(ServiceError::NotFound);
    }
    let taken = organisation_domain::Entity::find()
        .filter(organisation_domain::Column::Domain.is_in(domains.clone()))
        .filter(organisation_domain::Column::OrganisationId.ne(org.id))
        .all(&*txn)
        .await?;
    if let Some(t) = taken.first() {
        let other = find_org(&*txn, t.organisation_id).await?;
        return Err(ServiceError::invalid(
            "domains",
            format!(
                "{} is already an email domain of {}: a domain can belong to one force only",
                t.domain, other.name
            ),
        ));
    }
    let before = domains_of(&*txn, &[org.id])
        .await?
        .remove(&org.id)
        .unwrap_or_default();
    organisation_domain::Entity::delete_many()
        .filter(organisation_domain::Column::OrganisationId.eq(org.id))
        .exec(&*txn)
        .await?;
    for d in &domains {
        organisation_domain::ActiveModel {
            organisation_id: Set(org.id),
            domain: Set(d.clone()),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
    }
    record(
        &*txn,
        NewEvent::by(
            viewer,
            actions::FORCE_DOMAINS_CHANGED,
            "organisation",
            org.id,
            json!({ "force": org.name, "before": before, "after": domains }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(domains)
}

// ---------------------------------------------------------------- users

fn user_row(u: app_user::Model, roles: Vec<Role>, org_name: &str) -> UserRow {
    UserRow {
        id: u.id,
        name: u.name,
        email: u.email,
        status: UserStatus::parse(&u.status).unwrap_or(UserStatus::Disabled),
        roles,
        org_id: u.organisation_id,
        org_name: org_name.to_string(),
    }
}

pub async fn list_users(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    org_id: i32,
) -> ServiceResult<(OrgSummary, Vec<UserRow>)> {
    if !can(viewer, Action::ListUsers { org_id }) {
        return Err(ServiceError::Forbidden);
    }
    let org = find_org(db, org_id).await?;
    let users = app_user::Entity::find()
        .filter(app_user::Column::OrganisationId.eq(org_id))
        .order_by_asc(app_user::Column::Name)
        .all(db)
        .await?;
    let ids: Vec<i32> = users.iter().map(|u| u.id).collect();
    let mut roles = roles_of(db, &ids).await?;
    let rows = users
        .into_iter()
        .map(|u| {
            let r = roles.remove(&u.id).unwrap_or_default();
            user_row(u, r, &org.name)
        })
        .collect();
    Ok((org_summary(org, vec![]), rows))
}

pub async fn get_user(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    user_id: i32,
) -> ServiceResult<(UserRow, OrgKind)> {
    let user = app_user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !can(
        viewer,
        Action::ListUsers {
            org_id: user.organisation_id,
        },
    ) {
        return Err(ServiceError::Forbidden);
    }
    let org = find_org(db, user.organisation_id).await?;
    let roles = roles_of(db, &[user.id])
        .await?
        .remove(&user.id)
        .unwrap_or_default();
    let kind = OrgKind::parse(&org.kind).unwrap_or(OrgKind::Supplier);
    Ok((user_row(user, roles, &org.name), kind))
}

fn chosen_roles(kind: OrgKind, admin: &str, evaluator: &str) -> Vec<Role> {
    let mut roles = vec![Role::Member];
    if !admin.is_empty() {
        roles.push(Role::Admin);
    }
    // Evaluators score bids for forces; other organisations have no such role.
    if !evaluator.is_empty() && kind == OrgKind::Force {
        roles.push(Role::Evaluator);
    }
    roles
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Invites someone into an organisation. Returns the new user's id and the one-time token
/// for the invitation link (Bluelamp sends no email yet, so the admin passes the link on).
pub async fn invite_user(
    db: &Db,
    viewer: Option<&Viewer>,
    org_id: i32,
    form: &InviteForm,
) -> ServiceResult<(i32, String)> {
    if !can(viewer, Action::InviteUser { org_id }) {
        return Err(ServiceError::Forbidden);
    }
    let viewer = viewer.ok_or(ServiceError::Forbidden)?;
    let org = find_org(&db.conn, org_id).await?;
    let kind = OrgKind::parse(&org.kind).unwrap_or(OrgKind::Supplier);
    let mut errors = FieldErrors::new();
    let name = check_name(&mut errors, "name", &form.name, "their full name");
    let email = normalise_email(&form.email)
        .map_err(|m| errors.add("email", m))
        .ok();
    if let Some(email) = &email {
        if kind == OrgKind::Force {
            let domains = domains_of(&db.conn, &[org.id])
                .await?
                .remove(&org.id)
                .unwrap_or_default();
            if !domains.iter().any(|d| d == email_domain(email)) {
                errors.add(
                    "email",
                    format!(
                        "Use an email address on one of {}’s domains: {}",
                        org.name,
                        domains.join(", ")
                    ),
                );
            }
        }
        if email_taken(&db.conn, email).await? {
            errors.add("email", "An account already exists for this email address");
        }
    }
    errors.into_result()?;
    let email = email.unwrap_or_default();
    let roles = chosen_roles(kind, &form.admin, &form.evaluator);
    let token = crate::identity::tokens::random_token();

    let txn = db.write().await?;
    let user = app_user::ActiveModel {
        organisation_id: Set(org.id),
        email: Set(email.clone()),
        name: Set(name),
        password_hash: Set(None),
        status: Set(UserStatus::Invited.as_str().into()),
        invitation_token_hash: Set(Some(token_hash(&token))),
        invitation_expires_at: Set(Some(Utc::now() + Duration::days(INVITATION_DAYS))),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    set_roles(&*txn, user.id, &roles).await?;
    record(
        &*txn,
        NewEvent::by(
            viewer,
            actions::INVITED,
            "user",
            user.id,
            json!({ "email": email, "organisation": org.name, "roles": roles }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok((user.id, token))
}

async fn invited_user(db: &impl ConnectionTrait, token: &str) -> ServiceResult<app_user::Model> {
    let user = app_user::Entity::find()
        .filter(app_user::Column::InvitationTokenHash.eq(token_hash(token)))
        .one(db)
        .await?
        .ok_or_else(used_invitation)?;
    let live = user.status == UserStatus::Invited.as_str()
        && user.invitation_expires_at.is_some_and(|t| t > Utc::now());
    if !live {
        return Err(used_invitation());
    }
    Ok(user)
}

/// One message for unknown, used and expired links: which it is tells an attacker nothing useful
/// and the person nothing they can act on differently.
fn used_invitation() -> ServiceError {
    ServiceError::Conflict(
        "This invitation link has expired or has already been used. Ask your administrator for a new one.".into(),
    )
}

/// The invitation behind a link: who it is for and which organisation.
pub async fn invitation(db: &DatabaseConnection, token: &str) -> ServiceResult<(String, String)> {
    let user = invited_user(db, token).await?;
    let org = find_org(db, user.organisation_id).await?;
    Ok((user.email, org.name))
}

pub async fn accept_invitation(
    db: &Db,
    token: &str,
    form: &AcceptInvitationForm,
) -> ServiceResult<Viewer> {
    let mut errors = FieldErrors::new();
    check_new_password(
        &mut errors,
        &form.password,
        &form.confirm_password,
        "password",
    );
    errors.into_result()?;
    let hash = password::hash(&form.password).await?;
    let txn = db.write().await?;
    let user = invited_user(&*txn, token).await?;
    let org = find_org(&*txn, user.organisation_id).await?;
    // Only a still-open invitation is accepted: the same link used twice at once wins once.
    let changed = app_user::Entity::update_many()
        .col_expr(app_user::Column::PasswordHash, Some(hash).into())
        .col_expr(app_user::Column::Status, UserStatus::Active.as_str().into())
        .col_expr(
            app_user::Column::InvitationTokenHash,
            Option::<String>::None.into(),
        )
        .col_expr(
            app_user::Column::InvitationExpiresAt,
            Option::<chrono::DateTime<Utc>>::None.into(),
        )
        .filter(app_user::Column::Id.eq(user.id))
        .filter(app_user::Column::Status.eq(UserStatus::Invited.as_str()))
        .exec(&*txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(used_invitation());
    }
    record(
        &*txn,
        NewEvent {
            user_id: Some(user.id),
            organisation_id: Some(org.id),
            action: actions::INVITATION_ACCEPTED,
            object_type: "user",
            object_id: user.id.to_string(),
            details: json!({}),
        },
    )
    .await?;
    let roles = roles_of(&*txn, &[user.id])
        .await?
        .remove(&user.id)
        .unwrap_or_default();
    txn.commit().await?;
    Ok(viewer_of(&user, &org, roles))
}

/// Changes a user's roles, or disables or re-enables them. Returns the message to show.
pub async fn manage_user(
    db: &Db,
    viewer: Option<&Viewer>,
    user_id: i32,
    form: &ManageUserForm,
) -> ServiceResult<String> {
    let txn = db.write().await?;
    let user = app_user::Entity::find_by_id(user_id)
        .one(&*txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !can(
        viewer,
        Action::ManageUser {
            org_id: user.organisation_id,
        },
    ) {
        return Err(ServiceError::Forbidden);
    }
    let viewer = viewer.ok_or(ServiceError::Forbidden)?;
    let org = find_org(&*txn, user.organisation_id).await?;
    let kind = OrgKind::parse(&org.kind).unwrap_or(OrgKind::Supplier);
    let is_self = user.id == viewer.user_id;
    let (action, details, message) = match form.intent.as_str() {
        "roles" => {
            let before = roles_of(&*txn, &[user.id])
                .await?
                .remove(&user.id)
                .unwrap_or_default();
            let after = chosen_roles(kind, &form.admin, &form.evaluator);
            if is_self && before.contains(&Role::Admin) && !after.contains(&Role::Admin) {
                return Err(ServiceError::Conflict(
                    "You cannot remove your own administrator role: ask another administrator to do it.".into(),
                ));
            }
            set_roles(&*txn, user.id, &after).await?;
            (
                actions::ROLES_CHANGED,
                json!({ "email": user.email, "before": before, "after": after }),
                format!("Roles updated for {}", user.name),
            )
        }
        "disable" => {
            if is_self {
                return Err(ServiceError::Conflict(
                    "You cannot disable your own account.".into(),
                ));
            }
            let mut active: app_user::ActiveModel = user.clone().into();
            active.status = Set(UserStatus::Disabled.as_str().into());
            active.update(&*txn).await?;
            // End every session they have, now.
            web_session::Entity::delete_many()
                .filter(web_session::Column::UserId.eq(user.id))
                .exec(&*txn)
                .await?;
            (
                actions::DISABLED,
                json!({ "email": user.email }),
                format!("{} has been disabled and signed out", user.name),
            )
        }
        "enable" => {
            let status = if user.password_hash.is_some() {
                UserStatus::Active
            } else {
                UserStatus::Invited
            };
            let mut active: app_user::ActiveModel = user.clone().into();
            active.status = Set(status.as_str().into());
            active.update(&*txn).await?;
            (
                actions::ENABLED,
                json!({ "email": user.email }),
                format!("{} has been enabled", user.name),
            )
        }
        _ => return Err(ServiceError::invalid("intent", "Choose what to change")),
    };
    record(
        &*txn,
        NewEvent::by(viewer, action, "user", user.id, details),
    )
    .await?;
    txn.commit().await?;
    Ok(message)
}

/// Changes the signed-in person's password and ends their other sessions (someone who knew
/// the old password may be signed in elsewhere); `current_session` is kept.
pub async fn change_password(
    db: &Db,
    viewer: Option<&Viewer>,
    form: &ChangePasswordForm,
    current_session: Option<&str>,
    client: &str,
) -> ServiceResult<()> {
    if !can(viewer, Action::ChangeOwnPassword) {
        return Err(ServiceError::Forbidden);
    }
    let viewer = viewer.ok_or(ServiceError::Forbidden)?;
    let user = app_user::Entity::find_by_id(viewer.user_id)
        .one(&db.conn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut errors = FieldErrors::new();
    if form.current_password.is_empty() {
        errors.add("current_password", "Enter your current password");
    } else {
        // Guessing the current password from a hijacked session is throttled like sign-in.
        let _one_at_a_time = attempt_guards(&viewer.email, client).await;
        refuse_if_locked(db, &viewer.email, client).await?;
        if !password::verify(&form.current_password, user.password_hash.as_deref()).await? {
            let txn = db.write().await?;
            insert_failure(&*txn, &viewer.email, client).await?;
            record(
                &*txn,
                NewEvent::by(
                    viewer,
                    actions::SIGN_IN_FAILED,
                    "user",
                    viewer.user_id,
                    json!({ "during": "password change", "address": client }),
                ),
            )
            .await?;
            txn.commit().await?;
            errors.add("current_password", "Your current password is not correct");
        }
    }
    check_new_password(
        &mut errors,
        &form.new_password,
        &form.confirm_password,
        "new_password",
    );
    if errors.is_empty() && form.new_password == form.current_password {
        errors.add(
            "new_password",
            "Your new password must be different from your current one",
        );
    }
    errors.into_result()?;
    let hash = password::hash(&form.new_password).await?;
    let txn = db.write().await?;
    let mut active: app_user::ActiveModel = user.into();
    active.password_hash = Set(Some(hash));
    active.update(&*txn).await?;
    let mut others =
        web_session::Entity::delete_many().filter(web_session::Column::UserId.eq(viewer.user_id));
    if let Some(keep) = current_session {
        others = others.filter(web_session::Column::Id.ne(keep));
    }
    others.exec(&*txn).await?;
    record(
        &*txn,
        NewEvent::by(
            viewer,
            actions::PASSWORD_CHANGED,
            "user",
            viewer.user_id,
            json!({}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
