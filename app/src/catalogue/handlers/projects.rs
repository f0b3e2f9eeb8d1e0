//! Projects and contracts: plain form posts answered by a redirect, or by the same form with
//! its errors (422) or the rule that refused it (409 on the project page).

use crate::catalogue::pages::projects::*;
use crate::catalogue::search::request::SearchRequest;
use crate::catalogue::service;
use crate::catalogue::types::*;
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::extract::{Path, RawQuery};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Form;
use leptos::prelude::*;

fn national(ctx: &Ctx) -> bool {
    ctx.viewer().is_some_and(|v| v.is_national())
}

pub async fn list(ctx: Ctx) -> PageResult {
    let projects = service::list_projects(ctx.db(), ctx.viewer()).await?;
    let national = national(&ctx);
    Ok(ctx
        .page(
            "Projects",
            view! { <ProjectsPage projects=projects national=national /> },
        )
        .await)
}

/// "Words: …" for the page that saves a search.
fn words_of(search: &str) -> String {
    let (r, _) = SearchRequest::from_pairs(form_urlencoded::parse(search.as_bytes()));
    if r.q.trim().is_empty() {
        "Your search has no words, only filters.".into()
    } else {
        format!("Your search: {}", r.q.trim())
    }
}

async fn save_view(
    ctx: &Ctx,
    form: SaveSearchForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let projects = service::open_projects(ctx.db(), ctx.viewer()).await?;
    let words = words_of(&form.search);
    let status = if problem.is_some() {
        StatusCode::CONFLICT
    } else if !errors.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let title = if status == StatusCode::OK {
        "Save this search to a project"
    } else {
        "Error: Save this search to a project"
    };
    Ok(ctx
        .page_with_status(
            status,
            title,
            view! { <SaveSearchPage form=form words=words projects=projects errors=errors problem=problem /> },
        )
        .await)
}

/// The form, for the search in the query string.
pub async fn save_page(ctx: Ctx, RawQuery(raw): RawQuery) -> PageResult {
    let form = SaveSearchForm {
        search: raw.unwrap_or_default(),
        ..Default::default()
    };
    save_view(&ctx, form, FieldErrors::new(), None).await
}

pub async fn save_submit(ctx: Ctx, Form(form): Form<SaveSearchForm>) -> PageResult {
    match outcome(service::save_search(ctx.db(), ctx.viewer(), &form).await)? {
        Outcome::Done(id) => {
            ctx.flash("Your search was saved to the project").await;
            Ok(ctx.redirect(&format!("/projects/{id}")))
        }
        Outcome::Invalid(e) => save_view(&ctx, form, e, None).await,
        Outcome::Problem(m) => save_view(&ctx, form, FieldErrors::new(), Some(m)).await,
    }
}

async fn project_view(ctx: &Ctx, id: i32, problem: Option<String>) -> PageResult {
    let detail = service::project(ctx.db(), ctx.viewer(), id).await?;
    let title = detail.name.clone();
    let status = if problem.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    Ok(ctx
        .page_with_status(
            status,
            &title,
            view! { <ProjectPage detail=detail problem=problem /> },
        )
        .await)
}

pub async fn project(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    project_view(&ctx, id, None).await
}

pub async fn end_submit(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    match outcome(service::end_search(ctx.db(), ctx.viewer(), id).await)? {
        Outcome::Done(()) => {
            ctx.flash("The search has ended: its record is frozen and ready to download")
                .await;
            Ok(ctx.redirect(&format!("/projects/{id}#record")))
        }
        Outcome::Invalid(e) => project_view(&ctx, id, e.0.first().map(|e| e.message.clone())).await,
        Outcome::Problem(m) => project_view(&ctx, id, Some(m)).await,
    }
}

fn file_name(d: &ProjectDetail, ext: &str) -> String {
    let slug: String = d
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("search-record-{}-{slug}.{ext}", d.id)
}

pub async fn record_csv(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    let d = service::record_for_export(ctx.db(), ctx.viewer(), id, "csv").await?;
    let body = service::record_csv(&d)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file_name(&d, "csv")),
            ),
        ],
        body,
    )
        .into_response())
}

pub async fn record_xlsx(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    let d = service::record_for_export(ctx.db(), ctx.viewer(), id, "xlsx").await?;
    let body = service::record_xlsx(&d)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file_name(&d, "xlsx")),
            ),
        ],
        body,
    )
        .into_response())
}

async fn assessment_view(
    ctx: &Ctx,
    id: i32,
    value: Option<String>,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let d = service::project(ctx.db(), ctx.viewer(), id).await?;
    if !d.can_run {
        return Err(crate::error::ServiceError::Forbidden.into());
    }
    let value = value.or(d.assessment.clone()).unwrap_or_default();
    let invalid = !errors.is_empty() || problem.is_some();
    Ok(ctx
        .form_page(
            invalid,
            "Assess the services",
            view! {
                <AssessmentPage
                    id=id
                    name=d.name
                    items=d.items
                    value=value
                    errors=errors
                    problem=problem
                />
            },
        )
        .await)
}

pub async fn assessment_page(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    assessment_view(&ctx, id, None, FieldErrors::new(), None).await
}

pub async fn assessment_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<AssessmentForm>,
) -> PageResult {
    match outcome(service::assess(ctx.db(), ctx.viewer(), id, &form).await)? {
        Outcome::Done(()) => {
            ctx.flash("Your assessment was saved").await;
            Ok(ctx.redirect(&format!("/projects/{id}")))
        }
        Outcome::Invalid(e) => assessment_view(&ctx, id, Some(form.assessment), e, None).await,
        Outcome::Problem(m) => {
            assessment_view(&ctx, id, Some(form.assessment), FieldErrors::new(), Some(m)).await
        }
    }
}

async fn outcome_view(
    ctx: &Ctx,
    id: i32,
    form: OutcomeForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let d = service::project(ctx.db(), ctx.viewer(), id).await?;
    if !d.can_run {
        return Err(crate::error::ServiceError::Forbidden.into());
    }
    let invalid = !errors.is_empty() || problem.is_some();
    Ok(ctx
        .form_page(
            invalid,
            "Record the outcome",
            view! { <OutcomePage id=id name=d.name items=d.items form=form errors=errors problem=problem /> },
        )
        .await)
}

pub async fn outcome_page(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    outcome_view(&ctx, id, OutcomeForm::default(), FieldErrors::new(), None).await
}

pub async fn outcome_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<OutcomeForm>,
) -> PageResult {
    match outcome(service::record_outcome(ctx.db(), ctx.viewer(), id, &form).await)? {
        Outcome::Done(contract) => {
            ctx.flash(if contract.is_some() {
                "The outcome was recorded and the contract added to your contracts"
            } else {
                "The outcome was recorded"
            })
            .await;
            Ok(ctx.redirect(&format!("/projects/{id}")))
        }
        Outcome::Invalid(e) => outcome_view(&ctx, id, form, e, None).await,
        Outcome::Problem(m) => outcome_view(&ctx, id, form, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn contracts(
    ctx: Ctx,
    axum::extract::Query(filter): axum::extract::Query<crate::catalogue::types::ContractFilter>,
) -> PageResult {
    let register = service::register::register(ctx.db(), ctx.viewer(), &filter).await?;
    let title = if register.national {
        "Contract register"
    } else {
        "Your force's contracts"
    };
    Ok(ctx
        .page(
            title,
            view! { <crate::catalogue::pages::contracts::RegisterPage register=register filter=filter /> },
        )
        .await)
}

pub async fn contracts_csv(
    ctx: Ctx,
    axum::extract::Query(filter): axum::extract::Query<crate::catalogue::types::ContractFilter>,
) -> PageResult {
    let register = service::register::register(ctx.db(), ctx.viewer(), &filter).await?;
    let body = service::register::csv(&register.rows)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"contracts.csv\"".to_string(),
            ),
        ],
        body,
    )
        .into_response())
}

pub async fn contract(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    let c = service::register::contract_detail(ctx.db(), ctx.viewer(), id).await?;
    let title = c.title.clone();
    Ok(ctx
        .page(
            &title,
            view! { <crate::catalogue::pages::contracts::ContractPage c=c /> },
        )
        .await)
}
