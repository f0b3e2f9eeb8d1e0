//! The catalogue's use cases, one file each; `load.rs` holds the queries they share.

mod applications;
mod browse;
mod compare;
mod frameworks;
mod import;
mod listings;
mod lists;
pub mod load;
mod projects;
mod record;
pub mod register;
mod review;
mod search;
pub mod search_index;
pub mod search_memory;
pub mod search_words;

pub use applications::{
    application_by_id, application_for, decide_application, list_applications, save_application,
    supplier_applications,
};
pub use browse::{
    lot_services, public_service, public_suppliers, supplier_page, LotPage, PublicSupplier,
    PAGE_SIZE,
};
pub use compare::{comparable, compare};
pub use frameworks::{
    create_framework, framework_detail, insert_framework, list_frameworks, move_to_next_stage,
    open_frameworks, update_framework,
};
pub use import::{import_gcloud, MAX_BYTES, MAX_RECORDS};
pub use listings::{
    discard_edit, lots_to_list_on, save_section, service_record, service_versions, start_draft,
    start_edit, submit_service, supplier_services, withdraw_service, ServiceRecord,
};
pub use lists::{change_category, change_question, change_term};
pub use projects::{
    assess, end_search, list_contracts, list_projects, open_projects, project, record_for_export,
    record_outcome, save_search,
};
pub use record::{record_csv, record_xlsx};
pub use review::{
    review_case, review_queue, review_service, suspend_service, suspend_supplier, ReviewCase,
};
pub use search::{
    search, suggest, FacetCounts, FacetOption, Hit, Relaxed, SearchRequest, SearchResult, Sort,
    Suggestion, RESULTS_PER_PAGE,
};
