//! Registering as force staff or as a supplier.

use crate::access::{permit, IdentityAction};
use crate::identity::pages::confirm::{CheckEmailPage, ConfirmEmailPage, ConfirmProblemPage};
use crate::identity::pages::register::RegisterPage;
use crate::identity::pages::register_force::RegisterForcePage;
use crate::identity::pages::register_supplier::RegisterSupplierPage;
use crate::identity::service;
use crate::identity::types::*;
use crate::validation::FieldErrors;
use crate::web::{outcome, AppError, Ctx, Outcome, PageResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use leptos::prelude::*;

pub async fn register_page(ctx: Ctx) -> PageResult {
    if ctx.viewer().is_some() {
        return Ok(ctx.redirect("/"));
    }
    Ok(ctx.page("Register", view! { <RegisterPage /> }).await)
}

pub async fn register_force_page(ctx: Ctx) -> PageResult {
    permit(ctx.viewer(), IdentityAction::Register)?;
    Ok(ctx
        .page("Register as police force staff", view! { <RegisterForcePage form=RegisterForceForm::default() errors=FieldErrors::new() /> })
        .await)
}

pub async fn register_force_submit(ctx: Ctx, Form(form): Form<RegisterForceForm>) -> PageResult {
    permit(ctx.viewer(), IdentityAction::Register)?;
    match outcome(service::register_force_user(ctx.db(), &form, &ctx.state().link_base).await)? {
        Outcome::Done(sent) => check_your_email(&ctx, sent).await,
        Outcome::Invalid(errors) => {
            let form = RegisterForceForm {
                password: String::new(),
                confirm_password: String::new(),
                ..form
            };
            Ok(ctx
                .invalid_page(
                    "Register as police force staff",
                    view! { <RegisterForcePage form=form errors=errors /> },
                )
                .await)
        }
        Outcome::Problem(m) => Err(AppError::internal(m)),
    }
}

pub async fn register_supplier_page(ctx: Ctx) -> PageResult {
    permit(ctx.viewer(), IdentityAction::Register)?;
    Ok(ctx
        .page("Register a supplier", view! { <RegisterSupplierPage form=RegisterSupplierForm::default() errors=FieldErrors::new() /> })
        .await)
}

pub async fn register_supplier_submit(
    ctx: Ctx,
    Form(form): Form<RegisterSupplierForm>,
) -> PageResult {
    permit(ctx.viewer(), IdentityAction::Register)?;
    match outcome(service::register_supplier(ctx.db(), &form, &ctx.state().link_base).await)? {
        Outcome::Done(sent) => check_your_email(&ctx, sent).await,
        Outcome::Invalid(errors) => {
            let form = RegisterSupplierForm {
                password: String::new(),
                confirm_password: String::new(),
                ..form
            };
            Ok(ctx
                .invalid_page(
                    "Register a supplier",
                    view! { <RegisterSupplierPage form=form errors=errors /> },
                )
                .await)
        }
        Outcome::Problem(m) => Err(AppError::internal(m)),
    }
}

/// Where the "check your email" page finds the address (post/redirect/get).
const SENT_TO_KEY: &str = "confirmation_sent_to";

async fn check_your_email(ctx: &Ctx, sent: service::ConfirmationSent) -> PageResult {
    ctx.session()
        .insert(SENT_TO_KEY, sent.email)
        .await
        .map_err(AppError::internal)?;
    Ok(ctx.redirect("/register/check-email"))
}

pub async fn check_email_page(ctx: Ctx) -> PageResult {
    permit(ctx.viewer(), IdentityAction::Register)?;
    let Some(email) = ctx
        .session()
        .get::<String>(SENT_TO_KEY)
        .await
        .map_err(AppError::internal)?
    else {
        return Ok(ctx.redirect("/register"));
    };
    let demo = ctx.state().demo;
    Ok(ctx
        .page(
            "Check your email",
            view! { <CheckEmailPage email=email demo=demo /> },
        )
        .await)
}

pub async fn confirm_page(ctx: Ctx, Path(token): Path<String>) -> PageResult {
    permit(ctx.viewer(), IdentityAction::ConfirmEmail)?;
    Ok(ctx
        .page(
            "Confirm your email address",
            view! { <ConfirmEmailPage token=token /> },
        )
        .await)
}

pub async fn confirm_submit(ctx: Ctx, Path(token): Path<String>) -> PageResult {
    permit(ctx.viewer(), IdentityAction::ConfirmEmail)?;
    match outcome(service::confirm_email(ctx.db(), &token).await)? {
        Outcome::Done(_) => {
            ctx.flash("Your email address is confirmed. Sign in to continue.")
                .await;
            Ok(ctx.redirect("/sign-in"))
        }
        Outcome::Problem(m) => Ok(ctx
            .page_with_status(
                StatusCode::GONE,
                "This link cannot be used",
                view! { <ConfirmProblemPage message=m /> },
            )
            .await),
        Outcome::Invalid(e) => Err(AppError::internal(e)),
    }
}
