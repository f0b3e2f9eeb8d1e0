//! A supplier's side: the opportunities on its lots, one opportunity, its questions and its
//! bid (drafted, submitted, revised or withdrawn until the deadline).

use crate::procurement::pages::*;
use crate::procurement::service::{self, bids, views, OpportunityFilter};
use crate::procurement::types::BidStatus;
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::extract::{Path, Query};
use axum::Form;
use leptos::prelude::*;

pub async fn list(ctx: Ctx, Query(filter): Query<OpportunityFilter>) -> PageResult {
    let (rows, lots) = service::opportunities(ctx.db(), ctx.viewer(), &filter).await?;
    Ok(ctx
        .page(
            "Opportunities",
            view! { <OpportunitiesPage rows=rows lots=lots filter=filter /> },
        )
        .await)
}

async fn show_view(ctx: &Ctx, id: i32, errors: FieldErrors, problem: Option<String>) -> PageResult {
    let o = service::opportunity_detail(ctx.db(), ctx.viewer(), id).await?;
    let bid = bids::my_bid(ctx.db(), ctx.viewer(), id).await?;
    let title = o.title.clone();
    let status = super::status(&errors, &problem);
    Ok(ctx
        .page_with_status(
            status,
            &title,
            view! { <OpportunityPage o=o bid=bid errors=errors problem=problem /> },
        )
        .await)
}

pub async fn show(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    show_view(&ctx, id, FieldErrors::new(), None).await
}

#[derive(serde::Deserialize)]
pub struct QuestionForm {
    #[serde(default)]
    question: String,
}

pub async fn ask_submit(ctx: Ctx, Path(id): Path<i32>, Form(f): Form<QuestionForm>) -> PageResult {
    match outcome(service::ask(ctx.db(), ctx.viewer(), id, &f.question).await)? {
        Outcome::Done(_) => {
            ctx.flash("Your question was sent: the answer will be published to every supplier")
                .await;
            Ok(ctx.redirect(&format!("/opportunities/{id}")))
        }
        Outcome::Invalid(errors) => show_view(&ctx, id, errors, None).await,
        Outcome::Problem(m) => show_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

async fn bid_view(
    ctx: &Ctx,
    id: i32,
    values: Option<Vec<(String, String)>>,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let o = service::opportunity_detail(ctx.db(), ctx.viewer(), id).await?;
    let bid = bids::my_bid(ctx.db(), ctx.viewer(), id).await?;
    let submitted = bid
        .as_ref()
        .is_some_and(|b| b.status == BidStatus::Submitted);
    let values = values
        .or_else(|| bid.as_ref().map(bid_values))
        .unwrap_or_default();
    let forces = views::forces_taking_part(&ctx.db().conn, id).await?;
    let status = super::status(&errors, &problem);
    Ok(ctx
        .page_with_status(
            status,
            "Your bid",
            view! {
                <BidFormPage
                    id=id
                    title=o.title
                    spec=o.spec
                    forces=forces
                    values=values
                    submitted=submitted
                    errors=errors
                    problem=problem
                />
            },
        )
        .await)
}

pub async fn bid_page(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    bid_view(&ctx, id, None, FieldErrors::new(), None).await
}

pub async fn bid_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let submit = !pairs.iter().any(|(k, v)| k == "action" && v == "save");
    match outcome(bids::save(ctx.db(), ctx.viewer(), id, &pairs, submit).await)? {
        Outcome::Done(saved) => {
            ctx.flash(match saved.receipt_hash {
                Some(h) => format!(
                    "Your bid (version {}) was received. Receipt: SHA-256 {h}",
                    saved.version
                ),
                None => "Your draft bid is saved: it is not submitted yet".to_string(),
            })
            .await;
            Ok(ctx.redirect(&format!("/opportunities/{id}")))
        }
        Outcome::Invalid(errors) => bid_view(&ctx, id, Some(pairs), errors, None).await,
        Outcome::Problem(m) => bid_view(&ctx, id, Some(pairs), FieldErrors::new(), Some(m)).await,
    }
}

pub async fn withdraw_submit(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    match outcome(bids::withdraw(ctx.db(), ctx.viewer(), id).await)? {
        Outcome::Done(()) => {
            ctx.flash("Your bid is withdrawn").await;
            Ok(ctx.redirect(&format!("/opportunities/{id}")))
        }
        Outcome::Invalid(errors) => show_view(&ctx, id, errors, None).await,
        Outcome::Problem(m) => show_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}
