//! Spend's use cases, one file each; `load.rs` holds the queries they share and `job.rs` the
//! import job every door (pages, the command line, the worker) runs.

mod buyers;
pub mod classification;
mod columns;
mod command_line;
pub mod dashboard;
pub mod generate;
pub mod job;
mod kinds;
pub mod lines;
pub mod load;
pub mod opportunities;
mod report;
mod rollback;
pub mod rollup;
pub mod sort;
mod suppliers;
mod systems;
mod upload;

pub use buyers::{buyer_queue, map_buyer, BuyerQueue, BuyerRow};
pub use columns::{confirm_mapping, mapping_step, Confirmed, MappingForm, MappingStep};
pub use command_line::import_file;
pub use report::{
    import_report, list_imports, progress, progress_of, ImportReport, ImportRow, TotalsCheck,
    REJECTED_PAGE,
};
pub use rollback::roll_back;
pub use suppliers::{
    list_suppliers, merge_suppliers, split_spelling, supplier_detail, SpellingRow, SupplierRow,
};
pub use systems::{
    delete_system, duplication_map, functions, register, register_csv, save_system, system,
    upload_register, FunctionGroup, ProductRow, Register, SystemRow,
};
pub use upload::{upload, NewUpload, PublisherChoice, MAX_FILE_BYTES};
