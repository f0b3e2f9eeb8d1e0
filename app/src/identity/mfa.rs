//! The pieces of multi-factor authentication that need no database: TOTP codes (RFC 6238,
//! with totp-rs), the QR code for an authenticator app (qrcode, as SVG), recovery codes.

use rand::RngCore;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// 30-second steps, 6 digits, SHA-1: what every authenticator app supports (RFC 6238 defaults).
const STEP_SECONDS: u64 = 30;
/// One step either side, for clocks a little out and codes typed near a step's end.
const SKEW: u16 = 1;
pub const RECOVERY_CODES: usize = 10;
const ISSUER: &str = "Bluelamp";

/// A new secret: 160 random bits (RFC 4226 recommends 160), base32 as apps expect.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::new_stack(bytes).to_base32()
}

fn totp(secret: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret).ok()?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(SKEW)
        .with_step_duration(STEP_SECONDS)
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', ""))
        .build()
        .ok()
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_url(secret: &str, account: &str) -> String {
    totp(secret, account)
        .and_then(|t| t.to_url().ok())
        .unwrap_or_default()
}

/// The QR code as an SVG element, drawn dark on light with a quiet zone, sized by CSS.
pub fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .dark_color(qrcode::render::svg::Color("#0b0c0c"))
            .light_color(qrcode::render::svg::Color("#ffffff"))
            .build(),
        Err(_) => String::new(),
    }
}

/// The secret in groups of four, for typing into an app by hand.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    Wrong,
    /// Right, but for a step already used: a replayed code.
    Replayed,
}

/// The time step a code is for, if it is right now and newer than the last one accepted.
pub fn accepted_step(
    secret: &str,
    code: &str,
    now_unix: u64,
    last_step: Option<i64>,
) -> Result<i64, CodeProblem> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(CodeProblem::Wrong);
    }
    let totp = totp(secret, "").ok_or(CodeProblem::Wrong)?;
    let step = totp.check(&code, now_unix).ok_or(CodeProblem::Wrong)? as i64;
    match last_step {
        Some(last) if step <= last => Err(CodeProblem::Replayed),
        _ => Ok(step),
    }
}

/// Whether what was typed looks like a six-digit code (else it is tried as a recovery code).
pub fn looks_like_totp(code: &str) -> bool {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit())
}

/// Ten codes like `k3m9-x2qp-7hfw-…`: 24 characters from an alphabet of 31 without look-alikes,
/// 118 random bits each. ASVS 6.5.2 asks for a password hash only below 112 bits, so a
/// SHA-256 of each is enough to store.
pub fn new_recovery_codes() -> Vec<String> {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..RECOVERY_CODES)
        .map(|_| {
            // gen_range samples without modulo bias, so every character carries log2(31) bits.
            let chars: Vec<char> = (0..24)
                .map(|_| ALPHABET[rand::rngs::OsRng.gen_range(0..ALPHABET.len())] as char)
                .collect();
            chars
                .chunks(4)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// Recovery codes are stored as the SHA-256 of their letters, ignoring case, spaces and dashes.
pub fn recovery_code_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect();
    hex::encode(Sha256::digest(normal.as_bytes()))
}

/// Codes for tests and tools: the code an app would show at a time.
pub fn code_at(secret: &str, unix: u64) -> Option<String> {
    totp(secret, "").map(|t| t.generate(unix).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_test_vector() {
        // RFC 6238 appendix B, SHA-1: the secret "12345678901234567890" at 59 s is 94287082
        // (8 digits); its last six digits are what a six-digit app shows.
        let secret = Secret::new_stack(*b"12345678901234567890").to_base32();
        assert_eq!(code_at(&secret, 59).unwrap(), "287082");
        assert_eq!(code_at(&secret, 1111111109).unwrap(), "081804");
    }

    #[test]
    fn a_code_is_accepted_once_within_one_step_either_side() {
        let s = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&s, now).unwrap();
        let step = accepted_step(&s, &code, now, None).unwrap();
        assert_eq!(step as u64, now / 30);
        assert_eq!(
            accepted_step(&s, &code, now, Some(step)),
            Err(CodeProblem::Replayed)
        );
        // Typed with a space, 30 s late: still fine the first time.
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(accepted_step(&s, &spaced, now + 30, None).is_ok());
        // Two minutes late: wrong.
        assert_eq!(
            accepted_step(&s, &code, now + 120, None),
            Err(CodeProblem::Wrong)
        );
        assert_eq!(
            accepted_step(&s, "abcdef", now, None),
            Err(CodeProblem::Wrong)
        );
    }

    #[test]
    fn recovery_codes_are_distinct_and_hash_forgivingly() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 10);
        assert_eq!(codes[0].len(), 29);
        assert!(24.0 * 31f64.log2() >= 112.0);
        assert_eq!(
            recovery_code_hash(&codes[0]),
            recovery_code_hash(&codes[0].to_uppercase().replace('-', " "))
        );
        assert!(!looks_like_totp(&codes[0]));
        assert!(looks_like_totp("123 456"));
    }

    #[test]
    fn the_qr_code_is_an_svg_of_the_otpauth_address() {
        let url = otpauth_url(&new_secret(), "jo@npto.example");
        assert!(
            url.starts_with("otpauth://totp/Bluelamp:jo%40npto.example?"),
            "{url}"
        );
        assert!(qr_svg(&url).contains("<svg"));
    }
}
