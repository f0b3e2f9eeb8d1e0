//! Open data in OCDS 1.1, open to anyone: every release (paged, filtered by date), one
//! contracting process's releases, and its record with the compiled release. The releases
//! are written by the services at each stage and never changed; these routes only package
//! them.

use super::routes::ApiResult;
use app::error::ServiceError;
use app::procurement::service::open_data;
use app::web::Ctx;
use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct ReleasesQuery {
    /// The page, from 1 (100 releases a page, oldest first).
    pub page: Option<String>,
    /// Only releases dated on or after this (2026-12-01 or 2026-12-01T09:00:00Z).
    pub since: Option<String>,
    /// Only releases dated before this.
    pub until: Option<String>,
}

fn read_date(field: &str, v: &Option<String>) -> Result<Option<DateTime<Utc>>, ServiceError> {
    let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).map(|t| t.and_utc()));
    }
    Err(ServiceError::invalid(
        field,
        format!("{field} must be a date (2026-12-01) or a time (2026-12-01T09:00:00Z)"),
    ))
}

fn json(v: serde_json::Value) -> axum::response::Response {
    // OCDS packages are JSON; the media type says which kind.
    let mut r = Json(v).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    r
}

/// `GET /api/v1/ocds/releases`: every release, as an OCDS release package.
#[utoipa::path(
    get,
    path = "/ocds/releases",
    tag = "open data",
    params(ReleasesQuery),
    responses(
        (status = 200, description = "An OCDS 1.1 release package", body = Object),
        (status = 422, description = "A page or date that cannot be read", body = super::doc::ErrorBody),
    )
)]
pub async fn releases(ctx: Ctx, Query(q): Query<ReleasesQuery>) -> ApiResult {
    let page = match q.page.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => 1,
        Some(p) => p
            .parse::<u64>()
            .map_err(|_| ServiceError::invalid("page", "The page must be a whole number from 1"))?,
    };
    let since = read_date("since", &q.since)?;
    let until = read_date("until", &q.until)?;
    let (releases, pages) = open_data::releases(ctx.db(), ctx.viewer(), page, since, until).await?;
    let uri = format!("{}/api/v1/ocds/releases?page={page}", ctx.origin());
    // Where the next page is goes in headers: the 1.1 release package has no place for it.
    let mut r = json(open_data::release_package(&uri, releases));
    r.headers_mut().insert(
        "x-total-pages",
        header::HeaderValue::from_str(&pages.to_string())
            .unwrap_or(header::HeaderValue::from_static("1")),
    );
    if page < pages {
        let next = format!(
            "<{}/api/v1/ocds/releases?page={}>; rel=\"next\"",
            ctx.origin(),
            page + 1
        );
        if let Ok(v) = header::HeaderValue::from_str(&next) {
            r.headers_mut().insert(header::LINK, v);
        }
    }
    Ok(r)
}

/// `GET /api/v1/ocds/{ocid}`: one contracting process's releases, as a release package.
#[utoipa::path(
    get,
    path = "/ocds/{ocid}",
    tag = "open data",
    params(("ocid" = String, Path, description = "The OCDS identifier, ocds-<prefix>-<id>")),
    responses(
        (status = 200, description = "An OCDS 1.1 release package", body = Object),
        (status = 404, description = "No such contracting process", body = super::doc::ErrorBody),
    )
)]
pub async fn process(ctx: Ctx, Path(ocid): Path<String>) -> ApiResult {
    let releases = open_data::releases_of(ctx.db(), ctx.viewer(), &ocid).await?;
    let uri = format!("{}/api/v1/ocds/{ocid}", ctx.origin());
    Ok(json(open_data::release_package(&uri, releases)))
}

/// `GET /api/v1/ocds/{ocid}/record`: the process's record, with its compiled release.
#[utoipa::path(
    get,
    path = "/ocds/{ocid}/record",
    tag = "open data",
    params(("ocid" = String, Path, description = "The OCDS identifier, ocds-<prefix>-<id>")),
    responses(
        (status = 200, description = "An OCDS 1.1 record package", body = Object),
        (status = 404, description = "No such contracting process", body = super::doc::ErrorBody),
    )
)]
pub async fn record(ctx: Ctx, Path(ocid): Path<String>) -> ApiResult {
    let releases = open_data::releases_of(ctx.db(), ctx.viewer(), &ocid).await?;
    let uri = format!("{}/api/v1/ocds/{ocid}/record", ctx.origin());
    Ok(json(open_data::record_package(&uri, &ocid, releases)))
}
