//! The catalogue's server functions, the door islands use (leptos_axum serves them under
//! `/fn/`). Each reads the request's `Ctx` and calls the same service as the pages and the
//! REST API; errors go through `ServiceError::public`, status code included.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The parts of the search page a change of filters redraws, rendered by the same components
/// as the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedrawnSearch {
    pub filters: String,
    pub results: String,
    /// "123 services found…", for the live region.
    pub status: String,
    pub title: String,
}

/// A search (the page's query string), answered with the redrawn parts of the page: the
/// live-filter island calls this as filters change.
#[server(prefix = "/fn", endpoint = "catalogue/search")]
pub async fn search_parts(query: String) -> Result<RedrawnSearch, ServerFnError> {
    use crate::catalogue::pages::search::{
        page_title, result_status, SearchFilters, SearchResults,
    };
    use crate::catalogue::search::request::SearchRequest;
    use crate::catalogue::service;
    use crate::error::ServiceError;
    use crate::web::{AppState, Ctx};
    use leptos::tachys::view::RenderHtml;
    let state = expect_context::<AppState>();
    let ctx: Ctx = leptos_axum::extract_with_state(&state)
        .await
        .map_err(|_| ServerFnError::new("the request could not be read"))?;
    let refuse = |e: ServiceError| {
        let public = e.public();
        if let Ok(status) = axum::http::StatusCode::from_u16(public.status) {
            expect_context::<leptos_axum::ResponseOptions>().set_status(status);
        }
        ServerFnError::new(public.error)
    };
    let (request, errors) = SearchRequest::from_pairs(form_urlencoded::parse(query.as_bytes()));
    if !errors.is_empty() {
        expect_context::<leptos_axum::ResponseOptions>()
            .set_status(axum::http::StatusCode::BAD_REQUEST);
        return Err(ServerFnError::new(
            errors
                .0
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_default(),
        ));
    }
    let result = service::search(ctx.db(), ctx.viewer(), &request)
        .await
        .map_err(refuse)?;
    let suggestion = if result.total == 0 {
        service::suggest(ctx.db(), ctx.viewer(), &result.request)
            .await
            .map_err(refuse)?
    } else {
        None
    };
    let status = result_status(&result);
    let title = format!("{} – Bluelamp", page_title(&result.request.q));
    let price_from = result
        .request
        .price_from
        .map(crate::catalogue::search::request::pounds)
        .unwrap_or_default();
    let price_to = result
        .request
        .price_to
        .map(crate::catalogue::search::request::pounds)
        .unwrap_or_default();
    let filters = view! {
        <SearchFilters
            facets=result.facets.clone()
            price_from=price_from
            price_to=price_to
            errors=Default::default()
        />
    }
    .to_html();
    let compared = ctx.compare_basket().await;
    let can_save = crate::access::can(ctx.viewer(), crate::access::CatalogueAction::SaveSearches);
    let results = view! { <SearchResults result=result suggestion=suggestion compared=compared can_save=can_save /> }
    .to_html();
    Ok(RedrawnSearch {
        filters,
        results,
        status,
        title,
    })
}
