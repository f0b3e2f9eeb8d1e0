//! Sign-in throttling that an attacker cannot turn against the people it protects.
//!
//! Failed attempts (wrong passwords, wrong second-factor codes) are counted in the database, so
//! every server instance sharing it sees the same counts:
//! - per (account, network) pair: five failures in 15 minutes lock that pair for 15 minutes.
//!   The person, from their own network, can still sign in;
//! - per account alone: never a lock, but a growing delay before each attempt (1 s after five
//!   failures, doubling to 10 s), so guessing one account's password from many networks is slow;
//! - per network: a generous budget (a whole force behind one NAT address shares it), after
//!   which the network is locked for 15 minutes. IPv6 addresses count by their /64, the block
//!   one customer gets, so rotating addresses within it changes nothing.
//!
//! Attempts for one account or one network run one at a time, so parallel guesses are each
//! counted before the next is tried: in-process locks, and on PostgreSQL transaction-scoped
//! advisory locks, which hold across instances.

use crate::db::{is_postgres, Db};
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::sign_in_failure;
use crate::identity::rules::{lockout_until, network};
use crate::ui::time::show_london_time;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};

/// Failures of one account from one network that lock the pair.
const PAIR_FAILURES: usize = 5;
/// Failures from one network, any accounts, that lock the network: generous, for a force's NAT.
const NETWORK_FAILURES: usize = 100;
/// Failures of one account, from anywhere, before each further attempt is delayed.
const DELAY_AFTER: usize = 5;
const MAX_DELAY_SECONDS: u64 = 10;
/// The counting window, and how long a lock lasts.
const LOCKOUT_MINUTES: i64 = 15;

/// The wait before an attempt on an account with `failures` recent failures.
pub fn account_delay(failures: usize) -> std::time::Duration {
    if failures < DELAY_AFTER {
        return std::time::Duration::ZERO;
    }
    let doublings = u32::try_from(failures - DELAY_AFTER)
        .unwrap_or(u32::MAX)
        .min(8);
    std::time::Duration::from_secs((1u64 << doublings).min(MAX_DELAY_SECONDS))
}

async fn recent_failures(
    db: &impl ConnectionTrait,
    email: Option<&str>,
    network: Option<&str>,
) -> Result<Vec<chrono::DateTime<Utc>>, sea_orm::DbErr> {
    // Two lock windows back is enough to see any lock still in force.
    let since = Utc::now() - Duration::minutes(2 * LOCKOUT_MINUTES);
    let mut q = sign_in_failure::Entity::find()
        .filter(sign_in_failure::Column::OccurredAt.gte(since))
        .order_by_asc(sign_in_failure::Column::OccurredAt);
    if let Some(e) = email {
        q = q.filter(sign_in_failure::Column::Email.eq(e));
    }
    if let Some(n) = network {
        q = q.filter(sign_in_failure::Column::ClientAddress.eq(n));
    }
    Ok(q.all(db)
        .await?
        .into_iter()
        .map(|f| f.occurred_at)
        .collect())
}

/// Until when this account is locked from this address, if it is.
pub(super) async fn lock_in_force(
    db: &impl ConnectionTrait,
    email: &str,
    client: &str,
) -> Result<Option<chrono::DateTime<Utc>>, sea_orm::DbErr> {
    let now = Utc::now();
    let net = network(client);
    let window = Duration::minutes(LOCKOUT_MINUTES);
    let pair = recent_failures(db, Some(email), Some(&net)).await?;
    let whole_network = recent_failures(db, None, Some(&net)).await?;
    Ok(
        lockout_until(&pair, now, PAIR_FAILURES, window).max(lockout_until(
            &whole_network,
            now,
            NETWORK_FAILURES,
            window,
        )),
    )
}

pub(super) fn locked_message(until: chrono::DateTime<Utc>) -> String {
    format!(
        "Too many failed sign-in attempts from your network. For your security, sign-in is locked for {LOCKOUT_MINUTES} minutes: try again after {}.",
        show_london_time(until)
    )
}

/// Waits before an attempt on an account that has failed often lately, from anywhere.
pub(super) async fn slow_down(db: &Db, email: &str) -> Result<(), sea_orm::DbErr> {
    let recent = recent_failures(&db.conn, Some(email), None).await?;
    let since = Utc::now() - Duration::minutes(LOCKOUT_MINUTES);
    let delay = account_delay(recent.iter().filter(|t| **t >= since).count());
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    Ok(())
}

const ATTEMPT_STRIPES: usize = 64;

static ATTEMPT_LOCKS: std::sync::LazyLock<Vec<std::sync::Arc<tokio::sync::Mutex<()>>>> =
    std::sync::LazyLock::new(|| {
        (0..ATTEMPT_STRIPES)
            .map(|_| std::sync::Arc::new(tokio::sync::Mutex::new(())))
            .collect()
    });

/// A stable 64-bit key for a string: the same in every instance and every build.
fn key(text: &str) -> i64 {
    let digest = Sha256::digest(text.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

/// Held while one attempt is checked and counted.
pub(super) struct AttemptGuard {
    _local: Vec<tokio::sync::OwnedMutexGuard<()>>,
    /// On PostgreSQL, a transaction holding advisory locks; ending it releases them.
    _shared: Option<DatabaseTransaction>,
}

/// Takes the account's and the network's locks, in a fixed order so two attempts can never
/// wait on each other.
pub(super) async fn attempt_guards(
    db: &Db,
    email: &str,
    client: &str,
) -> ServiceResult<AttemptGuard> {
    let mut keys = vec![
        key(&format!("account:{email}")),
        key(&format!("network:{}", network(client))),
    ];
    keys.sort_unstable();
    keys.dedup();
    let mut stripes: Vec<usize> = keys
        .iter()
        .map(|k| (k.unsigned_abs() as usize) % ATTEMPT_STRIPES)
        .collect();
    stripes.sort_unstable();
    stripes.dedup();
    let mut local = Vec::with_capacity(stripes.len());
    for i in stripes {
        local.push(ATTEMPT_LOCKS[i].clone().lock_owned().await);
    }
    let shared = if is_postgres(&db.conn) {
        let txn = db.conn.begin().await?;
        for k in &keys {
            txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({k})"))
                .await?;
        }
        Some(txn)
    } else {
        None
    };
    Ok(AttemptGuard {
        _local: local,
        _shared: shared,
    })
}

pub(super) async fn refuse_if_locked(db: &Db, email: &str, client: &str) -> ServiceResult<()> {
    match lock_in_force(&db.conn, email, client).await? {
        Some(until) => Err(ServiceError::Locked {
            message: locked_message(until),
        }),
        None => Ok(()),
    }
}

/// Counts a failure against the account and the network the attempt came from.
pub(super) async fn insert_failure<C: ConnectionTrait>(
    txn: &C,
    email: &str,
    client: &str,
) -> Result<(), sea_orm::DbErr> {
    sign_in_failure::ActiveModel {
        email: Set(email.to_string()),
        client_address: Set(network(client)),
        occurred_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_slowed_down_never_locked() {
        assert_eq!(account_delay(4), std::time::Duration::ZERO);
        assert_eq!(account_delay(5).as_secs(), 1);
        assert_eq!(account_delay(6).as_secs(), 2);
        assert_eq!(account_delay(8).as_secs(), 8);
        assert_eq!(account_delay(9).as_secs(), 10);
        assert_eq!(account_delay(10_000).as_secs(), 10);
    }
}
