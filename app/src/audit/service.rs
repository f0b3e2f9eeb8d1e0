//! Writing, listing, exporting and verifying the audit log.

use super::entity::audit_event::{self, Entity as AuditEvent};
use super::rules::{chain_time, event_hash, ChainFields, GENESIS_HASH};
use super::types::{AuditFilter, AuditPage, AuditRow};
use crate::access::{authorise, AuditAction, Viewer};
use crate::db::{Db, WriteTxn};
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, organisation};
use crate::ui::download::safe_cell;
use crate::ui::time::london_date_start_utc;
use chrono::Utc;
use sea_orm::sea_query::LikeExpr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use std::collections::HashMap;

/// An event to append. `user_id` and `organisation_id` say who acted (None for the system or
/// an anonymous visitor).
pub struct NewEvent {
    pub user_id: Option<i32>,
    pub organisation_id: Option<i32>,
    pub action: &'static str,
    pub object_type: &'static str,
    pub object_id: String,
    pub details: serde_json::Value,
}

impl NewEvent {
    /// An event done by a signed-in person to an object.
    pub fn by(
        viewer: &Viewer,
        action: &'static str,
        object_type: &'static str,
        object_id: impl ToString,
        details: serde_json::Value,
    ) -> NewEvent {
        NewEvent {
            user_id: Some(viewer.user_id),
            organisation_id: Some(viewer.org_id),
            action,
            object_type,
            object_id: object_id.to_string(),
            details,
        }
    }
}

/// Appends an event inside the caller's transaction, chained to the last one.
///
/// The chain needs events appended one at a time: SQLite's writers are already serialised
/// by [`crate::db::Db::write`]; on PostgreSQL a transaction-scoped advisory lock does it.
pub async fn record(txn: &WriteTxn, event: NewEvent) -> Result<(), DbErr> {
    let key = txn.audit_key();
    let txn: &DatabaseTransaction = txn;
    if crate::db::is_postgres(txn) {
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(7346110001)")
            .await?;
    }
    let prev_hash = AuditEvent::find()
        .order_by_desc(audit_event::Column::Id)
        .one(txn)
        .await?
        .map(|e| e.hash)
        .unwrap_or_else(|| GENESIS_HASH.to_string());
    let occurred_at = chain_time(Utc::now());
    let details = event.details.to_string();
    let hash = event_hash(
        key,
        &ChainFields {
            occurred_at,
            user_id: event.user_id,
            organisation_id: event.organisation_id,
            action: event.action,
            object_type: event.object_type,
            object_id: &event.object_id,
            details: &details,
            prev_hash: &prev_hash,
        },
    );
    audit_event::ActiveModel {
        occurred_at: Set(occurred_at),
        user_id: Set(event.user_id),
        organisation_id: Set(event.organisation_id),
        action: Set(event.action.to_string()),
        object_type: Set(event.object_type.to_string()),
        object_id: Set(event.object_id),
        details: Set(details),
        prev_hash: Set(prev_hash),
        hash: Set(hash),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// What `bluelamp audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyReport {
    Intact { events: u64 },
    Broken { event_id: i64, reason: String },
}

/// Walks the whole chain in id order, a batch at a time.
pub async fn verify(db: &Db) -> Result<VerifyReport, DbErr> {
    let key = db.audit_key();
    let db = &db.conn;
    let mut prev = GENESIS_HASH.to_string();
    let mut after: i64 = i64::MIN;
    let mut count = 0u64;
    loop {
        let batch = AuditEvent::find()
            .filter(audit_event::Column::Id.gt(after))
            .order_by_asc(audit_event::Column::Id)
            .limit(1000)
            .all(db)
            .await?;
        if batch.is_empty() {
            return Ok(VerifyReport::Intact { events: count });
        }
        for e in batch {
            if e.prev_hash != prev {
                return Ok(VerifyReport::Broken {
                    event_id: e.id,
                    reason: "its previous-hash does not match the event before it (an event was removed or reordered)".into(),
                });
            }
            let expected = event_hash(
                key,
                &ChainFields {
                    occurred_at: e.occurred_at,
                    user_id: e.user_id,
                    organisation_id: e.organisation_id,
                    action: &e.action,
                    object_type: &e.object_type,
                    object_id: &e.object_id,
                    details: &e.details,
                    prev_hash: &e.prev_hash,
                },
            );
            if expected != e.hash {
                return Ok(VerifyReport::Broken {
                    event_id: e.id,
                    reason: "its contents do not match its hash (the event was edited, or signed with another audit key)".into(),
                });
            }
            prev = e.hash;
            after = e.id;
            count += 1;
        }
    }
}

pub const PAGE_SIZE: u64 = 50;

fn condition(filter: &AuditFilter) -> Result<Condition, ServiceError> {
    let mut cond = Condition::all();
    if let Ok(org) = filter.organisation.trim().parse::<i32>() {
        // Events by the organisation's people, and events about the organisation itself
        // (e.g. the national body approving a supplier).
        cond = cond.add(
            Condition::any()
                .add(audit_event::Column::OrganisationId.eq(org))
                .add(
                    Condition::all()
                        .add(audit_event::Column::ObjectType.eq("organisation"))
                        .add(audit_event::Column::ObjectId.eq(org.to_string())),
                ),
        );
    }
    let action = filter.action.trim();
    if !action.is_empty() {
        cond = cond.add(audit_event::Column::Action.eq(action));
    }
    let mut errors = crate::validation::FieldErrors::new();
    let mut date = |field: &str, value: &str, add_day: bool| {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) => {
                let d = if add_day {
                    d.succ_opt().unwrap_or(d)
                } else {
                    d
                };
                Some(london_date_start_utc(d))
            }
            Err(_) => {
                errors.add(field, "Enter a real date, like 2026-11-24");
                None
            }
        }
    };
    let from = date("from", &filter.from, false);
    let to = date("to", &filter.to, true);
    errors.into_result()?;
    if let Some(from) = from {
        cond = cond.add(audit_event::Column::OccurredAt.gte(from));
    }
    if let Some(to) = to {
        cond = cond.add(audit_event::Column::OccurredAt.lt(to));
    }
    Ok(cond)
}

async fn user_condition(
    db: &DatabaseConnection,
    filter: &AuditFilter,
) -> Result<Option<Vec<i32>>, DbErr> {
    let user = filter.user.trim().to_lowercase();
    if user.is_empty() {
        return Ok(None);
    }
    let ids = app_user::Entity::find()
        .filter(app_user::Column::Email.like(like_contains(&user)))
        .select_only()
        .column(app_user::Column::Id)
        .into_tuple::<i32>()
        .all(db)
        .await?;
    Ok(Some(ids))
}

/// `%text%` with the LIKE wildcards in the text escaped, so "jo_b" matches only "jo_b".
fn like_contains(text: &str) -> LikeExpr {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

async fn to_rows(
    db: &DatabaseConnection,
    events: Vec<audit_event::Model>,
) -> Result<Vec<AuditRow>, DbErr> {
    // Two IN queries for the names, whatever the page size.
    // The objects acted on are named too, so "user 12" reads as the person's email.
    let object_ids = |kind: &str| {
        events
            .iter()
            .filter(|e| e.object_type == kind)
            .filter_map(|e| e.object_id.parse::<i32>().ok())
            .collect::<Vec<_>>()
    };
    let mut user_ids: Vec<i32> = events.iter().filter_map(|e| e.user_id).collect();
    user_ids.extend(object_ids("user"));
    let mut org_ids: Vec<i32> = events.iter().filter_map(|e| e.organisation_id).collect();
    org_ids.extend(object_ids("organisation"));
    let users: HashMap<i32, String> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    let orgs: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(events
        .into_iter()
        .map(|e| AuditRow {
            id: e.id,
            occurred_at: e.occurred_at,
            user: e
                .user_id
                .and_then(|id| users.get(&id).cloned())
                .unwrap_or_default(),
            organisation: e
                .organisation_id
                .and_then(|id| orgs.get(&id).cloned())
                .unwrap_or_default(),
            action: e.action,
            object: {
                let name =
                    e.object_id
                        .parse::<i32>()
                        .ok()
                        .and_then(|id| match e.object_type.as_str() {
                            "user" => users.get(&id).cloned(),
                            "organisation" => orgs.get(&id).cloned(),
                            _ => None,
                        });
                match name {
                    Some(n) => format!("{} {} ({n})", e.object_type, e.object_id),
                    None => format!("{} {}", e.object_type, e.object_id)
                        .trim()
                        .to_string(),
                }
            },
            details: e.details,
        })
        .collect())
}

async fn filtered(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    filter: &AuditFilter,
) -> ServiceResult<Option<sea_orm::Select<AuditEvent>>> {
    authorise(viewer, AuditAction::ViewLog)?;
    let mut cond = condition(filter)?;
    match user_condition(db, filter).await? {
        Some(ids) if ids.is_empty() => return Ok(None),
        Some(ids) => cond = cond.add(audit_event::Column::UserId.is_in(ids)),
        None => {}
    }
    Ok(Some(
        AuditEvent::find()
            .filter(cond)
            .order_by_desc(audit_event::Column::Id),
    ))
}

/// One page of events, newest first.
pub async fn list(
    db: &Db,
    viewer: Option<&Viewer>,
    filter: &AuditFilter,
) -> ServiceResult<AuditPage> {
    let db = &db.conn;
    let Some(query) = filtered(db, viewer, filter).await? else {
        return Ok(AuditPage {
            rows: vec![],
            page: 1,
            pages: 1,
            total: 0,
        });
    };
    let paginator = query.paginate(db, PAGE_SIZE);
    let counts = paginator.num_items_and_pages().await?;
    let pages = counts.number_of_pages.max(1);
    let page = filter
        .page
        .trim()
        .parse::<u64>()
        .unwrap_or(1)
        .clamp(1, pages);
    let events = paginator.fetch_page(page - 1).await?;
    Ok(AuditPage {
        rows: to_rows(db, events).await?,
        page,
        pages,
        total: counts.number_of_items,
    })
}

/// Every event the filter matches, as CSV, read a thousand at a time.
pub async fn export_csv(
    db: &Db,
    viewer: Option<&Viewer>,
    filter: &AuditFilter,
) -> ServiceResult<String> {
    let db = &db.conn;
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "occurred_at_utc",
        "user",
        "organisation",
        "action",
        "object",
        "details",
    ];
    out.write_record(header).map_err(ServiceError::internal)?;
    if let Some(query) = filtered(db, viewer, filter).await? {
        let mut pages = query.paginate(db, 1000);
        while let Some(events) = pages.fetch_and_next().await? {
            for r in to_rows(db, events).await? {
                out.write_record(
                    [
                        r.id.to_string(),
                        r.occurred_at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
                        r.user,
                        r.organisation,
                        r.action,
                        r.object,
                        r.details,
                    ]
                    .map(|cell| safe_cell(&cell)),
                )
                .map_err(ServiceError::internal)?;
            }
        }
    }
    let bytes = out.into_inner().map_err(ServiceError::internal)?;
    String::from_utf8(bytes).map_err(ServiceError::internal)
}
