//! Compare: up to four published services side by side, field by field, with the rows where
//! they differ marked. The basket itself lives in the session (a web concern, see
//! `handlers/compare.rs`); this use case only reads the services it names.

use super::{browse::public_service, load};
use crate::access::{permit, CatalogueAction, Viewer};
use crate::catalogue::rules::{self, COMPARE_MAX};
use crate::catalogue::types::{CompareColumn, Comparison};
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};

/// The name of a service that may be added to the basket: published and buyable now.
pub async fn comparable(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<String> {
    let detail = public_service(db, viewer, id).await?;
    Ok(detail.name())
}

/// The services in `ids` (at most [`COMPARE_MAX`]), side by side in the order they were added.
pub async fn compare(db: &Db, viewer: Option<&Viewer>, ids: &[i32]) -> ServiceResult<Comparison> {
    permit(viewer, CatalogueAction::Browse)?;
    let mut columns = Vec::new();
    let mut fields: Vec<Option<Vec<(String, String)>>> = Vec::new();
    for &id in ids.iter().take(COMPARE_MAX) {
        match public_service(db, viewer, id).await {
            Ok(detail) => {
                let Some(live) = detail.live.as_ref() else {
                    continue;
                };
                let lot = load::find_lot(&db.conn, detail.lot.lot.id).await?;
                let choices = load::choices(&db.conn, &lot).await?;
                let mut f = vec![
                    ("Supplier".to_string(), detail.supplier_name.clone()),
                    (
                        "Supplier size".to_string(),
                        detail
                            .supplier_size
                            .map(|s| s.label().to_string())
                            .unwrap_or_default(),
                    ),
                    (
                        "Framework and lot".to_string(),
                        format!("{}: {}", detail.framework.name, detail.lot.lot.name),
                    ),
                ];
                f.extend(
                    rules::readable(&live.listing, &choices)
                        .into_iter()
                        .filter(|(label, _)| *label != "Service name")
                        .map(|(label, value)| (label.to_string(), value)),
                );
                columns.push(CompareColumn {
                    id,
                    name: detail.name(),
                    supplier_id: detail.supplier_id,
                    supplier_name: detail.supplier_name.clone(),
                    gone: None,
                });
                fields.push(Some(f));
            }
            // Gone since it was added: kept in the basket, shown as gone, so the buyer sees
            // why it left rather than finding it silently missing.
            Err(ServiceError::Gone(notice)) => {
                let s = load::find_service(&db.conn, id).await?;
                let supplier = load::organisation(&db.conn, s.supplier_id).await?;
                columns.push(CompareColumn {
                    id,
                    name: format!("Service {id}"),
                    supplier_id: s.supplier_id,
                    supplier_name: supplier.name,
                    gone: Some(notice),
                });
                fields.push(None);
            }
            Err(ServiceError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(Comparison {
        rows: rules::compare_rows(&fields),
        columns,
    })
}
