//! How a page handler reads a service's answer: done, "show the form again with these
//! errors", or a real failure. Every area's handlers use this one split, so a validation
//! error is never a 500 and a database failure is never shown as a form message.

use super::AppError;
use crate::error::ServiceError;
use crate::validation::FieldErrors;

/// A service result, as a page handler needs it.
pub enum Outcome<T> {
    /// It worked: redirect (post/redirect/get) or show the result.
    Done(T),
    /// The input was wrong: show the same form again, values kept, with these messages (422).
    Invalid(FieldErrors),
    /// A rule refused it now (a conflict, or sign-in locked): a message for the person,
    /// shown on the page it is about.
    Problem(String),
}

/// Splits a service result: [`Outcome`] for what the page shows, `Err` for what becomes an
/// error page (403, 404, 500) by the policy in [`crate::error`].
pub fn outcome<T>(r: Result<T, ServiceError>) -> Result<Outcome<T>, AppError> {
    match r {
        Ok(v) => Ok(Outcome::Done(v)),
        Err(ServiceError::Invalid(e)) => Ok(Outcome::Invalid(e)),
        Err(ServiceError::Conflict(m)) | Err(ServiceError::Locked { message: m }) => {
            Ok(Outcome::Problem(m))
        }
        Err(e) => Err(e.into()),
    }
}
