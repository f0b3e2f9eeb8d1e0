//! The national body's list of forces and their email domains.

use crate::access::{authorise, can, IdentityAction};
use crate::error::ServiceError;
use crate::identity::pages::force::ForcePage;
use crate::identity::pages::forces::ForcesPage;
use crate::identity::service;
use crate::identity::types::*;
use crate::validation::FieldErrors;
use crate::web::{outcome, AppError, Ctx, Outcome, PageResult};
use axum::extract::Path;
use axum::Form;
use leptos::prelude::*;

pub async fn forces(ctx: Ctx) -> PageResult {
    let list = service::list_organisations(ctx.db(), ctx.viewer(), OrgKind::Force, None).await?;
    Ok(ctx
        .page("Forces", view! { <ForcesPage forces=list /> })
        .await)
}

async fn force_view(
    ctx: &Ctx,
    org_id: i32,
    form: Option<ForceDomainsForm>,
    errors: FieldErrors,
) -> PageResult {
    authorise(ctx.viewer(), IdentityAction::ListForces)?;
    let force = service::get_organisation(ctx.db(), ctx.viewer(), org_id).await?;
    if force.kind != OrgKind::Force {
        return Err(ServiceError::NotFound.into());
    }
    let form = form.unwrap_or_else(|| ForceDomainsForm {
        domains: force.domains.join("\n"),
    });
    let can_edit = can(ctx.viewer(), IdentityAction::EditForceDomains);
    let title = force.name.clone();
    let invalid = !errors.is_empty();
    let body = view! { <ForcePage force=force can_edit=can_edit form=form errors=errors /> };
    Ok(ctx.form_page(invalid, &title, body).await)
}

pub async fn force(ctx: Ctx, Path(org_id): Path<i32>) -> PageResult {
    force_view(&ctx, org_id, None, FieldErrors::new()).await
}

pub async fn force_submit(
    ctx: Ctx,
    Path(org_id): Path<i32>,
    Form(form): Form<ForceDomainsForm>,
) -> PageResult {
    match outcome(service::set_force_domains(ctx.db(), ctx.viewer(), org_id, &form).await)? {
        Outcome::Done(_) => {
            ctx.flash("Email domains saved").await;
            Ok(ctx.redirect(&format!("/admin/forces/{org_id}")))
        }
        Outcome::Invalid(errors) => force_view(&ctx, org_id, Some(form), errors).await,
        Outcome::Problem(m) => Err(AppError::internal(m)),
    }
}
