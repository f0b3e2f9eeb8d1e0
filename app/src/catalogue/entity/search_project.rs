//! A force's project: a saved search, then its frozen record, assessment and outcome.
use crate::catalogue::types::{ProjectOutcome, ProjectStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_project")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub force_id: i32,
    pub name: String,
    /// The search page's query string.
    pub search: String,
    pub status: ProjectStatus,
    pub outcome: Option<ProjectOutcome>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub saved_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
    pub ended_by: Option<String>,
    /// JSON list of the search's words and filters as read.
    pub filters: Option<String>,
    pub result_total: Option<i32>,
    pub assessment: Option<String>,
    pub assessed_at: Option<DateTimeUtc>,
    pub assessed_by: Option<String>,
    pub outcome_at: Option<DateTimeUtc>,
    pub outcome_by: Option<String>,
    pub outcome_reason: Option<String>,
    pub contract_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
