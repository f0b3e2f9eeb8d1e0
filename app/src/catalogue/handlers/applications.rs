//! A supplier's application to a framework, and the national body's decisions on them.

use crate::access::{can, CatalogueAction};
use crate::catalogue::pages::application::*;
use crate::catalogue::service;
use crate::catalogue::types::*;
use crate::error::ServiceError;
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::extract::Path;
use axum::Form;
use leptos::prelude::*;

/// The stored application as its form's fields.
fn stored(app: &ApplicationDetail) -> Pairs {
    let mut p = Pairs::default();
    for a in &app.answers {
        if let Some(ans) = a.answer {
            p.push(
                &format!("answer-{}", a.question.id),
                if ans { "yes" } else { "no" },
            );
        }
        p.push(&format!("details-{}", a.question.id), a.details.clone());
    }
    for l in app.lots.iter().filter(|l| l.applied) {
        p.push("lots", l.lot.id.to_string());
    }
    p
}

async fn application_view(
    ctx: &Ctx,
    framework_id: i32,
    form: Option<Pairs>,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let v = ctx.viewer().ok_or(ServiceError::Forbidden)?;
    // Suppliers apply; the national body reads applications under /admin/applications.
    if v.org_kind != crate::identity::types::OrgKind::Supplier {
        return Err(ServiceError::Forbidden.into());
    }
    let app = service::application_for(ctx.db(), ctx.viewer(), framework_id, v.org_id).await?;
    let can_edit = can(ctx.viewer(), CatalogueAction::Apply { org_id: v.org_id });
    let form = form.unwrap_or_else(|| stored(&app));
    let title = format!("Apply to {}", app.framework.name);
    let invalid = !errors.is_empty() || problem.is_some();
    let body = view! { <ApplicationPage app=app form=form errors=errors problem=problem can_edit=can_edit /> };
    Ok(ctx.form_page(invalid, &title, body).await)
}

pub async fn application(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    application_view(&ctx, id, None, FieldErrors::new(), None).await
}

pub async fn application_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let form = Pairs(pairs);
    let submit = form.one("intent") == "submit";
    match outcome(service::save_application(ctx.db(), ctx.viewer(), id, &form, submit).await)? {
        Outcome::Done(status) => {
            ctx.flash(if status == ApplicationStatus::Submitted {
                "Application submitted: the national body will decide each lot"
            } else {
                "Application saved as a draft"
            })
            .await;
            Ok(ctx.redirect(&format!("/frameworks/{id}/application")))
        }
        Outcome::Invalid(e) => application_view(&ctx, id, Some(form), e, None).await,
        Outcome::Problem(m) => {
            application_view(&ctx, id, Some(form), FieldErrors::new(), Some(m)).await
        }
    }
}

pub async fn applications(ctx: Ctx) -> PageResult {
    let list = service::list_applications(ctx.db(), ctx.viewer()).await?;
    Ok(ctx
        .page(
            "Framework applications",
            view! { <ApplicationsPage applications=list /> },
        )
        .await)
}

async fn decide_view(
    ctx: &Ctx,
    id: i32,
    form: Pairs,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let app = service::application_by_id(ctx.db(), ctx.viewer(), id).await?;
    let can_decide = can(ctx.viewer(), CatalogueAction::DecideApplications);
    let title = format!("Application from {}", app.supplier_name);
    let invalid = !errors.is_empty() || problem.is_some();
    let body = view! {
        <DecideApplicationPage
            app=app
            can_decide=can_decide
            form=form
            errors=errors
            problem=problem
        />
    };
    Ok(ctx.form_page(invalid, &title, body).await)
}

pub async fn decide(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    decide_view(&ctx, id, Pairs::default(), FieldErrors::new(), None).await
}

pub async fn decide_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let form = Pairs(pairs);
    match outcome(service::decide_application(ctx.db(), ctx.viewer(), id, &form).await)? {
        Outcome::Done(()) => {
            ctx.flash("Decisions saved: the supplier can see them")
                .await;
            Ok(ctx.redirect(&format!("/admin/applications/{id}")))
        }
        Outcome::Invalid(e) => decide_view(&ctx, id, form, e, None).await,
        Outcome::Problem(m) => decide_view(&ctx, id, form, FieldErrors::new(), Some(m)).await,
    }
}
