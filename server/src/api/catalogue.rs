//! The public catalogue API: search with facets, a service, the suppliers with published
//! services, the frameworks. Read-only and open to everyone, as the pages are; the same
//! services as the pages, in a JSON shape of its own so the pages' types can change freely.
//! Money is a decimal string of pounds ("4.50"), never a float.

use super::routes::{ApiError, ApiResult};
use app::catalogue::search::request::{pounds, Change, SearchRequest};
use app::catalogue::service as catalogue;
use app::catalogue::types::{FrameworkSummary, ServiceDetail};
use app::web::Ctx;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiPrice {
    /// The lowest price, in pounds ("4.50").
    pub from: Option<String>,
    pub unit: Option<String>,
    pub interval: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiServiceSummary {
    pub id: i32,
    pub name: String,
    pub summary: String,
    pub supplier: ApiRef,
    pub lot: String,
    pub price: ApiPrice,
    pub url: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiRef {
    pub id: i32,
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiFacetValue {
    pub value: String,
    pub label: String,
    /// Services this value would give, with every other filter applied.
    pub count: u64,
    pub chosen: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiFacet {
    /// The query parameter.
    pub key: &'static str,
    pub label: &'static str,
    /// "any" (several chosen values: either) or "all" (every one must hold).
    pub combine: &'static str,
    pub values: Vec<ApiFacetValue>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiSearch {
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub services: Vec<ApiServiceSummary>,
    pub facets: Vec<ApiFacet>,
    /// What was corrected in the search.
    pub notes: Vec<String>,
    /// This search's URL, and the next and previous pages'.
    pub links: ApiLinks,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiLinks {
    #[serde(rename = "self")]
    pub this: String,
    pub next: Option<String>,
    pub prev: Option<String>,
}

fn price(
    from: Option<app::money::Money>,
    unit: Option<app::catalogue::types::PriceUnit>,
    interval: Option<app::catalogue::types::PriceInterval>,
) -> ApiPrice {
    ApiPrice {
        from: from.map(pounds),
        unit: unit.map(|u| u.as_str().to_string()),
        interval: interval.map(|i| i.as_str().to_string()),
    }
}

/// `GET /api/v1/services`: the search page's parameters, answered as JSON.
#[utoipa::path(
    get,
    path = "/services",
    tag = "catalogue",
    params(
        ("q" = Option<String>, Query, description = "Words: every word must match; \"a phrase\", -word to leave out, a | b for either. A service's number alone finds that service."),
        ("page" = Option<u64>, Query, description = "1 or more; 30 services a page"),
        ("sort" = Option<String>, Query, description = "relevance (the default), price-lowest or price-highest"),
        ("price_from" = Option<String>, Query, description = "Lowest price in pounds, like 4.50"),
        ("price_to" = Option<String>, Query, description = "Highest price in pounds"),
        ("lot" = Option<String>, Query, description = "A filter value (see each facet's values); repeat for several"),
        ("category" = Option<String>, Query, description = "A filter value (see each facet's values); repeat for several"),
        ("location" = Option<String>, Query, description = "A filter value (see each facet's values); repeat for several"),
        ("clearance" = Option<String>, Query, description = "A filter value (see each facet's values); repeat for several"),
        ("vetting" = Option<String>, Query, description = "A filter value (see each facet's values); repeat for several"),
        ("standard" = Option<String>, Query, description = "A filter value (see each facet's values); repeat for several"),
        ("network" = Option<String>, Query, description = "A filter value (see each facet's values); repeat for several"),
        ("open_api" = Option<String>, Query, description = "A filter value (see each facet's values); repeat for several"),
        ("works_with" = Option<String>, Query, description = "A filter value (see each facet's values); repeat for several"),
        ("can_replace" = Option<String>, Query, description = "A filter value (see each facet's values); repeat for several"),
        ("supplier_size" = Option<String>, Query, description = "A filter value (see each facet's values); repeat for several"),
    ),
    responses(
        (status = 200, description = "One page of results, with every filter's values and counts", body = ApiSearch),
        (status = 400, description = "A parameter that cannot be read, named", body = super::doc::ErrorBody),
    )
)]
pub async fn search(ctx: Ctx, RawQuery(raw): RawQuery) -> ApiResult {
    let raw = raw.unwrap_or_default();
    let (request, errors) = SearchRequest::from_pairs(form_urlencoded::parse(raw.as_bytes()));
    if !errors.is_empty() {
        return Ok(bad_request(errors));
    }
    let r = match catalogue::search(ctx.db(), ctx.viewer(), &request).await {
        Ok(r) => r,
        Err(app::error::ServiceError::Invalid(errors)) => return Ok(bad_request(errors)),
        Err(e) => return Err(ApiError(e)),
    };
    let link = |page: u64| {
        format!(
            "/api/v1/services?{}",
            r.request.query_string(Change::Page(page))
        )
    };
    let body = ApiSearch {
        total: r.total,
        page: r.page,
        pages: r.pages,
        links: ApiLinks {
            this: link(r.page),
            next: (r.page < r.pages).then(|| link(r.page + 1)),
            prev: (r.page > 1).then(|| link(r.page - 1)),
        },
        services: r
            .hits
            .iter()
            .map(|h| ApiServiceSummary {
                id: h.service.id,
                name: h.service.name.clone(),
                summary: h.service.summary.clone(),
                supplier: ApiRef {
                    id: h.service.supplier_id,
                    name: h.service.supplier_name.clone(),
                },
                lot: h.service.lot_name.clone(),
                price: price(
                    h.service.price_min,
                    h.service.price_unit,
                    h.service.price_interval,
                ),
                url: format!("/api/v1/services/{}", h.service.id),
            })
            .collect(),
        facets: r
            .facets
            .iter()
            .map(|f| ApiFacet {
                key: f.facet.key,
                label: f.facet.label,
                combine: match f.facet.combine {
                    app::catalogue::search::facets::Combine::Any => "any",
                    app::catalogue::search::facets::Combine::All => "all",
                },
                values: f
                    .options
                    .iter()
                    .map(|o| ApiFacetValue {
                        value: o.value.clone(),
                        label: o.label.clone(),
                        count: o.count,
                        chosen: o.chosen,
                    })
                    .collect(),
            })
            .collect(),
        notes: r.notes,
    };
    Ok(Json(body).into_response())
}

/// A query parameter that cannot be read: 400, in the API's error shape, naming each.
fn bad_request(errors: app::validation::FieldErrors) -> axum::response::Response {
    let first = errors
        .0
        .first()
        .map(|e| e.message.clone())
        .unwrap_or_default();
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": first, "fields": errors.0 })),
    )
        .into_response()
}

/// A published service as the API shows it: the live version only.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiService {
    pub id: i32,
    pub supplier: ApiRef,
    pub framework: ApiRef,
    pub lot: ApiRef,
    pub version: i32,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub name: String,
    pub summary: String,
    pub features: Vec<String>,
    pub benefits: Vec<String>,
    pub categories: Vec<String>,
    pub price: ApiPrice,
    pub price_max: Option<String>,
    pub data_location: Option<String>,
    pub clearance: Option<String>,
    pub vetting: Option<String>,
    pub standards: Vec<String>,
    pub networks: Vec<String>,
    pub open_api: Option<bool>,
    pub export_formats: Vec<String>,
    pub works_with: Vec<String>,
    pub can_replace: Vec<String>,
    pub documents: ApiDocuments,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiDocuments {
    pub service_definition: String,
    pub terms: String,
    pub pricing: String,
    pub api_docs: Option<String>,
}

fn public(d: ServiceDetail) -> Option<ApiService> {
    let live = d.live?;
    let l = live.listing;
    let category_names = l
        .categories
        .iter()
        .filter_map(|c| d.lot.categories.iter().find(|x| x.id == *c))
        .map(|c| c.name.clone())
        .collect();
    let term = |ids: &[i32]| {
        ids.iter()
            .filter_map(|i| d.terms.iter().find(|t| t.id == *i))
            .map(|t| t.name.clone())
            .collect()
    };
    Some(ApiService {
        id: d.id,
        supplier: ApiRef {
            id: d.supplier_id,
            name: d.supplier_name,
        },
        framework: ApiRef {
            id: d.framework.id,
            name: d.framework.name,
        },
        lot: ApiRef {
            id: d.lot.lot.id,
            name: d.lot.lot.name,
        },
        version: live.number,
        updated_at: d.updated_at,
        price: price(l.price_min, l.price_unit, l.price_interval),
        price_max: l.price_max.map(pounds),
        data_location: l.data_location.map(|x| x.as_str().to_string()),
        clearance: l.clearance.map(|x| x.as_str().to_string()),
        vetting: l.vetting.map(|x| x.as_str().to_string()),
        standards: l.standards.iter().map(|x| x.as_str().to_string()).collect(),
        networks: l.networks.iter().map(|x| x.as_str().to_string()).collect(),
        open_api: l.open_api,
        export_formats: l
            .export_formats
            .iter()
            .map(|x| x.as_str().to_string())
            .collect(),
        works_with: term(&l.works_with),
        can_replace: term(&l.can_replace),
        documents: ApiDocuments {
            service_definition: l.service_definition_url,
            terms: l.terms_url,
            pricing: l.pricing_url,
            api_docs: (!l.api_docs_url.is_empty()).then_some(l.api_docs_url),
        },
        categories: category_names,
        name: l.name,
        summary: l.summary,
        features: l.features,
        benefits: l.benefits,
    })
}

/// `GET /api/v1/services/{id}`: 404 unknown, 410 withdrawn, suspended or expired.
#[utoipa::path(
    get,
    path = "/services/{id}",
    tag = "catalogue",
    params(("id" = i32, Path, description = "The service's number")),
    responses(
        (status = 200, description = "The service's published version", body = ApiService),
        (status = 404, description = "No such published service", body = super::doc::ErrorBody),
        (status = 410, description = "Withdrawn, suspended, or its framework expired: the notice says which", body = super::doc::ErrorBody),
    )
)]
pub async fn service(ctx: Ctx, Path(id): Path<i32>) -> ApiResult {
    let detail = catalogue::public_service(ctx.db(), ctx.viewer(), id).await?;
    match public(detail) {
        Some(s) => Ok(Json(s).into_response()),
        None => Err(ApiError(app::error::ServiceError::NotFound)),
    }
}

/// `GET /api/v1/frameworks`: every framework and its stage.
#[utoipa::path(
    get,
    path = "/frameworks",
    tag = "catalogue",
    responses((status = 200, description = "Every framework and its stage", body = Vec<super::doc::FrameworkBody>))
)]
pub async fn frameworks(ctx: Ctx) -> ApiResult {
    let list: Vec<FrameworkSummary> = catalogue::list_frameworks(ctx.db(), ctx.viewer()).await?;
    Ok(Json(list).into_response())
}

/// `GET /api/v1/suppliers`: every supplier with published services, and how many.
#[utoipa::path(
    get,
    path = "/suppliers",
    tag = "catalogue",
    responses((status = 200, description = "Suppliers with published services on live frameworks, by name", body = Vec<super::doc::SupplierBody>))
)]
pub async fn suppliers(ctx: Ctx) -> ApiResult {
    let list = catalogue::public_suppliers(ctx.db(), ctx.viewer()).await?;
    Ok(Json(list).into_response())
}
