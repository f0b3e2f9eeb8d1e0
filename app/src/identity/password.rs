//! argon2id password hashing with OWASP's parameters (m=19 MiB, t=2, p=1), run on the
//! blocking pool so a hash (tens of milliseconds) never stalls the async runtime.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher() -> Argon2<'static> {
    // Params::new only refuses values outside argon2's limits; these constants are inside
    // them (unit test below), so the fallback to the crate's defaults is never taken.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Each hash takes 19 MiB and a core for tens of milliseconds: at most this many run at once,
/// so a burst of sign-ins queues instead of exhausting memory.
const MAX_CONCURRENT_HASHES: usize = 4;
static HASH_PERMITS: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(MAX_CONCURRENT_HASHES));

/// How long a request waits for a hashing slot before it gives up with 503 and Retry-After:
/// a flood of sign-ins then slows nobody down for longer than this.
const SLOT_WAIT: std::time::Duration = std::time::Duration::from_secs(3);
/// What the 503 tells the client to wait.
pub const RETRY_AFTER_SECONDS: u64 = 5;

async fn slot() -> Result<tokio::sync::SemaphorePermit<'static>, PasswordError> {
    match tokio::time::timeout(SLOT_WAIT, HASH_PERMITS.acquire()).await {
        Ok(permit) => permit.map_err(|e| PasswordError::Join(e.to_string())),
        Err(_) => {
            tracing::warn!("every password-hashing slot stayed busy: answering 503");
            Err(PasswordError::Busy)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("every password-hashing slot is busy")]
    Busy,
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("password task failed: {0}")]
    Join(String),
}

pub async fn hash(password: &str) -> Result<String, PasswordError> {
    let password = password.to_string();
    let _permit = slot().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| PasswordError::Hash(e.to_string()))
    })
    .await
    .map_err(|e| PasswordError::Join(e.to_string()))?
}

/// Checks a password against a stored hash. With no stored hash (unknown user, or an invited
/// user who has not set one) it still spends the time of a real check, so response times do
/// not reveal which email addresses have accounts.
pub async fn verify(password: &str, stored: Option<&str>) -> Result<bool, PasswordError> {
    let password = password.to_string();
    let stored = stored.map(str::to_string);
    let _permit = slot().await?;
    tokio::task::spawn_blocking(move || {
        let dummy;
        let (hash_text, real) = match &stored {
            Some(s) => (s.as_str(), true),
            None => {
                dummy = dummy_hash();
                (dummy.as_str(), false)
            }
        };
        let parsed =
            PasswordHash::new(hash_text).map_err(|e| PasswordError::Hash(e.to_string()))?;
        let ok = hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(ok && real)
    })
    .await
    .map_err(|e| PasswordError::Join(e.to_string()))?
}

fn dummy_hash() -> String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY
        .get_or_init(|| {
            let salt = SaltString::generate(&mut OsRng);
            hasher()
                .hash_password(b"not a real password", &salt)
                .map(|h| h.to_string())
                .unwrap_or_default()
        })
        .clone()
}

impl From<PasswordError> for crate::error::ServiceError {
    fn from(e: PasswordError) -> Self {
        match e {
            PasswordError::Busy => crate::error::ServiceError::Busy {
                retry_after: RETRY_AFTER_SECONDS,
            },
            other => crate::error::ServiceError::internal(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_gives_up_when_every_slot_stays_busy() {
        let held: Vec<_> = hold_every_slot().await;
        assert!(matches!(
            hash("some password here").await,
            Err(PasswordError::Busy)
        ));
        let e: crate::error::ServiceError = PasswordError::Busy.into();
        assert_eq!(e.public().status, 503);
        drop(held);
        assert!(hash("some password here").await.is_ok());
    }

    async fn hold_every_slot() -> Vec<tokio::sync::SemaphorePermit<'static>> {
        let mut held = Vec::new();
        for _ in 0..MAX_CONCURRENT_HASHES {
            held.push(HASH_PERMITS.acquire().await.unwrap());
        }
        held
    }

    #[test]
    fn owasp_parameters_are_within_argon2s_limits() {
        let params = argon2::Params::new(19 * 1024, 2, 1, None).unwrap();
        assert_eq!(params.m_cost(), 19 * 1024);
        assert_eq!(params.t_cost(), 2);
    }
}
