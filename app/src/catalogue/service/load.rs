//! Queries several catalogue use cases share. Each takes any connection, so a use case can run
//! it inside its transaction.

use crate::catalogue::entity::{
    application_lot, catalogue_term, category, declaration_question, framework,
    framework_application, lot, service, service_category, service_version,
};
use crate::catalogue::rules::{self, Choices};
use crate::catalogue::types::*;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, organisation};
use crate::money::Money;
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Today in the UK: a framework's dates are UK dates.
pub fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
}

pub fn framework_summary(m: &framework::Model) -> FrameworkSummary {
    FrameworkSummary {
        id: m.id,
        name: m.name.clone(),
        description: m.description.clone(),
        applications_open: m.applications_open,
        goes_live: m.goes_live,
        expires: m.expires,
        stage: rules::stage(m.applications_open, m.goes_live, m.expires, today()),
    }
}

pub async fn find_framework(
    conn: &impl ConnectionTrait,
    id: i32,
) -> ServiceResult<framework::Model> {
    framework::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn find_lot(conn: &impl ConnectionTrait, id: i32) -> ServiceResult<lot::Model> {
    lot::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub fn lot_summary(m: &lot::Model) -> LotSummary {
    LotSummary {
        id: m.id,
        framework_id: m.framework_id,
        slug: m.slug.clone(),
        name: m.name.clone(),
        description: m.description.clone(),
        max_categories: m.max_categories,
    }
}

pub async fn lots(
    conn: &impl ConnectionTrait,
    framework_id: i32,
) -> ServiceResult<Vec<lot::Model>> {
    Ok(lot::Entity::find()
        .filter(lot::Column::FrameworkId.eq(framework_id))
        .order_by_asc(lot::Column::Position)
        .all(conn)
        .await?)
}

#[derive(FromQueryResult)]
struct Count {
    key: i32,
    n: i64,
}

/// A lot's categories, parents first then their children, with the published services in
/// each (a parent counts the services in any of its children once).
pub async fn lot_with_categories(
    conn: &impl ConnectionTrait,
    lot: &lot::Model,
) -> ServiceResult<LotWithCategories> {
    let cats = category::Entity::find()
        .filter(category::Column::LotId.eq(lot.id))
        .order_by_asc(category::Column::Position)
        .order_by_asc(category::Column::Id)
        .all(conn)
        .await?;
    // `service_category` holds the categories of published services only (publishing adds
    // them, suspending and withdrawing take them away), so counting needs no join.
    let ids: Vec<i32> = cats.iter().map(|c| c.id).collect();
    let counts: HashMap<i32, u64> = service_category::Entity::find()
        .select_only()
        .column_as(service_category::Column::CategoryId, "key")
        .column_as(service_category::Column::ServiceId.count(), "n")
        .filter(service_category::Column::CategoryId.is_in(ids))
        .group_by(service_category::Column::CategoryId)
        .into_model::<Count>()
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.key, c.n.max(0) as u64))
        .collect();
    // A parent's count is its distinct services across children.
    let mut parent_counts: HashMap<i32, u64> = HashMap::new();
    let parents: Vec<i32> = cats.iter().filter_map(|c| c.parent_id).collect();
    if !parents.is_empty() {
        #[derive(FromQueryResult)]
        struct ParentCount {
            key: Option<i32>,
            n: i64,
        }
        let rows = service_category::Entity::find()
            .select_only()
            .column_as(category::Column::ParentId, "key")
            .column_as(
                sea_orm::sea_query::Expr::cust("COUNT(DISTINCT service_category.service_id)"),
                "n",
            )
            .join(
                JoinType::InnerJoin,
                service_category::Entity::belongs_to(category::Entity)
                    .from(service_category::Column::CategoryId)
                    .to(category::Column::Id)
                    .into(),
            )
            .filter(category::Column::LotId.eq(lot.id))
            .filter(category::Column::ParentId.is_not_null())
            .group_by(category::Column::ParentId)
            .into_model::<ParentCount>()
            .all(conn)
            .await?;
        for r in rows {
            if let Some(k) = r.key {
                parent_counts.insert(k, r.n.max(0) as u64);
            }
        }
    }
    let services = service::Entity::find()
        .filter(service::Column::LotId.eq(lot.id))
        .filter(service::Column::Status.eq(ServiceStatus::Published))
        .count(conn)
        .await?;
    let mut ordered = Vec::with_capacity(cats.len());
    for parent in cats.iter().filter(|c| c.parent_id.is_none()) {
        ordered.push(category_row(parent, &counts, &parent_counts));
        for child in cats.iter().filter(|c| c.parent_id == Some(parent.id)) {
            ordered.push(category_row(child, &counts, &parent_counts));
        }
    }
    Ok(LotWithCategories {
        lot: lot_summary(lot),
        categories: ordered,
        services,
    })
}

fn category_row(
    c: &category::Model,
    counts: &HashMap<i32, u64>,
    parent_counts: &HashMap<i32, u64>,
) -> CategoryRow {
    CategoryRow {
        id: c.id,
        lot_id: c.lot_id,
        parent_id: c.parent_id,
        name: c.name.clone(),
        retired: c.retired_at.is_some(),
        services: parent_counts
            .get(&c.id)
            .or_else(|| counts.get(&c.id))
            .copied()
            .unwrap_or(0),
    }
}

pub async fn terms(conn: &impl ConnectionTrait) -> ServiceResult<Vec<TermRow>> {
    Ok(catalogue_term::Entity::find()
        .order_by_asc(catalogue_term::Column::Kind)
        .order_by_asc(catalogue_term::Column::Name)
        .all(conn)
        .await?
        .into_iter()
        .map(|t| TermRow {
            id: t.id,
            kind: t.kind,
            name: t.name,
            retired: t.retired_at.is_some(),
        })
        .collect())
}

/// What a listing on this lot may pick from.
pub async fn choices(conn: &impl ConnectionTrait, lot: &lot::Model) -> ServiceResult<Choices> {
    let cats = category::Entity::find()
        .filter(category::Column::LotId.eq(lot.id))
        .order_by_asc(category::Column::Position)
        .all(conn)
        .await?;
    let names: HashMap<i32, String> = cats.iter().map(|c| (c.id, c.name.clone())).collect();
    Ok(Choices {
        max_categories: lot.max_categories.max(1) as usize,
        categories: cats
            .iter()
            .filter(|c| !cats.iter().any(|child| child.parent_id == Some(c.id)))
            .map(|c| {
                (
                    c.id,
                    c.name.clone(),
                    c.parent_id.and_then(|p| names.get(&p).cloned()),
                    c.retired_at.is_some(),
                )
            })
            .collect(),
        terms: terms(conn)
            .await?
            .into_iter()
            .map(|t| (t.id, t.kind, t.name, t.retired))
            .collect(),
    })
}

pub async fn questions(
    conn: &impl ConnectionTrait,
    framework_id: i32,
) -> ServiceResult<Vec<QuestionRow>> {
    Ok(declaration_question::Entity::find()
        .filter(declaration_question::Column::FrameworkId.eq(framework_id))
        .filter(declaration_question::Column::RetiredAt.is_null())
        .order_by_asc(declaration_question::Column::Position)
        .order_by_asc(declaration_question::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|q| QuestionRow {
            id: q.id,
            position: q.position,
            text: q.text,
            details_when: q.details_when,
        })
        .collect())
}

pub async fn find_service(conn: &impl ConnectionTrait, id: i32) -> ServiceResult<service::Model> {
    service::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn find_version(
    conn: &impl ConnectionTrait,
    id: i32,
) -> ServiceResult<service_version::Model> {
    service_version::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub fn parse_listing(json: &str) -> ServiceResult<Listing> {
    serde_json::from_str(json).map_err(ServiceError::internal)
}

pub fn listing_json(listing: &Listing) -> ServiceResult<String> {
    serde_json::to_string(listing).map_err(ServiceError::internal)
}

pub async fn user_names(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> ServiceResult<HashMap<i32, String>> {
    let mut ids: Vec<i32> = ids.into_iter().collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

pub async fn version_rows(
    conn: &impl ConnectionTrait,
    versions: Vec<service_version::Model>,
) -> ServiceResult<Vec<VersionRow>> {
    let names = user_names(
        conn,
        versions
            .iter()
            .flat_map(|v| std::iter::once(v.created_by).chain(v.reviewed_by)),
    )
    .await?;
    versions
        .into_iter()
        .map(|v| {
            Ok(VersionRow {
                id: v.id,
                number: v.number,
                state: v.state,
                listing: parse_listing(&v.listing)?,
                created_by: names.get(&v.created_by).cloned().unwrap_or_default(),
                created_at: v.created_at,
                submitted_at: v.submitted_at,
                reviewed_by: v.reviewed_by.and_then(|u| names.get(&u).cloned()),
                reviewed_at: v.reviewed_at,
                review_comment: v.review_comment,
            })
        })
        .collect()
}

pub async fn organisation(
    conn: &impl ConnectionTrait,
    id: i32,
) -> ServiceResult<organisation::Model> {
    organisation::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// A service with its live and working versions, its lot (with categories) and framework.
pub async fn service_detail(
    conn: &impl ConnectionTrait,
    s: service::Model,
) -> ServiceResult<ServiceDetail> {
    let ids: Vec<i32> = s
        .live_version_id
        .into_iter()
        .chain(s.working_version_id)
        .collect();
    let versions = service_version::Entity::find()
        .filter(service_version::Column::Id.is_in(ids))
        .all(conn)
        .await?;
    let rows = version_rows(conn, versions).await?;
    let live = rows
        .iter()
        .find(|v| Some(v.id) == s.live_version_id)
        .cloned();
    let working = rows
        .into_iter()
        .find(|v| Some(v.id) == s.working_version_id);
    let lot = find_lot(conn, s.lot_id).await?;
    let framework = find_framework(conn, lot.framework_id).await?;
    let supplier = organisation(conn, s.supplier_id).await?;
    Ok(ServiceDetail {
        id: s.id,
        supplier_id: s.supplier_id,
        supplier_name: supplier.name,
        supplier_size: supplier.supplier_size,
        framework: framework_summary(&framework),
        // A service's pages name its lot; they need no counts (which cost a scan at scale).
        lot: LotWithCategories {
            lot: lot_summary(&lot),
            categories: vec![],
            services: 0,
        },
        status: s.status,
        status_reason: s.status_reason,
        live,
        working,
        terms: terms(conn).await?,
        updated_at: s.updated_at,
    })
}

/// Services as list rows, newest change first. The name and price come from the working
/// version where there is one (the supplier's view), else the live one.
/// The frameworks whose services can be bought now.
pub async fn live_frameworks(conn: &impl ConnectionTrait) -> ServiceResult<Vec<FrameworkSummary>> {
    Ok(framework::Entity::find()
        .all(conn)
        .await?
        .iter()
        .map(framework_summary)
        .filter(|f| f.stage == FrameworkStage::Live)
        .collect())
}

pub async fn service_summaries(
    conn: &impl ConnectionTrait,
    services: Vec<service::Model>,
    prefer_live: bool,
) -> ServiceResult<Vec<ServiceSummary>> {
    let version_ids: Vec<i32> = services
        .iter()
        .flat_map(|s| s.live_version_id.into_iter().chain(s.working_version_id))
        .collect();
    let versions: HashMap<i32, service_version::Model> = if version_ids.is_empty() {
        HashMap::new()
    } else {
        let mut map = HashMap::new();
        for chunk in version_ids.chunks(500) {
            for v in service_version::Entity::find()
                .filter(service_version::Column::Id.is_in(chunk.to_vec()))
                .all(conn)
                .await?
            {
                map.insert(v.id, v);
            }
        }
        map
    };
    let lot_names: HashMap<i32, String> = lot::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|l| (l.id, l.name))
        .collect();
    let mut supplier_ids: Vec<i32> = services.iter().map(|s| s.supplier_id).collect();
    supplier_ids.sort();
    supplier_ids.dedup();
    let suppliers: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(supplier_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut out = Vec::with_capacity(services.len());
    for s in services {
        let live = s.live_version_id.and_then(|id| versions.get(&id));
        let working = s.working_version_id.and_then(|id| versions.get(&id));
        let shown = if prefer_live {
            live.or(working)
        } else {
            working.or(live)
        };
        let listing = match shown {
            Some(v) => parse_listing(&v.listing)?,
            None => Listing::default(),
        };
        out.push(ServiceSummary {
            id: s.id,
            name: if listing.name.is_empty() {
                format!("Untitled service {}", s.id)
            } else {
                listing.name.clone()
            },
            summary: listing.summary.clone(),
            supplier_id: s.supplier_id,
            supplier_name: suppliers.get(&s.supplier_id).cloned().unwrap_or_default(),
            lot_name: lot_names.get(&s.lot_id).cloned().unwrap_or_default(),
            status: s.status,
            working_state: working.map(|v| v.state),
            price_min: listing.price_min,
            price_unit: listing.price_unit,
            price_interval: listing.price_interval,
            updated_at: s.updated_at,
        });
    }
    Ok(out)
}

/// The lots a supplier is approved on.
pub async fn approved_lots(
    conn: &impl ConnectionTrait,
    supplier_id: i32,
) -> ServiceResult<Vec<i32>> {
    let apps: Vec<i32> = framework_application::Entity::find()
        .filter(framework_application::Column::SupplierId.eq(supplier_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    if apps.is_empty() {
        return Ok(vec![]);
    }
    Ok(application_lot::Entity::find()
        .filter(application_lot::Column::ApplicationId.is_in(apps))
        .filter(application_lot::Column::Decision.eq(LotDecision::Approved))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| l.lot_id)
        .collect())
}

/// The lowest price of a listing, in pence, for lists and (later) sorting.
pub fn price_pence(l: &Listing) -> Option<i64> {
    l.price_min.map(|m: Money| m.pence())
}
