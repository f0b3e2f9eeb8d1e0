//! The systems register: a force's list, one system's form, the CSV download and upload, and
//! the national duplication map.

use crate::access::{can, SpendAction};
use crate::error::ServiceError;
use crate::spend::pages::systems::*;
use crate::spend::register::{SystemForm, OTHER};
use crate::spend::service::{self, load};
use crate::validation::FieldErrors;
use crate::web::{outcome, AppError, Ctx, Outcome, PageResult};
use axum::extract::{Multipart, Path, Query};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Form;
use leptos::prelude::*;

#[derive(serde::Deserialize, Default)]
pub struct ForceQuery {
    force: Option<String>,
}

async fn force_of(ctx: &Ctx, q: &ForceQuery) -> Result<i32, AppError> {
    super::force_of(ctx, q.force.as_deref().unwrap_or_default()).await
}

async fn register_view(ctx: &Ctx, force_id: i32, errors: FieldErrors) -> PageResult {
    let register = service::register(ctx.db(), ctx.viewer(), force_id).await?;
    // The national body chooses among every force.
    let forces = if can(ctx.viewer(), SpendAction::ViewDuplicationMap)
        && ctx.viewer().is_some_and(|v| v.is_national())
    {
        load::forces(&ctx.db().conn).await?
    } else {
        Vec::new()
    };
    let invalid = !errors.is_empty();
    Ok(ctx
        .form_page(
            invalid,
            "Systems register",
            view! { <RegisterPage register=register forces=forces errors=errors /> },
        )
        .await)
}

pub async fn register(ctx: Ctx, Query(q): Query<ForceQuery>) -> PageResult {
    let force_id = force_of(&ctx, &q).await?;
    register_view(&ctx, force_id, FieldErrors::new()).await
}

pub async fn register_csv(ctx: Ctx, Query(q): Query<ForceQuery>) -> PageResult {
    let force_id = force_of(&ctx, &q).await?;
    let csv = service::register_csv(ctx.db(), ctx.viewer(), force_id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"systems-register-{force_id}.csv\""),
            ),
        ],
        csv,
    )
        .into_response())
}

async fn form_view(
    ctx: &Ctx,
    force_id: i32,
    id: Option<i32>,
    form: SystemForm,
    errors: FieldErrors,
) -> PageResult {
    let register = service::register(ctx.db(), ctx.viewer(), force_id).await?;
    if !register.can_edit {
        return Err(ServiceError::Forbidden.into());
    }
    let action = match id {
        Some(id) => format!("/spend/systems/{id}"),
        None => format!("/spend/systems/new?force={force_id}"),
    };
    let delete = id.map(|id| format!("/spend/systems/{id}/remove"));
    let invalid = !errors.is_empty();
    let title = if id.is_some() {
        "Change a system"
    } else {
        "Add a system"
    };
    Ok(ctx
        .form_page(
            invalid,
            title,
            view! {
                <SystemFormPage
                    force=register.force
                    action=action
                    form=form
                    functions=register.functions
                    errors=errors
                    delete=delete
                />
            },
        )
        .await)
}

pub async fn new_page(ctx: Ctx, Query(q): Query<ForceQuery>) -> PageResult {
    let force_id = force_of(&ctx, &q).await?;
    form_view(
        &ctx,
        force_id,
        None,
        SystemForm::default(),
        FieldErrors::new(),
    )
    .await
}

pub async fn new_submit(
    ctx: Ctx,
    Query(q): Query<ForceQuery>,
    Form(form): Form<SystemForm>,
) -> PageResult {
    let force_id = force_of(&ctx, &q).await?;
    match outcome(service::save_system(ctx.db(), ctx.viewer(), force_id, None, &form).await)? {
        Outcome::Done(_) => {
            ctx.flash(format!("Added {}", form.name.trim())).await;
            Ok(ctx.redirect(&format!("/spend/systems?force={force_id}")))
        }
        Outcome::Invalid(errors) => form_view(&ctx, force_id, None, form, errors).await,
        Outcome::Problem(m) => {
            form_view(&ctx, force_id, None, form, FieldErrors::single("name", m)).await
        }
    }
}

pub async fn edit_page(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    let (s, functions) = service::system(ctx.db(), ctx.viewer(), id).await?;
    let function = s
        .function_id
        .and_then(|f| functions.iter().find(|(i, _)| *i == f))
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| OTHER.to_string());
    let form = SystemForm {
        name: s.name.clone(),
        supplier: s.supplier.clone(),
        function,
        product: s.product.clone(),
        go_live_year: s.go_live_year.map(|y| y.to_string()).unwrap_or_default(),
        end_of_support: s
            .end_of_support
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        annual_maintenance: s
            .annual_maintenance_pence
            .map(|p| crate::money::Money::from_pence(p).decimal().to_string())
            .unwrap_or_default(),
        status: s.status.as_str().to_string(),
        contract: s.contract.clone().unwrap_or_default(),
    };
    form_view(&ctx, s.force_id, Some(id), form, FieldErrors::new()).await
}

pub async fn edit_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<SystemForm>,
) -> PageResult {
    let (s, _) = service::system(ctx.db(), ctx.viewer(), id).await?;
    match outcome(service::save_system(ctx.db(), ctx.viewer(), s.force_id, Some(id), &form).await)?
    {
        Outcome::Done(_) => {
            ctx.flash(format!("Saved {}", form.name.trim())).await;
            Ok(ctx.redirect(&format!("/spend/systems?force={}", s.force_id)))
        }
        Outcome::Invalid(errors) => form_view(&ctx, s.force_id, Some(id), form, errors).await,
        Outcome::Problem(m) => {
            form_view(
                &ctx,
                s.force_id,
                Some(id),
                form,
                FieldErrors::single("name", m),
            )
            .await
        }
    }
}

pub async fn remove_submit(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    let force_id = service::delete_system(ctx.db(), ctx.viewer(), id).await?;
    ctx.flash("Removed from the register").await;
    Ok(ctx.redirect(&format!("/spend/systems?force={force_id}")))
}

pub async fn upload_submit(
    ctx: Ctx,
    Query(q): Query<ForceQuery>,
    mut multipart: Multipart,
) -> PageResult {
    let force_id = force_of(&ctx, &q).await?;
    let mut bytes = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(b) => bytes = b.to_vec(),
                Err(_) => {
                    return register_view(
                        &ctx,
                        force_id,
                        FieldErrors::single("file", "The upload was interrupted: try again"),
                    )
                    .await
                }
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                return register_view(
                    &ctx,
                    force_id,
                    FieldErrors::single("file", "The upload was interrupted: try again"),
                )
                .await
            }
        }
    }
    if bytes.is_empty() {
        return register_view(
            &ctx,
            force_id,
            FieldErrors::single("file", "Select a CSV file of the register"),
        )
        .await;
    }
    match outcome(service::upload_register(ctx.db(), ctx.viewer(), force_id, &bytes).await)? {
        Outcome::Done(n) => {
            ctx.flash(format!("The register now holds the file's {n} systems"))
                .await;
            Ok(ctx.redirect(&format!("/spend/systems?force={force_id}")))
        }
        Outcome::Invalid(errors) => register_view(&ctx, force_id, errors).await,
        Outcome::Problem(m) => register_view(&ctx, force_id, FieldErrors::single("file", m)).await,
    }
}

pub async fn duplication(ctx: Ctx) -> PageResult {
    let groups = service::duplication_map(ctx.db(), ctx.viewer()).await?;
    Ok(ctx
        .page(
            "Duplication map",
            view! { <DuplicationPage groups=groups /> },
        )
        .await)
}
