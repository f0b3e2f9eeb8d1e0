//! Checkpoints: a signed line saying how long the audit chain was and how it ended.
//!
//! The chain alone cannot show that its newest events were deleted: what is left is still a
//! valid chain. A checkpoint, kept away from the database (printed to a log collector, appended
//! to a file on another machine), records the event count and the last hash at a moment, signed
//! with the audit key; `bluelamp audit verify --checkpoint FILE` then finds any truncation or
//! edit of the events it covers.

use super::entity::audit_event::{self, Entity as AuditEvent};
use super::key::AuditKey;
use super::rules::GENESIS_HASH;
use super::service::{verify, VerifyReport};
use crate::db::Db;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// The first word of every checkpoint line; the number is the format's version.
const MAGIC: &str = "bluelamp-audit-checkpoint/1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// How many events the log held.
    pub events: u64,
    /// The newest event's id and hash (0 and the genesis hash for an empty log).
    pub last_id: i64,
    pub last_hash: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    #[error("line {line}: not a checkpoint line (expected “{MAGIC} events=… last_id=… last_hash=… at=… mac=…”)")]
    Malformed { line: usize },
    #[error("line {line}: the checkpoint's signature does not match (it was altered, or signed with another audit key)")]
    BadSignature { line: usize },
    #[error("the file holds no checkpoint lines")]
    Empty,
    #[error("will not sign a checkpoint of a broken chain: event {event_id}: {reason}")]
    Broken { event_id: i64, reason: String },
    #[error("database error: {0}")]
    Db(#[from] DbErr),
}

impl Checkpoint {
    fn fields(&self) -> [String; 5] {
        [
            MAGIC.to_string(),
            self.events.to_string(),
            self.last_id.to_string(),
            self.last_hash.clone(),
            self.at.to_rfc3339_opts(SecondsFormat::Micros, true),
        ]
    }

    /// One line of text, signed with the audit key.
    pub fn to_line(&self, key: &AuditKey) -> String {
        let f = self.fields();
        let mac = key.mac(&f.each_ref().map(String::as_str));
        format!(
            "{} events={} last_id={} last_hash={} at={} mac={mac}",
            f[0], f[1], f[2], f[3], f[4]
        )
    }

    /// Reads one line, checking its signature; `line` numbers the messages.
    pub fn parse(text: &str, line: usize, key: &AuditKey) -> Result<Checkpoint, CheckpointError> {
        let malformed = || CheckpointError::Malformed { line };
        let mut words = text.split_whitespace();
        if words.next() != Some(MAGIC) {
            return Err(malformed());
        }
        let mut value = |name: &str| {
            words
                .next()
                .and_then(|w| w.strip_prefix(name))
                .and_then(|w| w.strip_prefix('='))
                .map(str::to_string)
                .ok_or_else(malformed)
        };
        let events = value("events")?.parse().map_err(|_| malformed())?;
        let last_id = value("last_id")?.parse().map_err(|_| malformed())?;
        let last_hash = value("last_hash")?;
        let at = DateTime::parse_from_rfc3339(&value("at")?)
            .map_err(|_| malformed())?
            .with_timezone(&Utc);
        let mac = value("mac")?;
        let checkpoint = Checkpoint {
            events,
            last_id,
            last_hash,
            at,
        };
        let f = checkpoint.fields();
        if !key.verify(&f.each_ref().map(String::as_str), &mac) {
            return Err(CheckpointError::BadSignature { line });
        }
        Ok(checkpoint)
    }
}

/// Verifies the chain, then describes where it ends now.
pub async fn take(db: &Db) -> Result<Checkpoint, CheckpointError> {
    let events = match verify(db).await? {
        VerifyReport::Intact { events } => events,
        VerifyReport::Broken { event_id, reason } => {
            return Err(CheckpointError::Broken { event_id, reason })
        }
    };
    let last = AuditEvent::find()
        .order_by_desc(audit_event::Column::Id)
        .one(&db.conn)
        .await?;
    Ok(Checkpoint {
        events,
        last_id: last.as_ref().map(|e| e.id).unwrap_or(0),
        last_hash: last
            .map(|e| e.hash)
            .unwrap_or_else(|| GENESIS_HASH.to_string()),
        at: Utc::now(),
    })
}

/// Reads every checkpoint line of a file's text (blank lines skipped).
pub fn parse_file(text: &str, key: &AuditKey) -> Result<Vec<Checkpoint>, CheckpointError> {
    let checkpoints = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Checkpoint::parse(l, i + 1, key))
        .collect::<Result<Vec<_>, _>>()?;
    if checkpoints.is_empty() {
        return Err(CheckpointError::Empty);
    }
    Ok(checkpoints)
}

/// Verifies the chain and that every checkpoint still holds: its last event is there with the
/// same hash, and the log has exactly as many events up to it.
pub async fn verify_against(db: &Db, checkpoints: &[Checkpoint]) -> Result<VerifyReport, DbErr> {
    let report = verify(db).await?;
    if let VerifyReport::Broken { .. } = report {
        return Ok(report);
    }
    for c in checkpoints {
        let when = c.at.to_rfc3339_opts(SecondsFormat::Secs, true);
        if c.events == 0 {
            continue;
        }
        let last = AuditEvent::find_by_id(c.last_id).one(&db.conn).await?;
        let Some(last) = last else {
            return Ok(VerifyReport::Broken {
                event_id: c.last_id,
                reason: format!("the checkpoint of {when} ends at this event, which is missing (the newest events were deleted)"),
            });
        };
        if last.hash != c.last_hash {
            return Ok(VerifyReport::Broken {
                event_id: c.last_id,
                reason: format!(
                    "its hash differs from the checkpoint of {when} (the chain was rewritten)"
                ),
            });
        }
        let count = AuditEvent::find()
            .filter(audit_event::Column::Id.lte(c.last_id))
            .count(&db.conn)
            .await?;
        if count != c.events {
            return Ok(VerifyReport::Broken {
                event_id: c.last_id,
                reason: format!(
                    "the checkpoint of {when} counted {} events up to here; the log now has {count}",
                    c.events
                ),
            });
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Checkpoint {
        Checkpoint {
            events: 12,
            last_id: 14,
            last_hash: "ab".repeat(32),
            at: DateTime::parse_from_rfc3339("2026-11-25T18:00:00.123456Z")
                .unwrap()
                .with_timezone(&Utc),
        }
    }

    #[test]
    fn a_line_reads_back_only_with_its_key() {
        let key = AuditKey::from_bytes([3; 32]);
        let line = sample().to_line(&key);
        assert!(line.starts_with("bluelamp-audit-checkpoint/1 events=12 last_id=14 "));
        assert_eq!(Checkpoint::parse(&line, 1, &key).unwrap(), sample());
        let other = AuditKey::from_bytes([4; 32]);
        assert!(matches!(
            Checkpoint::parse(&line, 1, &other),
            Err(CheckpointError::BadSignature { line: 1 })
        ));
    }

    #[test]
    fn an_altered_count_is_refused() {
        let key = AuditKey::from_bytes([3; 32]);
        let line = sample().to_line(&key).replace("events=12", "events=11");
        assert!(matches!(
            Checkpoint::parse(&line, 3, &key),
            Err(CheckpointError::BadSignature { line: 3 })
        ));
        assert!(matches!(
            Checkpoint::parse("hello", 2, &key),
            Err(CheckpointError::Malformed { line: 2 })
        ));
    }
}
