//! The compare basket: add and remove with plain form posts (from the search results and a
//! service's page), and the side-by-side page. The basket is the session's, so it needs no
//! account and no JavaScript.

use crate::catalogue::pages::compare::ComparePage;
use crate::catalogue::rules::{basket_add, BasketChange, COMPARE_MAX};
use crate::catalogue::service;
use crate::web::{Ctx, PageResult};
use axum::extract::Query;
use axum::http::StatusCode;
use axum::Form;
use leptos::prelude::*;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct CompareQuery {
    #[serde(default)]
    rows: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BasketForm {
    add: String,
    remove: String,
    clear: String,
    /// Where to go back to: a path on this site (anything else goes to the compare page).
    back: String,
}

async fn page(ctx: &Ctx, only_differences: bool, problem: Option<String>) -> PageResult {
    let basket = ctx.compare_basket().await;
    let comparison = service::compare(ctx.db(), ctx.viewer(), &basket).await?;
    let status = if problem.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let title = if problem.is_some() {
        "Error: Compare services"
    } else {
        "Compare services"
    };
    Ok(ctx
        .page_with_status(
            status,
            title,
            view! { <ComparePage comparison=comparison only_differences=only_differences problem=problem /> },
        )
        .await)
}

pub async fn compare_page(ctx: Ctx, Query(q): Query<CompareQuery>) -> PageResult {
    page(&ctx, q.rows == "differ", None).await
}

/// Only a local path: `/x`, never `//host` or a full address (an open redirect).
fn safe_back(back: &str) -> &str {
    if back.starts_with('/') && !back.starts_with("//") && !back.contains('\\') {
        back
    } else {
        "/compare"
    }
}

pub async fn basket_submit(ctx: Ctx, Form(form): Form<BasketForm>) -> PageResult {
    let mut basket = ctx.compare_basket().await;
    let back = safe_back(&form.back).to_string();
    if !form.clear.is_empty() {
        basket.clear();
        ctx.set_compare_basket(&basket).await?;
        ctx.flash("Every service was removed from compare").await;
        return Ok(ctx.redirect(&back));
    }
    if let Ok(id) = form.remove.trim().parse::<i32>() {
        basket.retain(|s| *s != id);
        ctx.set_compare_basket(&basket).await?;
        ctx.flash(format!(
            "Service {id} was removed from compare ({} of {COMPARE_MAX})",
            basket.len()
        ))
        .await;
        return Ok(ctx.redirect(&back));
    }
    let Ok(id) = form.add.trim().parse::<i32>() else {
        return Err(crate::error::ServiceError::NotFound.into());
    };
    // Only a service a buyer could open goes in (404 or 410 otherwise, as its page would).
    let name = service::comparable(ctx.db(), ctx.viewer(), id).await?;
    match basket_add(&mut basket, id) {
        BasketChange::Full => {
            return page(
                &ctx,
                false,
                Some(format!(
                    "You can compare up to {COMPARE_MAX} services at once. Remove one before adding {name}."
                )),
            )
            .await;
        }
        BasketChange::AlreadyThere => {
            ctx.flash(format!("{name} is already chosen to compare"))
                .await
        }
        _ => {
            ctx.set_compare_basket(&basket).await?;
            ctx.flash(format!(
                "{name} was added to compare ({} of {COMPARE_MAX})",
                basket.len()
            ))
            .await;
        }
    }
    Ok(ctx.redirect(&back))
}

#[cfg(test)]
mod tests {
    use super::safe_back;

    #[test]
    fn back_is_only_ever_a_local_path() {
        assert_eq!(safe_back("/services?q=x"), "/services?q=x");
        assert_eq!(safe_back("//evil.example/x"), "/compare");
        assert_eq!(safe_back("https://evil.example"), "/compare");
        assert_eq!(safe_back("/\\evil.example"), "/compare");
        assert_eq!(safe_back(""), "/compare");
    }
}
