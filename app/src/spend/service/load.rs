//! Queries the spend use cases share; each takes any connection, so a use case can run them
//! inside its transaction.

use crate::access::{authorise, SpendAction, Viewer};
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::organisation;
use crate::identity::types::OrgKind;
use crate::spend::entity::{spend_import, spend_publisher};
use crate::spend::parse::mapping::{Field, Mapping};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

/// The name the Crown Commercial Service's framework spend is published under.
pub const CCS: &str = "Crown Commercial Service";

/// The 43 forces: (organisation id, name), by name.
pub async fn forces(conn: &impl ConnectionTrait) -> ServiceResult<Vec<(i32, String)>> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Force))
        .order_by_asc(organisation::Column::Name)
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

pub async fn find_import(
    conn: &impl ConnectionTrait,
    id: i32,
) -> ServiceResult<Option<spend_import::Model>> {
    Ok(spend_import::Entity::find_by_id(id).one(conn).await?)
}

pub async fn find_publisher(
    conn: &impl ConnectionTrait,
    id: i32,
) -> ServiceResult<spend_publisher::Model> {
    spend_publisher::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// What a publisher's files need from whoever handles them: the force's own people (or the
/// national body) for a force's file; the national body for anyone else's.
pub fn import_action(p: &spend_publisher::Model) -> SpendAction {
    match p.organisation_id {
        Some(org_id) => SpendAction::ImportSpend { org_id },
        None => SpendAction::ImportFrameworkSpend,
    }
}

pub fn view_action(p: &spend_publisher::Model) -> SpendAction {
    match p.organisation_id {
        Some(org_id) => SpendAction::ViewSpend { org_id },
        None => SpendAction::ImportFrameworkSpend,
    }
}

/// An import and its publisher, if `viewer` may see it (a missing one answers as a refused
/// one to those who could not see it anyway).
pub async fn visible_import<'v>(
    conn: &impl ConnectionTrait,
    viewer: Option<&'v Viewer>,
    id: i32,
) -> ServiceResult<(&'v Viewer, spend_import::Model, spend_publisher::Model)> {
    let Some(import) = find_import(conn, id).await? else {
        let v = viewer.ok_or(ServiceError::Forbidden)?;
        let could_see = v.is_national();
        return Err(if could_see {
            ServiceError::NotFound
        } else {
            ServiceError::Forbidden
        });
    };
    let publisher = find_publisher(conn, import.publisher_id).await?;
    let v = authorise(viewer, view_action(&publisher))?;
    Ok((v, import, publisher))
}

/// The publisher for a force, made on first use.
pub async fn publisher_for_force(
    conn: &impl ConnectionTrait,
    org_id: i32,
) -> ServiceResult<spend_publisher::Model> {
    if let Some(p) = spend_publisher::Entity::find()
        .filter(spend_publisher::Column::OrganisationId.eq(org_id))
        .one(conn)
        .await?
    {
        return Ok(p);
    }
    let org = organisation::Entity::find_by_id(org_id)
        .one(conn)
        .await?
        .filter(|o| o.kind == OrgKind::Force)
        .ok_or_else(|| ServiceError::invalid("publisher", "Choose a police force"))?;
    publisher_named(conn, &org.name, Some(org.id)).await
}

/// A publisher by name (the Crown Commercial Service), made on first use.
pub async fn publisher_named(
    conn: &impl ConnectionTrait,
    name: &str,
    organisation_id: Option<i32>,
) -> ServiceResult<spend_publisher::Model> {
    if let Some(p) = spend_publisher::Entity::find()
        .filter(spend_publisher::Column::Name.eq(name))
        .one(conn)
        .await?
    {
        return Ok(p);
    }
    Ok(spend_publisher::ActiveModel {
        name: Set(name.to_string()),
        organisation_id: Set(organisation_id),
        mapping: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// A publisher's remembered mapping (header name to field) applied to a header, when it says
/// where every needed field is.
pub fn remembered_mapping(p: &spend_publisher::Model, header: &[String]) -> Option<Mapping> {
    let saved: HashMap<String, Field> = serde_json::from_str(p.mapping.as_deref()?).ok()?;
    let m = Mapping(
        header
            .iter()
            .map(|h| saved.get(&h.trim().to_lowercase()).copied())
            .collect(),
    );
    m.missing().is_empty().then_some(m)
}

/// A mapping as remembered: by header name, so a reordered file maps the same.
pub fn mapping_to_remember(m: &Mapping, header: &[String]) -> String {
    let by_name: HashMap<String, Field> = header
        .iter()
        .zip(&m.0)
        .filter_map(|(h, f)| f.map(|f| (h.trim().to_lowercase(), f)))
        .collect();
    serde_json::to_string(&by_name).unwrap_or_default()
}

pub fn parse_mapping(json: Option<&str>) -> ServiceResult<Mapping> {
    serde_json::from_str(json.unwrap_or("[]"))
        .map_err(|e| ServiceError::Internal(format!("stored mapping: {e}")))
}
