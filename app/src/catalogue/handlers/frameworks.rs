//! Framework pages: the list, one framework, a lot's services, and the national body's forms.

use crate::access::{authorise, can, CatalogueAction};
use crate::catalogue::pages::frameworks::*;
use crate::catalogue::service;
use crate::catalogue::types::*;
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::extract::{Path, Query};
use axum::Form;
use leptos::prelude::*;
use serde::Deserialize;

pub async fn frameworks(ctx: Ctx) -> PageResult {
    let list = service::list_frameworks(ctx.db(), ctx.viewer()).await?;
    let can_manage = can(ctx.viewer(), CatalogueAction::ManageFrameworks);
    Ok(ctx
        .page(
            "Frameworks",
            view! { <FrameworksPage frameworks=list can_manage=can_manage /> },
        )
        .await)
}

pub async fn framework(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    let detail = service::framework_detail(ctx.db(), ctx.viewer(), id).await?;
    let mut links = FrameworkLinks {
        manage: can(ctx.viewer(), CatalogueAction::ManageFrameworks),
        apply: None,
    };
    if let Some(v) = ctx.viewer() {
        if can(ctx.viewer(), CatalogueAction::Apply { org_id: v.org_id })
            && detail.framework.stage == FrameworkStage::Open
        {
            let app = service::application_for(ctx.db(), ctx.viewer(), id, v.org_id).await?;
            links.apply = Some((app.id != 0).then_some(app.status));
        }
    }
    let title = detail.framework.name.clone();
    Ok(ctx
        .page(
            &title,
            view! { <FrameworkPage detail=detail links=links /> },
        )
        .await)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LotQuery {
    category: String,
    page: String,
}

pub async fn lot(
    ctx: Ctx,
    Path((id, lot_id)): Path<(i32, i32)>,
    Query(q): Query<LotQuery>,
) -> PageResult {
    let category = match q.category.as_str() {
        "" => None,
        c => Some(
            c.parse()
                .map_err(|_| crate::error::ServiceError::NotFound)?,
        ),
    };
    let page = match q.page.as_str() {
        "" => 1,
        p => p
            .parse()
            .map_err(|_| crate::error::ServiceError::NotFound)?,
    };
    let p = service::lot_services(ctx.db(), ctx.viewer(), id, lot_id, category, page).await?;
    let title = match &p.category {
        Some(c) => format!("{}: {}", p.lot.lot.name, c.name),
        None => p.lot.lot.name.clone(),
    };
    Ok(ctx
        .page(
            &title,
            view! {
                <LotServicesPage
                    framework=p.framework
                    lot=p.lot
                    category=p.category
                    services=p.services
                    total=p.total
                    page=p.page
                    pages=p.pages
                />
            },
        )
        .await)
}

async fn form_view(
    ctx: &Ctx,
    id: Option<i32>,
    form: FrameworkForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    authorise(ctx.viewer(), CatalogueAction::ManageFrameworks)?;
    let (title, action, stage, back) = match id {
        Some(id) => {
            let d = service::framework_detail(ctx.db(), ctx.viewer(), id).await?;
            let now = d.framework.stage;
            let next = match now {
                FrameworkStage::Coming => Some(FrameworkStage::Open),
                FrameworkStage::Open => Some(FrameworkStage::Live),
                FrameworkStage::Live => Some(FrameworkStage::Expired),
                FrameworkStage::Expired => None,
            };
            (
                format!("Change {}", d.framework.name),
                format!("/frameworks/{id}/edit"),
                Some((now, next)),
                format!("/frameworks/{id}"),
            )
        }
        None => (
            "Create a framework".to_string(),
            "/frameworks/new".to_string(),
            None,
            "/frameworks".to_string(),
        ),
    };
    let invalid = !errors.is_empty() || problem.is_some();
    let body = view! {
        <FrameworkFormPage
            title=title.clone()
            action=action
            form=form
            errors=errors
            problem=problem
            stage=stage
            back=back
        />
    };
    Ok(ctx.form_page(invalid, &title, body).await)
}

pub async fn new_page(ctx: Ctx) -> PageResult {
    form_view(
        &ctx,
        None,
        FrameworkForm::default(),
        FieldErrors::new(),
        None,
    )
    .await
}

pub async fn new_submit(ctx: Ctx, Form(form): Form<FrameworkForm>) -> PageResult {
    match outcome(service::create_framework(ctx.db(), ctx.viewer(), &form).await)? {
        Outcome::Done(id) => {
            ctx.flash("Framework created with the G-Cloud lots and categories")
                .await;
            Ok(ctx.redirect(&format!("/frameworks/{id}")))
        }
        Outcome::Invalid(e) => form_view(&ctx, None, form, e, None).await,
        Outcome::Problem(m) => form_view(&ctx, None, form, FieldErrors::new(), Some(m)).await,
    }
}

/// A framework as its form shows it.
fn form_of(f: FrameworkSummary) -> FrameworkForm {
    FrameworkForm {
        name: f.name,
        description: f.description,
        applications_open: f.applications_open.to_string(),
        goes_live: f.goes_live.to_string(),
        expires: f.expires.to_string(),
    }
}

pub async fn edit_page(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    let d = service::framework_detail(ctx.db(), ctx.viewer(), id).await?;
    let form = form_of(d.framework);
    form_view(&ctx, Some(id), form, FieldErrors::new(), None).await
}

pub async fn edit_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<FrameworkForm>,
) -> PageResult {
    match outcome(service::update_framework(ctx.db(), ctx.viewer(), id, &form).await)? {
        Outcome::Done(()) => {
            ctx.flash("Framework saved").await;
            Ok(ctx.redirect(&format!("/frameworks/{id}")))
        }
        Outcome::Invalid(e) => form_view(&ctx, Some(id), form, e, None).await,
        Outcome::Problem(m) => form_view(&ctx, Some(id), form, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn stage_submit(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    match outcome(service::move_to_next_stage(ctx.db(), ctx.viewer(), id).await)? {
        Outcome::Done(stage) => {
            ctx.flash(format!("The framework is now “{}”", stage.label()))
                .await;
            Ok(ctx.redirect(&format!("/frameworks/{id}")))
        }
        Outcome::Invalid(e) => form_view(&ctx, Some(id), FrameworkForm::default(), e, None).await,
        Outcome::Problem(m) => {
            let d = service::framework_detail(ctx.db(), ctx.viewer(), id).await?;
            let form = form_of(d.framework);
            form_view(&ctx, Some(id), form, FieldErrors::new(), Some(m)).await
        }
    }
}
