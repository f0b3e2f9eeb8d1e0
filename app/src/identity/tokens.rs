//! Random tokens for invitation links.

use base64::Engine;
use rand::RngCore;

/// 256 bits from the OS generator, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
