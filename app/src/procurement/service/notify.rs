//! Notifications: an in-app inbox per user, and the same by email through the outbox for the
//! kinds each user chooses (all of them until they choose). Written inside the change's
//! transaction, so a change that rolls back tells nobody.

use super::load;
use crate::access::{authorise, ProcurementAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::{Db, WriteTxn};
use crate::error::ServiceResult;
use crate::mail::{outbox, templates};
use crate::procurement::entity::{notification, notification_preference};
use crate::procurement::types::NotificationKind;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashSet;

/// One message to the active users of some organisations (and some users by id), each once.
pub struct Notice<'a> {
    pub kind: NotificationKind,
    pub procurement_id: Option<i32>,
    pub message: String,
    pub link: String,
    pub orgs: &'a [i32],
    pub users: &'a [i32],
    /// Leave out the person who made the change: they know.
    pub except_user: Option<i32>,
}

pub async fn send(txn: &WriteTxn, now: DateTime<Utc>, n: Notice<'_>) -> ServiceResult<usize> {
    use crate::identity::entity::app_user;
    let mut people = load::users_of(&**txn, n.orgs).await?;
    if !n.users.is_empty() {
        people.extend(
            app_user::Entity::find()
                .filter(app_user::Column::Id.is_in(n.users.to_vec()))
                .all(&**txn)
                .await?,
        );
    }
    let mut seen = HashSet::new();
    people.retain(|u| Some(u.id) != n.except_user && seen.insert(u.id));
    if people.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i32> = people.iter().map(|u| u.id).collect();
    // Who turned email off for this kind (everyone else gets it).
    let no_email: HashSet<i32> = notification_preference::Entity::find()
        .filter(notification_preference::Column::UserId.is_in(ids))
        .filter(notification_preference::Column::Kind.eq(n.kind.as_str()))
        .filter(notification_preference::Column::Email.eq(false))
        .all(&**txn)
        .await?
        .into_iter()
        .map(|p| p.user_id)
        .collect();
    for chunk in people.chunks(500) {
        notification::Entity::insert_many(chunk.iter().map(|u| notification::ActiveModel {
            user_id: Set(u.id),
            procurement_id: Set(n.procurement_id),
            kind: Set(n.kind),
            message: Set(n.message.clone()),
            link: Set(n.link.clone()),
            created_at: Set(now),
            read_at: Set(None),
            ..Default::default()
        }))
        .exec(&**txn)
        .await?;
    }
    for u in &people {
        if !no_email.contains(&u.id) {
            outbox::enqueue(
                txn,
                templates::notification(&u.email, n.kind.label(), &n.message),
            )
            .await?;
        }
    }
    Ok(people.len())
}

#[derive(Clone, Debug)]
pub struct Inbox {
    pub items: Vec<notification::Model>,
    pub unread: u64,
    /// (kind, by email)
    pub preferences: Vec<(NotificationKind, bool)>,
}

/// A person's newest 100 notifications; opening the inbox marks them read.
pub async fn inbox(db: &Db, viewer: Option<&Viewer>) -> ServiceResult<Inbox> {
    let v = authorise(viewer, ProcurementAction::ReadNotifications)?;
    let items = notification::Entity::find()
        .filter(notification::Column::UserId.eq(v.user_id))
        .order_by_desc(notification::Column::Id)
        .limit(100)
        .all(&db.conn)
        .await?;
    let unread = items.iter().filter(|n| n.read_at.is_none()).count() as u64;
    if unread > 0 {
        let txn = db.write().await?;
        notification::Entity::update_many()
            .col_expr(
                notification::Column::ReadAt,
                sea_orm::sea_query::Expr::value(db.now()),
            )
            .filter(notification::Column::UserId.eq(v.user_id))
            .filter(notification::Column::ReadAt.is_null())
            .exec(&*txn)
            .await?;
        txn.commit().await?;
    }
    Ok(Inbox {
        items,
        unread,
        preferences: preferences(db, v.user_id).await?,
    })
}

/// How many unread notifications a person has (the header's count).
pub async fn unread_count(db: &Db, viewer: &Viewer) -> ServiceResult<u64> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(viewer.user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(&db.conn)
        .await?)
}

async fn preferences(db: &Db, user_id: i32) -> ServiceResult<Vec<(NotificationKind, bool)>> {
    let off: HashSet<String> = notification_preference::Entity::find()
        .filter(notification_preference::Column::UserId.eq(user_id))
        .filter(notification_preference::Column::Email.eq(false))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|p| p.kind)
        .collect();
    Ok(NotificationKind::ALL
        .iter()
        .map(|k| (*k, !off.contains(k.as_str())))
        .collect())
}

/// Saves which kinds come by email: `email` lists the kinds ticked.
pub async fn set_preferences(
    db: &Db,
    viewer: Option<&Viewer>,
    email: &[String],
) -> ServiceResult<()> {
    let v = authorise(viewer, ProcurementAction::ReadNotifications)?;
    let txn = db.write().await?;
    notification_preference::Entity::delete_many()
        .filter(notification_preference::Column::UserId.eq(v.user_id))
        .exec(&*txn)
        .await?;
    notification_preference::Entity::insert_many(NotificationKind::ALL.iter().map(|k| {
        notification_preference::ActiveModel {
            user_id: Set(v.user_id),
            kind: Set(k.as_str().to_string()),
            email: Set(email.iter().any(|e| e == k.as_str())),
        }
    }))
    .exec(&*txn)
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::NOTIFICATION_PREFERENCES_SET,
            "user",
            v.user_id,
            serde_json::json!({ "email": email }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Tells each procurement's people when a deadline is 2 days away and when it has passed,
/// once each. Run by every server every minute; the notification's link carries the
/// deadline's name, so a second server finds it already sent.
pub async fn sweep_deadlines(db: &Db) -> ServiceResult<usize> {
    use crate::procurement::entity::procurement;
    use crate::procurement::types::ProcurementState;
    let now = db.now();
    let live = procurement::Entity::find()
        .filter(
            procurement::Column::State
                .is_in([ProcurementState::OpenToJoin, ProcurementState::Published]),
        )
        .all(&db.conn)
        .await?;
    let mut sent = 0;
    for p in live {
        let Some(t) = load::timeline(&p) else {
            continue;
        };
        let deadlines = [
            (
                "join",
                "join deadline",
                t.join,
                p.state == ProcurementState::OpenToJoin,
            ),
            (
                "clarification",
                "clarification deadline",
                t.clarification,
                p.state == ProcurementState::Published,
            ),
            (
                "bid",
                "bid deadline",
                t.bid,
                p.state == ProcurementState::Published,
            ),
        ];
        for (key, what, at, applies) in deadlines {
            if !applies {
                continue;
            }
            let (kind, message) = if now >= at {
                (
                    NotificationKind::DeadlinePassed,
                    format!("The {what} of “{}” has passed", p.title),
                )
            } else if at - now <= chrono::Duration::days(2) {
                (
                    NotificationKind::DeadlineSoon,
                    format!(
                        "The {what} of “{}” is {}",
                        p.title,
                        crate::ui::time::deadline(at)
                    ),
                )
            } else {
                continue;
            };
            let link = format!("/procurements/{}#{key}", p.id);
            let txn = db.write().await?;
            // Two servers sweeping at once: on PostgreSQL the second waits here and then finds
            // the notification sent (SQLite's write lock already serialises them).
            if db.backend() == sea_orm::DatabaseBackend::Postgres {
                use sea_orm::ConnectionTrait;
                txn.execute_unprepared("SELECT pg_advisory_xact_lock(7426001)")
                    .await?;
            }
            let already = notification::Entity::find()
                .filter(notification::Column::ProcurementId.eq(p.id))
                .filter(notification::Column::Kind.eq(kind))
                .filter(notification::Column::Link.eq(link.clone()))
                .count(&*txn)
                .await?;
            if already > 0 {
                continue;
            }
            let mut orgs: Vec<i32> = load::demands(&*txn, p.id)
                .await?
                .iter()
                .map(|d| d.force_id)
                .collect();
            if !orgs.contains(&p.lead_force_id) {
                orgs.push(p.lead_force_id);
            }
            if p.state == ProcurementState::Published {
                if let Some(lot) = p.lot_id {
                    orgs.extend(load::suppliers_on_lot(&*txn, lot).await?);
                }
            }
            sent += send(
                &txn,
                now,
                Notice {
                    kind,
                    procurement_id: Some(p.id),
                    message,
                    link,
                    orgs: &orgs,
                    users: &[],
                    except_user: None,
                },
            )
            .await?;
            txn.commit().await?;
        }
    }
    sent += sweep_evaluation(db, now).await?;
    Ok(sent)
}

/// Evaluation's reminders: scores due within 2 days (to each evaluator with bids still to
/// submit) and a standstill that has ended (to the lead force, who may now confirm). Each is
/// sent once.
async fn sweep_evaluation(db: &Db, now: DateTime<Utc>) -> ServiceResult<usize> {
    use crate::procurement::entity::{evaluation_assignment, procurement};
    use crate::procurement::types::{Declaration, ProcurementState};
    let mut sent = 0;
    let evaluating = procurement::Entity::find()
        .filter(procurement::Column::State.eq(ProcurementState::Closed))
        .filter(procurement::Column::EvaluationTarget.lte(now + chrono::Duration::days(2)))
        .filter(procurement::Column::EvaluationTarget.gt(now))
        .all(&db.conn)
        .await?;
    for p in evaluating {
        let due = p.evaluation_target.unwrap_or(now);
        let waiting: Vec<i32> = evaluation_assignment::Entity::find()
            .filter(evaluation_assignment::Column::ProcurementId.eq(p.id))
            .filter(evaluation_assignment::Column::SubmittedAt.is_null())
            .all(&db.conn)
            .await?
            .into_iter()
            .filter(|a| a.declaration != Some(Declaration::Conflict))
            .map(|a| a.user_id)
            .collect();
        let link = "/procurements#evaluate".to_string();
        for user in waiting.into_iter().collect::<HashSet<_>>() {
            let txn = db.write().await?;
            let already = notification::Entity::find()
                .filter(notification::Column::ProcurementId.eq(p.id))
                .filter(notification::Column::Kind.eq(NotificationKind::ScoresDue))
                .filter(notification::Column::UserId.eq(user))
                .count(&*txn)
                .await?;
            if already == 0 {
                sent += send(
                    &txn,
                    now,
                    Notice {
                        kind: NotificationKind::ScoresDue,
                        procurement_id: Some(p.id),
                        message: format!(
                            "Your scores for “{}” are due {}",
                            p.title,
                            crate::ui::time::deadline(due)
                        ),
                        link: link.clone(),
                        orgs: &[],
                        users: &[user],
                        except_user: None,
                    },
                )
                .await?;
            }
            txn.commit().await?;
        }
    }
    let ended = procurement::Entity::find()
        .filter(procurement::Column::State.eq(ProcurementState::Standstill))
        .filter(procurement::Column::StandstillEndsAt.lte(now))
        .all(&db.conn)
        .await?;
    for p in ended {
        let link = format!("/procurements/{}/award", p.id);
        let txn = db.write().await?;
        let already = notification::Entity::find()
            .filter(notification::Column::ProcurementId.eq(p.id))
            .filter(notification::Column::Kind.eq(NotificationKind::StandstillEnding))
            .filter(notification::Column::Link.eq(link.clone()))
            .count(&*txn)
            .await?;
        if already == 0 {
            sent += send(
                &txn,
                now,
                Notice {
                    kind: NotificationKind::StandstillEnding,
                    procurement_id: Some(p.id),
                    message: format!(
                        "The standstill of “{}” has ended: confirm the award to make each force's contract",
                        p.title
                    ),
                    link,
                    orgs: &[p.lead_force_id],
                    users: &[],
                    except_user: None,
                },
            )
            .await?;
        }
        txn.commit().await?;
    }
    Ok(sent)
}

/// Every server sweeps the deadlines once a minute.
pub fn spawn_sweeps(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = sweep_deadlines(&db).await {
                tracing::warn!(error = %e, "could not sweep procurement deadlines");
            }
        }
    });
}

/// A notification's link for a supplier goes to the opportunity, not the buyers' page.
pub fn link_for(link: &str, viewer: &Viewer) -> String {
    if viewer.org_kind == crate::identity::types::OrgKind::Supplier {
        link.replacen("/procurements/", "/opportunities/", 1)
    } else {
        link.to_string()
    }
}
