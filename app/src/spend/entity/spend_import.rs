//! One import and its job: the file's facts, the mapping, the lease of the instance running
//! it, its progress and its report's counts and money (pence).
use crate::spend::types::ImportState;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spend_import")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub publisher_id: i32,
    pub file_name: String,
    pub byte_size: i64,
    pub encoding: String,
    pub encoding_chosen: bool,
    pub delimiter: String,
    pub mapping: Option<String>,
    pub state: ImportState,
    pub error: Option<String>,
    pub uploaded_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub queued_at: Option<DateTimeUtc>,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    pub claimed_by: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub attempts: i32,
    pub bytes_done: i64,
    pub rows_read: i64,
    pub rows_imported: i64,
    pub rows_duplicate: i64,
    pub rows_rejected: i64,
    pub rows_blank: i64,
    pub pence_imported: i64,
    pub pence_duplicate: i64,
    pub pence_rejected: i64,
    pub rows_rounded: i64,
    pub file_total_pence: Option<i64>,
    pub title_lines: Option<String>,
    pub rolled_back_at: Option<DateTimeUtc>,
    pub rolled_back_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
