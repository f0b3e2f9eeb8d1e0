//! The national body's list pages: a lot's categories, the catalogue lists, a framework's
//! declaration. One form per entry, each posting its intent.

use crate::access::{authorise, CatalogueAction};
use crate::catalogue::pages::lists::*;
use crate::catalogue::service::{self, load};
use crate::catalogue::types::*;
use crate::error::ServiceError;
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::extract::Path;
use axum::Form;
use leptos::prelude::*;

/// An entry form from a page where each entry's fields carry its id (`name-7`).
fn entry_form(pairs: Vec<(String, String)>) -> EntryForm {
    let p = Pairs(pairs);
    let id = p.one("id").to_string();
    let pick = |field: &str| {
        let own = p.one(&format!("{field}-{id}"));
        if own.is_empty() {
            p.one(field).to_string()
        } else {
            own.to_string()
        }
    };
    EntryForm {
        intent: p.one("intent").to_string(),
        name: pick("name"),
        parent: p.one("parent").to_string(),
        details_when: pick("details_when"),
        id,
    }
}

async fn categories_view(
    ctx: &Ctx,
    id: i32,
    lot_id: i32,
    form: EntryForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    authorise(ctx.viewer(), CatalogueAction::ManageFrameworks)?;
    let d = service::framework_detail(ctx.db(), ctx.viewer(), id).await?;
    let lot = d
        .lots
        .into_iter()
        .find(|l| l.lot.id == lot_id)
        .ok_or(ServiceError::NotFound)?;
    let title = format!("Categories of {}", lot.lot.name);
    let invalid = !errors.is_empty() || problem.is_some();
    let body = view! { <CategoriesPage framework=d.framework lot=lot form=form errors=errors problem=problem /> };
    Ok(ctx.form_page(invalid, &title, body).await)
}

pub async fn categories(ctx: Ctx, Path((id, lot_id)): Path<(i32, i32)>) -> PageResult {
    categories_view(
        &ctx,
        id,
        lot_id,
        EntryForm::default(),
        FieldErrors::new(),
        None,
    )
    .await
}

pub async fn categories_submit(
    ctx: Ctx,
    Path((id, lot_id)): Path<(i32, i32)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let form = entry_form(pairs);
    let lot = load::find_lot(&ctx.db().conn, lot_id).await?;
    if lot.framework_id != id {
        return Err(ServiceError::NotFound.into());
    }
    match outcome(service::change_category(ctx.db(), ctx.viewer(), lot_id, &form).await)? {
        Outcome::Done(message) => {
            ctx.flash(message).await;
            Ok(ctx.redirect(&format!("/frameworks/{id}/lots/{lot_id}/categories")))
        }
        Outcome::Invalid(e) => categories_view(&ctx, id, lot_id, form, e, None).await,
        Outcome::Problem(m) => {
            categories_view(&ctx, id, lot_id, form, FieldErrors::new(), Some(m)).await
        }
    }
}

fn kind(slug: &str) -> Result<TermKind, ServiceError> {
    TermKind::parse(slug).ok_or(ServiceError::NotFound)
}

async fn terms_view(
    ctx: &Ctx,
    kind: TermKind,
    form: EntryForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    authorise(ctx.viewer(), CatalogueAction::ManageFrameworks)?;
    let terms = load::terms(&ctx.db().conn).await?;
    let invalid = !errors.is_empty() || problem.is_some();
    let body =
        view! { <TermsPage kind=kind terms=terms form=form errors=errors problem=problem /> };
    Ok(ctx.form_page(invalid, kind.label(), body).await)
}

pub async fn terms(ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    terms_view(
        &ctx,
        kind(&slug)?,
        EntryForm::default(),
        FieldErrors::new(),
        None,
    )
    .await
}

pub async fn terms_submit(
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let kind = kind(&slug)?;
    let form = entry_form(pairs);
    match outcome(service::change_term(ctx.db(), ctx.viewer(), kind, &form).await)? {
        Outcome::Done(message) => {
            ctx.flash(message).await;
            Ok(ctx.redirect(&format!("/admin/catalogue-lists/{}", kind.as_str())))
        }
        Outcome::Invalid(e) => terms_view(&ctx, kind, form, e, None).await,
        Outcome::Problem(m) => terms_view(&ctx, kind, form, FieldErrors::new(), Some(m)).await,
    }
}

async fn declaration_view(
    ctx: &Ctx,
    id: i32,
    form: EntryForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    authorise(ctx.viewer(), CatalogueAction::ManageFrameworks)?;
    let d = service::framework_detail(ctx.db(), ctx.viewer(), id).await?;
    let title = format!("Declaration for {}", d.framework.name);
    let invalid = !errors.is_empty() || problem.is_some();
    let body = view! {
        <DeclarationPage
            framework=d.framework
            questions=d.questions
            form=form
            errors=errors
            problem=problem
        />
    };
    Ok(ctx.form_page(invalid, &title, body).await)
}

pub async fn declaration(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    declaration_view(&ctx, id, EntryForm::default(), FieldErrors::new(), None).await
}

pub async fn declaration_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let form = entry_form(pairs);
    match outcome(service::change_question(ctx.db(), ctx.viewer(), id, &form).await)? {
        Outcome::Done(message) => {
            ctx.flash(message).await;
            Ok(ctx.redirect(&format!("/frameworks/{id}/declaration")))
        }
        Outcome::Invalid(e) => declaration_view(&ctx, id, form, e, None).await,
        Outcome::Problem(m) => declaration_view(&ctx, id, form, FieldErrors::new(), Some(m)).await,
    }
}
