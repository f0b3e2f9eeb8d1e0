//! One's own account and password.

use crate::access::{authorise, IdentityAction};
use crate::identity::pages::account::AccountPage;
use crate::identity::pages::change_password::ChangePasswordPage;
use crate::identity::service;
use crate::identity::types::*;
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::Form;
use leptos::prelude::*;

pub async fn account(ctx: Ctx) -> PageResult {
    let viewer = authorise(ctx.viewer(), IdentityAction::ViewAccount)?.clone();
    let mfa = service::mfa_status(ctx.db(), &viewer).await?;
    Ok(ctx
        .page(
            "Your account",
            view! { <AccountPage viewer=viewer mfa=mfa /> },
        )
        .await)
}

pub async fn change_password_page(ctx: Ctx) -> PageResult {
    authorise(ctx.viewer(), IdentityAction::ChangeOwnPassword)?;
    Ok(ctx
        .page(
            "Change your password",
            view! { <ChangePasswordPage errors=FieldErrors::new() /> },
        )
        .await)
}

pub async fn change_password_submit(ctx: Ctx, Form(form): Form<ChangePasswordForm>) -> PageResult {
    let current = ctx.session_id();
    let changed = service::change_password(
        ctx.db(),
        ctx.viewer(),
        &form,
        current.as_deref(),
        ctx.client(),
    )
    .await;
    match outcome(changed)? {
        Outcome::Done(()) => {
            // Whoever held the old session id (and perhaps the old password) loses it.
            ctx.renew_session_id().await?;
            ctx.flash("Your password has been changed").await;
            Ok(ctx.redirect("/account"))
        }
        Outcome::Invalid(errors) => Ok(ctx
            .invalid_page(
                "Change your password",
                view! { <ChangePasswordPage errors=errors /> },
            )
            .await),
        // Too many wrong current passwords: said beside the field it is about.
        Outcome::Problem(m) => {
            let errors = FieldErrors::single("current_password", m);
            Ok(ctx
                .invalid_page(
                    "Change your password",
                    view! { <ChangePasswordPage errors=errors /> },
                )
                .await)
        }
    }
}
