//! The web plumbing every area's handlers use: application state, the request context
//! (who is signed in, the CSP nonce, the session), page rendering, the split of service
//! results into pages ([`outcome`]) and error pages.
pub mod context;
pub mod error;
pub mod outcome;
pub mod render;
pub mod state;

pub use context::Ctx;
pub use error::{AppError, PageResult};
pub use outcome::{outcome, Outcome};
pub use state::AppState;
