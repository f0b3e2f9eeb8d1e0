//! Inviting someone into an organisation, and accepting the invitation.

use super::fields::{check_name, check_new_password};
use super::load::{domains_of_org, email_taken, find_org, roles_of_user, set_roles, viewer_of};
use super::users::chosen_roles;
use crate::access::{authorise, IdentityAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, organisation};
use crate::identity::password;
use crate::identity::rules::{email_domain, normalise_email};
use crate::identity::types::{AcceptInvitationForm, InviteForm, OrgKind, Role, UserStatus};
use crate::mail::{outbox, templates};
use crate::validation::FieldErrors;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use sha2::{Digest, Sha256};

/// How long an invitation link works.
pub(super) const INVITATION_DAYS: i64 = 7;

/// Invitation tokens are stored as their SHA-256: the token itself is only ever in the link.
pub(super) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Invites someone into an organisation and mails them the link. Returns the new user's id
/// and the link's one-time token (only its hash is stored).
pub async fn invite_user(
    db: &Db,
    viewer: Option<&Viewer>,
    org_id: i32,
    form: &InviteForm,
    link_base: &str,
) -> ServiceResult<(i32, String)> {
    let viewer = authorise(viewer, IdentityAction::InviteUser { org_id })?;
    let org = find_org(&db.conn, org_id).await?;
    let kind = org.kind;
    let mut errors = FieldErrors::new();
    let name = check_name(&mut errors, "name", &form.name, "their full name");
    let email = normalise_email(&form.email)
        .map_err(|m| errors.add("email", m))
        .ok();
    if let Some(email) = &email {
        let domains = allowed_domains(&db.conn, &org).await?;
        if !domains.iter().any(|d| d == email_domain(email)) {
            errors.add(
                "email",
                match domains.as_slice() {
                    [] => format!(
                        "{} has no email domain to invite people on: ask the national body",
                        org.name
                    ),
                    [one] => format!("Use an email address on {}’s domain, {one}", org.name),
                    many => format!(
                        "Use an email address on one of {}’s domains: {}",
                        org.name,
                        many.join(", ")
                    ),
                },
            );
        }
        if email_taken(&db.conn, email).await? {
            errors.add("email", "An account already exists for this email address");
        }
    }
    errors.into_result()?;
    let email = email.unwrap_or_default();
    let roles = chosen_roles(kind, &form.admin, &form.evaluator);
    let txn = db.write().await?;
    let (user, token) = insert_invited_user(&*txn, org.id, &email, name, &roles).await?;
    outbox::enqueue(
        &txn,
        templates::invitation(
            &email,
            &org.name,
            &viewer.name,
            &format!("{link_base}/invitation/{token}"),
        ),
    )
    .await?;
    record(
        &txn,
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

/// Creates an invited user (no password yet) with their roles; returns them and the token of
/// their one-time link, which is stored only as its hash and expires in seven days.
pub(super) async fn insert_invited_user(
    db: &impl ConnectionTrait,
    org_id: i32,
    email: &str,
    name: String,
    roles: &[Role],
) -> Result<(app_user::Model, String), sea_orm::DbErr> {
    let token = crate::identity::tokens::random_token();
    let user = app_user::ActiveModel {
        organisation_id: Set(org_id),
        email: Set(email.to_string()),
        name: Set(name),
        password_hash: Set(None),
        status: Set(UserStatus::Invited),
        invitation_token_hash: Set(Some(token_hash(&token))),
        invitation_expires_at: Set(Some(Utc::now() + Duration::days(INVITATION_DAYS))),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    set_roles(db, user.id, roles).await?;
    Ok((user, token))
}

/// Makes a user whose link was followed active, and spends the link, but only if they are still
/// in `from` (the same link used twice at once wins once). With a password hash, sets it too.
/// False when someone else got there first.
pub(super) async fn activate_by_link(
    db: &impl ConnectionTrait,
    user_id: i32,
    from: UserStatus,
    password_hash: Option<String>,
) -> Result<bool, sea_orm::DbErr> {
    let mut update = app_user::Entity::update_many()
        .col_expr(app_user::Column::Status, UserStatus::Active.into())
        .col_expr(
            app_user::Column::InvitationTokenHash,
            Option::<String>::None.into(),
        )
        .col_expr(
            app_user::Column::InvitationExpiresAt,
            Option::<DateTime<Utc>>::None.into(),
        );
    if let Some(hash) = password_hash {
        update = update.col_expr(app_user::Column::PasswordHash, Some(hash).into());
    }
    let changed = update
        .filter(app_user::Column::Id.eq(user_id))
        .filter(app_user::Column::Status.eq(from))
        .exec(db)
        .await?;
    Ok(changed.rows_affected == 1)
}

/// The email domains people may be invited on: a force's or the national body's own domains,
/// and for a supplier the domain it registered with. So nobody outside a force or the national
/// body can bring an address on their domains into another organisation.
pub(super) async fn allowed_domains(
    db: &impl ConnectionTrait,
    org: &organisation::Model,
) -> Result<Vec<String>, sea_orm::DbErr> {
    match org.kind {
        OrgKind::Force | OrgKind::National => domains_of_org(db, org.id).await,
        OrgKind::Supplier => Ok(org
            .contact_email
            .as_deref()
            .map(|e| vec![email_domain(e).to_string()])
            .unwrap_or_default()),
    }
}

async fn invited_user(db: &impl ConnectionTrait, token: &str) -> ServiceResult<app_user::Model> {
    let user = app_user::Entity::find()
        .filter(app_user::Column::InvitationTokenHash.eq(token_hash(token)))
        .one(db)
        .await?
        .ok_or_else(used_invitation)?;
    let live = user.status == UserStatus::Invited
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
pub async fn invitation(db: &Db, token: &str) -> ServiceResult<(String, String)> {
    let user = invited_user(&db.conn, token).await?;
    let org = find_org(&db.conn, user.organisation_id).await?;
    Ok((user.email, org.name))
}

pub async fn accept_invitation(
    db: &Db,
    token: &str,
    form: &AcceptInvitationForm,
) -> ServiceResult<Viewer> {
    // The token first: an unknown or used link costs no password hashing.
    let invited = invited_user(&db.conn, token).await?;
    let invited_org = find_org(&db.conn, invited.organisation_id).await?;
    let mut errors = FieldErrors::new();
    check_new_password(
        &mut errors,
        &form.password,
        &form.confirm_password,
        "password",
        &[&invited.email, &invited_org.name],
    );
    errors.into_result()?;
    let hash = password::hash(&form.password).await?;
    let txn = db.write().await?;
    let user = invited_user(&*txn, token).await?;
    let org = find_org(&*txn, user.organisation_id).await?;
    // Only a still-open invitation is accepted: the same link used twice at once wins once.
    if !activate_by_link(&*txn, user.id, UserStatus::Invited, Some(hash)).await? {
        return Err(used_invitation());
    }
    record(
        &txn,
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
    let roles = roles_of_user(&*txn, user.id).await?;
    txn.commit().await?;
    Ok(viewer_of(&user, &org, roles))
}
