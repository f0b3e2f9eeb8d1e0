//! The national body's review queue, its decisions, and suspensions.

use crate::catalogue::pages::review::*;
use crate::catalogue::service;
use crate::catalogue::types::*;
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::extract::Path;
use axum::Form;
use leptos::prelude::*;

pub async fn queue(ctx: Ctx) -> PageResult {
    let items = service::review_queue(ctx.db(), ctx.viewer()).await?;
    Ok(ctx
        .page(
            "Services to review",
            view! { <ReviewQueuePage items=items /> },
        )
        .await)
}

async fn review_view(
    ctx: &Ctx,
    id: i32,
    form: ReasonForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let case = service::review_case(ctx.db(), ctx.viewer(), id).await?;
    let title = format!("Review {}", case.detail.name());
    let invalid = !errors.is_empty() || problem.is_some();
    let body = view! {
        <ReviewPage
            detail=case.detail
            choices=case.choices
            changes=case.changes
            form=form
            errors=errors
            problem=problem
        />
    };
    Ok(ctx.form_page(invalid, &title, body).await)
}

pub async fn review(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    review_view(&ctx, id, ReasonForm::default(), FieldErrors::new(), None).await
}

pub async fn review_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<ReasonForm>,
) -> PageResult {
    match outcome(service::review_service(ctx.db(), ctx.viewer(), id, &form).await)? {
        Outcome::Done(state) => {
            ctx.flash(if state == VersionState::Published {
                "Published: buyers can see this version"
            } else {
                "Returned to the supplier with your comments"
            })
            .await;
            Ok(ctx.redirect("/admin/reviews"))
        }
        Outcome::Invalid(e) => review_view(&ctx, id, form, e, None).await,
        Outcome::Problem(m) => review_view(&ctx, id, form, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn suspension_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<ReasonForm>,
) -> PageResult {
    match outcome(service::suspend_service(ctx.db(), ctx.viewer(), id, &form).await)? {
        Outcome::Done(status) => {
            ctx.flash(if status == ServiceStatus::Suspended {
                "Service suspended: buyers see a notice instead"
            } else {
                "Suspension lifted: the service is published again"
            })
            .await;
            Ok(ctx.redirect(&format!("/services/{id}/manage")))
        }
        Outcome::Invalid(e) => super::listings::manage_with(&ctx, id, e, None).await,
        Outcome::Problem(m) => {
            super::listings::manage_with(&ctx, id, FieldErrors::new(), Some(m)).await
        }
    }
}

pub async fn suspend_supplier_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<ReasonForm>,
) -> PageResult {
    match outcome(service::suspend_supplier(ctx.db(), ctx.viewer(), id, &form).await)? {
        Outcome::Done(n) => {
            ctx.flash(format!("{n} services suspended")).await;
            Ok(ctx.redirect(&format!("/suppliers/{id}")))
        }
        Outcome::Invalid(e) => super::browse::supplier_with(&ctx, id, e, None).await,
        Outcome::Problem(m) => {
            super::browse::supplier_with(&ctx, id, FieldErrors::new(), Some(m)).await
        }
    }
}
