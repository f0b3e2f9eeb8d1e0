//! What imports there are, how far one has got, and its report: rows read, imported,
//! duplicates and rejected (each with its line, reason and the row as the file had it), the
//! money in each, and the file's own total checked against the rows.

use super::load;
use crate::access::{authorise, can, SpendAction, Viewer};
use crate::db::Db;
use crate::error::ServiceResult;
use crate::identity::entity::app_user;
use crate::money::Money;
use crate::spend::entity::{spend_import, spend_publisher, spend_rejected_row};
use crate::spend::types::{ImportState, Progress};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// A line of the imports list.
#[derive(Clone, Debug)]
pub struct ImportRow {
    pub import: spend_import::Model,
    pub publisher: String,
}

/// The imports `viewer` may see, newest first: a force's own, or everyone's for the
/// national body.
pub async fn list_imports(db: &Db, viewer: Option<&Viewer>) -> ServiceResult<Vec<ImportRow>> {
    let v = viewer.ok_or(crate::error::ServiceError::Forbidden)?;
    if !v.is_national() {
        authorise(Some(v), SpendAction::ViewSpend { org_id: v.org_id })?;
    }
    let publishers: HashMap<i32, spend_publisher::Model> = spend_publisher::Entity::find()
        .all(&db.conn)
        .await?
        .into_iter()
        .filter(|p| can(Some(v), load::view_action(p)))
        .map(|p| (p.id, p))
        .collect();
    let imports = spend_import::Entity::find()
        .filter(spend_import::Column::PublisherId.is_in(publishers.keys().copied()))
        .order_by_desc(spend_import::Column::Id)
        .limit(200)
        .all(&db.conn)
        .await?;
    Ok(imports
        .into_iter()
        .map(|import| ImportRow {
            publisher: publishers
                .get(&import.publisher_id)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            import,
        })
        .collect())
}

pub fn progress_of(import: &spend_import::Model) -> Progress {
    Progress {
        state: import.state.as_str().to_string(),
        state_label: import.state.label().to_string(),
        bytes_done: import.bytes_done,
        bytes_total: import.byte_size,
        rows_read: import.rows_read,
        rows_written: import.rows_imported + import.rows_duplicate + import.rows_rejected,
        finished: !import.state.in_progress() && import.state != ImportState::Uploaded,
    }
}

/// How far an import has got.
pub async fn progress(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<Progress> {
    let (_, import, _) = load::visible_import(&db.conn, viewer, id).await?;
    Ok(progress_of(&import))
}

/// The file's totals row against the rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotalsCheck {
    pub file_total: Money,
    pub rows_total: Money,
}

impl TotalsCheck {
    pub fn agrees(&self) -> bool {
        self.file_total == self.rows_total
    }
}

#[derive(Clone, Debug)]
pub struct ImportReport {
    pub import: spend_import::Model,
    pub publisher: String,
    pub uploaded_by: Option<String>,
    pub rolled_back_by: Option<String>,
    pub rejected: Vec<spend_rejected_row::Model>,
    pub rejected_page: u64,
    pub rejected_pages: u64,
    /// Rejected rows whose amount could not be read: their money is not counted.
    pub rejected_unreadable: u64,
    pub totals: Option<TotalsCheck>,
    pub can_roll_back: bool,
}

pub const REJECTED_PAGE: u64 = 50;

impl ImportReport {
    /// Every row read is imported, a duplicate or rejected: always.
    pub fn adds_up(&self) -> bool {
        let i = &self.import;
        i.rows_imported + i.rows_duplicate + i.rows_rejected == i.rows_read
    }

    /// The money of every row whose amount could be read.
    pub fn money_read(&self) -> Money {
        let i = &self.import;
        Money::from_pence(i.pence_imported + i.pence_duplicate + i.pence_rejected)
    }
}

/// An import's report, with one page of its rejected rows.
pub async fn import_report(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    page: u64,
) -> ServiceResult<ImportReport> {
    let (v, import, publisher) = load::visible_import(&db.conn, viewer, id).await?;
    let rejected_q = spend_rejected_row::Entity::find()
        .filter(spend_rejected_row::Column::ImportId.eq(id))
        .order_by_asc(spend_rejected_row::Column::Line);
    let total = rejected_q.clone().count(&db.conn).await?;
    let pages = total.div_ceil(REJECTED_PAGE).max(1);
    let page = page.clamp(1, pages);
    let rejected = rejected_q
        .clone()
        .offset((page - 1) * REJECTED_PAGE)
        .limit(REJECTED_PAGE)
        .all(&db.conn)
        .await?;
    let rejected_unreadable = spend_rejected_row::Entity::find()
        .filter(spend_rejected_row::Column::ImportId.eq(id))
        .filter(spend_rejected_row::Column::AmountPence.is_null())
        .count(&db.conn)
        .await?;
    let name_of = |uid: Option<i32>| async move {
        match uid {
            Some(uid) => app_user::Entity::find_by_id(uid)
                .one(&db.conn)
                .await
                .map(|u| u.map(|u| u.name)),
            None => Ok(None),
        }
    };
    let uploaded_by = name_of(import.uploaded_by).await?;
    let rolled_back_by = name_of(import.rolled_back_by).await?;
    let totals = import.file_total_pence.map(|t| TotalsCheck {
        file_total: Money::from_pence(t),
        rows_total: Money::from_pence(
            import.pence_imported + import.pence_duplicate + import.pence_rejected,
        ),
    });
    Ok(ImportReport {
        can_roll_back: import.state == ImportState::Done
            && can(Some(v), SpendAction::RollBackImport),
        import,
        publisher: publisher.name,
        uploaded_by,
        rolled_back_by,
        rejected,
        rejected_page: page,
        rejected_pages: pages,
        rejected_unreadable,
        totals,
    })
}
