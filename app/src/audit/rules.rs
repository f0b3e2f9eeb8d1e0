//! The audit hash chain: each event's hash is an HMAC, under the audit key kept outside the
//! database, of its own fields and the previous event's hash. Editing, deleting or reordering
//! any event breaks every hash after it, and without the key nobody can recompute them.

use super::key::AuditKey;
use chrono::{DateTime, SubsecRound, Utc};

/// The `prev_hash` of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields an event's hash covers.
pub struct ChainFields<'a> {
    pub occurred_at: DateTime<Utc>,
    pub user_id: Option<i32>,
    pub organisation_id: Option<i32>,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    pub details: &'a str,
    pub prev_hash: &'a str,
}

/// Timestamps are kept to the microsecond, which both SQLite and PostgreSQL store exactly;
/// hashing a value the database would round would break the chain on reading it back.
pub fn chain_time(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}

pub fn event_hash(key: &AuditKey, f: &ChainFields<'_>) -> String {
    let opt = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
    // Length-prefixed fields, so no two different events can produce the same text.
    let time = chain_time(f.occurred_at)
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string();
    let (user, org) = (opt(f.user_id), opt(f.organisation_id));
    // The key length-prefixes every field, so no two different events give the same input.
    key.mac(&[
        &time,
        &user,
        &org,
        f.action,
        f.object_type,
        f.object_id,
        f.details,
        f.prev_hash,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(details: &'a str, prev: &'a str) -> ChainFields<'a> {
        ChainFields {
            occurred_at: DateTime::parse_from_rfc3339("2026-11-24T09:00:00.123456789Z")
                .unwrap()
                .with_timezone(&Utc),
            user_id: Some(1),
            organisation_id: None,
            action: "user.signed_in",
            object_type: "user",
            object_id: "1",
            details,
            prev_hash: prev,
        }
    }

    const KEY: AuditKey = AuditKey::from_bytes([7; 32]);

    #[test]
    fn hash_is_stable_and_sensitive() {
        let a = event_hash(&KEY, &fields("{}", GENESIS_HASH));
        assert_eq!(a, event_hash(&KEY, &fields("{}", GENESIS_HASH)));
        assert_eq!(a.len(), 64);
        assert_ne!(a, event_hash(&KEY, &fields("{\"x\":1}", GENESIS_HASH)));
        assert_ne!(a, event_hash(&KEY, &fields("{}", &a)));
    }

    #[test]
    fn another_key_gives_another_chain() {
        let other = AuditKey::from_bytes([8; 32]);
        let f = fields("{}", GENESIS_HASH);
        assert_ne!(event_hash(&KEY, &f), event_hash(&other, &f));
    }

    #[test]
    fn nanoseconds_beyond_micros_do_not_matter() {
        let mut f = fields("{}", GENESIS_HASH);
        let a = event_hash(&KEY, &f);
        f.occurred_at = chain_time(f.occurred_at);
        assert_eq!(a, event_hash(&KEY, &f));
    }
}
