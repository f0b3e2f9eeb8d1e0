//! One's own account: changing one's password.

use super::fields::check_new_password;
use super::throttle::{attempt_guards, insert_failure, refuse_if_locked};
use crate::access::{authorise, IdentityAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, web_session};
use crate::identity::password;
use crate::identity::types::ChangePasswordForm;
use crate::validation::FieldErrors;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

/// Changes the signed-in person's password and ends their other sessions (someone who knew
/// the old password may be signed in elsewhere); `current_session` is kept.
pub async fn change_password(
    db: &Db,
    viewer: Option<&Viewer>,
    form: &ChangePasswordForm,
    current_session: Option<&str>,
    client: &str,
) -> ServiceResult<()> {
    let viewer = authorise(viewer, IdentityAction::ChangeOwnPassword)?;
    let user = app_user::Entity::find_by_id(viewer.user_id)
        .one(&db.conn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut errors = FieldErrors::new();
    if form.current_password.is_empty() {
        errors.add("current_password", "Enter your current password");
    } else {
        // Guessing the current password from a hijacked session is throttled like sign-in.
        let _one_at_a_time = attempt_guards(db, &viewer.email, client).await?;
        refuse_if_locked(db, &viewer.email, client).await?;
        if !password::verify(&form.current_password, user.password_hash.as_deref()).await? {
            let txn = db.write().await?;
            insert_failure(&*txn, &viewer.email, client).await?;
            record(
                &txn,
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
        &[&viewer.email, &viewer.org_name],
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
        &txn,
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
