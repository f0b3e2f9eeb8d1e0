//! The database handle: one code path for SQLite and PostgreSQL.
//!
//! SQLite runs in WAL mode with foreign keys on and a busy timeout. It allows one writer at
//! a time, and a transaction that reads before it writes can fail with SQLITE_BUSY_SNAPSHOT
//! if another connection wrote in between; so on SQLite every writing transaction takes an
//! in-process lock first ([`Db::write`]). PostgreSQL needs no such lock.

use crate::audit::key::AuditKey;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, DbErr, TransactionTrait,
};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got “{0}”)")]
    BadScheme(String),
    #[error("cannot create the folder for the SQLite database {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot connect to the database at {url}: {source}")]
    Connect { url: String, source: DbErr },
    #[error("database migration failed: {0}")]
    Migrate(DbErr),
}

#[derive(Clone, Debug)]
pub struct Db {
    pub conn: DatabaseConnection,
    write_lock: Option<Arc<Mutex<()>>>,
    /// Signs the audit chain; kept outside the database (see [`crate::audit::key`]).
    audit_key: AuditKey,
    /// The catalogue search's filters and orders, held in memory and kept in step with the
    /// database's index by its change numbers (`catalogue::service::search_memory`).
    search_memory: crate::catalogue::service::search_memory::Cache,
    /// Seconds added to the system clock: 0 but in tests and the demo, which move time on
    /// to pass a deadline (`Db::now`, `Db::advance_clock`).
    clock_offset: Arc<std::sync::atomic::AtomicI64>,
}

/// A transaction that may write. On SQLite it holds the process-wide write lock until it is
/// committed or dropped.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _guard: Option<OwnedMutexGuard<()>>,
    audit_key: AuditKey,
}

impl std::ops::Deref for WriteTxn {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    /// Audit events are written only inside a writing transaction, which carries the key.
    pub fn audit_key(&self) -> &AuditKey {
        &self.audit_key
    }
}

/// WAL, foreign keys, a busy timeout and a 64 MB page cache (the default is 2 MB): an
/// import's random inserts into the payments' fingerprint index otherwise go to the disk for
/// most pages (measured: 1,000,000 indexed inserts 9.9 s with 2 MB, 3.9 s with 64 MB). The
/// cache grows only as pages are used.
fn sqlite_options(
    o: sea_orm::sqlx::sqlite::SqliteConnectOptions,
) -> sea_orm::sqlx::sqlite::SqliteConnectOptions {
    o.create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("cache_size", "-65536")
}

/// Hides the password in a database URL before it goes into a message or a log.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Db {
    pub async fn connect(url: &str, audit_key: AuditKey) -> Result<Db, DbSetupError> {
        let is_sqlite = url.starts_with("sqlite:");
        let is_pg = url.starts_with("postgres://") || url.starts_with("postgresql://");
        if !is_sqlite && !is_pg {
            return Err(DbSetupError::BadScheme(redact_url(url)));
        }
        if is_sqlite {
            ensure_sqlite_dir(url)?;
        }
        let mut opts = ConnectOptions::new(url.to_string());
        opts.connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(10))
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(sqlite_options);
        if is_pg {
            opts.max_connections(20);
        } else {
            opts.max_connections(8);
        }
        let conn = Database::connect(opts)
            .await
            .map_err(|source| DbSetupError::Connect {
                url: redact_url(url),
                source,
            })?;
        // Fail now, with one clear line, rather than at the first page view.
        conn.ping().await.map_err(|source| DbSetupError::Connect {
            url: redact_url(url),
            source,
        })?;
        let write_lock = is_sqlite.then(|| Arc::new(Mutex::new(())));
        Ok(Db {
            conn,
            write_lock,
            audit_key,
            search_memory: Default::default(),
            clock_offset: Default::default(),
        })
    }

    /// The server's clock, which every deadline is enforced on. Services take the time from
    /// here, never from `Utc::now()` directly, so tests can move it past a deadline.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        let offset = self.clock_offset.load(std::sync::atomic::Ordering::Relaxed);
        chrono::Utc::now() + chrono::Duration::seconds(offset)
    }

    /// Moves this handle's clock (and every clone's) on by `by`: tests and the demo only.
    pub fn advance_clock(&self, by: chrono::Duration) {
        self.clock_offset
            .fetch_add(by.num_seconds(), std::sync::atomic::Ordering::Relaxed);
    }

    pub fn search_memory(&self) -> &crate::catalogue::service::search_memory::Cache {
        &self.search_memory
    }

    pub async fn migrate(&self) -> Result<(), DbSetupError> {
        use migration::MigratorTrait;
        migration::Migrator::up(&self.conn, None)
            .await
            .map_err(DbSetupError::Migrate)
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.conn.get_database_backend()
    }

    /// Begins a transaction that will write.
    pub async fn write(&self) -> Result<WriteTxn, DbErr> {
        let guard = match &self.write_lock {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let txn = self.conn.begin().await?;
        Ok(WriteTxn {
            txn,
            _guard: guard,
            audit_key: self.audit_key.clone(),
        })
    }

    pub fn audit_key(&self) -> &AuditKey {
        &self.audit_key
    }

    /// A cheap round trip, for `/readyz`.
    pub async fn ready(&self) -> bool {
        self.conn.ping().await.is_ok()
    }
}

fn ensure_sqlite_dir(url: &str) -> Result<(), DbSetupError> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() || path.starts_with(":memory:") {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|source| DbSetupError::CreateDir {
                path: path.to_string(),
                source,
            })?;
        }
    }
    Ok(())
}

/// Used where a query must be written differently per database.
pub fn is_postgres(conn: &impl ConnectionTrait) -> bool {
    conn.get_database_backend() == DatabaseBackend::Postgres
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_url("postgres://bob:secret@localhost/db"),
            "postgres://bob:***@localhost/db"
        );
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
