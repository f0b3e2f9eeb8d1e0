//! Projects: a force saves a search, ends it once it finds 30 or fewer services (the record is
//! then frozen: the service versions as they were, copied), writes how it assessed them, and
//! records the outcome. An award makes a contract. Every step is audited in its transaction.

use super::load;
use super::search::search;
use crate::access::{authorise, can, permit, CatalogueAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::catalogue::entity::{
    contract, search_project, search_record_item, service, service_version,
};
use crate::catalogue::rules::{self, RECORD_MAX};
use crate::catalogue::search::facets::Combine;
use crate::catalogue::search::request::{pounds, Change, SearchRequest};
use crate::catalogue::types::*;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, organisation};
use crate::identity::types::OrgKind;
use crate::money::Money;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// Reads a saved search; a search that cannot be read is refused with the reason.
fn request_of(search: &str) -> ServiceResult<SearchRequest> {
    let (mut request, errors) =
        SearchRequest::from_pairs(form_urlencoded::parse(search.as_bytes()));
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    request.page = 1;
    Ok(request)
}

async fn find(conn: &impl ConnectionTrait, id: i32) -> ServiceResult<search_project::Model> {
    search_project::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The project, if the viewer may see it (another force's: 403).
async fn visible(
    conn: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    id: i32,
) -> ServiceResult<search_project::Model> {
    let p = find(conn, id).await?;
    authorise(viewer, CatalogueAction::ViewProjects { org_id: p.force_id })?;
    Ok(p)
}

/// The viewer's force's projects (the national body: every force's), newest change first.
pub async fn list_projects(db: &Db, viewer: Option<&Viewer>) -> ServiceResult<Vec<ProjectRow>> {
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    authorise(viewer, CatalogueAction::ViewProjects { org_id: v.org_id })?;
    let mut q = search_project::Entity::find().order_by_desc(search_project::Column::UpdatedAt);
    if !v.is_national() {
        q = q.filter(search_project::Column::ForceId.eq(v.org_id));
    }
    let projects = q.all(&db.conn).await?;
    let forces = force_names(&db.conn).await?;
    Ok(projects
        .into_iter()
        .map(|p| ProjectRow {
            id: p.id,
            force_name: forces.get(&p.force_id).cloned().unwrap_or_default(),
            name: p.name,
            status: p.status,
            outcome: p.outcome,
            updated_at: p.updated_at,
        })
        .collect())
}

async fn force_names(
    conn: &impl ConnectionTrait,
) -> ServiceResult<std::collections::HashMap<i32, String>> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Force))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// The projects a search may be saved into: the viewer's force's, still searching.
pub async fn open_projects(db: &Db, viewer: Option<&Viewer>) -> ServiceResult<Vec<(i32, String)>> {
    let v = authorise(viewer, CatalogueAction::SaveSearches)?;
    Ok(search_project::Entity::find()
        .filter(search_project::Column::ForceId.eq(v.org_id))
        .filter(search_project::Column::Status.eq(ProjectStatus::Searching))
        .order_by_asc(search_project::Column::Name)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}

/// Saves a search into a project of the viewer's force, new or still searching. Returns the
/// project's id.
pub async fn save_search(
    db: &Db,
    viewer: Option<&Viewer>,
    form: &SaveSearchForm,
) -> ServiceResult<i32> {
    let v = authorise(viewer, CatalogueAction::SaveSearches)?;
    let request = request_of(&form.search)?;
    let search = request.query_string(Change::Page(1));
    let now = Utc::now();
    let txn = db.write().await?;
    let (id, action, name) = if form.project == "new" || form.project.is_empty() {
        let name = rules::project_name(&form.name).map_err(ServiceError::Invalid)?;
        let taken = search_project::Entity::find()
            .filter(search_project::Column::ForceId.eq(v.org_id))
            .filter(search_project::Column::Name.eq(name.clone()))
            .one(&*txn)
            .await?
            .is_some();
        if taken {
            return Err(ServiceError::invalid(
                "name",
                format!("Your force already has a project called {name}: choose it, or give this one another name"),
            ));
        }
        let p = search_project::ActiveModel {
            force_id: Set(v.org_id),
            name: Set(name.clone()),
            search: Set(search.clone()),
            status: Set(ProjectStatus::Searching),
            created_by: Set(v.user_id),
            created_at: Set(now),
            updated_at: Set(now),
            saved_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        (p.id, actions::PROJECT_CREATED, name)
    } else {
        let id: i32 = form
            .project
            .parse()
            .map_err(|_| ServiceError::invalid("project", "Select a project or a new project"))?;
        let p = find(&*txn, id).await?;
        authorise(viewer, CatalogueAction::RunProjects { org_id: p.force_id })?;
        if p.status != ProjectStatus::Searching {
            return Err(ServiceError::Conflict(format!(
                "The search of {} has ended, so it keeps the search it ended with. Save this search into a new project.",
                p.name
            )));
        }
        let name = p.name.clone();
        let mut a: search_project::ActiveModel = p.into();
        a.search = Set(search.clone());
        a.saved_at = Set(now);
        a.updated_at = Set(now);
        a.update(&*txn).await?;
        (id, actions::PROJECT_SEARCH_SAVED, name)
    };
    record(
        &txn,
        NewEvent::by(
            v,
            action,
            "search_project",
            id,
            json!({ "name": name, "search": search }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The search's words and filters as people read them, for the record.
fn describe(result: &super::search::SearchResult) -> Vec<String> {
    let r = &result.request;
    let mut lines = vec![if r.q.trim().is_empty() {
        "Words: none".to_string()
    } else {
        format!("Words: {}", r.q.trim())
    }];
    for f in &result.facets {
        let chosen: Vec<&str> = f
            .options
            .iter()
            .filter(|o| o.chosen)
            .map(|o| o.label.as_str())
            .collect();
        if !chosen.is_empty() {
            let joiner = match f.facet.combine {
                Combine::Any => " or ",
                Combine::All => " and ",
            };
            lines.push(format!("{}: {}", f.facet.label, chosen.join(joiner)));
        }
    }
    match (r.price_from, r.price_to) {
        (Some(a), Some(b)) => lines.push(format!("Price: from £{} to £{}", pounds(a), pounds(b))),
        (Some(a), None) => lines.push(format!("Price: from £{}", pounds(a))),
        (None, Some(b)) => lines.push(format!("Price: up to £{}", pounds(b))),
        (None, None) => {}
    }
    lines
}

/// Ends the search: refused above 30 results; otherwise the services found are copied into
/// the record as their live versions stand now, and the project moves to assessing.
pub async fn end_search(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<()> {
    let p = visible(&db.conn, viewer, id).await?;
    let v = authorise(viewer, CatalogueAction::RunProjects { org_id: p.force_id })?;
    if p.status != ProjectStatus::Searching {
        return Err(ServiceError::Conflict(
            "This search has already ended.".into(),
        ));
    }
    let request = request_of(&p.search)?;
    let result = search(db, viewer, &request).await?;
    if result.total > RECORD_MAX {
        return Err(ServiceError::Conflict(format!(
            "Your search finds {} services. Narrow it to {RECORD_MAX} or fewer before you end it.",
            result.total
        )));
    }
    let filters = describe(&result);
    let now = Utc::now();
    let txn = db.write().await?;
    // Re-read inside the write: two colleagues ending the same search at once end it once.
    let p = find(&*txn, id).await?;
    if p.status != ProjectStatus::Searching {
        return Err(ServiceError::Conflict(
            "This search has already ended.".into(),
        ));
    }
    for (i, hit) in result.hits.iter().enumerate() {
        let s = service::Entity::find_by_id(hit.service.id)
            .one(&*txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let Some(version_id) = s.live_version_id else {
            continue;
        };
        let version = service_version::Entity::find_by_id(version_id)
            .one(&*txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let listing: Listing = serde_json::from_str(&version.listing).unwrap_or_default();
        search_record_item::ActiveModel {
            project_id: Set(id),
            position: Set(i as i32 + 1),
            service_id: Set(s.id),
            version_id: Set(version.id),
            version_number: Set(version.number),
            service_name: Set(listing.name.clone()),
            supplier_id: Set(s.supplier_id),
            supplier_name: Set(hit.service.supplier_name.clone()),
            lot_name: Set(hit.service.lot_name.clone()),
            price_min_pence: Set(listing.price_min.map(|m| m.pence())),
            price_max_pence: Set(listing.price_max.map(|m| m.pence())),
            price_text: Set(rules::price_text(
                listing.price_min,
                listing.price_max,
                listing.price_unit,
                listing.price_interval,
            )),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
    }
    let total = result.total as i32;
    let mut a: search_project::ActiveModel = p.into();
    a.status = Set(ProjectStatus::Ended);
    a.ended_at = Set(Some(now));
    a.ended_by = Set(Some(v.name.clone()));
    a.filters = Set(Some(serde_json::to_string(&filters).unwrap_or_default()));
    a.result_total = Set(Some(total));
    a.updated_at = Set(now);
    a.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROJECT_SEARCH_ENDED,
            "search_project",
            id,
            json!({ "services": total, "filters": filters }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The project's page: its search, its record, assessment and outcome.
pub async fn project(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<ProjectDetail> {
    let p = visible(&db.conn, viewer, id).await?;
    let can_run = can(viewer, CatalogueAction::RunProjects { org_id: p.force_id });
    let current_total = if p.status == ProjectStatus::Searching {
        Some(search(db, viewer, &request_of(&p.search)?).await?.total)
    } else {
        None
    };
    let items = record_items(&db.conn, id).await?;
    let force = load::organisation(&db.conn, p.force_id).await?;
    let created_by = app_user::Entity::find_by_id(p.created_by)
        .one(&db.conn)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let contract = match p.contract_id {
        Some(c) => contracts_where(&db.conn, contract::Column::Id.eq(c))
            .await?
            .into_iter()
            .next(),
        None => None,
    };
    Ok(ProjectDetail {
        id: p.id,
        force_id: p.force_id,
        force_name: force.name,
        name: p.name,
        search: p.search,
        status: p.status,
        outcome: p.outcome,
        created_by,
        created_at: p.created_at,
        saved_at: p.saved_at,
        current_total,
        ended_at: p.ended_at,
        ended_by: p.ended_by,
        filters: p
            .filters
            .as_deref()
            .and_then(|f| serde_json::from_str(f).ok())
            .unwrap_or_default(),
        items,
        assessment: p.assessment,
        assessed_at: p.assessed_at,
        assessed_by: p.assessed_by,
        outcome_at: p.outcome_at,
        outcome_by: p.outcome_by,
        outcome_reason: p.outcome_reason,
        contract,
        can_run,
    })
}

async fn record_items(conn: &impl ConnectionTrait, id: i32) -> ServiceResult<Vec<RecordItem>> {
    Ok(search_record_item::Entity::find()
        .filter(search_record_item::Column::ProjectId.eq(id))
        .order_by_asc(search_record_item::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(|i| RecordItem {
            position: i.position,
            service_id: i.service_id,
            version_id: i.version_id,
            version_number: i.version_number,
            service_name: i.service_name,
            supplier_id: i.supplier_id,
            supplier_name: i.supplier_name,
            lot_name: i.lot_name,
            price_min: i.price_min_pence.map(Money::from_pence),
            price_max: i.price_max_pence.map(Money::from_pence),
            price_text: i.price_text,
        })
        .collect())
}

/// Records how the services were assessed: after the search ended, before the outcome.
pub async fn assess(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    form: &AssessmentForm,
) -> ServiceResult<()> {
    let p = visible(&db.conn, viewer, id).await?;
    let v = authorise(viewer, CatalogueAction::RunProjects { org_id: p.force_id })?;
    let text = rules::assessment(&form.assessment).map_err(ServiceError::Invalid)?;
    let txn = db.write().await?;
    let p = find(&*txn, id).await?;
    match p.status {
        ProjectStatus::Searching => {
            return Err(ServiceError::Conflict(
                "End the search before you record how you assessed its services.".into(),
            ))
        }
        ProjectStatus::Closed => {
            return Err(ServiceError::Conflict(
                "The outcome is recorded, so the assessment can no longer change.".into(),
            ))
        }
        ProjectStatus::Ended => {}
    }
    let now = Utc::now();
    let mut a: search_project::ActiveModel = p.into();
    a.assessment = Set(Some(text.clone()));
    a.assessed_at = Set(Some(now));
    a.assessed_by = Set(Some(v.name.clone()));
    a.updated_at = Set(now);
    a.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROJECT_ASSESSED,
            "search_project",
            id,
            json!({ "characters": text.chars().count() }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records the outcome and closes the project; an award makes the force's contract with the
/// awarded service's supplier. Returns the contract's id when one was made.
pub async fn record_outcome(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    form: &OutcomeForm,
) -> ServiceResult<Option<i32>> {
    let p = visible(&db.conn, viewer, id).await?;
    let v = authorise(viewer, CatalogueAction::RunProjects { org_id: p.force_id })?;
    let txn = db.write().await?;
    let p = find(&*txn, id).await?;
    match p.status {
        ProjectStatus::Searching => {
            return Err(ServiceError::Conflict(
                "End the search before you record its outcome.".into(),
            ))
        }
        ProjectStatus::Closed => {
            return Err(ServiceError::Conflict(
                "The outcome of this project is already recorded.".into(),
            ))
        }
        ProjectStatus::Ended => {}
    }
    if p.assessment.is_none() {
        return Err(ServiceError::Conflict(
            "Record how you assessed the services before you record the outcome.".into(),
        ));
    }
    let items = record_items(&*txn, id).await?;
    let ids: Vec<i32> = items.iter().map(|i| i.service_id).collect();
    let terms = rules::outcome_terms(form, &ids).map_err(ServiceError::Invalid)?;
    let now = Utc::now();
    let (outcome, reason, contract_id, details) = match &terms {
        OutcomeTerms::Awarded {
            service_id,
            value,
            start,
            end,
            reference,
        } => {
            let item = items
                .iter()
                .find(|i| i.service_id == *service_id)
                .ok_or(ServiceError::NotFound)?;
            let taken = contract::Entity::find()
                .filter(contract::Column::ForceId.eq(p.force_id))
                .filter(contract::Column::Reference.eq(reference.clone()))
                .one(&*txn)
                .await?
                .is_some();
            if taken {
                return Err(ServiceError::invalid(
                    "reference",
                    format!("Your force already has a contract with the reference {reference}"),
                ));
            }
            let c = contract::ActiveModel {
                force_id: Set(p.force_id),
                supplier_id: Set(item.supplier_id),
                service_id: Set(Some(item.service_id)),
                service_version_id: Set(Some(item.version_id)),
                title: Set(item.service_name.clone()),
                value_pence: Set(value.pence()),
                start_date: Set(*start),
                end_date: Set(*end),
                reference: Set(reference.clone()),
                source: Set(ContractSource::DirectAward),
                project_id: Set(Some(id)),
                created_by: Set(v.user_id),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&*txn)
            .await?;
            // Open data: the direct award as an OCDS `limited`-method award and contract.
            crate::procurement::ocds::publish_direct_award(&txn, &c, now).await?;
            // Spend rules may ask whether a force holds a contract with a supplier.
            crate::spend::service::classification::links_changed(&*txn, p.force_id).await?;
            let details = json!({
                "contract_id": c.id,
                "service_id": item.service_id,
                "version": item.version_number,
                "supplier": item.supplier_name,
                "value_pence": value.pence(),
                "start": start.to_string(),
                "end": end.to_string(),
                "reference": reference,
            });
            record(
                &txn,
                NewEvent::by(
                    v,
                    actions::CONTRACT_CREATED,
                    "contract",
                    c.id,
                    details.clone(),
                ),
            )
            .await?;
            (ProjectOutcome::Awarded, None, Some(c.id), details)
        }
        OutcomeTerms::NoSuitable { reason } => (
            ProjectOutcome::NoSuitable,
            Some(reason.clone()),
            None,
            json!({ "reason": reason }),
        ),
        OutcomeTerms::Cancelled { reason } => (
            ProjectOutcome::Cancelled,
            Some(reason.clone()),
            None,
            json!({ "reason": reason }),
        ),
    };
    let mut a: search_project::ActiveModel = p.into();
    a.status = Set(ProjectStatus::Closed);
    a.outcome = Set(Some(outcome));
    a.outcome_at = Set(Some(now));
    a.outcome_by = Set(Some(v.name.clone()));
    a.outcome_reason = Set(reason);
    a.contract_id = Set(contract_id);
    a.updated_at = Set(now);
    a.update(&*txn).await?;
    let mut details = details;
    details["outcome"] = json!(outcome.as_str());
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROJECT_OUTCOME_RECORDED,
            "search_project",
            id,
            details,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(contract_id)
}

/// The record's downloads are themselves a step of the fair search: who took a copy, when.
pub async fn record_for_export(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    format: &str,
) -> ServiceResult<ProjectDetail> {
    let detail = project(db, viewer, id).await?;
    if detail.status == ProjectStatus::Searching {
        return Err(ServiceError::NotFound);
    }
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let txn = db.write().await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROJECT_RECORD_EXPORTED,
            "search_project",
            id,
            json!({ "format": format }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(detail)
}

pub(super) async fn contracts_where(
    conn: &impl ConnectionTrait,
    cond: impl sea_orm::sea_query::IntoCondition,
) -> ServiceResult<Vec<ContractRow>> {
    let rows = contract::Entity::find()
        .filter(cond)
        .order_by_desc(contract::Column::CreatedAt)
        .all(conn)
        .await?;
    // The forces' and suppliers' names in one query, not two a contract.
    let ids: Vec<i32> = rows
        .iter()
        .flat_map(|c| [c.force_id, c.supplier_id])
        .collect();
    let names: std::collections::HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let name = |id: i32| names.get(&id).cloned().unwrap_or_default();
    let lots: std::collections::HashMap<i32, String> =
        crate::procurement::service::load::lot_choices(conn)
            .await?
            .into_iter()
            .collect();
    let mut out = Vec::with_capacity(rows.len());
    for c in rows {
        out.push(ContractRow {
            id: c.id,
            force_name: name(c.force_id),
            supplier_id: c.supplier_id,
            supplier_name: name(c.supplier_id),
            service_id: c.service_id,
            title: c.title,
            value: Money::from_pence(c.value_pence),
            start_date: c.start_date,
            end_date: c.end_date,
            reference: c.reference,
            source: c.source,
            project_id: c.project_id,
            force_id: c.force_id,
            procurement_id: c.procurement_id,
            lot: c
                .lot_id
                .and_then(|l| lots.get(&l).cloned())
                .unwrap_or_default(),
            share_method: c.share_method,
        });
    }
    Ok(out)
}

/// The viewer's force's contracts (the national body: every force's).
pub async fn list_contracts(db: &Db, viewer: Option<&Viewer>) -> ServiceResult<Vec<ContractRow>> {
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    permit(viewer, CatalogueAction::ViewContracts { org_id: v.org_id })?;
    if v.is_national() {
        contracts_where(&db.conn, sea_orm::Condition::all()).await
    } else {
        contracts_where(&db.conn, contract::Column::ForceId.eq(v.org_id)).await
    }
}
