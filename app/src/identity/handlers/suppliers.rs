//! The national body's list of suppliers and its decisions on applications.

use crate::access::{authorise, can, IdentityAction};
use crate::error::ServiceError;
use crate::identity::pages::supplier::SupplierPage;
use crate::identity::pages::suppliers::SuppliersPage;
use crate::identity::service;
use crate::identity::types::*;
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::extract::{Path, Query};
use axum::Form;
use leptos::prelude::*;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusQuery {
    status: String,
}

pub async fn suppliers(ctx: Ctx, Query(q): Query<StatusQuery>) -> PageResult {
    let status = OrgStatus::parse(&q.status);
    let list =
        service::list_organisations(ctx.db(), ctx.viewer(), OrgKind::Supplier, status).await?;
    Ok(ctx
        .page(
            "Suppliers",
            view! { <SuppliersPage suppliers=list status=status /> },
        )
        .await)
}

async fn supplier_view(
    ctx: &Ctx,
    org_id: i32,
    form: DecideSupplierForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    authorise(ctx.viewer(), IdentityAction::ListSuppliers)?;
    let supplier = service::get_organisation(ctx.db(), ctx.viewer(), org_id).await?;
    if supplier.kind != OrgKind::Supplier {
        return Err(ServiceError::NotFound.into());
    }
    let can_decide = can(ctx.viewer(), IdentityAction::DecideSupplier);
    let title = supplier.name.clone();
    let invalid = !errors.is_empty() || problem.is_some();
    let body = view! {
        <SupplierPage
            supplier=supplier
            can_decide=can_decide
            form=form
            errors=errors
            problem=problem
        />
    };
    Ok(ctx.form_page(invalid, &title, body).await)
}

pub async fn supplier(ctx: Ctx, Path(org_id): Path<i32>) -> PageResult {
    supplier_view(
        &ctx,
        org_id,
        DecideSupplierForm::default(),
        FieldErrors::new(),
        None,
    )
    .await
}

pub async fn supplier_submit(
    ctx: Ctx,
    Path(org_id): Path<i32>,
    Form(form): Form<DecideSupplierForm>,
) -> PageResult {
    match outcome(service::decide_supplier(ctx.db(), ctx.viewer(), org_id, &form).await)? {
        Outcome::Done(status) => {
            let verb = if status == OrgStatus::Active {
                "approved"
            } else {
                "rejected"
            };
            ctx.flash(format!("Supplier {verb}")).await;
            Ok(ctx.redirect(&format!("/admin/suppliers/{org_id}")))
        }
        Outcome::Invalid(errors) => supplier_view(&ctx, org_id, form, errors, None).await,
        Outcome::Problem(m) => supplier_view(&ctx, org_id, form, FieldErrors::new(), Some(m)).await,
    }
}
