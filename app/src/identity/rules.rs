//! Pure identity rules: what counts as a valid email address, password,
//! email domain or Companies House number. No database here, so all of it is unit-tested.

pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// Words that, with digits or symbols around them or repeated, make the passwords attackers
/// try first; and the 30,000 most common whole passwords (zxcvbn's list; its source is named in
/// the file). Data files, one a line.
const COMMON_WORDS: &str = include_str!("../../data/common-password-words.txt");
const COMMON_WHOLE: &str = include_str!("../../data/common-passwords.txt");

fn entries(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The common-password list as a set, built on first use (about 30,000 entries).
static COMMON: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| entries(COMMON_WHOLE).collect());

/// Checks a new password against the policy, returning the message to show. `personal` holds
/// what the password must not contain: the person's email address and their organisation's name.
pub fn check_password(password: &str, personal: &[&str]) -> Result<(), String> {
    let chars = password.chars().count();
    if chars == 0 {
        return Err("Enter a password".into());
    }
    if chars < PASSWORD_MIN_CHARS {
        return Err(format!(
            "Password must be {PASSWORD_MIN_CHARS} characters or more"
        ));
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(format!(
            "Password must be {PASSWORD_MAX_CHARS} characters or fewer"
        ));
    }
    if is_common_password(password) {
        return Err(
            "Password is too easy to guess: it is, or is built on, one of the most common passwords. Choose something else, such as three random words"
                .into(),
        );
    }
    if let Some(word) = personal_word_in(password, personal) {
        return Err(format!(
            "Password must not contain “{word}”, which is part of your email address or your organisation’s name"
        ));
    }
    Ok(())
}

/// The forms of a password an attacker's list would also try: letters for the digits and
/// symbols people swap in ("P@ssw0rd" is "password"), with trailing digits and symbols removed
/// ("monkey123456!" is "monkey").
fn guessable_forms(password: &str) -> Vec<String> {
    let lower = password.to_lowercase();
    let stripped = lower
        .trim_end_matches(|c: char| !c.is_alphabetic())
        .to_string();
    let mut forms = vec![lower.clone(), stripped.clone()];
    for base in [&lower, &stripped] {
        // "1" stands for "l" as often as for "i": try both.
        for one in ['l', 'i'] {
            let undone: String = base
                .chars()
                .map(|c| match c {
                    '@' | '4' => 'a',
                    '0' => 'o',
                    '1' | '!' => one,
                    '$' | '5' => 's',
                    '3' => 'e',
                    '7' => 't',
                    other => other,
                })
                .collect();
            forms.push(
                undone
                    .trim_end_matches(|c: char| !c.is_alphabetic())
                    .to_string(),
            );
            forms.push(undone);
        }
    }
    forms.retain(|f| !f.is_empty());
    forms.dedup();
    forms
}

fn is_common_password(password: &str) -> bool {
    let lower = password.to_lowercase();
    if guessable_forms(password)
        .iter()
        .any(|f| COMMON.contains(f.as_str()))
    {
        return true;
    }
    // One character repeated, or a run of consecutive characters ("abcdefghijkl", "123456789012").
    let bytes: Vec<char> = lower.chars().collect();
    if bytes.iter().all(|c| *c == bytes[0]) {
        return true;
    }
    let ascending = bytes
        .windows(2)
        .all(|w| (w[1] as u32) == (w[0] as u32) + 1 || (w[0] == '9' && w[1] == '0'));
    if ascending {
        return true;
    }
    // A common word repeated or padded with digits and symbols ("Password123!", "welcomewelcome1").
    let letters: String = lower
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .trim_matches(|c: char| c.is_ascii_digit())
        .to_string();
    if letters.is_empty() {
        // Only digits and symbols: treat short-alphabet passwords as guessable when they repeat.
        let digits: String = lower.chars().filter(|c| c.is_ascii_digit()).collect();
        return digits.len() == lower.len() && has_short_period(&digits);
    }
    entries(COMMON_WORDS).any(|base| letters == base || is_repetition_of(&letters, base))
        || has_short_period(&letters)
}

/// Words too general to single out a person or an organisation ("Kent Police": "kent" counts,
/// "police" does not).
const GENERAL_WORDS: &[&str] = &[
    "police",
    "constabulary",
    "service",
    "services",
    "force",
    "limited",
    "ltd",
    "plc",
    "llp",
    "group",
    "national",
    "the",
    "and",
    "for",
    "of",
    "company",
    "uk",
    "example",
    "mail",
    "email",
];

/// The first word of the person's email name or organisation name that the password contains,
/// ignoring case, spaces and punctuation.
fn personal_word_in(password: &str, personal: &[&str]) -> Option<String> {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let forms: Vec<String> = guessable_forms(password)
        .iter()
        .map(|f| squash(f))
        .chain([squash(password)])
        .collect();
    personal
        .iter()
        .flat_map(|text| {
            // The email's name, not its domain; the whole name too ("Beacon Analytics").
            let name = text.split('@').next().unwrap_or(text);
            let whole = squash(name);
            let words = name
                .split(|c: char| !c.is_alphanumeric())
                .map(squash)
                .collect::<Vec<_>>();
            std::iter::once(whole).chain(words)
        })
        .filter(|w| w.chars().count() >= 4 && !GENERAL_WORDS.contains(&w.as_str()))
        .find(|w| forms.iter().any(|f| f.contains(w.as_str())))
}

fn is_repetition_of(s: &str, base: &str) -> bool {
    !base.is_empty() && s.len().is_multiple_of(base.len()) && s == base.repeat(s.len() / base.len())
}

/// True when the string is some piece of up to four characters repeated ("abcabcabcabc").
fn has_short_period(s: &str) -> bool {
    // By characters, not bytes: "café-…" must not be sliced inside a character.
    let chars: Vec<char> = s.chars().collect();
    (1..=4).any(|p| chars.len() >= p * 3 && chars.chunks(p).all(|c| c == &chars[..p]))
}

/// Normalises and checks an email address: trimmed, lower-case, one `@`, a dotted domain.
pub fn normalise_email(input: &str) -> Result<String, String> {
    let email = input.trim().to_lowercase();
    if email.is_empty() {
        return Err("Enter an email address".into());
    }
    if email.len() > 254 {
        return Err("Email address must be 254 characters or fewer".into());
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(
            "Enter an email address in the correct format, like name@example.police.uk".into(),
        );
    };
    let domain_ok = check_domain(domain).is_ok();
    if local.is_empty() || local.contains(char::is_whitespace) || domain.contains('@') || !domain_ok
    {
        return Err(
            "Enter an email address in the correct format, like name@example.police.uk".into(),
        );
    }
    Ok(email)
}

/// The part after the `@`.
pub fn email_domain(email: &str) -> &str {
    email.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
}

/// Checks an email domain such as `kent.police.uk`.
pub fn check_domain(domain: &str) -> Result<(), String> {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if domain.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err(format!(
            "“{domain}” is not an email domain: use lower-case letters, digits and dots, like kent.police.uk"
        ));
    }
    Ok(())
}

/// Companies House numbers are 8 characters: 8 digits, or 2 letters (SC, NI, OC...) and 6
/// digits. Shorter all-digit numbers are padded with leading zeros, as Companies House does.
pub fn normalise_companies_house_number(input: &str) -> Result<String, String> {
    let n: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if n.is_empty() {
        return Err("Enter your Companies House number".into());
    }
    let all_digits = n.chars().all(|c| c.is_ascii_digit());
    if all_digits && (1..=8).contains(&n.len()) {
        return Ok(format!("{n:0>8}"));
    }
    let prefixed = n.is_ascii()
        && n.len() == 8
        && n[..2].chars().all(|c| c.is_ascii_uppercase())
        && n[2..].chars().all(|c| c.is_ascii_digit());
    if prefixed {
        return Ok(n);
    }
    Err("Enter a Companies House number of 8 characters, like 01234567 or SC123456".into())
}

/// When a lock on sign-in ends, given the times of recent failures (oldest first): any
/// `failures` failures within `window` lock further tries until `window` after the last of
/// them. None when no lock is in force at `now`.
pub fn lockout_until(
    times: &[chrono::DateTime<chrono::Utc>],
    now: chrono::DateTime<chrono::Utc>,
    failures: usize,
    window: chrono::Duration,
) -> Option<chrono::DateTime<chrono::Utc>> {
    if failures == 0 {
        return None;
    }
    times
        .windows(failures)
        .filter(|w| w[failures - 1] - w[0] <= window)
        .map(|w| w[failures - 1] + window)
        .max()
        .filter(|until| *until > now)
}

/// The network an address counts as for throttling: an IPv4 address itself, an IPv6
/// address's /64 (the block one customer gets, so rotating within it changes nothing).
pub fn network(client: &str) -> String {
    match client.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(ip) => ip.to_string(),
        Err(_) => client.to_string(),
    }
}

/// However active a session is, it ends this long after sign-in (ASVS 7.3.2): someone who
/// walks away from a signed-in browser does not leave it signed in for ever.
pub const SESSION_ABSOLUTE_HOURS: i64 = 12;

/// Whether a session that signed in at `signed_in_at` (Unix seconds; None for a session from
/// before this rule) has outlived its absolute lifetime at `now`.
pub fn session_outlived(signed_in_at: Option<i64>, now: i64) -> bool {
    match signed_in_at {
        Some(t) => now - t >= SESSION_ABSOLUTE_HOURS * 3600 || t > now + 300,
        None => true,
    }
}

/// A URL-safe slug from a name ("Avon and Somerset Constabulary" -> "avon-and-somerset-constabulary").
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Only local paths may be used as a post-sign-in destination, so a crafted link cannot send
/// someone to another site after they sign in.
pub fn safe_next(next: &str) -> Option<&str> {
    // Browsers drop tabs and newlines inside URLs, so "/\t/evil.example" would become
    // "//evil.example": only printable ASCII is accepted.
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && next.bytes().all(|b| b.is_ascii_graphic());
    ok.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_counts_by_its_64_and_ipv4_by_itself() {
        assert_eq!(network("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(network("2001:db8:1:2:ffff:1:2:3"), "2001:db8:1:2::/64");
        assert_ne!(network("2001:db8:1:3::1"), network("2001:db8:1:2::1"));
        assert_eq!(network("10.1.2.3"), "10.1.2.3");
        assert_eq!(network("::ffff:10.1.2.3"), "10.1.2.3");
        assert_eq!(network("unknown"), "unknown");
    }

    #[test]
    fn password_policy() {
        let check_password = |p: &str| super::check_password(p, &[]);
        assert!(check_password("short")
            .unwrap_err()
            .contains("12 characters"));
        assert!(check_password(&"x".repeat(129))
            .unwrap_err()
            .contains("128"));
        assert!(check_password("Password123!")
            .unwrap_err()
            .contains("too easy"));
        assert!(check_password("123456789012").is_err());
        assert!(check_password("aaaaaaaaaaaa").is_err());
        assert!(check_password("abcdefghijkl").is_err());
        assert!(check_password("welcomewelcome").is_err());
        assert!(check_password("qwertyuiop123").is_err());
        assert!(check_password("abcabcabcabc").is_err());
        assert!(check_password("").unwrap_err().contains("Enter"));
        assert!(check_password("correct horse battery").is_ok());
        assert!(check_password("lamp-kettle-orchard-7").is_ok());
        // Non-ASCII passwords are checked, not crashed on.
        assert!(check_password("café-lamp-kettle").is_ok());
        assert!(check_password("Éclair-river-42").is_ok());
        assert!(check_password("éééééééééééé").is_err());
        // 64 characters must be allowed.
        assert!(check_password(&"river stone ".repeat(6)[..64]).is_ok());
    }

    #[test]
    fn common_passwords_with_substitutions_and_trailing_digits_are_refused() {
        let check = |p: &str| super::check_password(p, &[]);
        for weak in [
            "P@ssw0rd1234",
            "P@$$w0rd!!!!",
            "monkey123456",
            "Dr@g0n2026!!",
            "sunshine2026",
            "ba$eball1234",
            "superman1234!",
            "iloveyou1234",
            "1qaz2wsx3edc",
        ] {
            let e = check(weak).unwrap_err();
            assert!(e.contains("most common passwords"), "{weak}: {e}");
        }
        for fine in [
            "lamp-kettle-orchard-7",
            "violet otter canal",
            "Heron5-quarry-mint",
        ] {
            assert!(check(fine).is_ok(), "{fine}");
        }
        // The list is the real one, tens of thousands long.
        assert!(COMMON.len() >= 30_000);
    }

    #[test]
    fn the_email_name_or_organisation_name_is_refused() {
        let personal = ["jo.bloggs@kent.police.uk", "Kent Police"];
        let e = check_password("jobloggs-secret-2026", &personal).unwrap_err();
        assert!(e.contains("“jobloggs”"), "{e}");
        let e = check_password("river-KENT-valley-9", &personal).unwrap_err();
        assert!(e.contains("“kent”"), "{e}");
        let e = check_password("Bl0ggs and more words", &personal).unwrap_err();
        assert!(e.contains("“bloggs”"), "{e}");
        // General words in a name do not count.
        assert!(check_password("police horse river", &personal).is_ok());
        let supplier = ["admin@beacon.example", "Beacon Analytics Ltd"];
        let e = check_password("my beacon analytics pw", &supplier).unwrap_err();
        assert!(e.contains("beacon"), "{e}");
    }

    #[test]
    fn emails_and_domains() {
        assert_eq!(
            normalise_email("  Jo.Bloggs@Kent.Police.UK ").unwrap(),
            "jo.bloggs@kent.police.uk"
        );
        assert!(normalise_email("nobody").is_err());
        assert!(normalise_email("a@b").is_err());
        assert!(normalise_email("a b@kent.police.uk").is_err());
        assert!(normalise_email("").unwrap_err().contains("Enter"));
        assert_eq!(email_domain("a@kent.police.uk"), "kent.police.uk");
        assert!(check_domain("kent.police.uk").is_ok());
        assert!(check_domain("Kent.police.uk").is_err());
        assert!(check_domain("kent").is_err());
        assert!(check_domain("-kent.police.uk").is_err());
    }

    #[test]
    fn companies_house_numbers() {
        assert_eq!(
            normalise_companies_house_number("1234567").unwrap(),
            "01234567"
        );
        assert_eq!(
            normalise_companies_house_number("sc123456").unwrap(),
            "SC123456"
        );
        assert_eq!(
            normalise_companies_house_number("12 34 56 78").unwrap(),
            "12345678"
        );
        assert!(normalise_companies_house_number("ABC").is_err());
        assert!(normalise_companies_house_number("123456789").is_err());
        assert!(normalise_companies_house_number("").is_err());
        assert!(normalise_companies_house_number("Aé34567").is_err());
    }

    #[test]
    fn lockout_after_five_failures_for_fifteen_minutes() {
        use chrono::{Duration, TimeZone, Utc};
        let t0 = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let at = |m: i64| t0 + Duration::minutes(m);
        let four = [at(0), at(1), at(2), at(3)];
        assert_eq!(lockout_until(&four, at(4), 5, Duration::minutes(15)), None);
        let five = [at(0), at(1), at(2), at(3), at(4)];
        assert_eq!(
            lockout_until(&five, at(5), 5, Duration::minutes(15)),
            Some(at(19))
        );
        assert_eq!(lockout_until(&five, at(19), 5, Duration::minutes(15)), None);
        // Five failures spread over more than 15 minutes do not lock.
        let spread = [at(0), at(4), at(8), at(12), at(16)];
        assert_eq!(
            lockout_until(&spread, at(17), 5, Duration::minutes(15)),
            None
        );
    }

    #[test]
    fn sessions_end_twelve_hours_after_sign_in() {
        let t0 = 1_790_000_000;
        assert!(!session_outlived(Some(t0), t0));
        assert!(!session_outlived(Some(t0), t0 + 12 * 3600 - 1));
        assert!(session_outlived(Some(t0), t0 + 12 * 3600));
        // No time recorded, or one from the future: not trusted.
        assert!(session_outlived(None, t0));
        assert!(session_outlived(Some(t0 + 3600), t0));
    }

    #[test]
    fn slugs_and_next() {
        assert_eq!(
            slugify("Avon and Somerset Constabulary"),
            "avon-and-somerset-constabulary"
        );
        assert_eq!(slugify("  Dyfed-Powys Police!"), "dyfed-powys-police");
        assert_eq!(safe_next("/admin/audit"), Some("/admin/audit"));
        assert_eq!(safe_next("//evil.example"), None);
        assert_eq!(safe_next("https://evil.example"), None);
        assert_eq!(safe_next("/\t/evil.example"), None);
        assert_eq!(safe_next("/a\nb"), None);
    }
}
