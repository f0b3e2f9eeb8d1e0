//! The email domains that let a force's staff register.

use super::load::{domains_of_org, find_org};
use crate::access::{authorise, IdentityAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::organisation_domain;
use crate::identity::rules::check_domain;
use crate::identity::types::{ForceDomainsForm, OrgKind};
use crate::validation::FieldErrors;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

/// Replaces a force's allowed email domains with the list given, one a line.
pub async fn set_force_domains(
    db: &Db,
    viewer: Option<&Viewer>,
    org_id: i32,
    form: &ForceDomainsForm,
) -> ServiceResult<Vec<String>> {
    let viewer = authorise(viewer, IdentityAction::EditForceDomains)?;
    let mut domains: Vec<String> = Vec::new();
    let mut errors = FieldErrors::new();
    for line in form.domains.lines() {
        let d = line.trim().trim_start_matches('@').to_lowercase();
        if d.is_empty() {
            continue;
        }
        if let Err(m) = check_domain(&d) {
            errors.add("domains", m);
        }
        if !domains.contains(&d) {
            domains.push(d);
        }
    }
    if domains.is_empty() {
        errors.add(
            "domains",
            "Enter at least one email domain, like kent.police.uk",
        );
    }
    errors.into_result()?;
    domains.sort();

    let txn = db.write().await?;
    let org = find_org(&*txn, org_id).await?;
    if org.kind != OrgKind::Force {
        return Err(ServiceError::NotFound);
    }
    let taken = organisation_domain::Entity::find()
        .filter(organisation_domain::Column::Domain.is_in(domains.clone()))
        .filter(organisation_domain::Column::OrganisationId.ne(org.id))
        .all(&*txn)
        .await?;
    if let Some(t) = taken.first() {
        let other = find_org(&*txn, t.organisation_id).await?;
        return Err(ServiceError::invalid(
            "domains",
            format!(
                "{} is already an email domain of {}: a domain can belong to one force only",
                t.domain, other.name
            ),
        ));
    }
    let before = domains_of_org(&*txn, org.id).await?;
    organisation_domain::Entity::delete_many()
        .filter(organisation_domain::Column::OrganisationId.eq(org.id))
        .exec(&*txn)
        .await?;
    for d in &domains {
        organisation_domain::ActiveModel {
            organisation_id: Set(org.id),
            domain: Set(d.clone()),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
    }
    record(
        &txn,
        NewEvent::by(
            viewer,
            actions::FORCE_DOMAINS_CHANGED,
            "organisation",
            org.id,
            json!({ "force": org.name, "before": before, "after": domains }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(domains)
}
