//! Registering as force staff or as a supplier.

use crate::access::{permit, IdentityAction};
use crate::identity::pages::register::RegisterPage;
use crate::identity::pages::register_force::RegisterForcePage;
use crate::identity::pages::register_supplier::RegisterSupplierPage;
use crate::identity::service;
use crate::identity::types::*;
use crate::validation::FieldErrors;
use crate::web::{outcome, AppError, Ctx, Outcome, PageResult};
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
    match outcome(service::register_force_user(ctx.db(), &form).await)? {
        Outcome::Done(viewer) => super::welcome(&ctx, &viewer).await,
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
    match outcome(service::register_supplier(ctx.db(), &form).await)? {
        Outcome::Done(viewer) => {
            ctx.sign_in(&viewer).await?;
            ctx.flash(format!(
                "Application sent for {}. The national body will review it.",
                viewer.org_name
            ))
            .await;
            Ok(ctx.redirect("/"))
        }
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
