//! The users of an organisation: listing, one user, roles, disabling and enabling.

use super::invitations::{token_hash, INVITATION_DAYS};
use super::load::{find_org, org_summary, roles_of, roles_of_user, set_roles};
use crate::access::{authorise, missing, IdentityAction, Viewer, ANOTHER_ORGANISATION};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, web_session};
use crate::identity::types::{
    ManageUserForm, ManagedUser, OrgKind, OrgSummary, Role, UserRow, UserStatus,
};
use crate::mail::{outbox, templates};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

fn user_row(u: app_user::Model, roles: Vec<Role>, org_name: &str) -> UserRow {
    UserRow {
        id: u.id,
        name: u.name,
        email: u.email,
        status: u.status,
        roles,
        org_id: u.organisation_id,
        org_name: org_name.to_string(),
    }
}

pub async fn list_users(
    db: &Db,
    viewer: Option<&Viewer>,
    org_id: i32,
) -> ServiceResult<(OrgSummary, Vec<UserRow>)> {
    authorise(viewer, IdentityAction::ListUsers { org_id })?;
    let db = &db.conn;
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
    db: &Db,
    viewer: Option<&Viewer>,
    user_id: i32,
) -> ServiceResult<(UserRow, OrgKind)> {
    let db = &db.conn;
    let (_, user) = user_for(db, viewer, user_id, |org_id| IdentityAction::ListUsers {
        org_id,
    })
    .await?;
    let org = find_org(db, user.organisation_id).await?;
    let roles = roles_of_user(db, user.id).await?;
    let kind = org.kind;
    Ok((user_row(user, roles, &org.name), kind))
}

/// The user `viewer` may do `action` to. A user in an organisation the viewer may not act on
/// is Forbidden; so is a user that does not exist, unless the viewer could act on users of
/// any organisation: otherwise 403 against 404 would tell whether an id exists.
async fn user_for<'v, C: ConnectionTrait>(
    db: &C,
    viewer: Option<&'v Viewer>,
    user_id: i32,
    action: fn(i32) -> IdentityAction,
) -> ServiceResult<(&'v Viewer, app_user::Model)> {
    let Some(user) = app_user::Entity::find_by_id(user_id).one(db).await? else {
        return Err(missing(viewer, action(ANOTHER_ORGANISATION)));
    };
    let viewer = authorise(viewer, action(user.organisation_id))?;
    Ok((viewer, user))
}

/// The roles ticked on a form: everyone is a member.
pub(super) fn chosen_roles(kind: OrgKind, admin: &str, evaluator: &str) -> Vec<Role> {
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

/// Changes a user's roles, or disables or re-enables them. Returns the message to show, and a
/// new invitation token when an invited person's account is enabled again.
pub async fn manage_user(
    db: &Db,
    viewer: Option<&Viewer>,
    user_id: i32,
    form: &ManageUserForm,
    link_base: &str,
) -> ServiceResult<ManagedUser> {
    let txn = db.write().await?;
    let (viewer, user) = user_for(&*txn, viewer, user_id, |org_id| {
        IdentityAction::ManageUser { org_id }
    })
    .await?;
    let org = find_org(&*txn, user.organisation_id).await?;
    let kind = org.kind;
    let is_self = user.id == viewer.user_id;
    let mut invitation_token = None;
    let (action, details, message) = match form.intent.as_str() {
        "roles" => {
            let before = roles_of_user(&*txn, user.id).await?;
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
            active.status = Set(UserStatus::Disabled);
            // Only the national body may undo the national body's decision.
            active.disabled_by_national = Set(viewer.is_national());
            // An open invitation dies with the account: enabling it again issues a new link.
            active.invitation_token_hash = Set(None);
            active.invitation_expires_at = Set(None);
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
            if user.disabled_by_national && !viewer.is_national() {
                return Err(ServiceError::Conflict(format!(
                    "Only the national body can enable {} again: it disabled this account.",
                    user.name
                )));
            }
            let status = if user.password_hash.is_some() {
                UserStatus::Active
            } else {
                UserStatus::Invited
            };
            let mut active: app_user::ActiveModel = user.clone().into();
            active.status = Set(status);
            active.disabled_by_national = Set(false);
            if status == UserStatus::Invited {
                let token = crate::identity::tokens::random_token();
                active.invitation_token_hash = Set(Some(token_hash(&token)));
                active.invitation_expires_at =
                    Set(Some(Utc::now() + Duration::days(INVITATION_DAYS)));
                outbox::enqueue(
                    &txn,
                    templates::invitation(
                        &user.email,
                        &org.name,
                        &viewer.name,
                        &format!("{link_base}/invitation/{token}"),
                    ),
                )
                .await?;
                invitation_token = Some(token);
            }
            active.update(&*txn).await?;
            (
                actions::ENABLED,
                json!({ "email": user.email }),
                format!("{} has been enabled", user.name),
            )
        }
        _ => return Err(ServiceError::invalid("intent", "Choose what to change")),
    };
    record(&txn, NewEvent::by(viewer, action, "user", user.id, details)).await?;
    txn.commit().await?;
    Ok(ManagedUser {
        message,
        invitation_token,
        org_id: user.organisation_id,
    })
}
