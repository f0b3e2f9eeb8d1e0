//! Reading people and organisations: the queries several use cases share. They take any
//! connection, so a use case can run them inside its transaction.

use crate::access::Viewer;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, organisation, organisation_domain, user_role};
use crate::identity::types::{OrgSummary, Role, UserStatus};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use std::collections::HashMap;

/// Each user's roles, sorted, in one query.
pub(super) async fn roles_of<C: ConnectionTrait>(
    db: &C,
    user_ids: &[i32],
) -> Result<HashMap<i32, Vec<Role>>, sea_orm::DbErr> {
    let rows = user_role::Entity::find()
        .filter(user_role::Column::UserId.is_in(user_ids.to_vec()))
        .all(db)
        .await?;
    let mut map: HashMap<i32, Vec<Role>> = HashMap::new();
    for r in rows {
        map.entry(r.user_id).or_default().push(r.role);
    }
    for roles in map.values_mut() {
        roles.sort();
    }
    Ok(map)
}

/// One user's roles.
pub(super) async fn roles_of_user<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
) -> Result<Vec<Role>, DbErr> {
    Ok(roles_of(db, &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default())
}

pub(super) fn viewer_of(
    user: &app_user::Model,
    org: &organisation::Model,
    roles: Vec<Role>,
) -> Viewer {
    Viewer {
        user_id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
        org_id: org.id,
        org_name: org.name.clone(),
        org_kind: org.kind,
        org_status: org.status,
        roles,
    }
}

/// The signed-in user behind a session, or None if they no longer exist or are disabled
/// (a disabled user's next request is treated as signed out).
pub async fn load_viewer(db: &Db, user_id: i32) -> Result<Option<Viewer>, DbErr> {
    let db = &db.conn;
    let Some(user) = app_user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    if user.status != UserStatus::Active {
        return Ok(None);
    }
    let Some(org) = organisation::Entity::find_by_id(user.organisation_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let roles = roles_of_user(db, user.id).await?;
    Ok(Some(viewer_of(&user, &org, roles)))
}

pub(super) fn org_summary(o: organisation::Model, domains: Vec<String>) -> OrgSummary {
    OrgSummary {
        id: o.id,
        slug: o.slug,
        name: o.name,
        kind: o.kind,
        status: o.status,
        region: o.region,
        companies_house_number: o.companies_house_number,
        supplier_size: o.supplier_size,
        contact_name: o.contact_name,
        contact_email: o.contact_email,
        contact_phone: o.contact_phone,
        status_reason: o.status_reason,
        created_at: o.created_at,
        domains,
    }
}

/// Each organisation's email domains, sorted, in one query.
pub(super) async fn domains_of<C: ConnectionTrait>(
    db: &C,
    org_ids: &[i32],
) -> Result<HashMap<i32, Vec<String>>, DbErr> {
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

/// One organisation's email domains.
pub(super) async fn domains_of_org<C: ConnectionTrait>(
    db: &C,
    org_id: i32,
) -> Result<Vec<String>, DbErr> {
    Ok(domains_of(db, &[org_id])
        .await?
        .remove(&org_id)
        .unwrap_or_default())
}

pub(super) async fn find_org<C: ConnectionTrait>(
    db: &C,
    org_id: i32,
) -> ServiceResult<organisation::Model> {
    organisation::Entity::find_by_id(org_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub(super) async fn email_taken(db: &impl ConnectionTrait, email: &str) -> Result<bool, DbErr> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email))
        .one(db)
        .await?
        .is_some())
}

pub(super) async fn set_roles<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    roles: &[Role],
) -> Result<(), DbErr> {
    user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    for role in roles {
        user_role::ActiveModel {
            user_id: Set(user_id),
            role: Set(*role),
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
) -> Result<app_user::Model, DbErr> {
    insert_user(
        db,
        org_id,
        email,
        name,
        password_hash,
        UserStatus::Active,
        roles,
    )
    .await
}

/// Creates a user with a password, in the given status (active, or awaiting the confirmation
/// of their email address), with their roles.
pub(super) async fn insert_user<C: ConnectionTrait>(
    db: &C,
    org_id: i32,
    email: &str,
    name: String,
    password_hash: String,
    status: UserStatus,
    roles: &[Role],
) -> Result<app_user::Model, DbErr> {
    let user = app_user::ActiveModel {
        organisation_id: Set(org_id),
        email: Set(email.to_string()),
        name: Set(name),
        password_hash: Set(Some(password_hash)),
        status: Set(status),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    set_roles(db, user.id, roles).await?;
    Ok(user)
}
