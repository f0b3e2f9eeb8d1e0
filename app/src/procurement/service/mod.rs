//! Shared procurements' use cases, one file each; `load.rs` holds the queries they share.
//! Bids are read in `bids.rs` alone (sealed until the deadline).

pub mod awarding;
pub mod bids;
pub mod evaluate;
mod join;
pub mod load;
pub mod moderate;
pub mod notify;
pub mod open_data;
mod publish;
mod questions;
pub(crate) mod raise;
mod settings;
pub mod views;

pub use bids::{opened_bids, OpenedBid, OwnBid, Saved};
pub use join::{join, withdraw, JoinForm};
pub use publish::{amend, publish};
pub use questions::{answer, ask, AnswerForm};
pub use raise::{add_collaborator, cancel, create_draft, open_to_join, save_draft};
pub use settings::{move_demo_clock, set_tender_period, tender_period};
pub use views::{
    detail, my_procurements, opportunities, opportunity_detail, Detail, ListRow, MyProcurements,
    OpportunityDetail, OpportunityFilter, OpportunityRow,
};

use crate::db::WriteTxn;
use crate::error::ServiceResult;
use crate::procurement::entity::procurement_event;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, Set};

/// Adds a line to a procurement's timeline, inside the change's transaction. The message is
/// read by everyone who can see the procurement: never a bid's content or a question's asker.
async fn event(
    txn: &WriteTxn,
    procurement_id: i32,
    at: DateTime<Utc>,
    kind: &str,
    message: String,
    organisation_id: Option<i32>,
) -> ServiceResult<()> {
    procurement_event::ActiveModel {
        procurement_id: Set(procurement_id),
        at: Set(at),
        kind: Set(kind.to_string()),
        message: Set(message),
        organisation_id: Set(organisation_id),
        ..Default::default()
    }
    .insert(&**txn)
    .await?;
    Ok(())
}
