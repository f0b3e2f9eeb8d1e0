//! The audit log: every change writes an event in the same transaction, the national body
//! reads and filters it, and tampering with the chain is caught by verify.

mod chain;
mod log;

use sea_orm::{EntityTrait, QueryOrder};

pub(crate) async fn actions_logged(db: &app::db::Db) -> Vec<String> {
    app::audit::entity::audit_event::Entity::find()
        .order_by_asc(app::audit::entity::audit_event::Column::Id)
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}
