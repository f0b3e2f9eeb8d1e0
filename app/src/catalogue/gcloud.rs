//! "Copy from G-Cloud": turn a service record from the Digital Marketplace API into a draft
//! listing.
//!
//! Most suppliers coming to Bluelamp have already written their services for G-Cloud on the
//! Digital Marketplace. Typing them in again is wasted work and lets the two copies drift
//! apart, so a supplier can paste or upload the JSON the Marketplace gives (one service, or a
//! page of search results) and get drafts to finish. Field names and spellings changed between
//! G-Cloud 4 and 13; this maps all the ones we know onto a `Listing` and says, in plain
//! sentences, what is left to do: fields G-Cloud never asks (the police facts), values with no
//! equivalent here, and anything missing. Nothing is guessed or rounded: a value that cannot
//! be taken exactly is left empty and explained.
//!
//! Pure (serde_json only), so the same code runs in the browser and on the server.

use crate::catalogue::types::{
    Clearance, DataLocation, ExportFormat, Listing, Network, PriceInterval, PriceUnit, Section,
    Standard,
};
use crate::money::{Money, MoneyError};
use serde_json::Value;
use std::collections::BTreeSet;

/// A lot of the framework being listed on, as the mapping needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LotRef<'a> {
    pub id: i32,
    pub slug: &'a str,
    pub max_categories: usize,
    /// The lot's non-retired leaf categories: id, name.
    pub categories: Vec<(i32, &'a str)>,
}

#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum GcloudError {
    /// serde_json's message, which says the line and column.
    #[error("This is not JSON as the Digital Marketplace gives it: {0}")]
    NotJson(String),
    #[error(
        "No G-Cloud services were found. Paste a service as the Digital Marketplace API gives it \
         (it has a serviceName), or a page of its search results"
    )]
    NoRecords,
    #[error("This has {found} services; copy at most {max} at a time")]
    TooMany { found: usize, max: usize },
}

/// What one record became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapped {
    /// The service's G-Cloud id ("5-G4-1270-002", "1234567890123456"), empty if it had none.
    pub source_id: String,
    /// The record's own lot: cloud-hosting, cloud-software or cloud-support; None if unknown.
    pub lot_slug: Option<&'static str>,
    pub listing: Listing,
    /// What the supplier still has to do, one sentence each, in the order of the listing's
    /// sections: "Pricing: minimum price", "About the service: categories (...)".
    pub to_complete: Vec<String>,
}

/// Keys only a service record has (wrappers and search metadata have none of them).
const RECORD_KEYS: [&str; 7] = [
    "serviceName",
    "serviceSummary",
    "serviceDescription",
    "serviceFeatures",
    "serviceBenefits",
    "lot",
    "lotSlug",
];

/// How deep wrappers may nest: [{"services": [record]}] is three levels.
const MAX_DEPTH: u8 = 4;

/// The service records in a pasted or uploaded file: a single record object,
/// `{"services": {...}}` or `{"services": [...]}`, `{"documents": [...]}` (search results), or
/// a top-level array of any of these. At most `max` records.
pub fn records(text: &str, max: usize) -> Result<Vec<Value>, GcloudError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value =
        serde_json::from_str(text).map_err(|e| GcloudError::NotJson(e.to_string()))?;
    let mut found = Vec::new();
    collect(value, &mut found, 0);
    if found.is_empty() {
        return Err(GcloudError::NoRecords);
    }
    if found.len() > max {
        return Err(GcloudError::TooMany {
            found: found.len(),
            max,
        });
    }
    Ok(found)
}

fn collect(value: Value, out: &mut Vec<Value>, depth: u8) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect(item, out, depth + 1);
            }
        }
        Value::Object(mut map) => {
            if RECORD_KEYS.iter().any(|k| map.contains_key(*k)) {
                out.push(Value::Object(map));
            } else if let Some(inner) = map.remove("services") {
                collect(inner, out, depth + 1);
            } else if let Some(inner) = map.remove("documents") {
                collect(inner, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// The record's lot, from `lot` (G-Cloud 4-8 spellings: SaaS is cloud software; IaaS and PaaS
/// are cloud hosting; SCS is cloud support; G-Cloud 9 on use the slugs themselves), else
/// `lotSlug`, else `lotName`.
pub fn lot_slug(record: &Value) -> Option<&'static str> {
    ["lot", "lotSlug", "lotName"]
        .iter()
        .filter_map(|k| record.get(*k).and_then(Value::as_str))
        .find_map(slug_of)
}

fn slug_of(raw: &str) -> Option<&'static str> {
    match norm(raw).as_str() {
        "saas" | "cloudsoftware" | "softwareasaservice" => Some("cloud-software"),
        "iaas" | "paas" | "cloudhosting" | "infrastructureasaservice" | "platformasaservice" => {
            Some("cloud-hosting")
        }
        "scs" | "cloudsupport" | "specialistcloudservices" => Some("cloud-support"),
        _ => None,
    }
}

/// Cloud support categories are not picked on G-Cloud 13: each follows from a yes/no answer.
const SUPPORT_CATEGORIES: [(&str, &str); 6] = [
    ("planningService", "Planning"),
    ("setupAndMigrationService", "Setup and migration"),
    ("QAAndTesting", "Quality assurance and performance testing"),
    ("securityTesting", "Security services"),
    ("training", "Training"),
    ("ongoingSupport", "Ongoing support"),
];

const NOT_ASKED: &str = "G-Cloud does not ask this";

/// Map one record onto the lot it will be listed on (which may differ from the record's own).
pub fn map(record: &Value, lot: &LotRef<'_>) -> Mapped {
    let mut l = Listing::default();
    let mut notes = Notes(Vec::new());

    // About the service
    l.name = answer(record, "serviceName")
        .and_then(text)
        .unwrap_or_default();
    if l.name.is_empty() {
        notes.add(Section::About, "name");
    }
    l.summary = ["serviceSummary", "serviceDescription"]
        .iter()
        .find_map(|k| answer(record, k).and_then(text))
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    if l.summary.is_empty() {
        notes.add(Section::About, "summary");
    }
    l.features = texts(answer(record, "serviceFeatures"));
    if l.features.is_empty() {
        notes.add(Section::About, "features");
    }
    l.benefits = texts(answer(record, "serviceBenefits"));
    if l.benefits.is_empty() {
        notes.add(Section::About, "benefits");
    }
    let cats = categories(record, lot);
    l.categories = cats.ids;
    if l.categories.is_empty() && cats.over == 0 {
        if cats.unmatched.is_empty() {
            notes.add(Section::About, "categories");
        } else {
            notes.because(
                Section::About,
                "categories",
                &format!(
                    "none of {} match this framework's categories",
                    list(&cats.unmatched)
                ),
            );
        }
    } else {
        if !cats.unmatched.is_empty() {
            notes.because(
                Section::About,
                "categories",
                &format!(
                    "not copied, as this framework has no such categories: {}",
                    list(&cats.unmatched)
                ),
            );
        }
        if cats.over > 0 {
            notes.because(
                Section::About,
                "categories",
                &format!(
                    "{} match, but this lot allows at most {}: only the first {} were copied",
                    l.categories.len() + cats.over,
                    lot.max_categories,
                    l.categories.len()
                ),
            );
        }
    }

    // Pricing
    match price(record, "priceMin") {
        Ok(Some(m)) => l.price_min = Some(m),
        Ok(None) => notes.add(Section::Pricing, "minimum price"),
        Err(why) => notes.because(Section::Pricing, "minimum price", &why),
    }
    match price(record, "priceMax") {
        Ok(Some(m)) => l.price_max = Some(m),
        Ok(None) => notes.add(Section::Pricing, "maximum price"),
        Err(why) => notes.because(Section::Pricing, "maximum price", &why),
    }
    match answer(record, "priceUnit").and_then(text) {
        None => notes.add(Section::Pricing, "price unit"),
        Some(raw) => {
            l.price_unit = by_name(PriceUnit::ALL, &raw, |u: &PriceUnit| {
                [u.as_str(), u.label()]
            });
            if l.price_unit.is_none() {
                notes.because(
                    Section::Pricing,
                    "price unit",
                    &format!(
                        "G-Cloud's {} is not one of the units here; if none apply choose unit",
                        quote(&raw)
                    ),
                );
            }
        }
    }
    match answer(record, "priceInterval").and_then(text) {
        None => notes.add(Section::Pricing, "price interval"),
        Some(raw) => {
            l.price_interval = by_name(PriceInterval::ALL, &raw, |i: &PriceInterval| {
                [i.as_str(), i.label()]
            });
            if l.price_interval.is_none() {
                notes.because(
                    Section::Pricing,
                    "price interval",
                    &format!("G-Cloud's {} is not one of the intervals here", quote(&raw)),
                );
            }
        }
    }
    l.vat_included = answer(record, "vatIncluded").and_then(flag);
    if l.vat_included.is_none() {
        notes.add(Section::Pricing, "whether prices include VAT");
    }
    l.free_trial = answer(record, "freeVersionTrialOption")
        .and_then(flag)
        .or_else(|| {
            // G-Cloud 4-8 asked about a free option and a trial separately.
            let old: Vec<bool> = ["freeOption", "trialOption"]
                .iter()
                .filter_map(|k| answer(record, k).and_then(flag))
                .collect();
            if old.is_empty() {
                None
            } else {
                Some(old.contains(&true))
            }
        });
    if l.free_trial.is_none() {
        notes.add(Section::Pricing, "free trial");
    }

    // Documents
    match link(record, "serviceDefinitionDocumentURL") {
        Ok(url) => l.service_definition_url = url,
        Err(why) => notes.maybe(Section::Documents, "service definition document", why),
    }
    match link(record, "termsAndConditionsDocumentURL") {
        Ok(url) => l.terms_url = url,
        Err(why) => notes.maybe(Section::Documents, "terms and conditions document", why),
    }
    match link(record, "pricingDocumentURL") {
        Ok(url) => l.pricing_url = url,
        Err(why) => notes.maybe(Section::Documents, "pricing document", why),
    }

    // Security and assurance
    l.data_location = [
        "dataStorageAndProcessingLocations",
        "datacentreLocations",
        "dataManagementLocations",
    ]
    .iter()
    .flat_map(|k| texts(answer(record, k)))
    .map(|place| location_of(&place))
    .max();
    if l.data_location.is_none() {
        notes.add(Section::Assurance, "data location");
    }
    let clearances = texts(answer(record, "governmentSecurityClearances"));
    l.clearance = clearances.iter().filter_map(|c| clearance_of(c)).max();
    if l.clearance.is_none() {
        if clearances.is_empty() {
            notes.add(Section::Assurance, "staff security clearance");
        } else {
            notes.because(
                Section::Assurance,
                "staff security clearance",
                &format!(
                    "G-Cloud's {} is not a clearance level here",
                    list(&clearances)
                ),
            );
        }
    }
    notes.because(
        Section::Assurance,
        "police vetting",
        "G-Cloud does not ask for NPPV levels",
    );
    l.standards = standards(record);
    if l.standards.is_empty() {
        notes.add(Section::Assurance, "standards and certifications");
    }
    l.networks = ["publicSectorNetworksTypes", "networksConnected"]
        .iter()
        .flat_map(|k| texts(answer(record, k)))
        .filter_map(|n| network_of(&n))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if l.networks.is_empty() {
        notes.add(Section::Assurance, "public sector networks");
    }

    // Police facts and interoperability
    l.open_api = ["APIAccess", "apiAccess", "APISoftware", "APIHosting"]
        .iter()
        .find_map(|k| answer(record, k).and_then(flag));
    if l.open_api.is_none() {
        notes.add(Section::Police, "open API");
    }
    match link(record, "APIDocumentation") {
        Ok(url) => l.api_docs_url = url,
        Err(why) => notes.maybe(Section::Police, "API documentation link", why),
    }
    l.export_formats = ["dataExportFormats", "dataExportFormatsOther"]
        .iter()
        .flat_map(|k| texts(answer(record, k)))
        .map(|f| format_of(&f))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if l.export_formats.is_empty() {
        notes.add(Section::Police, "data export formats");
    }
    l.data_extraction = answer(record, "endOfContractDataExtraction")
        .and_then(text)
        .unwrap_or_default();
    if l.data_extraction.is_empty() {
        notes.add(Section::Police, "data extraction at the end of a contract");
    }
    notes.because(Section::Police, "national systems it works with", NOT_ASKED);
    notes.because(
        Section::Police,
        "legacy functions it can replace",
        NOT_ASKED,
    );

    Mapped {
        source_id: answer(record, "id").and_then(text).unwrap_or_default(),
        lot_slug: lot_slug(record),
        listing: l,
        to_complete: notes.0,
    }
}

/// The sentences for `Mapped::to_complete`.
struct Notes(Vec<String>);

impl Notes {
    fn add(&mut self, section: Section, field: &str) {
        self.0.push(format!("{}: {field}", section.label()));
    }

    fn because(&mut self, section: Section, field: &str, why: &str) {
        self.0.push(format!("{}: {field} ({why})", section.label()));
    }

    fn maybe(&mut self, section: Section, field: &str, why: Option<String>) {
        match why {
            Some(why) => self.because(section, field, &why),
            None => self.add(section, field),
        }
    }
}

/// A field's answer. G-Cloud 6-8 wrap many answers as `{"assurance": .., "value": ..}`; this
/// unwraps them. Null is no answer.
fn answer<'a>(record: &'a Value, key: &str) -> Option<&'a Value> {
    let v = record.get(key)?;
    let v = match v {
        Value::Object(o) => o.get("value")?,
        other => other,
    };
    if v.is_null() {
        None
    } else {
        Some(v)
    }
}

/// A string trimmed, or a number in its JSON spelling; None when empty or anything else.
fn text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

/// An array's texts (empty items dropped), or a single text as a list of one.
fn texts(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items.iter().filter_map(text).collect(),
        Some(other) => text(other).into_iter().collect(),
        None => Vec::new(),
    }
}

/// A yes/no answer: a boolean, or "yes"/"no"/"true"/"false" in any case.
fn flag(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match norm(s).as_str() {
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Lower case letters and digits only ("&" read as "and"), so spellings that differ only in
/// case, punctuation or spacing compare equal.
fn norm(s: &str) -> String {
    s.replace('&', "and")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A value for a sentence: in curly quotes, cut short if long.
fn quote(s: &str) -> String {
    const LONGEST: usize = 60;
    let mut out: String = s.chars().take(LONGEST).collect();
    if s.chars().count() > LONGEST {
        out.push('…');
    }
    format!("“{out}”")
}

/// “A”, “B” and “C”.
fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

struct Categories {
    ids: Vec<i32>,
    /// Names given that are not categories of the lot.
    unmatched: Vec<String>,
    /// Matching categories dropped because the lot allows no more.
    over: usize,
}

fn categories(record: &Value, lot: &LotRef<'_>) -> Categories {
    let mut names = texts(answer(record, "serviceCategories"));
    names.extend(texts(answer(record, "serviceTypes")));
    for (key, name) in SUPPORT_CATEGORIES {
        if answer(record, key).and_then(flag) == Some(true) {
            names.push(name.to_string());
        }
    }
    let mut out = Categories {
        ids: Vec::new(),
        unmatched: Vec::new(),
        over: 0,
    };
    let mut seen: Vec<String> = Vec::new();
    for name in names {
        let key = norm(&name);
        if key.is_empty() || seen.contains(&key) {
            continue;
        }
        seen.push(key.clone());
        // A software leaf may sit under several parents: the first one with the name is taken.
        match lot.categories.iter().find(|(_, c)| norm(c) == key) {
            None => out.unmatched.push(name),
            Some((id, _)) => {
                if out.ids.contains(id) {
                    continue;
                }
                if out.ids.len() < lot.max_categories {
                    out.ids.push(*id);
                } else {
                    out.over += 1;
                }
            }
        }
    }
    out
}

/// A price, exactly: Ok(None) when there is none, Err(why) when there is one we cannot take.
fn price(record: &Value, key: &str) -> Result<Option<Money>, String> {
    let Some(raw) = answer(record, key).and_then(text) else {
        return Ok(None);
    };
    let parsed = match Money::parse(&raw) {
        // G-Cloud allows 5 decimal places; "10.50000" is still a whole number of pence.
        Err(MoneyError::TooManyDecimals) => match raw.split_once('.') {
            Some((whole, fraction)) => {
                let fraction = fraction.trim_end_matches('0');
                Money::parse(&format!("{whole}.{fraction}"))
            }
            None => Err(MoneyError::TooManyDecimals),
        },
        other => other,
    };
    match parsed {
        Ok(m) if m < Money::ZERO => Err(format!("G-Cloud's {} is below zero", quote(&raw))),
        Ok(m) => Ok(Some(m)),
        Err(MoneyError::TooManyDecimals) => Err(format!(
            "G-Cloud's {} has fractions of a penny, which are not rounded: enter it in pounds and pence",
            quote(&raw)
        )),
        Err(MoneyError::Overflow) => Err(format!("G-Cloud's {} is too large", quote(&raw))),
        Err(_) => Err(format!(
            "G-Cloud's {} is not an amount in pounds and pence",
            quote(&raw)
        )),
    }
}

/// One of an enum's values by its stored spelling or label, ignoring case and punctuation,
/// a leading "per " or "a ", and a plural "s" ("Virtual machine", "6 months", "per Users").
fn by_name<T: Copy>(all: &[T], raw: &str, spellings: fn(&T) -> [&'static str; 2]) -> Option<T> {
    let lower = raw.trim().to_lowercase();
    let bare = lower
        .strip_prefix("per ")
        .or_else(|| lower.strip_prefix("an "))
        .or_else(|| lower.strip_prefix("a "))
        .unwrap_or(lower.as_str());
    let wanted = norm(bare);
    if wanted.is_empty() {
        return None;
    }
    let find = |w: &str| {
        all.iter()
            .copied()
            .find(|t| spellings(t).iter().any(|s| norm(s) == w))
    };
    find(wanted.as_str()).or_else(|| wanted.strip_suffix('s').and_then(&find))
}

/// A web link (http or https, no spaces) from a field: Ok(link), or Err(why it was not
/// taken, when there was something to take).
fn link(record: &Value, key: &str) -> Result<String, Option<String>> {
    match answer(record, key) {
        Some(Value::String(s)) => {
            let s = s.trim();
            if s.is_empty() {
                Err(None)
            } else if is_web_link(s) {
                Ok(s.to_string())
            } else {
                Err(Some(format!("G-Cloud's {} is not a web link", quote(s))))
            }
        }
        Some(Value::Bool(true)) => Err(Some(
            "G-Cloud says there is one but gives no link".to_string(),
        )),
        _ => Err(None),
    }
}

fn is_web_link(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    matches!(rest, Some(r) if !r.is_empty()) && !s.chars().any(char::is_whitespace)
}

/// "uk" is the UK; "eea" or "EU" is the EEA; anything else (Privacy Shield, "USA - Safe
/// Harbor", "other") is outside both.
fn location_of(raw: &str) -> DataLocation {
    let n = norm(raw);
    match n.as_str() {
        "uk" | "unitedkingdom" => DataLocation::Uk,
        "eea" | "eu" | "europeaneconomicarea" | "europeanunion" | "europeanunioneu" => {
            DataLocation::Eea
        }
        _ => DataLocation::ALL
            .iter()
            .copied()
            .find(|d| n == norm(d.as_str()) || n == norm(d.label()))
            .unwrap_or(DataLocation::Other),
    }
}

/// "dv", "sc", "bpss", "none" (G-Cloud 9 on), or the words ("Developed Vetting (DV)").
fn clearance_of(raw: &str) -> Option<Clearance> {
    let n = norm(raw);
    if let Some(c) = Clearance::ALL
        .iter()
        .copied()
        .find(|c| n == norm(c.as_str()) || n == norm(c.label()))
    {
        return Some(c);
    }
    let lower = raw.to_lowercase();
    if lower.contains("developed vetting") || lower.contains("(dv)") {
        Some(Clearance::Dv)
    } else if lower.contains("security check") || lower.contains("(sc)") {
        Some(Clearance::Sc)
    } else if lower.contains("baseline personnel") || lower.contains("bpss") {
        Some(Clearance::Bpss)
    } else if n == "no" || n.starts_with("none") {
        Some(Clearance::None)
    } else {
        None
    }
}

fn standards(record: &Value) -> Vec<Standard> {
    let mut found = BTreeSet::new();
    for key in [
        "standards",
        "securityGovernanceStandards",
        "vendorCertifications",
    ] {
        found.extend(
            texts(answer(record, key))
                .iter()
                .filter_map(|s| standard_of(s)),
        );
    }
    // Yes/no questions, one per standard (G-Cloud 9 on: standardsISOIEC27001, standardsCSASTAR).
    if let Some(fields) = record.as_object() {
        for key in fields.keys() {
            if let Some(standard) = standard_field(key) {
                if answer(record, key).and_then(flag) == Some(true) {
                    found.insert(standard);
                }
            }
        }
    }
    found.into_iter().collect()
}

fn standard_field(key: &str) -> Option<Standard> {
    match norm(key).as_str() {
        "iso27001" | "isoiec27001" | "standardsiso27001" | "standardsisoiec27001" => {
            Some(Standard::Iso27001)
        }
        "cyberessentials" | "standardscyberessentials" => Some(Standard::CyberEssentials),
        "cyberessentialsplus" | "standardscyberessentialsplus" => {
            Some(Standard::CyberEssentialsPlus)
        }
        "csastar" | "standardscsastar" => Some(Standard::CsaStar),
        _ => None,
    }
}

/// A standard named in a list ("iso_iec_27001", "ISO 27001", "Cyber Essentials Plus").
fn standard_of(raw: &str) -> Option<Standard> {
    let n = norm(raw);
    if n.contains("27001") {
        Some(Standard::Iso27001)
    } else if n.contains("cyberessentialsplus")
        || (n.contains("cyberessentials") && raw.contains('+'))
    {
        Some(Standard::CyberEssentialsPlus)
    } else if n.contains("cyberessentials") {
        Some(Standard::CyberEssentials)
    } else if n.contains("csastar") {
        Some(Standard::CsaStar)
    } else {
        None
    }
}

/// PSN, PNN and HSCN by slug ("psn") or name; other networks (N3, Janet, SWAN) are not ours.
fn network_of(raw: &str) -> Option<Network> {
    let n = norm(raw);
    if let Some(net) = Network::ALL
        .iter()
        .copied()
        .find(|net| n == norm(net.as_str()) || n == norm(net.label()))
    {
        return Some(net);
    }
    if n.contains("publicservicesnetwork") || n.starts_with("psn") {
        Some(Network::Psn)
    } else if n.contains("policenationalnetwork") {
        Some(Network::Pnn)
    } else if n.contains("healthandsocialcarenetwork") {
        Some(Network::Hscn)
    } else {
        None
    }
}

/// "csv", "odf", "other", or a named format ("JSON"); anything we do not list is Other.
fn format_of(raw: &str) -> ExportFormat {
    let n = norm(raw);
    ExportFormat::ALL
        .iter()
        .copied()
        .find(|f| n == norm(f.as_str()) || n == norm(f.label()))
        .unwrap_or(ExportFormat::Other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const G5: &str =
        include_str!("../../../tests/fixtures/gcloud/buyer-frontend__g5_service_fixture.json");
    const G6: &str =
        include_str!("../../../tests/fixtures/gcloud/buyer-frontend__g6_service_fixture.json");
    const G9_SEARCH: &str = include_str!(
        "../../../tests/fixtures/gcloud/buyer-frontend__g9_search_results_fixture.json"
    );
    const SEARCH: &str =
        include_str!("../../../tests/fixtures/gcloud/buyer-frontend__search_results_fixture.json");
    const SEARCH_PAGES: &str = include_str!(
        "../../../tests/fixtures/gcloud/buyer-frontend__search_results_multiple_pages_fixture.json"
    );
    const LOTS: &str = include_str!("../../data/gcloud13-lots.txt");

    /// File, text, records in it.
    const FIXTURES: [(&str, &str, usize); 5] = [
        ("g5 service", G5, 1),
        ("g6 service", G6, 1),
        ("g9 search results", G9_SEARCH, 5),
        ("search results", SEARCH, 9),
        ("search results, multiple pages", SEARCH_PAGES, 100),
    ];

    struct TestLot {
        id: i32,
        slug: String,
        max: usize,
        categories: Vec<(i32, String)>,
    }

    /// The G-Cloud 13 lots, leaves numbered from 1 in file order.
    fn test_lots() -> Vec<TestLot> {
        let mut lots: Vec<TestLot> = Vec::new();
        let mut next_id = 1;
        for line in LOTS.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let parts: Vec<&str> = line.split('|').collect();
            match parts.as_slice() {
                ["lot", slug, _name, max, ..] => {
                    let id = i32::try_from(lots.len()).unwrap() + 1;
                    lots.push(TestLot {
                        id,
                        slug: slug.to_string(),
                        max: max.parse().unwrap(),
                        categories: Vec::new(),
                    });
                }
                ["leaf", name, ..] => {
                    lots.last_mut()
                        .unwrap()
                        .categories
                        .push((next_id, name.to_string()));
                    next_id += 1;
                }
                _ => {}
            }
        }
        assert_eq!(lots.len(), 3);
        lots
    }

    fn lot_ref(lot: &TestLot) -> LotRef<'_> {
        LotRef {
            id: lot.id,
            slug: &lot.slug,
            max_categories: lot.max,
            categories: lot
                .categories
                .iter()
                .map(|(id, name)| (*id, name.as_str()))
                .collect(),
        }
    }

    fn lot_for<'a>(lots: &'a [TestLot], slug: &str) -> &'a TestLot {
        lots.iter().find(|l| l.slug == slug).unwrap()
    }

    fn category_id(lot: &TestLot, name: &str) -> i32 {
        lot.categories.iter().find(|(_, n)| n == name).unwrap().0
    }

    /// A record's list, as the listing should hold it: items trimmed, empty ones dropped.
    fn list_of(record: &Value, key: &str) -> Vec<String> {
        record
            .get(key)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn police_facts_listed(to_complete: &[String]) {
        for needle in [
            "Security and assurance: police vetting",
            "Police facts and interoperability: national systems",
            "Police facts and interoperability: legacy functions",
        ] {
            assert!(
                to_complete.iter().any(|t| t.starts_with(needle)),
                "{needle} missing from {to_complete:?}"
            );
        }
    }

    #[test]
    fn every_fixture_record_is_found_and_mapped() {
        let lots = test_lots();
        let mut from_searches = 0;
        let mut total = 0;
        for (file, text, expected) in FIXTURES {
            let found = records(text, 1000).unwrap();
            assert_eq!(found.len(), expected, "{file}");
            total += found.len();
            if file.contains("search") {
                from_searches += found.len();
            }
            for record in &found {
                let slug = lot_slug(record)
                    .unwrap_or_else(|| panic!("{file}: no lot for {}", record["id"]));
                let mapped = map(record, &lot_ref(lot_for(&lots, slug)));
                assert_eq!(mapped.lot_slug, Some(slug));
                assert!(!mapped.source_id.is_empty(), "{file}: no id");
                let name = record["serviceName"].as_str().unwrap().trim();
                assert_eq!(mapped.listing.name, name, "{file}");
                let summary = ["serviceSummary", "serviceDescription"]
                    .iter()
                    .filter_map(|k| record.get(*k).and_then(Value::as_str))
                    .find(|s| !s.trim().is_empty());
                match summary {
                    Some(s) => {
                        assert!(!mapped.listing.summary.is_empty(), "{file}: {name}");
                        assert_eq!(
                            mapped.listing.summary,
                            s.split_whitespace().collect::<Vec<_>>().join(" ")
                        );
                    }
                    None => assert!(mapped
                        .to_complete
                        .contains(&"About the service: summary".to_string())),
                }
                assert_eq!(
                    mapped.listing.features,
                    list_of(record, "serviceFeatures"),
                    "{file}: {name}"
                );
                assert_eq!(
                    mapped.listing.benefits,
                    list_of(record, "serviceBenefits"),
                    "{file}: {name}"
                );
                police_facts_listed(&mapped.to_complete);
                let lot = lot_for(&lots, slug);
                assert!(mapped.listing.categories.len() <= lot.max);
                for id in &mapped.listing.categories {
                    assert!(lot.categories.iter().any(|(c, _)| c == id));
                }
            }
        }
        assert_eq!(from_searches, 114);
        assert_eq!(total, 116);
    }

    #[test]
    fn g6_record_field_by_field() {
        let lots = test_lots();
        let found = records(G6, 10).unwrap();
        let record = &found[0];
        assert_eq!(lot_slug(record), Some("cloud-hosting"));
        let m = map(record, &lot_ref(lot_for(&lots, "cloud-hosting")));
        assert_eq!(m.source_id, "1234567890123456");
        let l = &m.listing;
        assert_eq!(l.name, "Blogging platform");
        assert!(l
            .summary
            .starts_with("Blogging platform is a free and open-source"));
        assert_eq!(l.features.len(), 6);
        assert_eq!(l.benefits.len(), 6);
        assert_eq!(l.features[3], "24/7 support");
        // Compute and Storage are G-Cloud 6 service types with no G-Cloud 13 equivalent.
        assert!(l.categories.is_empty());
        // 85, a JSON number.
        assert_eq!(l.price_min, Some(Money::from_pence(8_500)));
        assert_eq!(l.price_max, None);
        // "Single website" is not a unit any more.
        assert_eq!(l.price_unit, None);
        assert_eq!(l.price_interval, Some(PriceInterval::Month));
        assert_eq!(l.vat_included, Some(false));
        assert_eq!(l.free_trial, Some(false));
        assert_eq!(
            l.service_definition_url,
            "https://assets.digitalmarketplace.service.gov.uk/documents/123456/1234567890123456-service-definition-document.pdf"
        );
        assert_eq!(
            l.terms_url,
            "https://assets.digitalmarketplace.service.gov.uk/documents/123456/1234567890123456-terms-and-conditions.pdf"
        );
        assert_eq!(
            l.pricing_url,
            "https://assets.digitalmarketplace.service.gov.uk/documents/123456/1234567890123456-pricing-document.pdf"
        );
        // UK and "USA - Safe Harbor", wrapped in assurance objects: the furthest wins.
        assert_eq!(l.data_location, Some(DataLocation::Other));
        // G-Cloud 6 did not ask about government clearance.
        assert_eq!(l.clearance, None);
        assert_eq!(l.vetting, None);
        assert!(l.standards.is_empty());
        assert!(l.networks.is_empty());
        assert_eq!(l.open_api, Some(false));
        assert_eq!(l.api_docs_url, "");
        assert!(l.export_formats.is_empty());
        assert_eq!(l.data_extraction, "");
        assert!(l.works_with.is_empty());
        assert!(l.can_replace.is_empty());

        assert_eq!(
            m.to_complete,
            vec![
                "About the service: categories (none of “Compute” and “Storage” match this framework's categories)",
                "Pricing: maximum price",
                "Pricing: price unit (G-Cloud's “Single website” is not one of the units here; if none apply choose unit)",
                "Security and assurance: staff security clearance",
                "Security and assurance: police vetting (G-Cloud does not ask for NPPV levels)",
                "Security and assurance: standards and certifications",
                "Security and assurance: public sector networks",
                "Police facts and interoperability: API documentation link",
                "Police facts and interoperability: data export formats",
                "Police facts and interoperability: data extraction at the end of a contract",
                "Police facts and interoperability: national systems it works with (G-Cloud does not ask this)",
                "Police facts and interoperability: legacy functions it can replace (G-Cloud does not ask this)",
            ]
        );
    }

    #[test]
    fn g5_record_keeps_http_links_and_the_number_price() {
        let lots = test_lots();
        let found = records(G5, 10).unwrap();
        let m = map(&found[0], &lot_ref(lot_for(&lots, "cloud-hosting")));
        assert_eq!(m.source_id, "5-G2-0123-456");
        assert_eq!(m.lot_slug, Some("cloud-hosting"));
        assert_eq!(m.listing.price_min, Some(Money::from_pence(8_500)));
        assert!(m
            .listing
            .pricing_url
            .starts_with("http://assets-production"));
        assert_eq!(m.listing.free_trial, Some(false));
        assert_eq!(m.listing.data_location, None);
        assert!(m
            .to_complete
            .contains(&"Security and assurance: data location".to_string()));
    }

    #[test]
    fn a_g_cloud_13_record_maps_every_field() {
        let lots = test_lots();
        let software = lot_for(&lots, "cloud-software");
        let record = json!({
            "id": "123456789012345",
            "lot": "cloud-software",
            "serviceName": "  Case manager ",
            "serviceDescription": "Manages   cases\n for forces.",
            "serviceFeatures": [" Search ", "", "Audit"],
            "serviceBenefits": ["Faster"],
            "serviceCategories": ["Case management", "case-management", "Data management"],
            "priceMin": "1234.5",
            "priceMax": "10.50000",
            "priceUnit": "Virtual machine",
            "priceInterval": "6 months",
            "freeVersionTrialOption": true,
            "serviceDefinitionDocumentURL": "https://example.com/definition.pdf",
            "termsAndConditionsDocumentURL": "ftp://example.com/terms.pdf",
            "pricingDocumentURL": "HTTP://example.com/pricing.pdf",
            "dataStorageAndProcessingLocations": ["uk", "eea"],
            "governmentSecurityClearances": "Developed Vetting (DV)",
            "publicSectorNetworksTypes": ["psn", "janet", "hscn", "pnn"],
            "standardsISOIEC27001": true,
            "standardsCSASTAR": false,
            "cyberEssentialsPlus": "yes",
            "securityGovernanceStandards": ["iso_iec_27001", "csa_ccm"],
            "APISoftware": true,
            "APIDocumentation": "https://docs.example.com/api",
            "dataExportFormats": ["csv", "other"],
            "dataExportFormatsOther": ["JSON"],
            "endOfContractDataExtraction": " Export everything as CSV. "
        });
        assert_eq!(lot_slug(&record), Some("cloud-software"));
        let m = map(&record, &lot_ref(software));
        let l = &m.listing;
        assert_eq!(m.source_id, "123456789012345");
        assert_eq!(l.name, "Case manager");
        assert_eq!(l.summary, "Manages cases for forces.");
        assert_eq!(l.features, vec!["Search", "Audit"]);
        assert_eq!(l.benefits, vec!["Faster"]);
        assert_eq!(l.categories, vec![category_id(software, "Case management")]);
        assert_eq!(l.price_min, Some(Money::from_pence(123_450)));
        assert_eq!(l.price_max, Some(Money::from_pence(1_050)));
        assert_eq!(l.price_unit, Some(PriceUnit::VirtualMachine));
        assert_eq!(l.price_interval, Some(PriceInterval::SixMonths));
        assert_eq!(l.vat_included, None);
        assert_eq!(l.free_trial, Some(true));
        assert_eq!(
            l.service_definition_url,
            "https://example.com/definition.pdf"
        );
        assert_eq!(l.terms_url, "");
        assert_eq!(l.pricing_url, "HTTP://example.com/pricing.pdf");
        assert_eq!(l.data_location, Some(DataLocation::Eea));
        assert_eq!(l.clearance, Some(Clearance::Dv));
        assert_eq!(
            l.standards,
            vec![Standard::Iso27001, Standard::CyberEssentialsPlus]
        );
        assert_eq!(l.networks, vec![Network::Psn, Network::Pnn, Network::Hscn]);
        assert_eq!(l.open_api, Some(true));
        assert_eq!(l.api_docs_url, "https://docs.example.com/api");
        assert_eq!(
            l.export_formats,
            vec![ExportFormat::Csv, ExportFormat::Json, ExportFormat::Other]
        );
        assert_eq!(l.data_extraction, "Export everything as CSV.");
        assert_eq!(
            m.to_complete,
            vec![
                "About the service: categories (not copied, as this framework has no such categories: “Data management”)",
                "Pricing: whether prices include VAT",
                "Documents: terms and conditions document (G-Cloud's “ftp://example.com/terms.pdf” is not a web link)",
                "Security and assurance: police vetting (G-Cloud does not ask for NPPV levels)",
                "Police facts and interoperability: national systems it works with (G-Cloud does not ask this)",
                "Police facts and interoperability: legacy functions it can replace (G-Cloud does not ask this)",
            ]
        );
    }

    #[test]
    fn sub_penny_prices_are_left_empty_and_reported() {
        let lots = test_lots();
        // Parsed from text so the test itself holds no float.
        let record: Value = serde_json::from_str(
            r#"{"serviceName": "Metered", "lot": "cloud-software", "priceMin": "0.00125", "priceMax": 12.34567}"#,
        )
        .unwrap();
        let m = map(&record, &lot_ref(lot_for(&lots, "cloud-software")));
        assert_eq!(m.listing.price_min, None);
        assert_eq!(m.listing.price_max, None);
        assert!(m.to_complete.contains(
            &"Pricing: minimum price (G-Cloud's “0.00125” has fractions of a penny, which are not rounded: enter it in pounds and pence)"
                .to_string()
        ));
        assert!(m
            .to_complete
            .iter()
            .any(|t| t.starts_with("Pricing: maximum price (")
                && t.contains("12.34567")
                && t.contains("fractions of a penny")));
    }

    #[test]
    fn categories_are_capped_and_the_rest_reported() {
        let lots = test_lots();
        let software = lot_for(&lots, "cloud-software");
        let found = records(G9_SEARCH, 10).unwrap();
        let mut lot = lot_ref(software);
        lot.max_categories = 2;
        let m = map(&found[0], &lot);
        assert_eq!(
            m.listing.categories,
            vec![
                category_id(software, "Applications"),
                category_id(software, "Business process management (BPM)"),
            ]
        );
        // The two parents in the search document are not leaves.
        assert!(m.to_complete.contains(
            &"About the service: categories (not copied, as this framework has no such categories: “Information and communications technology (ICT)” and “Operations management”)"
                .to_string()
        ));
        assert!(m.to_complete.contains(
            &"About the service: categories (4 match, but this lot allows at most 2: only the first 2 were copied)"
                .to_string()
        ));
    }

    #[test]
    fn support_categories_follow_from_the_yes_no_answers() {
        let lots = test_lots();
        let support = lot_for(&lots, "cloud-support");
        let record = json!({
            "serviceName": "Move to cloud",
            "lot": "cloud-support",
            "planningService": true,
            "setupAndMigrationService": false,
            "training": true
        });
        let m = map(&record, &lot_ref(support));
        assert_eq!(
            m.listing.categories,
            vec![
                category_id(support, "Planning"),
                category_id(support, "Training")
            ]
        );
    }

    #[test]
    fn lots_from_every_spelling() {
        for (lot, slug) in [
            ("SaaS", Some("cloud-software")),
            ("saas", Some("cloud-software")),
            ("IaaS", Some("cloud-hosting")),
            ("PaaS", Some("cloud-hosting")),
            ("iaas", Some("cloud-hosting")),
            ("SCS", Some("cloud-support")),
            ("cloud-hosting", Some("cloud-hosting")),
            ("cloud-software", Some("cloud-software")),
            ("cloud-support", Some("cloud-support")),
            ("digital-outcomes", None),
        ] {
            assert_eq!(lot_slug(&json!({ "lot": lot })), slug, "{lot}");
        }
        assert_eq!(
            lot_slug(&json!({ "lotSlug": "cloud-support" })),
            Some("cloud-support")
        );
        assert_eq!(lot_slug(&json!({ "serviceName": "x" })), None);
    }

    #[test]
    fn clearance_and_location_spellings() {
        assert_eq!(clearance_of("sc"), Some(Clearance::Sc));
        assert_eq!(clearance_of("BPSS"), Some(Clearance::Bpss));
        assert_eq!(clearance_of("none"), Some(Clearance::None));
        assert_eq!(clearance_of("Security Check (SC)"), Some(Clearance::Sc));
        assert_eq!(clearance_of("Developed Vetting (DV)"), Some(Clearance::Dv));
        assert_eq!(clearance_of("maybe"), None);
        assert_eq!(location_of("UK"), DataLocation::Uk);
        assert_eq!(location_of("EU"), DataLocation::Eea);
        assert_eq!(location_of("eea"), DataLocation::Eea);
        assert_eq!(location_of("privacy_shield"), DataLocation::Other);
    }

    #[test]
    fn every_file_shape_is_read() {
        let one = json!({ "serviceName": "A", "lot": "SaaS" });
        for (text, count) in [
            (one.to_string(), 1),
            (json!({ "services": one.clone() }).to_string(), 1),
            (
                json!({ "services": [one.clone(), one.clone()] }).to_string(),
                2,
            ),
            (
                json!([one.clone(), one.clone(), one.clone()]).to_string(),
                3,
            ),
            (
                json!({ "documents": [one.clone()], "meta": {} }).to_string(),
                1,
            ),
            (format!("\u{feff}{one}"), 1),
        ] {
            assert_eq!(records(&text, 10).unwrap().len(), count, "{text}");
        }
    }

    #[test]
    fn bad_input_is_refused_with_reasons() {
        match records("services: none", 10) {
            Err(e @ GcloudError::NotJson(_)) => assert!(e.to_string().contains("line")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(records("", 10), Err(GcloudError::NotJson(_))));
        assert_eq!(records("{}", 10), Err(GcloudError::NoRecords));
        assert_eq!(records("[]", 10), Err(GcloudError::NoRecords));
        assert_eq!(
            records(r#"{"documents": []}"#, 10),
            Err(GcloudError::NoRecords)
        );
        assert_eq!(records("42", 10), Err(GcloudError::NoRecords));
        assert_eq!(
            records(SEARCH_PAGES, 99),
            Err(GcloudError::TooMany {
                found: 100,
                max: 99
            })
        );
        assert_eq!(records(SEARCH_PAGES, 100).map(|r| r.len()), Ok(100));
        assert!(GcloudError::TooMany {
            found: 100,
            max: 99
        }
        .to_string()
        .contains("99"));
    }
}
