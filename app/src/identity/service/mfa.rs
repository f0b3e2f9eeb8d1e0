//! Multi-factor authentication: who needs it, the second step of signing in, setting up an
//! authenticator app (with ten recovery codes), and the national body resetting someone's.
//!
//! A correct password alone never makes a session for someone who has, or needs, a second
//! factor: the sign-in handler asks [`second_step`] and keeps the person half signed in (in
//! the session, without a user) until [`verify_second_factor`] or [`enrol`] succeeds.

use super::load::{find_org, roles_of_user, viewer_of};
use super::throttle::{attempt_guards, insert_failure, refuse_if_locked};
use crate::access::{authorise, missing, IdentityAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, recovery_code, web_session};
use crate::identity::mfa::{
    accepted_step, looks_like_totp, new_recovery_codes, recovery_code_hash, CodeProblem,
};
use crate::identity::types::{OrgKind, Role, UserStatus};
use crate::mail::{outbox, templates};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use serde_json::json;

/// What must follow a correct password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondStep {
    /// Nothing: the person is signed in.
    None,
    /// A code from their authenticator app, or a recovery code.
    Code,
    /// They must set up an authenticator app now (the national body and every admin).
    Enrol,
}

/// Every national-body user and every administrator must use a second factor: they approve
/// suppliers, manage people and will award contracts.
pub fn mfa_required(viewer: &Viewer) -> bool {
    viewer.org_kind == OrgKind::National || viewer.has_role(Role::Admin)
}

pub async fn second_step(db: &Db, viewer: &Viewer) -> ServiceResult<SecondStep> {
    let user = app_user::Entity::find_by_id(viewer.user_id)
        .one(&db.conn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(if user.totp_enabled_at.is_some() {
        SecondStep::Code
    } else if mfa_required(viewer) {
        SecondStep::Enrol
    } else {
        SecondStep::None
    })
}

async fn active_user(db: &Db, user_id: i32) -> ServiceResult<app_user::Model> {
    app_user::Entity::find_by_id(user_id)
        .one(&db.conn)
        .await?
        .filter(|u| u.status == UserStatus::Active)
        .ok_or(ServiceError::Forbidden)
}

async fn viewer_for(db: &Db, user: &app_user::Model) -> ServiceResult<Viewer> {
    let org = find_org(&db.conn, user.organisation_id).await?;
    let roles = roles_of_user(&db.conn, user.id).await?;
    Ok(viewer_of(user, &org, roles))
}

fn wrong_code() -> ServiceError {
    ServiceError::invalid(
        "code",
        "The code is not correct: enter the 6-digit code your authenticator app shows now, or one of your recovery codes",
    )
}

fn now_unix() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or(0)
}

/// The second step of signing in: a current authenticator code (never one already used) or
/// an unused recovery code. Failures count towards the same lock as wrong passwords.
pub async fn verify_second_factor(
    db: &Db,
    user_id: i32,
    code: &str,
    client: &str,
) -> ServiceResult<Viewer> {
    let user = active_user(db, user_id).await?;
    let Some(secret) = user.totp_secret.clone() else {
        return Err(ServiceError::Forbidden);
    };
    if code.trim().is_empty() {
        return Err(ServiceError::invalid(
            "code",
            "Enter the 6-digit code from your authenticator app",
        ));
    }
    let _one_at_a_time = attempt_guards(db, &user.email, client).await?;
    refuse_if_locked(db, &user.email, client).await?;
    let txn = db.write().await?;
    let used = if looks_like_totp(code) {
        match accepted_step(&secret, code, now_unix(), user.totp_last_step) {
            Ok(step) => {
                // Only if no other request took this step first: a code works once.
                let taken = app_user::Entity::update_many()
                    .col_expr(app_user::Column::TotpLastStep, Expr::value(step))
                    .filter(app_user::Column::Id.eq(user.id))
                    .filter(
                        Condition::any()
                            .add(app_user::Column::TotpLastStep.is_null())
                            .add(app_user::Column::TotpLastStep.lt(step)),
                    )
                    .exec(&*txn)
                    .await?;
                if taken.rows_affected == 1 {
                    Ok("authenticator app")
                } else {
                    Err(CodeProblem::Replayed)
                }
            }
            Err(p) => Err(p),
        }
    } else {
        let hash = recovery_code_hash(code);
        let spent = recovery_code::Entity::update_many()
            .col_expr(recovery_code::Column::UsedAt, Expr::value(Some(Utc::now())))
            .filter(recovery_code::Column::UserId.eq(user.id))
            .filter(recovery_code::Column::CodeHash.eq(hash))
            .filter(recovery_code::Column::UsedAt.is_null())
            .exec(&*txn)
            .await?;
        if spent.rows_affected == 1 {
            Ok("recovery code")
        } else {
            Err(CodeProblem::Wrong)
        }
    };
    let event = |action, details| NewEvent {
        user_id: Some(user.id),
        organisation_id: Some(user.organisation_id),
        action,
        object_type: "user",
        object_id: user.id.to_string(),
        details,
    };
    match used {
        Ok(how) => {
            if how == "recovery code" {
                let left = unused_recovery_codes(&*txn, user.id).await?;
                record(
                    &txn,
                    event(
                        actions::MFA_RECOVERY_CODE_USED,
                        json!({ "address": client, "codes_left": left }),
                    ),
                )
                .await?;
            }
            record(
                &txn,
                event(
                    actions::SIGNED_IN,
                    json!({ "address": client, "second_factor": how }),
                ),
            )
            .await?;
            txn.commit().await?;
            viewer_for(db, &user).await
        }
        Err(problem) => {
            insert_failure(&*txn, &user.email, client).await?;
            let why = match problem {
                CodeProblem::Wrong => "wrong code",
                CodeProblem::Replayed => "code already used",
            };
            record(
                &txn,
                event(
                    actions::MFA_FAILED,
                    json!({ "address": client, "why": why }),
                ),
            )
            .await?;
            txn.commit().await?;
            Err(match problem {
                CodeProblem::Replayed => ServiceError::invalid(
                    "code",
                    "That code has already been used: wait for your authenticator app to show the next one",
                ),
                CodeProblem::Wrong => wrong_code(),
            })
        }
    }
}

/// What setting up an app takes: the secret shown, a code from the app, and, when a signed-in
/// person does it from their account page, their current password (ASVS 7.5.1; at sign-in
/// the password was just checked).
pub struct Enrolment<'a> {
    pub user_id: i32,
    pub secret: &'a str,
    pub code: &'a str,
    pub current_password: Option<&'a str>,
}

/// Sets up (or replaces) the person's authenticator app once they have typed a code from it,
/// and issues ten new recovery codes, returned once to show. Any old recovery codes stop
/// working, and so does every other session of theirs (a changed factor: ASVS 7.4.3);
/// `current_session` is kept.
pub async fn enrol(
    db: &Db,
    e: Enrolment<'_>,
    client: &str,
    current_session: Option<&str>,
) -> ServiceResult<(Viewer, Vec<String>)> {
    let (user_id, secret, code) = (e.user_id, e.secret, e.code);
    let user = active_user(db, user_id).await?;
    let mut errors = crate::validation::FieldErrors::new();
    if e.current_password.is_some_and(str::is_empty) {
        errors.add("current_password", "Enter your current password");
    }
    if code.trim().is_empty() {
        errors.add(
            "code",
            "Enter the 6-digit code your authenticator app shows",
        );
    }
    errors.into_result()?;
    let _one_at_a_time = attempt_guards(db, &user.email, client).await?;
    refuse_if_locked(db, &user.email, client).await?;
    if let Some(password) = e.current_password {
        if !crate::identity::password::verify(password, user.password_hash.as_deref()).await? {
            let txn = db.write().await?;
            insert_failure(&*txn, &user.email, client).await?;
            txn.commit().await?;
            return Err(ServiceError::invalid(
                "current_password",
                "Your current password is not correct",
            ));
        }
    }
    let step = match accepted_step(secret, code, now_unix(), None) {
        Ok(step) => step,
        Err(_) => {
            let txn = db.write().await?;
            insert_failure(&*txn, &user.email, client).await?;
            txn.commit().await?;
            return Err(ServiceError::invalid(
                "code",
                "The code is not correct: check the app shows Bluelamp and enter the 6-digit code it shows now",
            ));
        }
    };
    let codes = new_recovery_codes();
    let txn = db.write().await?;
    let mut u: app_user::ActiveModel = user.clone().into();
    u.totp_secret = Set(Some(secret.to_string()));
    u.totp_enabled_at = Set(Some(Utc::now()));
    u.totp_last_step = Set(Some(step));
    u.update(&*txn).await?;
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user.id))
        .exec(&*txn)
        .await?;
    let mut others =
        web_session::Entity::delete_many().filter(web_session::Column::UserId.eq(user.id));
    if let Some(keep) = current_session {
        others = others.filter(web_session::Column::Id.ne(keep));
    }
    others.exec(&*txn).await?;
    for c in &codes {
        recovery_code::ActiveModel {
            user_id: Set(user.id),
            code_hash: Set(recovery_code_hash(c)),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
    }
    record(
        &txn,
        NewEvent {
            user_id: Some(user.id),
            organisation_id: Some(user.organisation_id),
            action: actions::MFA_ENROLLED,
            object_type: "user",
            object_id: user.id.to_string(),
            details: json!({ "address": client, "replaced": user.totp_enabled_at.is_some() }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok((viewer_for(db, &user).await?, codes))
}

/// The national body resets someone's authenticator and recovery codes (a lost phone): they
/// are signed out everywhere, told by email, and set up an app again at their next sign-in.
pub async fn reset_mfa(db: &Db, viewer: Option<&Viewer>, user_id: i32) -> ServiceResult<String> {
    let user = app_user::Entity::find_by_id(user_id).one(&db.conn).await?;
    let Some(user) = user else {
        return Err(missing(
            viewer,
            IdentityAction::ResetMfa {
                org_id: crate::access::ANOTHER_ORGANISATION,
            },
        ));
    };
    let viewer = authorise(
        viewer,
        IdentityAction::ResetMfa {
            org_id: user.organisation_id,
        },
    )?;
    if user.totp_enabled_at.is_none() {
        return Err(ServiceError::Conflict(format!(
            "{} has not set up an authenticator app: there is nothing to reset.",
            user.name
        )));
    }
    let txn = db.write().await?;
    let mut u: app_user::ActiveModel = user.clone().into();
    u.totp_secret = Set(None);
    u.totp_enabled_at = Set(None);
    u.totp_last_step = Set(None);
    u.update(&*txn).await?;
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user.id))
        .exec(&*txn)
        .await?;
    web_session::Entity::delete_many()
        .filter(web_session::Column::UserId.eq(user.id))
        .exec(&*txn)
        .await?;
    outbox::enqueue(&txn, templates::mfa_reset(&user.email, &viewer.name)).await?;
    record(
        &txn,
        NewEvent::by(
            viewer,
            actions::MFA_RESET,
            "user",
            user.id,
            json!({ "email": user.email }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(user.name)
}

/// How many unused recovery codes someone has, and whether they use an app (the account page).
pub async fn mfa_status(db: &Db, viewer: &Viewer) -> ServiceResult<(bool, usize)> {
    let user = active_user(db, viewer.user_id).await?;
    let left = unused_recovery_codes(&db.conn, user.id).await?;
    Ok((user.totp_enabled_at.is_some(), left as usize))
}

/// Counted in the database, not by loading the rows.
async fn unused_recovery_codes(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
) -> Result<u64, sea_orm::DbErr> {
    recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(db)
        .await
}
