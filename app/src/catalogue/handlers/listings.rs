//! A supplier's side of its listings: the dashboard, starting a listing (blank or copied from
//! G-Cloud), the record page with its task list and actions, each section's form, versions.

use crate::access::{authorise, can, CatalogueAction};
use crate::catalogue::pages::manage::*;
use crate::catalogue::pages::review::{VersionPage, VersionsPage};
use crate::catalogue::pages::supplier::*;
use crate::catalogue::rules;
use crate::catalogue::service;
use crate::catalogue::types::*;
use crate::error::ServiceError;
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use leptos::prelude::*;

pub async fn dashboard(ctx: Ctx) -> PageResult {
    let v = ctx.viewer().ok_or(ServiceError::Forbidden)?;
    // The dashboard is a supplier's own: the national body reads services elsewhere.
    authorise(
        ctx.viewer(),
        CatalogueAction::EditServices { org_id: v.org_id },
    )?;
    let services = service::supplier_services(ctx.db(), ctx.viewer(), v.org_id).await?;
    let applications = service::supplier_applications(ctx.db(), ctx.viewer(), v.org_id).await?;
    let open = service::open_frameworks(ctx.db()).await?;
    let can_list = can(
        ctx.viewer(),
        CatalogueAction::EditServices { org_id: v.org_id },
    );
    Ok(ctx
        .page(
            "Your services",
            view! {
                <DashboardPage
                    services=services
                    applications=applications
                    open_frameworks=open
                    can_list=can_list
                />
            },
        )
        .await)
}

async fn new_view(
    ctx: &Ctx,
    selected: String,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let lots = service::lots_to_list_on(ctx.db(), ctx.viewer()).await?;
    let invalid = !errors.is_empty() || problem.is_some();
    let body =
        view! { <NewServicePage lots=lots selected=selected errors=errors problem=problem /> };
    Ok(ctx.form_page(invalid, "Add a service", body).await)
}

pub async fn new_page(ctx: Ctx) -> PageResult {
    new_view(&ctx, String::new(), FieldErrors::new(), None).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct LotForm {
    lot: String,
}

pub async fn new_submit(ctx: Ctx, Form(form): Form<LotForm>) -> PageResult {
    let Ok(lot_id) = form.lot.parse::<i32>() else {
        return new_view(
            &ctx,
            form.lot,
            FieldErrors::single("lot", "Select the lot the service is for"),
            None,
        )
        .await;
    };
    match outcome(service::start_draft(ctx.db(), ctx.viewer(), lot_id).await)? {
        Outcome::Done(id) => Ok(ctx.redirect(&format!("/services/{id}/manage"))),
        Outcome::Invalid(e) => new_view(&ctx, form.lot, e, None).await,
        Outcome::Problem(m) => new_view(&ctx, form.lot, FieldErrors::new(), Some(m)).await,
    }
}

async fn import_view(
    ctx: &Ctx,
    form: ImportForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let lots = service::lots_to_list_on(ctx.db(), ctx.viewer()).await?;
    let invalid = !errors.is_empty() || problem.is_some();
    let body = view! { <ImportPage lots=lots form=form errors=errors problem=problem /> };
    Ok(ctx
        .form_page(invalid, "Copy services from G-Cloud", body)
        .await)
}

pub async fn import_page(ctx: Ctx) -> PageResult {
    let form = ImportForm {
        lot: "auto".into(),
        json: String::new(),
    };
    import_view(&ctx, form, FieldErrors::new(), None).await
}

pub async fn import_submit(ctx: Ctx, Form(form): Form<ImportForm>) -> PageResult {
    match outcome(service::import_gcloud(ctx.db(), ctx.viewer(), &form).await)? {
        // The drafts are saved; this page reports them (reloading it would not import again:
        // the browser asks before posting twice, and each draft is listed on the dashboard).
        Outcome::Done(drafts) => Ok(ctx
            .page(
                "Drafts copied from G-Cloud",
                view! { <ImportedPage drafts=drafts /> },
            )
            .await),
        Outcome::Invalid(e) => import_view(&ctx, form, e, None).await,
        Outcome::Problem(m) => import_view(&ctx, form, FieldErrors::new(), Some(m)).await,
    }
}

pub(super) async fn manage_with(
    ctx: &Ctx,
    id: i32,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let r = service::service_record(ctx.db(), ctx.viewer(), id).await?;
    let rights = ManageRights {
        edit: can(
            ctx.viewer(),
            CatalogueAction::EditServices {
                org_id: r.detail.supplier_id,
            },
        ),
        review: can(ctx.viewer(), CatalogueAction::ReviewServices),
        suspend: can(ctx.viewer(), CatalogueAction::SuspendServices),
    };
    let title = r.detail.name();
    let invalid = !errors.is_empty() || problem.is_some();
    let body = view! {
        <ManagePage detail=r.detail choices=r.choices rights=rights errors=errors problem=problem />
    };
    Ok(ctx.form_page(invalid, &title, body).await)
}

pub async fn manage(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    manage_with(&ctx, id, FieldErrors::new(), None).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct IntentForm {
    intent: String,
}

pub async fn manage_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<IntentForm>,
) -> PageResult {
    // Only the supplier's own people change a service, whatever the button.
    let r = service::service_record(ctx.db(), ctx.viewer(), id).await?;
    authorise(
        ctx.viewer(),
        CatalogueAction::EditServices {
            org_id: r.detail.supplier_id,
        },
    )?;
    let db = ctx.db();
    let v = ctx.viewer();
    let (result, message) = match form.intent.as_str() {
        "submit" => (
            service::submit_service(db, v, id).await,
            "Submitted for review: the national body will publish it or return it with comments",
        ),
        "edit" => (
            service::start_edit(db, v, id).await,
            "Editing a new version: buyers see the published one until this is approved",
        ),
        "discard" => (service::discard_edit(db, v, id).await, "Edit discarded"),
        "withdraw" => (
            service::withdraw_service(db, v, id).await,
            "Service withdrawn",
        ),
        _ => (
            Err(ServiceError::invalid("intent", "Choose what to do")),
            "",
        ),
    };
    match outcome(result)? {
        Outcome::Done(()) => {
            ctx.flash(message).await;
            Ok(ctx.redirect(&format!("/services/{id}/manage")))
        }
        Outcome::Invalid(e) => manage_with(&ctx, id, e, None).await,
        Outcome::Problem(m) => manage_with(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

fn section(slug: &str) -> Result<Section, ServiceError> {
    Section::parse(slug).ok_or(ServiceError::NotFound)
}

async fn section_view(
    ctx: &Ctx,
    id: i32,
    section: Section,
    form: Option<Pairs>,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let r = service::service_record(ctx.db(), ctx.viewer(), id).await?;
    if !can(
        ctx.viewer(),
        CatalogueAction::EditServices {
            org_id: r.detail.supplier_id,
        },
    ) {
        return Err(ServiceError::Forbidden.into());
    }
    let Some(working) = r.detail.working.clone() else {
        // Nothing to edit: the record page says why.
        return Ok(ctx.redirect(&format!("/services/{id}/manage")));
    };
    let form = form.unwrap_or_else(|| rules::section_pairs(section, &working.listing));
    // What is still wrong with the stored section (a draft half done, or copied from G-Cloud
    // over a limit) is shown straight away, with 200: nothing was posted.
    let posted = !errors.is_empty() || problem.is_some();
    let errors = if errors.is_empty()
        && problem.is_none()
        && rules::section_status(section, &working.listing, &r.choices)
            == rules::SectionStatus::Incomplete
    {
        rules::check_section(section, &working.listing, &r.choices)
    } else {
        errors
    };
    let title = format!("{}: {}", section.label(), r.detail.name());
    let invalid = posted;
    let outstanding = !posted && !errors.is_empty();
    let body = view! {
        <SectionPage
            service_id=id
            service_name=r.detail.name()
            section=section
            form=form
            choices=r.choices
            errors=errors
            problem=problem
        />
    };
    Ok(if invalid {
        ctx.invalid_page(&title, body).await
    } else if outstanding {
        ctx.page_with_status(StatusCode::OK, &format!("Error: {title}"), body)
            .await
    } else {
        ctx.page(&title, body).await
    })
}

pub async fn section_page(ctx: Ctx, Path((id, slug)): Path<(i32, String)>) -> PageResult {
    section_view(&ctx, id, section(&slug)?, None, FieldErrors::new(), None).await
}

pub async fn section_submit(
    ctx: Ctx,
    Path((id, slug)): Path<(i32, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let section = section(&slug)?;
    let form = Pairs(pairs);
    match outcome(service::save_section(ctx.db(), ctx.viewer(), id, section, &form).await)? {
        Outcome::Done(()) => {
            ctx.flash(format!("“{}” saved", section.label())).await;
            Ok(ctx.redirect(&format!("/services/{id}/manage")))
        }
        Outcome::Invalid(e) => section_view(&ctx, id, section, Some(form), e, None).await,
        Outcome::Problem(m) => {
            section_view(&ctx, id, section, Some(form), FieldErrors::new(), Some(m)).await
        }
    }
}

pub async fn versions(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    let (r, versions) = service::service_versions(ctx.db(), ctx.viewer(), id).await?;
    let title = format!("Versions of {}", r.detail.name());
    Ok(ctx
        .page(
            &title,
            view! { <VersionsPage detail=r.detail versions=versions choices=r.choices /> },
        )
        .await)
}

pub async fn version(ctx: Ctx, Path((id, number)): Path<(i32, i32)>) -> PageResult {
    let (r, versions) = service::service_versions(ctx.db(), ctx.viewer(), id).await?;
    let version = versions
        .into_iter()
        .find(|v| v.number == number)
        .ok_or(ServiceError::NotFound)?;
    let title = format!("{}: version {number}", r.detail.name());
    Ok(ctx
        .page(
            &title,
            view! { <VersionPage detail=r.detail version=version choices=r.choices /> },
        )
        .await)
}
