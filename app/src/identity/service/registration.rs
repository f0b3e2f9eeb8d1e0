//! Registering: force staff on their force's email domain, and suppliers applying to join.
//! Either way the account works only after its owner follows the link mailed to the address.

use super::fields::{check_name, check_person};
use super::invitations::{activate_by_link, token_hash};
use super::load::{find_org, insert_user};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::{Db, WriteTxn};
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, organisation, organisation_domain};
use crate::identity::password;
use crate::identity::rules::{email_domain, normalise_companies_house_number, slugify};
use crate::identity::types::{
    OrgKind, OrgStatus, RegisterForceForm, RegisterSupplierForm, Role, SupplierSize, UserStatus,
};
use crate::mail::{outbox, templates};
use crate::validation::FieldErrors;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use serde_json::json;

/// What registering tells the person. It is the same whatever happened (a new account, an
/// address that already has one, a company already registered), so the page never says
/// whether an address or a company is known: the mail does, to the address's owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmationSent {
    pub email: String,
}

/// How long a confirmation link works.
const CONFIRMATION_HOURS: i64 = 24;

/// A member of force staff registers with an email address on one of their force's domains.
/// The account works once they follow the link mailed to that address.
pub async fn register_force_user(
    db: &Db,
    form: &RegisterForceForm,
    link_base: &str,
) -> ServiceResult<ConfirmationSent> {
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
        // The forces' domains are public, so saying a domain is not one of them leaks nothing.
        if force.is_none() {
            errors.add(
                "email",
                format!(
                    "Use your police force email address: “{domain}” is not an email domain of any force in Bluelamp. If your force uses it, ask the national body to add it."
                ),
            );
        }
    }
    errors.into_result()?;
    let (email, force) = (
        email.unwrap_or_default(),
        force.ok_or(ServiceError::NotFound)?,
    );
    // Hashed whether or not the address is registered, so the time taken does not tell.
    let hash = password::hash(&form.password).await?;

    let txn = db.write().await?;
    match existing_user(&*txn, &email).await? {
        Some(user) if user.status == UserStatus::Unconfirmed => {
            // Registering again before confirming: the newest details and a fresh link.
            let mut u: app_user::ActiveModel = user.clone().into();
            u.name = Set(name);
            u.password_hash = Set(Some(hash));
            u.update(&*txn).await?;
            send_confirmation(&txn, &user, link_base).await?;
        }
        Some(user) => already_registered(&txn, &user, link_base).await?,
        None => {
            let user = insert_user(
                &*txn,
                force.id,
                &email,
                name,
                hash,
                UserStatus::Unconfirmed,
                &[Role::Member],
            )
            .await?;
            send_confirmation(&txn, &user, link_base).await?;
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
        }
    }
    txn.commit().await?;
    Ok(ConfirmationSent { email })
}

async fn existing_user(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<app_user::Model>, DbErr> {
    app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email))
        .one(db)
        .await
}

/// A fresh single-use link (only its hash is stored), mailed to the address.
async fn send_confirmation(
    txn: &WriteTxn,
    user: &app_user::Model,
    link_base: &str,
) -> Result<(), DbErr> {
    let token = crate::identity::tokens::random_token();
    app_user::Entity::update_many()
        .col_expr(
            app_user::Column::InvitationTokenHash,
            Some(token_hash(&token)).into(),
        )
        .col_expr(
            app_user::Column::InvitationExpiresAt,
            Some(Utc::now() + Duration::hours(CONFIRMATION_HOURS)).into(),
        )
        .filter(app_user::Column::Id.eq(user.id))
        .exec(&**txn)
        .await?;
    let link = format!("{link_base}/confirm/{token}");
    outbox::enqueue(
        txn,
        templates::confirm_registration(&user.email, &user.name, &link),
    )
    .await
}

/// The address already has an account: its owner is told by mail, and the page says what it
/// says to everyone.
async fn already_registered(
    txn: &WriteTxn,
    user: &app_user::Model,
    link_base: &str,
) -> Result<(), DbErr> {
    outbox::enqueue(
        txn,
        templates::already_registered(&user.email, &format!("{link_base}/sign-in")),
    )
    .await?;
    record(
        txn,
        NewEvent {
            user_id: Some(user.id),
            organisation_id: Some(user.organisation_id),
            action: actions::REGISTRATION_REPEATED,
            object_type: "user",
            object_id: user.id.to_string(),
            details: json!({ "email": user.email }),
        },
    )
    .await
}

/// Follows a confirmation link: the account becomes active. One message for unknown, used and
/// expired links.
pub async fn confirm_email(db: &Db, token: &str) -> ServiceResult<String> {
    let used = || {
        ServiceError::Conflict(
            "This confirmation link has expired or has already been used. If you have not confirmed your email address yet, register again to get a new link.".into(),
        )
    };
    let txn = db.write().await?;
    let user = app_user::Entity::find()
        .filter(app_user::Column::InvitationTokenHash.eq(token_hash(token)))
        .filter(app_user::Column::Status.eq(UserStatus::Unconfirmed))
        .one(&*txn)
        .await?
        .ok_or_else(used)?;
    if user.invitation_expires_at.is_none_or(|t| t <= Utc::now()) {
        return Err(used());
    }
    if !activate_by_link(&*txn, user.id, UserStatus::Unconfirmed, None).await? {
        return Err(used());
    }
    record(
        &txn,
        NewEvent {
            user_id: Some(user.id),
            organisation_id: Some(user.organisation_id),
            action: actions::EMAIL_CONFIRMED,
            object_type: "user",
            object_id: user.id.to_string(),
            details: json!({ "email": user.email }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(user.email)
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
/// The application waits for the national body; its admin account works once they follow the
/// link mailed to them.
pub async fn register_supplier(
    db: &Db,
    form: &RegisterSupplierForm,
    link_base: &str,
) -> ServiceResult<ConfirmationSent> {
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
    if phone.chars().count() > 30 {
        errors.add(
            "contact_phone",
            "Telephone number must be 30 characters or fewer",
        );
    } else if !phone.is_empty()
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
        // A police or national body address is not a company's: it would let a supplier
        // invite people on a force's domain.
        let on_police_domain = organisation_domain::Entity::find()
            .filter(organisation_domain::Column::Domain.eq(email_domain(email)))
            .one(&db.conn)
            .await?
            .is_some();
        if on_police_domain {
            errors.add(
                "email",
                "Use your company email address: this one belongs to a police force or the national body",
            );
        }
    }
    errors.into_result()?;
    let email = email.unwrap_or_default();
    // Hashed whatever happens next, so the time taken does not tell what did.
    let hash = password::hash(&form.password).await?;
    let txn = db.write().await?;
    if let Some(user) = existing_user(&*txn, &email).await? {
        if user.status == UserStatus::Unconfirmed {
            send_confirmation(&txn, &user, link_base).await?;
        } else {
            already_registered(&txn, &user, link_base).await?;
        }
        txn.commit().await?;
        return Ok(ConfirmationSent { email });
    }
    if let Some(ch) = &ch {
        let existing = organisation::Entity::find()
            .filter(organisation::Column::CompaniesHouseNumber.eq(ch))
            .filter(organisation::Column::Status.ne(OrgStatus::Rejected))
            .one(&*txn)
            .await?;
        if existing.is_some() {
            outbox::enqueue(&txn, templates::supplier_already_registered(&email, ch)).await?;
            txn.commit().await?;
            return Ok(ConfirmationSent { email });
        }
    }
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
    let user = insert_user(
        &*txn,
        org.id,
        &email,
        name,
        hash,
        UserStatus::Unconfirmed,
        &roles,
    )
    .await?;
    send_confirmation(&txn, &user, link_base).await?;
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
    Ok(ConfirmationSent { email })
}
