//! Spend's shared types: the states an import goes through and what a buyer name is.

use serde::{Deserialize, Serialize};

string_enum!(
    /// Where an import is. `Uploaded` waits for its column mapping to be confirmed; `Queued`
    /// and `Running` are the job; `Done` and `Failed` are ends; a done import can be
    /// `RolledBack`, which deletes its payments and keeps its report.
    ImportState {
        Uploaded => "uploaded", "Check the columns";
        Queued => "queued", "Waiting to start";
        Running => "running", "Importing";
        Done => "done", "Imported";
        Failed => "failed", "Failed";
        RolledBack => "rolled_back", "Rolled back";
    }
);

impl ImportState {
    /// The import's job has not ended: the page keeps refreshing.
    pub fn in_progress(&self) -> bool {
        matches!(self, ImportState::Queued | ImportState::Running)
    }
}

string_enum!(
    /// What a buyer name in a file is: a force (by a known name or one the national body
    /// mapped), not a force (another public body: its rows are kept, outside every force's
    /// figures), or not yet known (its rows wait in the national body's queue).
    BuyerStatus {
        Force => "force", "A police force";
        NotAForce => "not_a_force", "Not a force";
        Unknown => "unknown", "Waiting to be mapped";
    }
);

/// Progress of a running import, for the page and the island that refreshes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub state: String,
    pub state_label: String,
    pub bytes_done: i64,
    pub bytes_total: i64,
    pub rows_read: i64,
    pub finished: bool,
}

impl Progress {
    /// Whole per cent of the file read.
    pub fn percent(&self) -> i64 {
        if self.finished {
            100
        } else if self.bytes_total <= 0 {
            0
        } else {
            (self.bytes_done.saturating_mul(100) / self.bytes_total).clamp(0, 99)
        }
    }
}
