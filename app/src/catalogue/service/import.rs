//! Copy from G-Cloud: a supplier starts drafts from the service records the Digital
//! Marketplace API gave it. Fields that map are filled; the rest are listed "to complete".
//! Every record becomes a draft, or the whole import is refused with the record's number and
//! the reason (nothing is dropped silently, nothing half-imported).

use super::listings::insert_draft;
use super::load;
use crate::access::{authorise, CatalogueAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::catalogue::gcloud::{self, LotRef};
use crate::catalogue::types::*;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use serde_json::json;

/// At most this many records in one paste or upload.
pub const MAX_RECORDS: usize = 200;
/// And this many bytes (the real search-results pages are about 160 KB for 100 services).
pub const MAX_BYTES: usize = 2_000_000;

pub async fn import_gcloud(
    db: &Db,
    viewer: Option<&Viewer>,
    form: &ImportForm,
) -> ServiceResult<Vec<ImportedDraft>> {
    let viewer = viewer.ok_or(ServiceError::Forbidden)?;
    let viewer = authorise(
        Some(viewer),
        CatalogueAction::EditServices {
            org_id: viewer.org_id,
        },
    )?;
    let lots = super::listings::lots_to_list_on(db, Some(viewer)).await?;
    if lots.is_empty() {
        return Err(ServiceError::Conflict(
            "Your organisation is not approved on any lot of an open or live framework yet: apply to a framework first.".into(),
        ));
    }
    let chosen = match form.lot.as_str() {
        "auto" | "" => None,
        v => Some(
            lots.iter()
                .find(|(_, l)| v.parse::<i32>().ok() == Some(l.id))
                .map(|(_, l)| l.clone())
                .ok_or_else(|| ServiceError::invalid("lot", "Select a lot from the list"))?,
        ),
    };
    if form.json.trim().is_empty() {
        return Err(ServiceError::invalid(
            "json",
            "Paste the JSON of your G-Cloud service, or choose a file",
        ));
    }
    if form.json.len() > MAX_BYTES {
        return Err(ServiceError::invalid(
            "json",
            format!("The JSON must be {} MB or smaller", MAX_BYTES / 1_000_000),
        ));
    }
    let records = gcloud::records(&form.json, MAX_RECORDS)
        .map_err(|e| ServiceError::invalid("json", e.to_string()))?;
    let txn = db.write().await?;
    // Each lot's choices, loaded once.
    let mut lot_models = Vec::new();
    for (_, l) in &lots {
        let m = load::find_lot(&*txn, l.id).await?;
        let choices = load::choices(&*txn, &m).await?;
        lot_models.push((m, choices));
    }
    let mut made = Vec::new();
    for (i, rec) in records.iter().enumerate() {
        let target = match &chosen {
            Some(l) => l.clone(),
            None => {
                let slug = gcloud::lot_slug(rec);
                match slug.and_then(|s| lots.iter().find(|(_, l)| l.slug == s)) {
                    Some((_, l)) => l.clone(),
                    None => {
                        let name = rec
                            .get("serviceName")
                            .and_then(|v| v.as_str())
                            .unwrap_or("unnamed");
                        return Err(ServiceError::invalid(
                            "lot",
                            format!(
                                "Service {} (“{name}”) is for {}, which you cannot list on: choose the lot to copy it to",
                                i + 1,
                                slug.unwrap_or("a lot G-Cloud did not name")
                            ),
                        ));
                    }
                }
            }
        };
        let Some((lot, choices)) = lot_models.iter().find(|(m, _)| m.id == target.id) else {
            return Err(ServiceError::NotFound);
        };
        let lot_ref = LotRef {
            id: lot.id,
            slug: &lot.slug,
            max_categories: choices.max_categories,
            categories: choices
                .categories
                .iter()
                .filter(|(_, _, _, retired)| !retired)
                .map(|(id, name, _, _)| (*id, name.as_str()))
                .collect(),
        };
        let mapped = gcloud::map(rec, &lot_ref);
        let id = insert_draft(&txn, viewer, lot.id, &mapped.listing).await?;
        record(
            &txn,
            NewEvent::by(
                viewer,
                actions::SERVICE_IMPORTED,
                "service",
                id,
                json!({
                    "g_cloud_id": mapped.source_id,
                    "lot": lot.name,
                    "to_complete": mapped.to_complete.len(),
                }),
            ),
        )
        .await?;
        made.push(ImportedDraft {
            service_id: id,
            name: mapped.listing.name.clone(),
            to_complete: mapped.to_complete,
        });
    }
    txn.commit().await?;
    Ok(made)
}
