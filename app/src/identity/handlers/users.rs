//! The users of an organisation: the list, inviting, and one user's page.

use crate::access::{authorise, can, IdentityAction};
use crate::identity::pages::invite::InvitePage;
use crate::identity::pages::user::UserPage;
use crate::identity::pages::users::UsersPage;
use crate::identity::service;
use crate::identity::types::*;
use crate::validation::FieldErrors;
use crate::web::{outcome, AppError, Ctx, Outcome, PageResult};
use axum::extract::Path;
use axum::Form;
use leptos::prelude::*;

pub async fn users(ctx: Ctx, Path(org_id): Path<i32>) -> PageResult {
    let (org, users) = service::list_users(ctx.db(), ctx.viewer(), org_id).await?;
    Ok(ctx
        .page("Users", view! { <UsersPage org=org users=users /> })
        .await)
}

pub async fn invite_page(ctx: Ctx, Path(org_id): Path<i32>) -> PageResult {
    authorise(ctx.viewer(), IdentityAction::InviteUser { org_id })?;
    let org = service::get_organisation(ctx.db(), ctx.viewer(), org_id).await?;
    Ok(ctx
        .page(
            "Invite a user",
            view! { <InvitePage org=org form=InviteForm::default() errors=FieldErrors::new() /> },
        )
        .await)
}

pub async fn invite_submit(
    ctx: Ctx,
    Path(org_id): Path<i32>,
    Form(form): Form<InviteForm>,
) -> PageResult {
    let link_base = &ctx.state().link_base;
    match outcome(service::invite_user(ctx.db(), ctx.viewer(), org_id, &form, link_base).await)? {
        // The link goes only to the invited address: the admin never holds it.
        Outcome::Done(_) => {
            ctx.flash(format!(
                "Invitation emailed to {}",
                form.email.trim().to_lowercase()
            ))
            .await;
            Ok(ctx.redirect(&format!("/organisations/{org_id}/users")))
        }
        Outcome::Invalid(errors) => {
            let org = service::get_organisation(ctx.db(), ctx.viewer(), org_id).await?;
            Ok(ctx
                .invalid_page(
                    "Invite a user",
                    view! { <InvitePage org=org form=form errors=errors /> },
                )
                .await)
        }
        Outcome::Problem(m) => Err(AppError::internal(m)),
    }
}

pub async fn user_page(ctx: Ctx, Path(user_id): Path<i32>) -> PageResult {
    let (user, kind) = service::get_user(ctx.db(), ctx.viewer(), user_id).await?;
    let is_self = ctx.viewer().is_some_and(|v| v.user_id == user.id);
    let can_reset = can(
        ctx.viewer(),
        IdentityAction::ResetMfa {
            org_id: user.org_id,
        },
    );
    let title = user.name.clone();
    Ok(ctx
        .page(
            &title,
            view! { <UserPage user=user kind=kind is_self=is_self problem=None can_reset_mfa=can_reset /> },
        )
        .await)
}

pub async fn user_submit(
    ctx: Ctx,
    Path(user_id): Path<i32>,
    Form(form): Form<ManageUserForm>,
) -> PageResult {
    if form.intent == "reset_mfa" {
        return match outcome(service::reset_mfa(ctx.db(), ctx.viewer(), user_id).await)? {
            Outcome::Done(name) => {
                ctx.flash(format!(
                    "Sign-in codes reset for {name}: they will set up an authenticator app when they next sign in"
                ))
                .await;
                Ok(ctx.redirect(&format!("/users/{user_id}")))
            }
            Outcome::Invalid(e) => Err(AppError::internal(e)),
            Outcome::Problem(m) => user_problem(&ctx, user_id, m).await,
        };
    }
    let link_base = &ctx.state().link_base;
    match outcome(service::manage_user(ctx.db(), ctx.viewer(), user_id, &form, link_base).await)? {
        Outcome::Done(managed) => {
            let message = match managed.invitation_token {
                Some(_) => format!("{}: a new invitation has been emailed", managed.message),
                None => managed.message,
            };
            ctx.flash(message).await;
            Ok(ctx.redirect(&format!("/users/{user_id}")))
        }
        Outcome::Invalid(e) => {
            let message = e.0.first().map(|f| f.message.clone()).unwrap_or_default();
            user_problem(&ctx, user_id, message).await
        }
        Outcome::Problem(m) => user_problem(&ctx, user_id, m).await,
    }
}

/// The user page again, with a problem that belongs to no single field.
async fn user_problem(ctx: &Ctx, user_id: i32, message: String) -> PageResult {
    let (user, kind) = service::get_user(ctx.db(), ctx.viewer(), user_id).await?;
    let is_self = ctx.viewer().is_some_and(|v| v.user_id == user.id);
    let can_reset = can(
        ctx.viewer(),
        IdentityAction::ResetMfa {
            org_id: user.org_id,
        },
    );
    let title = user.name.clone();
    Ok(ctx
        .invalid_page(
            &title,
            view! {
                <UserPage
                    user=user
                    kind=kind
                    is_self=is_self
                    problem=Some(message)
                    can_reset_mfa=can_reset
                />
            },
        )
        .await)
}
