//! Errors that services return, and the one policy for showing them.
//!
//! Every door (pages, `/api/v1`, and the `#[server]` functions islands call) turns a
//! [`ServiceError`] into what the public sees through [`ServiceError::public`], so a failure
//! means the same thing whichever door it came through:
//!
//! | error | status | what the person sees | logged |
//! | --- | --- | --- | --- |
//! | `Invalid(fields)` | 422 | pages: the form again, GOV.UK error summary and inline messages, typed values kept; API: `fields` | no: it is the person's input |
//! | `Forbidden` | 403 | "You do not have permission" (a signed-out visitor to a page is sent to sign in instead) | no |
//! | `NotFound` | 404 | "Page not found" | no |
//! | `Conflict(message)` | 409 | the message, which says what to do (pages show it on the page it is about) | no |
//! | `Gone(notice)` | 410 | the notice (a withdrawn or suspended service): pages draw it, the API sends it | no |
//! | `Locked { message }` | 429 | the message, naming when to try again | no: the service audits it |
//! | `Busy { retry_after }` | 503 + `Retry-After` | pages: the error page; API: the JSON shape | no: it is load, logged as a warning by the hashing pool |
//! | `Db`, `Internal` | 500 | "Sorry, there is a problem with the service" and never the detail | yes, at error level, with the detail |
//!
//! Pages split the first group ("show the form again") from real failures with
//! [`crate::web::outcome`]; the API writes [`PublicError`] as JSON.

use crate::validation::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Input that failed validation: shown on the form, field by field.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    #[error("you do not have permission to do that")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// A rule of the service forbids this now (e.g. approving an already approved supplier).
    #[error("{0}")]
    Conflict(String),
    /// The record existed and is no longer available (a withdrawn or suspended service); the
    /// notice says why.
    #[error("{0}")]
    Gone(String),
    /// Too many failed sign-ins; the message says until when.
    #[error("{message}")]
    Locked { message: String },
    /// Too much work queued (every password-hashing slot busy for seconds): try again shortly.
    #[error("the service is busy: try again in {retry_after} seconds")]
    Busy { retry_after: u64 },
    #[cfg(feature = "ssr")]
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        ServiceError::Invalid(FieldErrors::single(field, message))
    }

    /// An unexpected failure of something outside Bluelamp's rules (a library, the file
    /// system): its detail is logged, never shown.
    pub fn internal(e: impl std::fmt::Display) -> Self {
        ServiceError::Internal(e.to_string())
    }

    /// How long a client should wait before trying again, for errors that say so (503).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ServiceError::Busy { retry_after } => Some(*retry_after),
            _ => None,
        }
    }

    /// What the public may see of this error, by the policy at the top of this module.
    /// Real failures are logged here, once, with their detail.
    pub fn public(&self) -> PublicError {
        let (status, error, fields) = match self {
            ServiceError::Invalid(fields) => (422, "invalid input".to_string(), fields.0.clone()),
            ServiceError::Forbidden => (403, "forbidden".to_string(), vec![]),
            ServiceError::NotFound => (404, "not found".to_string(), vec![]),
            ServiceError::Conflict(m) => (409, m.clone(), vec![]),
            ServiceError::Gone(notice) => (410, notice.clone(), vec![]),
            ServiceError::Locked { message } => (429, message.clone(), vec![]),
            ServiceError::Busy { retry_after } => (
                503,
                format!("The service is busy: try again in {retry_after} seconds"),
                vec![],
            ),
            #[cfg(feature = "ssr")]
            ServiceError::Db(_) => (500, INTERNAL.to_string(), vec![]),
            ServiceError::Internal(_) => (500, INTERNAL.to_string(), vec![]),
        };
        if status == 500 {
            #[cfg(feature = "ssr")]
            tracing::error!(error = %self, "request failed");
        }
        PublicError {
            status,
            error,
            fields,
        }
    }
}

const INTERNAL: &str = "internal error";

/// An error as the public sees it: the API's JSON body (`{"error", "fields"}`) and its status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicError {
    #[serde(skip)]
    pub status: u16,
    pub error: String,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub fields: Vec<FieldError>,
}

impl From<FieldErrors> for ServiceError {
    fn from(e: FieldErrors) -> Self {
        ServiceError::Invalid(e)
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
