//! The search page: GET parameters only. A query that is a service's number opens that
//! service; parameters that cannot be read give a 400 page naming them, with a link to the
//! same search without them.

use crate::access::{can, CatalogueAction};
use crate::catalogue::entity::service as service_entity;
use crate::catalogue::pages::search::SearchPage;
use crate::catalogue::search::request::SearchRequest;
use crate::catalogue::service;
use crate::catalogue::types::ServiceStatus;
use crate::error::ServiceError;
use crate::web::{Ctx, PageResult};
use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use leptos::prelude::*;
use sea_orm::EntityTrait;

const TITLE: &str = "Find services";

pub async fn search_page(ctx: Ctx, RawQuery(raw): RawQuery) -> PageResult {
    let raw = raw.unwrap_or_default();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes())
        .into_owned()
        .collect();
    let typed = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (price_from, price_to) = (typed("price_from"), typed("price_to"));
    let (request, errors) = SearchRequest::from_pairs(pairs.iter().map(|(k, v)| (k, v)));
    if !errors.is_empty() {
        return Ok(refused(&ctx, request, errors, price_from, price_to).await);
    }
    // A service's number opens it, as the Digital Marketplace's search did.
    if let Ok(id) = request.q.trim().parse::<i32>() {
        let published = service_entity::Entity::find_by_id(id)
            .one(&ctx.db().conn)
            .await
            .map_err(ServiceError::from)?
            .is_some_and(|s| s.status == ServiceStatus::Published);
        if published {
            return Ok(Redirect::to(&format!("/services/{id}")).into_response());
        }
    }
    match service::search(ctx.db(), ctx.viewer(), &request).await {
        Ok(result) => {
            let suggestion = if result.total == 0 {
                service::suggest(ctx.db(), ctx.viewer(), &result.request).await?
            } else {
                None
            };
            let title = crate::catalogue::pages::search::page_title(&request.q);
            let compared = ctx.compare_basket().await;
            let can_save = can(ctx.viewer(), CatalogueAction::SaveSearches);
            Ok(ctx
                .page_made(StatusCode::OK, &title, move || {
                    view! {
                        <SearchPage
                            request=request
                            result=Some(result)
                            errors=Default::default()
                            price_from=price_from
                            price_to=price_to
                            suggestion=suggestion
                            compared=compared
                            can_save=can_save
                        />
                    }
                })
                .await)
        }
        Err(ServiceError::Invalid(errors)) => {
            Ok(refused(&ctx, request, errors, price_from, price_to).await)
        }
        Err(e) => Err(e.into()),
    }
}

/// The search form again with what could not be read, at 400.
async fn refused(
    ctx: &Ctx,
    request: SearchRequest,
    errors: crate::validation::FieldErrors,
    price_from: String,
    price_to: String,
) -> axum::response::Response {
    ctx.page_made(
        StatusCode::BAD_REQUEST,
        &format!("Error: {TITLE}"),
        move || {
            view! {
                <SearchPage
                    request=request
                    result=None
                    errors=errors
                    price_from=price_from
                    price_to=price_to
                    suggestion=None
                />
            }
        },
    )
    .await
}
