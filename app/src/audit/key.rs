//! The audit key: the secret the chain's HMACs and the checkpoints are signed with.
//!
//! It lives outside the database on purpose. Someone who can write to the database but does
//! not hold the key cannot recompute the chain after editing, deleting or forging an event.
//! It comes from `BLUELAMP_AUDIT_KEY` (64 hex digits) or a key file, which is created with
//! mode 0600 on first start. Back the key up apart from the database backups. Without the key,
//! `bluelamp audit verify` cannot tell a genuine log from a forged one.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use std::path::{Path, PathBuf};

/// 256 bits, as RFC 2104 recommends for HMAC-SHA-256.
const KEY_BYTES: usize = 32;

#[derive(Clone)]
pub struct AuditKey([u8; KEY_BYTES]);

// Never print the key, not even in a debug log.
impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(…)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuditKeyError {
    #[error("BLUELAMP_AUDIT_KEY must be 64 hexadecimal digits (a 256-bit key)")]
    BadEnv,
    #[error("the audit key file {path} must hold 64 hexadecimal digits (a 256-bit key)")]
    BadFile { path: PathBuf },
    #[error("cannot read the audit key file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot create the audit key file {path}: {source}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl AuditKey {
    pub const fn from_bytes(bytes: [u8; KEY_BYTES]) -> AuditKey {
        AuditKey(bytes)
    }

    fn from_hex(text: &str) -> Option<AuditKey> {
        let bytes = hex::decode(text.trim()).ok()?;
        bytes.try_into().ok().map(AuditKey)
    }

    /// The key from the environment value when it is set, otherwise from the file, which is
    /// created (mode 0600, folder created too) when it does not exist yet.
    pub fn load(env_value: Option<&str>, file: &Path) -> Result<AuditKey, AuditKeyError> {
        if let Some(value) = env_value.filter(|v| !v.trim().is_empty()) {
            return AuditKey::from_hex(value).ok_or(AuditKeyError::BadEnv);
        }
        match std::fs::read_to_string(file) {
            Ok(text) => AuditKey::from_hex(&text).ok_or_else(|| AuditKeyError::BadFile {
                path: file.to_path_buf(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => AuditKey::create(file),
            Err(source) => Err(AuditKeyError::Read {
                path: file.to_path_buf(),
                source,
            }),
        }
    }

    fn create(file: &Path) -> Result<AuditKey, AuditKeyError> {
        let err = |source| AuditKeyError::Create {
            path: file.to_path_buf(),
            source,
        };
        if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(err)?;
        }
        let mut bytes = [0u8; KEY_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let mut options = std::fs::OpenOptions::new();
        // create_new: two instances starting at once must not overwrite each other's key.
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(file) {
            Ok(mut f) => {
                use std::io::Write;
                writeln!(f, "{}", hex::encode(bytes)).map_err(err)?;
                f.sync_all().map_err(err)?;
                tracing::warn!(path = %file.display(), "created a new audit key: back it up apart from the database");
                Ok(AuditKey(bytes))
            }
            // Another instance created it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => AuditKey::load(None, file),
            Err(e) => Err(err(e)),
        }
    }

    /// HMAC-SHA-256 of length-prefixed fields, so no two different field lists give the same
    /// input; as lower-case hex.
    pub fn mac(&self, fields: &[&str]) -> String {
        hex::encode(self.hmac(fields).finalize().into_bytes())
    }

    /// Compares in constant time, so a forger learns nothing from how long a check takes.
    pub fn verify(&self, fields: &[&str], mac_hex: &str) -> bool {
        hex::decode(mac_hex).is_ok_and(|expected| self.hmac(fields).verify_slice(&expected).is_ok())
    }

    fn hmac(&self, fields: &[&str]) -> Hmac<Sha256> {
        // HMAC pads a key shorter than SHA-256's 64-byte block with zeros (RFC 2104), so
        // padding it here gives the same MAC through the infallible constructor.
        let mut block = [0u8; 64];
        block[..KEY_BYTES].copy_from_slice(&self.0);
        let mut mac = <Hmac<Sha256> as hmac::digest::KeyInit>::new(&block.into());
        for field in fields {
            mac.update(&(field.len() as u64).to_be_bytes());
            mac.update(field.as_bytes());
        }
        mac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_file_is_private_and_reused() {
        let dir = std::env::temp_dir().join(format!("bluelamp-key-{}", std::process::id()));
        let file = dir.join("audit.key");
        let _ = std::fs::remove_dir_all(&dir);
        let a = AuditKey::load(None, &file).unwrap();
        let b = AuditKey::load(None, &file).unwrap();
        assert_eq!(a.0, b.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_environment_wins_and_must_be_a_256_bit_key() {
        let file = Path::new("/nonexistent/never-read");
        let k = AuditKey::load(Some(&"ab".repeat(32)), file).unwrap();
        assert_eq!(k.0, [0xab; 32]);
        assert!(matches!(
            AuditKey::load(Some("abcd"), file),
            Err(AuditKeyError::BadEnv)
        ));
    }

    #[test]
    fn macs_depend_on_the_key_and_on_field_boundaries() {
        let k1 = AuditKey::from_bytes([1; 32]);
        let k2 = AuditKey::from_bytes([2; 32]);
        let m = k1.mac(&["ab", "c"]);
        assert!(k1.verify(&["ab", "c"], &m));
        assert_ne!(m, k2.mac(&["ab", "c"]));
        assert_ne!(m, k1.mac(&["a", "bc"]));
        assert!(!k2.verify(&["ab", "c"], &m));
    }

    #[test]
    fn zero_padding_gives_the_hmac_of_the_key_itself() {
        let k = AuditKey::from_bytes([9; 32]);
        let mut direct = Hmac::<Sha256>::new_from_slice(&[9; 32]).unwrap();
        direct.update(&1u64.to_be_bytes());
        direct.update(b"x");
        assert_eq!(k.mac(&["x"]), hex::encode(direct.finalize().into_bytes()));
    }
}
