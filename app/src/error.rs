//! Errors that services return, and how the web layer shows them.

use crate::validation::FieldErrors;

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
    /// Too many failed sign-ins; the message says until when.
    #[error("{message}")]
    Locked { message: String },
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
}

impl From<FieldErrors> for ServiceError {
    fn from(e: FieldErrors) -> Self {
        ServiceError::Invalid(e)
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
