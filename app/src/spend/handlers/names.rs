//! The national body's buyer names and suppliers.

use crate::spend::pages::*;
use crate::spend::service::{self, load};
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::extract::{Path, Query};
use axum::Form;
use leptos::prelude::*;

async fn buyers_view(ctx: &Ctx, errors: FieldErrors) -> PageResult {
    let queue = service::buyer_queue(ctx.db(), ctx.viewer()).await?;
    let forces = load::forces(&ctx.db().conn).await?;
    let invalid = !errors.is_empty();
    Ok(ctx
        .form_page(
            invalid,
            "Buyer names",
            view! { <BuyersPage queue=queue forces=forces errors=errors /> },
        )
        .await)
}

pub async fn buyers(ctx: Ctx) -> PageResult {
    buyers_view(&ctx, FieldErrors::new()).await
}

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
}

pub async fn buyer_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<DecisionForm>,
) -> PageResult {
    match outcome(service::map_buyer(ctx.db(), ctx.viewer(), id, &form.decision).await)? {
        Outcome::Done(()) => {
            ctx.flash("Saved: this name's rows, and later files', follow your choice")
                .await;
            Ok(ctx.redirect("/spend/buyers"))
        }
        Outcome::Invalid(errors) => buyers_view(&ctx, errors).await,
        Outcome::Problem(m) => {
            buyers_view(&ctx, FieldErrors::single(&format!("buyer-{id}"), m)).await
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn suppliers(ctx: Ctx, Query(q): Query<SearchQuery>) -> PageResult {
    let rows = service::list_suppliers(ctx.db(), ctx.viewer(), &q.q).await?;
    Ok(ctx
        .page(
            "Suppliers in the spend",
            view! { <SuppliersPage rows=rows q=q.q /> },
        )
        .await)
}

async fn supplier_view(ctx: &Ctx, id: i32, errors: FieldErrors) -> PageResult {
    let (row, similar) = service::supplier_detail(ctx.db(), ctx.viewer(), id).await?;
    let similar = similar.into_iter().map(|s| (s.id, s.name)).collect();
    let title = row.supplier.name.clone();
    let invalid = !errors.is_empty();
    Ok(ctx
        .form_page(
            invalid,
            &title,
            view! { <SupplierPage row=row similar=similar errors=errors /> },
        )
        .await)
}

pub async fn supplier(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    supplier_view(&ctx, id, FieldErrors::new()).await
}

#[derive(serde::Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    other: String,
}

pub async fn merge_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<MergeForm>,
) -> PageResult {
    let other = form.other.trim().parse().ok();
    match outcome(service::merge_suppliers(ctx.db(), ctx.viewer(), id, other).await)? {
        Outcome::Done(()) => {
            ctx.flash("Merged: the other supplier's spellings and payments are this one's")
                .await;
            Ok(ctx.redirect(&format!("/spend/suppliers/{id}")))
        }
        Outcome::Invalid(errors) => supplier_view(&ctx, id, errors).await,
        Outcome::Problem(m) => supplier_view(&ctx, id, FieldErrors::single("other", m)).await,
    }
}

#[derive(serde::Deserialize)]
pub struct SplitForm {
    #[serde(default)]
    name_id: String,
}

pub async fn split_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<SplitForm>,
) -> PageResult {
    let name_id = form.name_id.trim().parse().unwrap_or(0);
    match outcome(service::split_spelling(ctx.db(), ctx.viewer(), id, name_id).await)? {
        Outcome::Done(new_id) => {
            ctx.flash("Split off into a supplier of its own, with its payments")
                .await;
            Ok(ctx.redirect(&format!("/spend/suppliers/{new_id}")))
        }
        Outcome::Invalid(errors) => supplier_view(&ctx, id, errors).await,
        Outcome::Problem(m) => supplier_view(&ctx, id, FieldErrors::single("other", m)).await,
    }
}
