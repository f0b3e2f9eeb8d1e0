//! Sign-in throttling: failed attempts counted per account and per address, locks, and
//! attempts for one account or address checked one at a time.

use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::sign_in_failure;
use crate::identity::rules::lockout_until;
use crate::ui::time::show_london_time;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// Failed sign-ins, per account or per address, within the window that lock sign-in.
const LOCKOUT_FAILURES: usize = 5;
/// The window, and how long a lock lasts.
const LOCKOUT_MINUTES: i64 = 15;

async fn recent_failures(
    db: &impl ConnectionTrait,
    column: sign_in_failure::Column,
    value: &str,
) -> Result<Vec<chrono::DateTime<Utc>>, sea_orm::DbErr> {
    // Two lock windows back is enough to see any lock still in force.
    let since = Utc::now() - Duration::minutes(2 * LOCKOUT_MINUTES);
    Ok(sign_in_failure::Entity::find()
        .filter(column.eq(value))
        .filter(sign_in_failure::Column::OccurredAt.gte(since))
        .order_by_asc(sign_in_failure::Column::OccurredAt)
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.occurred_at)
        .collect())
}

pub(super) async fn lock_in_force(
    db: &impl ConnectionTrait,
    email: &str,
    client: &str,
) -> Result<Option<chrono::DateTime<Utc>>, sea_orm::DbErr> {
    let now = Utc::now();
    let by_email = recent_failures(db, sign_in_failure::Column::Email, email).await?;
    let by_address = recent_failures(db, sign_in_failure::Column::ClientAddress, client).await?;
    let lock = |times: &[chrono::DateTime<Utc>]| {
        lockout_until(
            times,
            now,
            LOCKOUT_FAILURES,
            Duration::minutes(LOCKOUT_MINUTES),
        )
    };
    Ok(lock(&by_email).max(lock(&by_address)))
}

pub(super) fn locked_message(until: chrono::DateTime<Utc>) -> String {
    format!(
        "Too many failed sign-in attempts. For your security, sign-in is locked for {LOCKOUT_MINUTES} minutes: try again after {}.",
        show_london_time(until)
    )
}

/// Sign-in attempts for one account, and from one address, run one at a time, so parallel
/// guesses are each checked against the limit and counted before the next is tried. The locks
/// are striped (a fixed set, chosen by hash) and live in this process: a deployment of several
/// PostgreSQL-backed instances is serialised per instance.
const ATTEMPT_STRIPES: usize = 64;

static ATTEMPT_LOCKS: std::sync::LazyLock<Vec<std::sync::Arc<tokio::sync::Mutex<()>>>> =
    std::sync::LazyLock::new(|| {
        (0..ATTEMPT_STRIPES)
            .map(|_| std::sync::Arc::new(tokio::sync::Mutex::new(())))
            .collect()
    });

fn stripe(key: &str) -> usize {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    (h.finish() as usize) % ATTEMPT_STRIPES
}

/// Takes the account's and the address's stripes, in a fixed order so two attempts can never
/// wait on each other.
pub(super) async fn attempt_guards(
    email: &str,
    client: &str,
) -> Vec<tokio::sync::OwnedMutexGuard<()>> {
    let mut stripes = vec![stripe(email), stripe(client)];
    stripes.sort_unstable();
    stripes.dedup();
    let mut guards = Vec::with_capacity(stripes.len());
    for i in stripes {
        guards.push(ATTEMPT_LOCKS[i].clone().lock_owned().await);
    }
    guards
}

pub(super) async fn refuse_if_locked(db: &Db, email: &str, client: &str) -> ServiceResult<()> {
    match lock_in_force(&db.conn, email, client).await? {
        Some(until) => Err(ServiceError::Locked {
            message: locked_message(until),
        }),
        None => Ok(()),
    }
}

pub(super) async fn insert_failure<C: ConnectionTrait>(
    txn: &C,
    email: &str,
    client: &str,
) -> Result<(), sea_orm::DbErr> {
    sign_in_failure::ActiveModel {
        email: Set(email.to_string()),
        client_address: Set(client.to_string()),
        occurred_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}
