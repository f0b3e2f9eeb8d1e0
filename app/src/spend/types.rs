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

string_enum!(
    /// What a payment's money does. Legacy maintenance keeps existing systems running (their
    /// support, maintenance and licence renewals, and any run spend on systems that are
    /// legacy or out of support); new technology grows and transforms (new systems,
    /// projects, migrations, cloud services replacing legacy ones). A payment no rule
    /// matches, and no force has overridden, is unclassified and waits in its force's queue.
    SpendClass {
        Legacy => "legacy", "Legacy maintenance";
        New => "new", "New technology";
        Unclassified => "unclassified", "Unclassified";
    }
);

/// Progress of a running import, for the page and the island that refreshes it. An import
/// reads its file (the first half of the bar), then writes its payments (the second).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub state: String,
    pub state_label: String,
    pub bytes_done: i64,
    pub bytes_total: i64,
    pub rows_read: i64,
    /// Rows imported, found to be duplicates or rejected.
    pub rows_written: i64,
    pub finished: bool,
}

impl Progress {
    fn reading(&self) -> bool {
        self.bytes_done < self.bytes_total || self.rows_read == 0
    }

    /// Whole per cent of the work done.
    pub fn percent(&self) -> i64 {
        if self.finished {
            100
        } else if self.bytes_total <= 0 {
            0
        } else if self.reading() {
            (self.bytes_done.saturating_mul(50) / self.bytes_total).clamp(0, 49)
        } else {
            (50 + self.rows_written.saturating_mul(50) / self.rows_read).clamp(50, 99)
        }
    }

    /// The bar in words, for everyone (screen readers included).
    pub fn words(&self) -> String {
        let n = |v: i64| crate::money::group_thousands(v.max(0) as u64);
        if self.finished {
            format!("Finished: {} rows read", n(self.rows_read))
        } else if self.reading() {
            format!(
                "{}% done: reading the file, {} rows so far",
                self.percent(),
                n(self.rows_read)
            )
        } else {
            format!(
                "{}% done: writing, {} of {} rows",
                self.percent(),
                n(self.rows_written),
                n(self.rows_read)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_half_while_reading_and_half_while_writing() {
        let mut p = Progress {
            bytes_total: 1000,
            bytes_done: 500,
            rows_read: 10_000,
            ..Progress::default()
        };
        assert_eq!(p.percent(), 25);
        assert_eq!(p.words(), "25% done: reading the file, 10,000 rows so far");
        p.bytes_done = 1000;
        p.rows_read = 20_000;
        p.rows_written = 15_000;
        assert_eq!(p.percent(), 87);
        assert_eq!(p.words(), "87% done: writing, 15,000 of 20,000 rows");
        p.rows_written = 20_000;
        assert_eq!(p.percent(), 99, "not finished until the import says so");
        p.finished = true;
        assert_eq!(p.percent(), 100);
    }
}
