//! The first administrator of a new installation, created from the command line: the only way
//! in to an empty database that does not publish a password (unlike the demo).

use super::invitations::insert_invited_user;
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, organisation, organisation_domain};
use crate::identity::rules::{email_domain, normalise_email};
use crate::identity::types::{OrgKind, Role};
use crate::mail::{outbox, templates};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;

/// Creates the national body's first admin, invited: returns the one-time set-password link,
/// which is also mailed. Refuses once anyone has an account.
pub async fn create_first_admin(
    db: &Db,
    email: &str,
    name: &str,
    link_base: &str,
) -> ServiceResult<String> {
    let email = normalise_email(email).map_err(|m| ServiceError::invalid("email", m))?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ServiceError::invalid(
            "name",
            "Enter the administrator's full name (200 characters or fewer)",
        ));
    }
    let txn = db.write().await?;
    if app_user::Entity::find().count(&*txn).await? > 0 {
        return Err(ServiceError::Conflict(
            "This database already has accounts: create-admin works only on an empty one. Invite further administrators from the users page.".into(),
        ));
    }
    let national = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::National))
        .one(&*txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // The admin's domain becomes one of the national body's, so they can invite colleagues on it.
    let domain = email_domain(&email).to_string();
    let owner = organisation_domain::Entity::find()
        .filter(organisation_domain::Column::Domain.eq(&domain))
        .one(&*txn)
        .await?;
    match owner {
        Some(d) if d.organisation_id != national.id => {
            return Err(ServiceError::invalid(
                "email",
                format!("{domain} is a police force's email domain: use a national body address"),
            ))
        }
        Some(_) => {}
        None => {
            organisation_domain::ActiveModel {
                organisation_id: Set(national.id),
                domain: Set(domain.clone()),
                ..Default::default()
            }
            .insert(&*txn)
            .await?;
        }
    }
    let (user, token) = insert_invited_user(
        &*txn,
        national.id,
        &email,
        name.to_string(),
        &[Role::Member, Role::Admin],
    )
    .await?;
    let link = format!("{link_base}/invitation/{token}");
    outbox::enqueue(&txn, templates::first_admin(&email, &link)).await?;
    record(
        &txn,
        NewEvent {
            user_id: None,
            organisation_id: None,
            action: actions::FIRST_ADMIN_CREATED,
            object_type: "user",
            object_id: user.id.to_string(),
            details: json!({ "email": email, "domain": domain }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(link)
}
