//! What buyers (and everyone) read: a published service on a live framework, and a
//! supplier's published services. A withdrawn or suspended service is gone (410) with a notice.

use super::load;
use crate::access::{can, permit, CatalogueAction, Viewer};
use crate::catalogue::entity::{lot, service};
use crate::catalogue::types::*;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::types::{OrgKind, OrgStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// The page a buyer sees. Its supplier and the national body may also see a published
/// service before its framework goes live (to check it); nobody sees a draft here.
pub async fn public_service(
    db: &Db,
    viewer: Option<&Viewer>,
    service_id: i32,
) -> ServiceResult<ServiceDetail> {
    permit(viewer, CatalogueAction::Browse)?;
    let s = load::find_service(&db.conn, service_id).await?;
    let insider = can(
        viewer,
        CatalogueAction::ViewServiceRecords {
            org_id: s.supplier_id,
        },
    );
    match s.status {
        ServiceStatus::Draft => return Err(ServiceError::NotFound),
        ServiceStatus::Withdrawn => {
            return Err(ServiceError::Gone(
                "This service has been withdrawn by its supplier and can no longer be bought."
                    .into(),
            ))
        }
        ServiceStatus::Suspended => {
            return Err(ServiceError::Gone(format!(
                "This service has been suspended by the national body and cannot be bought while it is suspended. Reason: {}",
                s.status_reason.clone().unwrap_or_default()
            )))
        }
        ServiceStatus::Published => {}
    }
    let detail = load::service_detail(&db.conn, s).await?;
    match detail.framework.stage {
        FrameworkStage::Live => Ok(detail),
        FrameworkStage::Expired => Err(ServiceError::Gone(format!(
            "{} has expired: services on it can no longer be bought.",
            detail.framework.name
        ))),
        _ if insider => Ok(detail),
        _ => Err(ServiceError::NotFound),
    }
}

/// A supplier's public page: its published services on live frameworks.
pub async fn supplier_page(
    db: &Db,
    viewer: Option<&Viewer>,
    supplier_id: i32,
) -> ServiceResult<(
    crate::identity::entity::organisation::Model,
    Vec<ServiceSummary>,
)> {
    permit(viewer, CatalogueAction::Browse)?;
    let org = load::organisation(&db.conn, supplier_id).await?;
    if org.kind != OrgKind::Supplier || org.status != OrgStatus::Active {
        return Err(ServiceError::NotFound);
    }
    let live: Vec<i32> = load::live_frameworks(&db.conn)
        .await?
        .iter()
        .map(|f| f.id)
        .collect();
    let live_lots: Vec<i32> = lot::Entity::find()
        .filter(lot::Column::FrameworkId.is_in(live))
        .all(&db.conn)
        .await?
        .iter()
        .map(|l| l.id)
        .collect();
    let services = service::Entity::find()
        .filter(service::Column::SupplierId.eq(supplier_id))
        .filter(service::Column::Status.eq(ServiceStatus::Published))
        .filter(service::Column::LotId.is_in(live_lots))
        .order_by_asc(service::Column::Id)
        .all(&db.conn)
        .await?;
    let mut list = load::service_summaries(&db.conn, services, true).await?;
    list.sort_by_key(|a| a.name.to_lowercase());
    Ok((org, list))
}

/// A supplier as the public catalogue lists it: with its published services on live
/// frameworks.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PublicSupplier {
    pub id: i32,
    pub name: String,
    pub size: Option<crate::identity::types::SupplierSize>,
    pub services: u64,
}

/// Every supplier with a published service on a live framework, by name.
pub async fn public_suppliers(
    db: &Db,
    viewer: Option<&Viewer>,
) -> ServiceResult<Vec<PublicSupplier>> {
    use sea_orm::{ConnectionTrait, Statement};
    permit(viewer, CatalogueAction::Browse)?;
    let live: Vec<String> = load::live_frameworks(&db.conn)
        .await?
        .iter()
        .map(|f| f.id.to_string())
        .collect();
    if live.is_empty() {
        return Ok(Vec::new());
    }
    // The search index holds exactly the published services: count there.
    let rows = db
        .conn
        .query_all_raw(Statement::from_string(
            db.conn.get_database_backend(),
            format!(
                "SELECT supplier_id, COUNT(*) FROM service_search WHERE framework_id IN ({}) GROUP BY supplier_id",
                live.join(", ")
            ),
        ))
        .await?;
    let mut counts = std::collections::HashMap::new();
    for r in rows {
        counts.insert(r.try_get_by_index::<i32>(0)?, r.try_get_by_index::<i64>(1)?);
    }
    let orgs = crate::identity::entity::organisation::Entity::find()
        .filter(
            crate::identity::entity::organisation::Column::Id
                .is_in(counts.keys().copied().collect::<Vec<_>>()),
        )
        .all(&db.conn)
        .await?;
    let mut list: Vec<PublicSupplier> = orgs
        .into_iter()
        .filter(|o| o.kind == OrgKind::Supplier && o.status == OrgStatus::Active)
        .map(|o| PublicSupplier {
            services: counts.get(&o.id).copied().unwrap_or(0).max(0) as u64,
            id: o.id,
            size: o.supplier_size,
            name: o.name,
        })
        .collect();
    list.sort_by_key(|s| s.name.to_lowercase());
    Ok(list)
}

/// One page of a lot's published services, optionally in one category (a parent category
/// includes its children).
pub struct LotPage {
    pub framework: FrameworkSummary,
    pub lot: LotWithCategories,
    pub category: Option<CategoryRow>,
    pub services: Vec<ServiceSummary>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

pub const PAGE_SIZE: u64 = 30;

pub async fn lot_services(
    db: &Db,
    viewer: Option<&Viewer>,
    framework_id: i32,
    lot_id: i32,
    category: Option<i32>,
    page: u64,
) -> ServiceResult<LotPage> {
    use crate::catalogue::entity::service_category;
    use sea_orm::{PaginatorTrait, QuerySelect, QueryTrait};
    permit(viewer, CatalogueAction::Browse)?;
    let fw = load::find_framework(&db.conn, framework_id).await?;
    let lot = load::find_lot(&db.conn, lot_id).await?;
    if lot.framework_id != fw.id {
        return Err(ServiceError::NotFound);
    }
    let framework = load::framework_summary(&fw);
    let lot = load::lot_with_categories(&db.conn, &lot).await?;
    let category = match category {
        Some(c) => Some(
            lot.categories
                .iter()
                .find(|x| x.id == c)
                .cloned()
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    let visible =
        framework.stage == FrameworkStage::Live || can(viewer, CatalogueAction::ReviewServices);
    let mut query = service::Entity::find()
        .filter(service::Column::LotId.eq(lot.lot.id))
        .filter(service::Column::Status.eq(ServiceStatus::Published));
    if let Some(c) = &category {
        let ids: Vec<i32> = std::iter::once(c.id)
            .chain(
                lot.categories
                    .iter()
                    .filter(|x| x.parent_id == Some(c.id))
                    .map(|x| x.id),
            )
            .collect();
        let in_category = service_category::Entity::find()
            .select_only()
            .column(service_category::Column::ServiceId)
            .filter(service_category::Column::CategoryId.is_in(ids))
            .into_query();
        query = query.filter(service::Column::Id.in_subquery(in_category));
    }
    let total = if visible {
        query.clone().count(&db.conn).await?
    } else {
        0
    };
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    if page == 0 || page > pages {
        return Err(ServiceError::NotFound);
    }
    let services = if visible {
        let rows = query
            .order_by_asc(service::Column::Id)
            .paginate(&db.conn, PAGE_SIZE)
            .fetch_page(page - 1)
            .await?;
        load::service_summaries(&db.conn, rows, true).await?
    } else {
        vec![]
    };
    Ok(LotPage {
        framework,
        lot,
        category,
        services,
        total,
        page,
        pages,
    })
}
