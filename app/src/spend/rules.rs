//! Spend's pure rules: one supplier however files spell it, a buyer's name matched to a force
//! through its old and variant names, and the fingerprint that keeps a payment from counting
//! twice when files overlap.

use crate::money::Money;
use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};

/// Company-form words and punctuation that do not tell two suppliers apart: "MICROSOFT
/// LIMITED", "Microsoft Ltd" and "Microsoft Ltd." are one supplier.
const COMPANY_FORMS: &[&str] = &[
    "limited",
    "ltd",
    "plc",
    "llp",
    "llc",
    "inc",
    "incorporated",
    "co",
    "company",
    "corp",
    "corporation",
    "uk",
    "gb",
    "group",
    "the",
    "t/a",
];

/// A supplier's name as a matching key: lower case, punctuation and company forms dropped,
/// "&" read as "and". Never shown; the name as published is kept beside it.
pub fn supplier_key(name: &str) -> String {
    let lowered = name.to_lowercase().replace('&', " and ");
    // Trading names: "NINIAN SOLUTIONS LTD T/A HUDDLE" is Ninian Solutions.
    let lowered = lowered
        .split(" t/a ")
        .next()
        .unwrap_or(&lowered)
        .to_string();
    let words: Vec<String> = lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let kept: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !COMPANY_FORMS.contains(w))
        .collect();
    if kept.is_empty() {
        words.join(" ")
    } else {
        kept.join(" ")
    }
}

/// Words that say what kind of body a police buyer is, not which one.
const BODY_WORDS: &[&str] = &[
    "office",
    "of",
    "the",
    "police",
    "and",
    "crime",
    "commissioner",
    "commissioners",
    "for",
    "constabulary",
    "force",
    "service",
    "authority",
    "pcc",
    "opcc",
    "fire",
    "mayor's",
    "mayors",
    "policing",
    "county",
    "chief",
    "constable",
];

/// A buyer's name as a key for matching to a force: "Hampshire Constabulary", "Avon and
/// Somerset Police Authority" and "Office of the Police and Crime Commissioner for Greater
/// Manchester" become "hampshire", "avon somerset" and "greater manchester". The 43 forces'
/// names give the same keys, so most aliases resolve without being written down.
pub fn buyer_key(name: &str) -> String {
    let lowered = name.to_lowercase().replace('&', " and ");
    lowered
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty() && !BODY_WORDS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The force a buyer name belongs to, among (force id, force name, extra known aliases), or
/// None: the row then waits in the national body's queue.
pub fn match_force<'a>(
    buyer: &str,
    forces: impl IntoIterator<Item = (i32, &'a str)>,
    aliases: impl IntoIterator<Item = (i32, &'a str)>,
) -> Option<i32> {
    let key = buyer_key(buyer);
    if key.is_empty() {
        return None;
    }
    let mut by_name: Vec<(i32, String)> = forces
        .into_iter()
        .map(|(id, n)| (id, buyer_key(n)))
        .collect();
    // "Hampshire and Isle of Wight Constabulary" was "Hampshire Constabulary": a force's key
    // also matches the first part of a longer key with "isle of wight" and the like removed.
    by_name.extend(aliases.into_iter().map(|(id, n)| (id, buyer_key(n))));
    by_name
        .iter()
        .find(|(_, k)| *k == key)
        .or_else(|| {
            by_name.iter().find(|(_, k)| {
                k.starts_with(&format!("{key} "))
                    && k.split(' ').count() <= key.split(' ').count() + 3
            })
        })
        .map(|(id, _)| *id)
}

/// Whether a buyer name that matched no force still sounds like policing (so it waits for the
/// national body) rather than another public body (a council, a hospital, a ministry).
pub fn sounds_like_police(name: &str) -> bool {
    let l = name.to_lowercase();
    [
        "police",
        "constabulary",
        "crime commissioner",
        "policing",
        "pcc",
    ]
    .iter()
    .any(|w| {
        l.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w)
            || (w.contains(' ') && l.contains(w))
    })
}

/// What identifies a payment across files.
pub struct PaymentFacts<'a> {
    pub publisher: &'a str,
    pub buyer: &'a str,
    pub paid_on: NaiveDate,
    pub supplier: &'a str,
    pub amount: Money,
    pub transaction: &'a str,
    pub description: &'a str,
}

/// What a payment's facts hash to (normalised: keys, pence, trimmed text), before its
/// occurrence is added: identical payments in one file share it and are numbered by their
/// occurrence. The first 8 bytes, as a number, are all a fingerprint keeps.
pub fn facts_hash(f: &PaymentFacts<'_>) -> u64 {
    facts_hash_keyed(
        &f.publisher.trim().to_lowercase(),
        &buyer_key(f.buyer),
        &supplier_key(f.supplier),
        f,
    )
}

/// [`facts_hash`] with the publisher, buyer and supplier already keyed: an import keys each
/// distinct name once, not once a row.
pub fn facts_hash_keyed(
    publisher_key: &str,
    buyer_key: &str,
    supplier_key: &str,
    f: &PaymentFacts<'_>,
) -> u64 {
    let mut h = Sha256::new();
    // A separator no field holds, so ("ab", "c") and ("a", "bc") differ.
    let mut part = |bytes: &[u8]| {
        h.update(bytes);
        h.update([0x1f]);
    };
    part(publisher_key.as_bytes());
    part(buyer_key.as_bytes());
    part(f.paid_on.to_string().as_bytes());
    part(supplier_key.as_bytes());
    part(f.amount.pence().to_string().as_bytes());
    part(f.transaction.trim().to_lowercase().as_bytes());
    // The description's words, lower case, one space apart.
    let mut description = String::with_capacity(f.description.len());
    for word in f.description.split_whitespace() {
        if !description.is_empty() {
            description.push(' ');
        }
        description.extend(word.chars().flat_map(char::to_lowercase));
    }
    part(description.as_bytes());
    let full: [u8; 32] = h.finalize().into();
    u64::from_be_bytes(full[..8].try_into().unwrap_or_default())
}

/// A payment date's number (days from the Common Era), first in its fingerprint.
pub fn day_number(d: NaiveDate) -> u32 {
    u32::try_from(d.num_days_from_ce()).unwrap_or(0)
}

/// A payment's fingerprint (16 bytes, unique in the database): its payment day, its facts'
/// hash and its *occurrence* among identical payments in its file. The same file imported
/// twice, or a payment in two overlapping monthly files, gives the same fingerprint (a
/// duplicate); two genuinely identical payments in one file are occurrences 1 and 2, so both
/// are kept, and re-importing that file still finds both as duplicates.
///
/// The day comes first (big-endian, as are the others) so that the index orders payments by
/// date: a monthly file's payments fall in one stretch of it, and a sorted import writes each
/// page of the index about once. Two different payments share a fingerprint only if they fall
/// on the same day and 64 bits of their hashes agree.
pub fn fingerprint(day: u32, facts: u64, occurrence: u32) -> [u8; 16] {
    let mut out = [0u8; 16];
    out[..4].copy_from_slice(&day.to_be_bytes());
    out[4..12].copy_from_slice(&facts.to_be_bytes());
    out[12..].copy_from_slice(&occurrence.to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_supplier_however_it_is_spelt() {
        let k = supplier_key("MICROSOFT LIMITED");
        assert_eq!(k, "microsoft");
        assert_eq!(supplier_key("Microsoft Ltd"), k);
        assert_eq!(supplier_key("Microsoft Ltd."), k);
        assert_eq!(supplier_key(" microsoft  (UK) ltd "), k);
        assert_eq!(
            supplier_key("NINIAN SOLUTIONS LTD T/A HUDDLE"),
            "ninian solutions"
        );
        assert_eq!(supplier_key("Marks & Spencer plc"), "marks and spencer");
        assert_ne!(
            supplier_key("Capita Business Services"),
            supplier_key("Capita IT Services")
        );
        assert_eq!(supplier_key("Ltd"), "ltd", "a name of only forms is kept");
    }

    #[test]
    fn buyer_names_resolve_to_forces() {
        let forces = [
            (1, "Hampshire and Isle of Wight Constabulary"),
            (2, "Avon and Somerset Constabulary"),
            (3, "Greater Manchester Police"),
            (4, "Metropolitan Police Service"),
            (5, "Devon and Cornwall Police"),
        ];
        let none: [(i32, &str); 0] = [];
        let m = |b: &str| match_force(b, forces, none);
        assert_eq!(m("Avon and Somerset Police Authority"), Some(2));
        assert_eq!(
            m("Office of the Police and Crime Commissioner for Greater Manchester"),
            Some(3)
        );
        assert_eq!(m("Hampshire Constabulary"), Some(1));
        assert_eq!(m("METROPOLITAN POLICE"), Some(4));
        assert_eq!(m("Devon & Cornwall Police"), Some(5));
        assert_eq!(m("Ministry of Justice"), None);
        assert_eq!(m("Police"), None);
        // An alias the national body mapped once.
        assert_eq!(match_force("MOPAC", forces, [(4, "MOPAC")]), Some(4));
        assert!(sounds_like_police("British Transport Police"));
        assert!(sounds_like_police(
            "Office of the Police and Crime Commissioner for X"
        ));
        assert!(!sounds_like_police("Kent County Council"));
        assert!(!sounds_like_police("Policy Exchange"));
    }

    #[test]
    fn a_payment_counts_once_and_repeats_in_one_file_are_kept() {
        let facts = PaymentFacts {
            publisher: "Kent Police",
            buyer: "Kent Police",
            paid_on: NaiveDate::from_ymd_opt(2024, 4, 2).unwrap(),
            supplier: "Acme Ltd",
            amount: Money::from_pence(120_000),
            transaction: "T-1",
            description: "Licences",
        };
        let fp = |f: &PaymentFacts<'_>, n| fingerprint(day_number(f.paid_on), facts_hash(f), n);
        let a = fp(&facts, 1);
        // The same payment in another file, spelt a little differently: a duplicate.
        let again = PaymentFacts {
            supplier: "ACME LIMITED",
            description: "  licences ",
            ..facts
        };
        assert_eq!(fp(&again, 1), a);
        // A second identical payment in the same file is its own payment.
        assert_ne!(fp(&facts, 2), a);
        let other = PaymentFacts {
            amount: Money::from_pence(120_001),
            ..again
        };
        assert_ne!(fp(&other, 1), a);
        // Fingerprints sort by date first.
        let later = PaymentFacts {
            paid_on: NaiveDate::from_ymd_opt(2024, 4, 3).unwrap(),
            ..facts
        };
        assert!(fp(&later, 1) > fp(&facts, 2));
    }
}
