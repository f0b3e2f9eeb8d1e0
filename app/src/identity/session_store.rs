//! A tower-sessions store over sea-orm, so sessions live in Bluelamp's own database on both
//! SQLite and PostgreSQL (tower-sessions-sqlx-store would pull in a second, clashing sqlx).

use super::entity::web_session;
use crate::db::Db;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};
use tower_sessions::SessionStore;

/// The session key holding the signed-in user's id.
pub const USER_ID_KEY: &str = "user_id";
/// The session key holding when the person signed in (Unix seconds), for the absolute lifetime.
pub const SIGNED_IN_AT_KEY: &str = "signed_in_at";
/// The session key holding a one-time success message.
pub const FLASH_KEY: &str = "flash";

/// Writes go through [`Db::write`], so on SQLite they queue behind the application's own
/// writing transactions instead of racing them.
#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Deletes expired sessions; the server runs this every few minutes.
    pub async fn delete_expired(&self) -> std::result::Result<u64, sea_orm::DbErr> {
        let txn = self.db.write().await?;
        let res = web_session::Entity::delete_many()
            .filter(web_session::Column::ExpiresAt.lt(Utc::now()))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(res.rows_affected)
    }
}

fn to_chrono(t: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(t.unix_timestamp(), t.nanosecond()).unwrap_or_else(Utc::now)
}

fn backend(e: sea_orm::DbErr) -> Error {
    Error::Backend(e.to_string())
}

fn columns(record: &Record) -> Result<(Option<i32>, String, DateTime<Utc>)> {
    let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
    let user_id = record
        .data
        .get(USER_ID_KEY)
        .and_then(|v| v.as_i64())
        .and_then(|v| i32::try_from(v).ok());
    Ok((user_id, data, to_chrono(record.expiry_date)))
}

#[async_trait]
impl SessionStore for DbSessionStore {
    /// Inserts a new session, choosing a fresh id in the (astronomically unlikely) case that
    /// the random one is already taken, so one session can never overwrite another.
    async fn create(&self, record: &mut Record) -> Result<()> {
        let (user_id, data, expires_at) = columns(record)?;
        let txn = self.db.write().await.map_err(backend)?;
        while web_session::Entity::find_by_id(record.id.to_string())
            .one(&*txn)
            .await
            .map_err(backend)?
            .is_some()
        {
            record.id = Id::default();
        }
        web_session::Entity::insert(web_session::ActiveModel {
            id: Set(record.id.to_string()),
            user_id: Set(user_id),
            data: Set(data),
            expires_at: Set(expires_at),
        })
        .exec_without_returning(&*txn)
        .await
        .map_err(backend)?;
        txn.commit().await.map_err(backend)
    }

    /// Updates an existing session only. A session deleted meanwhile (signed out elsewhere,
    /// password changed, user disabled) stays deleted even if a request that loaded it
    /// before then finishes afterwards.
    async fn save(&self, record: &Record) -> Result<()> {
        let (user_id, data, expires_at) = columns(record)?;
        let txn = self.db.write().await.map_err(backend)?;
        web_session::Entity::update_many()
            .col_expr(web_session::Column::UserId, user_id.into())
            .col_expr(web_session::Column::Data, data.into())
            .col_expr(web_session::Column::ExpiresAt, expires_at.into())
            .filter(web_session::Column::Id.eq(record.id.to_string()))
            .exec(&*txn)
            .await
            .map_err(backend)?;
        txn.commit().await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(row) = web_session::Entity::find_by_id(id.to_string())
            .filter(web_session::Column::ExpiresAt.gt(Utc::now()))
            .one(&self.db.conn)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(row.expires_at.timestamp())
            .map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        let txn = self.db.write().await.map_err(backend)?;
        web_session::Entity::delete_by_id(id.to_string())
            .exec(&*txn)
            .await
            .map_err(backend)?;
        txn.commit().await.map_err(backend)
    }
}
