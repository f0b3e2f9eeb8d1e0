//! Reading organisations: the national body's lists of suppliers and forces, one
//! organisation, and one's own.

use super::load::{domains_of, domains_of_org, find_org, org_summary};
use crate::access::{authorise, can, IdentityAction, Viewer, ANOTHER_ORGANISATION};
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::organisation;
use crate::identity::types::{OrgKind, OrgStatus, OrgSummary};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

pub async fn list_organisations(
    db: &Db,
    viewer: Option<&Viewer>,
    kind: OrgKind,
    status: Option<OrgStatus>,
) -> ServiceResult<Vec<OrgSummary>> {
    authorise(
        viewer,
        match kind {
            OrgKind::Force => IdentityAction::ListForces,
            _ => IdentityAction::ListSuppliers,
        },
    )?;
    let db = &db.conn;
    let mut q = organisation::Entity::find().filter(organisation::Column::Kind.eq(kind));
    if let Some(s) = status {
        q = q.filter(organisation::Column::Status.eq(s));
    }
    let orgs = q.order_by_asc(organisation::Column::Name).all(db).await?;
    let ids: Vec<i32> = orgs.iter().map(|o| o.id).collect();
    let mut domains = domains_of(db, &ids).await?;
    Ok(orgs
        .into_iter()
        .map(|o| {
            let d = domains.remove(&o.id).unwrap_or_default();
            org_summary(o, d)
        })
        .collect())
}

/// How many suppliers are waiting for a decision (the national body's home page).
pub async fn count_pending_suppliers(db: &Db, viewer: Option<&Viewer>) -> ServiceResult<u64> {
    authorise(viewer, IdentityAction::ListSuppliers)?;
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Supplier))
        .filter(organisation::Column::Status.eq(OrgStatus::Pending))
        .count(&db.conn)
        .await?)
}

/// Every organisation's id and name, for the audit log's filter: names only, which every
/// page that offers the filter has already checked its viewer may see.
pub async fn organisation_names(db: &Db) -> ServiceResult<Vec<(i32, String)>> {
    Ok(organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// The signed-in person's own organisation, whatever its status.
pub async fn own_organisation(db: &Db, viewer: &Viewer) -> ServiceResult<OrgSummary> {
    let org = find_org(&db.conn, viewer.org_id).await?;
    Ok(org_summary(org, vec![]))
}

pub async fn get_organisation(
    db: &Db,
    viewer: Option<&Viewer>,
    org_id: i32,
) -> ServiceResult<OrgSummary> {
    let db = &db.conn;
    let Some(org) = organisation::Entity::find_by_id(org_id).one(db).await? else {
        // 404 only for someone who may see other organisations: anyone else gets the 403
        // they would get for an organisation that exists, so ids cannot be probed.
        let sees_others = can(
            viewer,
            IdentityAction::ListUsers {
                org_id: ANOTHER_ORGANISATION,
            },
        ) || can(viewer, IdentityAction::ListForces)
            || can(viewer, IdentityAction::ListSuppliers);
        return Err(if sees_others {
            ServiceError::NotFound
        } else {
            ServiceError::Forbidden
        });
    };
    let allowed = can(viewer, IdentityAction::ListUsers { org_id })
        || (org.kind == OrgKind::Force && can(viewer, IdentityAction::ListForces))
        || (org.kind == OrgKind::Supplier && can(viewer, IdentityAction::ListSuppliers));
    if !allowed {
        return Err(ServiceError::Forbidden);
    }
    let domains = domains_of_org(db, org.id).await?;
    Ok(org_summary(org, domains))
}
