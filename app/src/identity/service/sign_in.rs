//! Signing in and out.

use super::load::{find_org, roles_of_user, viewer_of};
use super::mfa::mfa_required;
use super::throttle::{
    attempt_guards, insert_failure, lock_in_force, locked_message, refuse_if_locked, slow_down,
};
use crate::access::Viewer;
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::app_user;
use crate::identity::password;
use crate::identity::rules::normalise_email;
use crate::identity::types::{SignInForm, UserStatus};
use crate::validation::FieldErrors;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

/// Checks a person's password (the first factor), or says why not. `client` is the caller's
/// network address. Someone with, or needing, a second factor is not signed in by this alone:
/// the caller asks [`super::second_step`] before making a session.
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

    let _one_at_a_time = attempt_guards(db, &email, client).await?;
    refuse_if_locked(db, &email, client).await?;
    slow_down(db, &email).await?;

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
            &txn,
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
                &txn,
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
    if user.status == UserStatus::Disabled {
        txn.commit().await?;
        return Err(ServiceError::invalid(
            "email",
            "Your account has been disabled. Contact your organisation’s administrator.",
        ));
    }
    if user.status == UserStatus::Unconfirmed {
        txn.commit().await?;
        return Err(ServiceError::invalid(
            "email",
            "Confirm your email address first: follow the link in the email we sent you. If it has expired, register again to get a new one.",
        ));
    }
    let org = find_org(&*txn, user.organisation_id).await?;
    let roles = roles_of_user(&*txn, user.id).await?;
    let viewer = viewer_of(&user, &org, roles);
    // With a second factor to come, the person is not signed in yet.
    let needs_second_step = user.totp_enabled_at.is_some() || mfa_required(&viewer);
    record(
        &txn,
        NewEvent {
            user_id: Some(user.id),
            organisation_id: Some(org.id),
            action: if needs_second_step {
                actions::PASSWORD_VERIFIED
            } else {
                actions::SIGNED_IN
            },
            object_type: "user",
            object_id: user.id.to_string(),
            details: json!({ "address": client }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(viewer)
}

pub async fn sign_out(db: &Db, viewer: &Viewer) -> ServiceResult<()> {
    let txn = db.write().await?;
    record(
        &txn,
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
