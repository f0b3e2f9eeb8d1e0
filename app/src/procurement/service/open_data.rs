//! The OCDS open data as published: release packages (all releases, paged and filtered by
//! date; or one contracting process's), and record packages with the compiled release. Open
//! to anyone, signed in or not: what the releases hold was made public when written.

use crate::access::{permit, ProcurementAction, Viewer};
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::procurement::entity::ocds_release;
use crate::procurement::ocds;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};

/// Releases a page.
pub const PAGE_SIZE: u64 = 100;

fn parse(r: &ocds_release::Model) -> ServiceResult<Value> {
    serde_json::from_str(&r.json)
        .map_err(|e| ServiceError::Internal(format!("OCDS release {}: {e}", r.release_id)))
}

/// One page of every release, oldest first, optionally from `since` and before `until`.
/// Returns the releases and how many pages there are.
pub async fn releases(
    db: &Db,
    viewer: Option<&Viewer>,
    page: u64,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
) -> ServiceResult<(Vec<Value>, u64)> {
    permit(viewer, ProcurementAction::ReadOpenData)?;
    let mut q = ocds_release::Entity::find();
    if let Some(s) = since {
        q = q.filter(ocds_release::Column::Date.gte(s));
    }
    if let Some(u) = until {
        q = q.filter(ocds_release::Column::Date.lt(u));
    }
    let pages = q
        .clone()
        .order_by_asc(ocds_release::Column::Date)
        .order_by_asc(ocds_release::Column::Id)
        .paginate(&db.conn, PAGE_SIZE);
    let total_pages = pages.num_pages().await?.max(1);
    if page == 0 || page > total_pages {
        return Err(ServiceError::invalid(
            "page",
            format!("The page must be from 1 to {total_pages}"),
        ));
    }
    let rows = pages.fetch_page(page - 1).await?;
    Ok((
        rows.iter().map(parse).collect::<ServiceResult<_>>()?,
        total_pages,
    ))
}

/// Every release of one contracting process, oldest first.
pub async fn releases_of(
    db: &Db,
    viewer: Option<&Viewer>,
    ocid: &str,
) -> ServiceResult<Vec<Value>> {
    permit(viewer, ProcurementAction::ReadOpenData)?;
    let rows = ocds_release::Entity::find()
        .filter(ocds_release::Column::Ocid.eq(ocid))
        .order_by_asc(ocds_release::Column::Id)
        .all(&db.conn)
        .await?;
    if rows.is_empty() {
        return Err(ServiceError::NotFound);
    }
    rows.iter().map(parse).collect()
}

/// How many releases are published (for the benchmark and tests).
pub async fn count(db: &Db) -> ServiceResult<u64> {
    Ok(ocds_release::Entity::find().count(&db.conn).await?)
}

fn publisher() -> Value {
    json!({ "name": "Bluelamp" })
}

fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A release package around some releases.
pub fn release_package(uri: &str, releases: Vec<Value>) -> Value {
    let published = releases
        .iter()
        .filter_map(|r| r.get("date").and_then(Value::as_str))
        .max()
        .map(str::to_string)
        .unwrap_or_else(now_text);
    json!({
        "uri": uri,
        "version": ocds::VERSION,
        "publishedDate": published,
        "publisher": publisher(),
        "license": "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "releases": releases,
    })
}

/// A record package: the process's releases and its compiled release.
pub fn record_package(uri: &str, ocid: &str, releases: Vec<Value>) -> Value {
    let compiled = ocds::compile(&releases);
    let published = releases
        .iter()
        .filter_map(|r| r.get("date").and_then(Value::as_str))
        .max()
        .map(str::to_string)
        .unwrap_or_else(now_text);
    json!({
        "uri": uri,
        "version": ocds::VERSION,
        "publishedDate": published,
        "publisher": publisher(),
        "license": "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "records": [{
            "ocid": ocid,
            "releases": releases,
            "compiledRelease": compiled,
        }],
    })
}
