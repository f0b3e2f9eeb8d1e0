//! Catalogue search's pure parts: the words a service is indexed by (`text`), what a buyer
//! typed (`query`), and the filters with their G-Cloud semantics (`facets`). The database
//! work is in `service/search.rs` and `service/search_index.rs`.

pub mod facets;
pub mod query;
pub mod request;
pub mod text;
