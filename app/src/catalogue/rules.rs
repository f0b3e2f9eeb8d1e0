//! The catalogue's pure rules: a framework's stage from its dates, the G-Cloud 13 limits on a
//! listing, each section's form read into a listing (one validator, used for forms, for the
//! task list and for submitting), the clearance and vetting ladders, the lifecycle moves, and
//! the differences between two versions.

use super::types::*;
use crate::money::Money;
use crate::validation::FieldErrors;
use chrono::NaiveDate;

/// G-Cloud 13's limits (the Digital Marketplace's JSON schemas): every text limit is N words
/// and 10 x N characters.
pub const NAME_MAX_CHARS: usize = 100;
pub const SUMMARY_MAX_WORDS: usize = 50;
pub const LIST_MAX_ITEMS: usize = 10;
pub const ITEM_MAX_WORDS: usize = 10;
pub const EXTRACTION_MAX_WORDS: usize = 200;
pub const URL_MAX_CHARS: usize = 2000;
pub const REASON_MAX_CHARS: usize = 2000;

/// A framework's stage on a day: applications open on one date, the framework goes live on
/// the next and expires on the last.
pub fn stage(
    applications_open: NaiveDate,
    goes_live: NaiveDate,
    expires: NaiveDate,
    today: NaiveDate,
) -> FrameworkStage {
    if today >= expires {
        FrameworkStage::Expired
    } else if today >= goes_live {
        FrameworkStage::Live
    } else if today >= applications_open {
        FrameworkStage::Open
    } else {
        FrameworkStage::Coming
    }
}

/// Reads the framework form: a name, a description and three dates in order.
pub fn check_framework(
    form: &FrameworkForm,
) -> Result<(NaiveDate, NaiveDate, NaiveDate), FieldErrors> {
    let mut e = FieldErrors::new();
    let name = form.name.trim();
    if name.is_empty() {
        e.add("name", "Enter the framework's name");
    } else if name.chars().count() > 100 {
        e.add("name", "Name must be 100 characters or fewer");
    }
    if form.description.trim().is_empty() {
        e.add("description", "Enter a description of the framework");
    } else if form.description.chars().count() > 2000 {
        e.add(
            "description",
            "Description must be 2000 characters or fewer",
        );
    }
    let mut date = |field: &str, what: &str, value: &str| match NaiveDate::parse_from_str(
        value.trim(),
        "%Y-%m-%d",
    ) {
        Ok(d) => Some(d),
        Err(_) if value.trim().is_empty() => {
            e.add(field, format!("Enter the date {what}"));
            None
        }
        Err(_) => {
            e.add(
                field,
                format!("The date {what} must be a real date, like 2027-04-01"),
            );
            None
        }
    };
    let open = date(
        "applications_open",
        "applications open",
        &form.applications_open,
    );
    let live = date("goes_live", "the framework goes live", &form.goes_live);
    let expires = date("expires", "the framework expires", &form.expires);
    if let (Some(o), Some(l)) = (open, live) {
        if l <= o {
            e.add(
                "goes_live",
                "The date the framework goes live must be after applications open",
            );
        }
    }
    if let (Some(l), Some(x)) = (live, expires) {
        if x <= l {
            e.add(
                "expires",
                "The date the framework expires must be after it goes live",
            );
        }
    }
    match (open, live, expires) {
        (Some(o), Some(l), Some(x)) if e.is_empty() => Ok((o, l, x)),
        _ => Err(e),
    }
}

/// A service whose staff hold `have` meets a buyer's need for `need`: DV counts as SC and
/// BPSS, SC as BPSS.
pub fn clearance_meets(have: Clearance, need: Clearance) -> bool {
    have >= need
}

/// The same ladder for police vetting: NPPV 3 counts as 2 and 1.
pub fn vetting_meets(have: Vetting, need: Vetting) -> bool {
    have >= need
}

/// Standards a service holds, with what they imply: Cyber Essentials Plus includes Cyber
/// Essentials.
pub fn standards_held(listed: &[Standard]) -> Vec<Standard> {
    let mut held: Vec<Standard> = listed.to_vec();
    if held.contains(&Standard::CyberEssentialsPlus) && !held.contains(&Standard::CyberEssentials) {
        held.push(Standard::CyberEssentials);
    }
    held.sort();
    held.dedup();
    held
}

/// A service's lifecycle, as moves from one status to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// The supplier sends its draft or edit for review.
    Submit,
    /// The national body publishes a submitted version.
    Publish,
    /// The national body returns a submitted version with comments.
    Return,
    /// The national body suspends a published service.
    Suspend,
    /// The national body lifts a suspension.
    Reinstate,
    /// The supplier withdraws its service for good.
    Withdraw,
    /// The supplier starts an edit of a published service.
    StartEdit,
    /// The supplier abandons an edit (the live version stays).
    DiscardEdit,
}

/// Whether `m` may happen to a service in `status` whose working version (if any) is in
/// `working`. The services check this inside their transactions.
pub fn allowed(m: Move, status: ServiceStatus, working: Option<VersionState>) -> bool {
    use ServiceStatus as S;
    use VersionState as V;
    match m {
        Move::Submit => {
            matches!(status, S::Draft | S::Published)
                && matches!(working, Some(V::Draft | V::Returned))
        }
        Move::Publish | Move::Return => {
            matches!(status, S::Draft | S::Published) && working == Some(V::Submitted)
        }
        Move::Suspend => status == S::Published,
        Move::Reinstate => status == S::Suspended,
        Move::Withdraw => matches!(status, S::Draft | S::Published | S::Suspended),
        Move::StartEdit => status == S::Published && working.is_none(),
        Move::DiscardEdit => {
            status == S::Published && matches!(working, Some(V::Draft | V::Returned))
        }
    }
}

/// What a listing may pick from: its lot's categories and the national body's lists. Retired
/// entries stay valid on a listing that already has them, and are not offered for new ones.
#[derive(Clone, Debug, Default)]
pub struct Choices {
    pub max_categories: usize,
    /// (id, name, parent name, retired)
    pub categories: Vec<(i32, String, Option<String>, bool)>,
    /// (id, kind, name, retired)
    pub terms: Vec<(i32, TermKind, String, bool)>,
}

impl Choices {
    fn category_ok(&self, id: i32, before: &[i32]) -> bool {
        self.categories
            .iter()
            .any(|(c, _, _, retired)| *c == id && (!retired || before.contains(&id)))
    }

    fn term_ok(&self, id: i32, kind: TermKind, before: &[i32]) -> bool {
        self.terms
            .iter()
            .any(|(t, k, _, retired)| *t == id && *k == kind && (!retired || before.contains(&id)))
    }

    pub fn category_name(&self, id: i32) -> String {
        self.categories
            .iter()
            .find(|(c, ..)| *c == id)
            .map(|(_, n, p, _)| match p {
                Some(p) => format!("{p}: {n}"),
                None => n.clone(),
            })
            .unwrap_or_else(|| format!("Category {id} (removed)"))
    }

    pub fn term_name(&self, id: i32) -> String {
        self.terms
            .iter()
            .find(|(t, ..)| *t == id)
            .map(|(_, _, n, _)| n.clone())
            .unwrap_or_else(|| format!("Entry {id} (removed)"))
    }
}

pub fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A text answer limited to `max_words` words and 10 x that many characters.
fn check_text(
    e: &mut FieldErrors,
    field: &str,
    what: &str,
    value: &str,
    required: &str,
    max_words: usize,
) {
    if value.is_empty() {
        e.add(field, required);
    } else if words(value) > max_words {
        e.add(field, format!("{what} must be {max_words} words or fewer"));
    } else if value.chars().count() > max_words * 10 {
        e.add(
            field,
            format!("{what} must be {} characters or fewer", max_words * 10),
        );
    }
}

/// A list typed one item a line: 1 to 10 items of up to 10 words and 100 characters.
fn read_list(
    e: &mut FieldErrors,
    field: &str,
    singular: &str,
    plural: &str,
    text: &str,
) -> Vec<String> {
    let items: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    if items.is_empty() {
        e.add(field, format!("Enter at least one {singular}, one a line"));
    } else if items.len() > LIST_MAX_ITEMS {
        e.add(
            field,
            format!(
                "Enter no more than {LIST_MAX_ITEMS} {plural} (you entered {})",
                items.len()
            ),
        );
    } else if let Some((i, _)) = items
        .iter()
        .enumerate()
        .find(|(_, item)| words(item) > ITEM_MAX_WORDS)
    {
        e.add(
            field,
            format!(
                "{} {} must be {ITEM_MAX_WORDS} words or fewer",
                capitalise(singular),
                i + 1
            ),
        );
    } else if let Some((i, _)) = items
        .iter()
        .enumerate()
        .find(|(_, item)| item.chars().count() > ITEM_MAX_WORDS * 10)
    {
        e.add(
            field,
            format!(
                "{} {} must be {} characters or fewer",
                capitalise(singular),
                i + 1,
                ITEM_MAX_WORDS * 10
            ),
        );
    }
    items
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn read_url(e: &mut FieldErrors, field: &str, required: Option<&str>, value: &str) -> String {
    let v = value.trim();
    if v.is_empty() {
        if let Some(message) = required {
            e.add(field, message);
        }
    } else if v.chars().count() > URL_MAX_CHARS {
        e.add(
            field,
            format!("Link must be {URL_MAX_CHARS} characters or fewer"),
        );
    } else if !is_web_link(v) {
        e.add(
            field,
            "Enter a link that starts with https:// or http://, like https://www.example.co.uk/service.pdf",
        );
    }
    v.to_string()
}

/// An http or https link with a host and no spaces: what a buyer can follow.
pub fn is_web_link(v: &str) -> bool {
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !v.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

fn read_yes_no(e: &mut FieldErrors, field: &str, message: &str, value: &str) -> Option<bool> {
    match value {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            e.add(field, message);
            None
        }
    }
}

fn read_one<T: Copy>(
    e: &mut FieldErrors,
    field: &str,
    message: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    let v = parse(value);
    if v.is_none() {
        e.add(field, message);
    }
    v
}

fn read_many<T: Copy + Ord>(
    e: &mut FieldErrors,
    field: &str,
    what: &str,
    values: Vec<&str>,
    parse: fn(&str) -> Option<T>,
) -> Vec<T> {
    let mut out = Vec::new();
    for v in values {
        match parse(v) {
            Some(x) => out.push(x),
            None => e.add(field, format!("Select {what} from the list")),
        }
    }
    out.sort();
    out.dedup();
    out
}

fn read_ids(
    e: &mut FieldErrors,
    field: &str,
    what: &str,
    values: Vec<&str>,
    ok: impl Fn(i32) -> bool,
) -> Vec<i32> {
    let mut out = Vec::new();
    for v in values {
        match v.parse::<i32>() {
            Ok(id) if ok(id) => {
                if !out.contains(&id) {
                    out.push(id)
                }
            }
            _ => e.add(field, format!("Select {what} from the list")),
        }
    }
    out
}

fn read_money(e: &mut FieldErrors, field: &str, what: &str, value: &str) -> Option<Money> {
    if value.trim().is_empty() {
        return None;
    }
    match Money::parse(value) {
        Ok(m) if m < Money::ZERO => {
            e.add(field, format!("{what} must be £0 or more"));
            None
        }
        Ok(m) => Some(m),
        Err(err) => {
            e.add(field, format!("{what}: {err}"));
            None
        }
    }
}

/// Reads one section's form into `listing`: every field is checked, and on any error the
/// listing is left as it was (nothing half-saved). `before` is the listing as stored, so
/// retired categories and entries it already has stay valid.
pub fn apply_section(
    section: Section,
    form: &Pairs,
    listing: &mut Listing,
    choices: &Choices,
) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    let mut next = listing.clone();
    match section {
        Section::About => {
            let name = form
                .one("name")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if name.is_empty() {
                e.add("name", "Enter the service name");
            } else if name.chars().count() > NAME_MAX_CHARS {
                e.add(
                    "name",
                    format!("Service name must be {NAME_MAX_CHARS} characters or fewer"),
                );
            }
            let summary = form
                .one("summary")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            check_text(
                &mut e,
                "summary",
                "Summary",
                &summary,
                "Enter a summary of the service",
                SUMMARY_MAX_WORDS,
            );
            let features = read_list(
                &mut e,
                "features",
                "feature",
                "features",
                form.one("features"),
            );
            let benefits = read_list(
                &mut e,
                "benefits",
                "benefit",
                "benefits",
                form.one("benefits"),
            );
            let categories = read_ids(
                &mut e,
                "categories",
                "categories",
                form.all("categories"),
                |id| choices.category_ok(id, &listing.categories),
            );
            if categories.is_empty() && e.get("categories").is_none() {
                e.add("categories", "Select at least one category");
            } else if categories.len() > choices.max_categories {
                e.add(
                    "categories",
                    format!(
                        "Select no more than {} categories (you selected {})",
                        choices.max_categories,
                        categories.len()
                    ),
                );
            }
            next.name = name;
            next.summary = summary;
            next.features = features;
            next.benefits = benefits;
            next.categories = categories;
        }
        Section::Pricing => {
            let min = read_money(&mut e, "price_min", "Minimum price", form.one("price_min"));
            if form.one("price_min").trim().is_empty() {
                e.add("price_min", "Enter the minimum price");
            }
            let max = read_money(&mut e, "price_max", "Maximum price", form.one("price_max"));
            if let (Some(lo), Some(hi)) = (min, max) {
                if hi < lo {
                    e.add(
                        "price_max",
                        "Maximum price must be the same as or more than the minimum price",
                    );
                }
            }
            next.price_min = min;
            next.price_max = max;
            next.price_unit = read_one(
                &mut e,
                "price_unit",
                "Select the unit the price is for",
                form.one("price_unit"),
                PriceUnit::parse,
            );
            next.price_interval = match form.one("price_interval") {
                "" | "none" => None,
                v => read_one(
                    &mut e,
                    "price_interval",
                    "Select how often the price is charged, or no interval",
                    v,
                    PriceInterval::parse,
                ),
            };
            next.vat_included = read_yes_no(
                &mut e,
                "vat_included",
                "Select whether the prices include VAT",
                form.one("vat_included"),
            );
            next.free_trial = read_yes_no(
                &mut e,
                "free_trial",
                "Select whether there is a free version or trial",
                form.one("free_trial"),
            );
        }
        Section::Documents => {
            next.service_definition_url = read_url(
                &mut e,
                "service_definition_url",
                Some("Enter the link to the service definition document"),
                form.one("service_definition_url"),
            );
            next.terms_url = read_url(
                &mut e,
                "terms_url",
                Some("Enter the link to the terms and conditions"),
                form.one("terms_url"),
            );
            next.pricing_url = read_url(
                &mut e,
                "pricing_url",
                Some("Enter the link to the pricing document"),
                form.one("pricing_url"),
            );
        }
        Section::Assurance => {
            next.data_location = read_one(
                &mut e,
                "data_location",
                "Select where the service stores and processes data",
                form.one("data_location"),
                DataLocation::parse,
            );
            next.clearance = read_one(
                &mut e,
                "clearance",
                "Select the highest security clearance the service's staff hold",
                form.one("clearance"),
                Clearance::parse,
            );
            next.vetting = read_one(
                &mut e,
                "vetting",
                "Select the highest police vetting level the service's staff hold",
                form.one("vetting"),
                Vetting::parse,
            );
            next.standards = read_many(
                &mut e,
                "standards",
                "standards",
                form.all("standards"),
                Standard::parse,
            );
            next.networks = read_many(
                &mut e,
                "networks",
                "networks",
                form.all("networks"),
                Network::parse,
            );
        }
        Section::Police => {
            next.open_api = read_yes_no(
                &mut e,
                "open_api",
                "Select whether the service has an open API",
                form.one("open_api"),
            );
            next.api_docs_url = read_url(
                &mut e,
                "api_docs_url",
                (next.open_api == Some(true)).then_some("Enter the link to the API documentation"),
                form.one("api_docs_url"),
            );
            if next.open_api == Some(false) {
                next.api_docs_url.clear();
            }
            next.export_formats = read_many(
                &mut e,
                "export_formats",
                "formats",
                form.all("export_formats"),
                ExportFormat::parse,
            );
            if next.export_formats.is_empty() && e.get("export_formats").is_none() {
                e.add(
                    "export_formats",
                    "Select at least one format buyers can export data in",
                );
            }
            let extraction = form.one("data_extraction").trim().to_string();
            check_text(
                &mut e,
                "data_extraction",
                "How buyers get their data out",
                &extraction,
                "Describe how buyers get their data out at the end of the contract",
                EXTRACTION_MAX_WORDS,
            );
            next.data_extraction = extraction;
            next.works_with = read_ids(
                &mut e,
                "works_with",
                "national systems",
                form.all("works_with"),
                |id| choices.term_ok(id, TermKind::NationalSystem, &listing.works_with),
            );
            next.can_replace = read_ids(
                &mut e,
                "can_replace",
                "functions",
                form.all("can_replace"),
                |id| choices.term_ok(id, TermKind::LegacyFunction, &listing.can_replace),
            );
        }
    }
    e.into_result()?;
    *listing = next;
    Ok(())
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

/// A section of a stored listing as its form's fields: the form shows what is saved, and
/// [`check_section`] runs the same reading over it.
pub fn section_pairs(section: Section, l: &Listing) -> Pairs {
    let mut p = Pairs::default();
    match section {
        Section::About => {
            p.push("name", l.name.clone());
            p.push("summary", l.summary.clone());
            p.push("features", l.features.join("\n"));
            p.push("benefits", l.benefits.join("\n"));
            for c in &l.categories {
                p.push("categories", c.to_string());
            }
        }
        Section::Pricing => {
            p.push(
                "price_min",
                l.price_min
                    .map(|m| m.decimal().to_string())
                    .unwrap_or_default(),
            );
            p.push(
                "price_max",
                l.price_max
                    .map(|m| m.decimal().to_string())
                    .unwrap_or_default(),
            );
            p.push("price_unit", l.price_unit.map(|u| u.as_str()).unwrap_or(""));
            p.push(
                "price_interval",
                l.price_interval.map(|u| u.as_str()).unwrap_or(""),
            );
            p.push("vat_included", yes_no(l.vat_included));
            p.push("free_trial", yes_no(l.free_trial));
        }
        Section::Documents => {
            p.push("service_definition_url", l.service_definition_url.clone());
            p.push("terms_url", l.terms_url.clone());
            p.push("pricing_url", l.pricing_url.clone());
        }
        Section::Assurance => {
            p.push(
                "data_location",
                l.data_location.map(|v| v.as_str()).unwrap_or(""),
            );
            p.push("clearance", l.clearance.map(|v| v.as_str()).unwrap_or(""));
            p.push("vetting", l.vetting.map(|v| v.as_str()).unwrap_or(""));
            for s in &l.standards {
                p.push("standards", s.as_str());
            }
            for n in &l.networks {
                p.push("networks", n.as_str());
            }
        }
        Section::Police => {
            p.push("open_api", yes_no(l.open_api));
            p.push("api_docs_url", l.api_docs_url.clone());
            for f in &l.export_formats {
                p.push("export_formats", f.as_str());
            }
            p.push("data_extraction", l.data_extraction.clone());
            for t in &l.works_with {
                p.push("works_with", t.to_string());
            }
            for t in &l.can_replace {
                p.push("can_replace", t.to_string());
            }
        }
    }
    p
}

/// Where a section stands, for the task list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionStatus {
    NotStarted,
    Incomplete,
    Completed,
}

/// What is still wrong with one section of a stored listing (empty: complete).
pub fn check_section(section: Section, listing: &Listing, choices: &Choices) -> FieldErrors {
    let mut copy = listing.clone();
    match apply_section(
        section,
        &section_pairs(section, listing),
        &mut copy,
        choices,
    ) {
        Ok(()) => FieldErrors::new(),
        Err(e) => e,
    }
}

pub fn section_status(section: Section, listing: &Listing, choices: &Choices) -> SectionStatus {
    if check_section(section, listing, choices).is_empty() {
        return SectionStatus::Completed;
    }
    let blank = section_pairs(section, &Listing::default());
    if section_pairs(section, listing) == blank {
        SectionStatus::NotStarted
    } else {
        SectionStatus::Incomplete
    }
}

/// Every section's problems: empty when the listing can be submitted.
pub fn check_listing(listing: &Listing, choices: &Choices) -> Vec<(Section, FieldErrors)> {
    Section::ALL
        .iter()
        .map(|s| (*s, check_section(*s, listing, choices)))
        .filter(|(_, e)| !e.is_empty())
        .collect()
}

/// "£4.50 to £6.00 a user a month", as the Digital Marketplace showed prices.
pub fn price_text(
    min: Option<Money>,
    max: Option<Money>,
    unit: Option<PriceUnit>,
    interval: Option<PriceInterval>,
) -> String {
    let Some(min) = min else {
        return String::new();
    };
    let mut s = min.to_string();
    if let Some(max) = max.filter(|m| *m != min) {
        s.push_str(&format!(" to {max}"));
    }
    if let Some(u) = unit {
        s.push_str(&format!(" {} {}", article(u.label()), u.label()));
    }
    if let Some(i) = interval {
        s.push_str(&format!(" {} {}", article(i.label()), i.label()));
    }
    s
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o']) || word.starts_with("hour") {
        "an"
    } else if word.starts_with(char::is_numeric) {
        "every"
    } else {
        "a"
    }
}

fn listed<T>(items: &[T], show: impl Fn(&T) -> String) -> String {
    items.iter().map(show).collect::<Vec<_>>().join("; ")
}

fn opt<T>(v: Option<T>, show: impl Fn(T) -> String) -> String {
    v.map(show).unwrap_or_default()
}

/// Each field of a listing as a reader sees it (label, text), in page order: the diff of two
/// versions compares these.
pub fn readable(l: &Listing, c: &Choices) -> Vec<(&'static str, String)> {
    let yn = |v: Option<bool>| opt(v, |b| if b { "Yes".into() } else { "No".into() });
    vec![
        ("Service name", l.name.clone()),
        ("Summary", l.summary.clone()),
        ("Features", listed(&l.features, |s| s.clone())),
        ("Benefits", listed(&l.benefits, |s| s.clone())),
        (
            "Categories",
            listed(&l.categories, |id| c.category_name(*id)),
        ),
        (
            "Price",
            price_text(l.price_min, l.price_max, l.price_unit, l.price_interval),
        ),
        ("Prices include VAT", yn(l.vat_included)),
        ("Free version or trial", yn(l.free_trial)),
        ("Service definition", l.service_definition_url.clone()),
        ("Terms and conditions", l.terms_url.clone()),
        ("Pricing document", l.pricing_url.clone()),
        ("Data location", opt(l.data_location, |v| v.label().into())),
        (
            "Staff security clearance",
            opt(l.clearance, |v| v.label().into()),
        ),
        ("Police vetting", opt(l.vetting, |v| v.label().into())),
        ("Standards", listed(&l.standards, |v| v.label().into())),
        ("Networks", listed(&l.networks, |v| v.label().into())),
        ("Open API", yn(l.open_api)),
        ("API documentation", l.api_docs_url.clone()),
        (
            "Data export formats",
            listed(&l.export_formats, |v| v.label().into()),
        ),
        ("End-of-contract data extraction", l.data_extraction.clone()),
        (
            "Works with national systems",
            listed(&l.works_with, |id| c.term_name(*id)),
        ),
        ("Can replace", listed(&l.can_replace, |id| c.term_name(*id))),
    ]
}

/// What changed from `before` to `after`, field by field.
pub fn diff(before: &Listing, after: &Listing, c: &Choices) -> Vec<FieldChange> {
    readable(before, c)
        .into_iter()
        .zip(readable(after, c))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, a), (_, b))| FieldChange {
            field,
            before: a,
            after: b,
        })
        .collect()
}

/// How many services a buyer compares at once: four columns still fit a laptop's screen.
pub const COMPARE_MAX: usize = 4;

/// What a change to the compare basket did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasketChange {
    Added,
    AlreadyThere,
    Removed,
    /// Refused: the basket already holds [`COMPARE_MAX`].
    Full,
}

/// Adds a service to the basket, at the end, unless it is there or the basket is full.
pub fn basket_add(basket: &mut Vec<i32>, id: i32) -> BasketChange {
    if basket.contains(&id) {
        BasketChange::AlreadyThere
    } else if basket.len() >= COMPARE_MAX {
        BasketChange::Full
    } else {
        basket.push(id);
        BasketChange::Added
    }
}

/// The rows of a comparison from each column's (label, value) fields; `None` is a column whose
/// service has gone. A row differs when the services still there do not all say the same, and
/// at least two are there.
pub fn compare_rows(columns: &[Option<Vec<(String, String)>>]) -> Vec<CompareRow> {
    let Some(first) = columns.iter().flatten().next() else {
        return Vec::new();
    };
    first
        .iter()
        .enumerate()
        .map(|(i, (label, _))| {
            let values: Vec<String> = columns
                .iter()
                .map(|c| {
                    c.as_ref()
                        .and_then(|f| f.get(i))
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect();
            let present: Vec<&String> = columns
                .iter()
                .zip(&values)
                .filter(|(c, _)| c.is_some())
                .map(|(_, v)| v)
                .collect();
            let differs = present.len() > 1 && present.iter().any(|v| *v != present[0]);
            CompareRow {
                label: label.clone(),
                values,
                differs,
            }
        })
        .collect()
}

/// The most services a search may find and still be ended: the record a buyer can fairly
/// assess (the Digital Marketplace's rule, kept).
pub const RECORD_MAX: u64 = 30;
const PROJECT_NAME_MAX: usize = 100;
const ASSESSMENT_MAX: usize = 10_000;
const REASON_MAX: usize = 2_000;
const REFERENCE_MAX: usize = 60;

/// A project's name, tidied: required, at most 100 characters.
pub fn project_name(raw: &str) -> Result<String, FieldErrors> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut e = FieldErrors::new();
    if name.is_empty() {
        e.add("name", "Enter a name for the new project");
    } else if name.chars().count() > PROJECT_NAME_MAX {
        e.add(
            "name",
            format!("The project name must be {PROJECT_NAME_MAX} characters or fewer"),
        );
    }
    if e.is_empty() {
        Ok(name)
    } else {
        Err(e)
    }
}

/// The assessment: required, at most 10,000 characters.
pub fn assessment(raw: &str) -> Result<String, FieldErrors> {
    let text = raw.trim().replace("\r\n", "\n");
    let mut e = FieldErrors::new();
    if text.is_empty() {
        e.add(
            "assessment",
            "Enter how you assessed the services in the record",
        );
    } else if text.chars().count() > ASSESSMENT_MAX {
        e.add(
            "assessment",
            format!("The assessment must be {ASSESSMENT_MAX} characters or fewer"),
        );
    }
    if e.is_empty() {
        Ok(text)
    } else {
        Err(e)
    }
}

pub use crate::validation::date_from_parts;

/// Reads an outcome form. `record` is the frozen record's service ids: an award names one.
pub fn outcome_terms(form: &OutcomeForm, record: &[i32]) -> Result<OutcomeTerms, FieldErrors> {
    let mut e = FieldErrors::new();
    let reason = |e: &mut FieldErrors, label: &str| {
        let r = form.reason.trim().to_string();
        if r.is_empty() {
            e.add("reason", format!("Enter why {label}"));
        } else if r.chars().count() > REASON_MAX {
            e.add(
                "reason",
                format!("The reason must be {REASON_MAX} characters or fewer"),
            );
        }
        r
    };
    let terms = match ProjectOutcome::parse(&form.outcome) {
        None => {
            e.add("outcome", "Select how the project ended");
            None
        }
        Some(ProjectOutcome::NoSuitable) => Some(OutcomeTerms::NoSuitable {
            reason: reason(&mut e, "no service was suitable"),
        }),
        Some(ProjectOutcome::Cancelled) => Some(OutcomeTerms::Cancelled {
            reason: reason(&mut e, "the project was cancelled"),
        }),
        Some(ProjectOutcome::Awarded) => {
            let service_id = form.service.trim().parse::<i32>().ok();
            if record.is_empty() {
                e.add(
                    "outcome",
                    "The record has no services, so nothing can be awarded",
                );
            } else if !service_id.is_some_and(|id| record.contains(&id)) {
                e.add("service", "Select the service you awarded the contract to");
            }
            let value = match Money::parse(&form.value) {
                _ if form.value.trim().is_empty() => {
                    e.add("value", "Enter the contract value");
                    None
                }
                Ok(v) if v.pence() <= 0 => {
                    e.add("value", "The contract value must be more than £0");
                    None
                }
                Ok(v) => Some(v),
                Err(_) => {
                    e.add(
                        "value",
                        "The contract value must be an amount of money, like 12500 or £12,500.00",
                    );
                    None
                }
            };
            let start = date_from_parts(
                &form.start_day,
                &form.start_month,
                &form.start_year,
                "start date",
            )
            .map_err(|m| e.add("start_day", m))
            .ok();
            let end = date_from_parts(&form.end_day, &form.end_month, &form.end_year, "end date")
                .map_err(|m| e.add("end_day", m))
                .ok();
            if let (Some(s), Some(t)) = (start, end) {
                if t < s {
                    e.add(
                        "end_day",
                        "The end date must be the same as or after the start date",
                    );
                }
            }
            let reference = form
                .reference
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if reference.is_empty() {
                e.add("reference", "Enter the contract reference");
            } else if reference.chars().count() > REFERENCE_MAX {
                e.add(
                    "reference",
                    format!("The contract reference must be {REFERENCE_MAX} characters or fewer"),
                );
            }
            match (service_id, value, start, end) {
                (Some(service_id), Some(value), Some(start), Some(end)) => {
                    Some(OutcomeTerms::Awarded {
                        service_id,
                        value,
                        start,
                        end,
                        reference,
                    })
                }
                _ => None,
            }
        }
    };
    match terms {
        Some(t) if e.is_empty() => Ok(t),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> Choices {
        Choices {
            max_categories: 2,
            categories: vec![
                (1, "Case management".into(), Some("Legal".into()), false),
                (2, "Analytics".into(), None, false),
                (3, "Fax".into(), None, true),
            ],
            terms: vec![
                (10, TermKind::NationalSystem, "PND".into(), false),
                (20, TermKind::LegacyFunction, "Custody".into(), false),
            ],
        }
    }

    fn about(name: &str, summary: &str, features: &str, cats: &[&str]) -> Pairs {
        let mut p = Pairs::default();
        p.push("name", name);
        p.push("summary", summary);
        p.push("features", features);
        p.push("benefits", "Faster charging decisions");
        for c in cats {
            p.push("categories", *c);
        }
        p
    }

    #[test]
    fn stages_follow_the_dates() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let (o, l, x) = (d("2027-01-01"), d("2027-03-01"), d("2029-03-01"));
        assert_eq!(stage(o, l, x, d("2026-12-31")), FrameworkStage::Coming);
        assert_eq!(stage(o, l, x, o), FrameworkStage::Open);
        assert_eq!(stage(o, l, x, l), FrameworkStage::Live);
        assert_eq!(stage(o, l, x, x), FrameworkStage::Expired);
    }

    #[test]
    fn framework_dates_must_be_in_order() {
        let form = FrameworkForm {
            name: "Police Cloud 1".into(),
            description: "Cloud services for policing".into(),
            applications_open: "2027-03-01".into(),
            goes_live: "2027-02-01".into(),
            expires: "2027-13-01".into(),
        };
        let e = check_framework(&form).unwrap_err();
        assert!(e
            .get("goes_live")
            .unwrap()
            .contains("after applications open"));
        assert!(e.get("expires").unwrap().contains("real date"));
    }

    #[test]
    fn the_clearance_and_vetting_ladders() {
        assert!(clearance_meets(Clearance::Dv, Clearance::Sc));
        assert!(clearance_meets(Clearance::Dv, Clearance::Bpss));
        assert!(clearance_meets(Clearance::Sc, Clearance::Sc));
        assert!(!clearance_meets(Clearance::Bpss, Clearance::Sc));
        assert!(!clearance_meets(Clearance::None, Clearance::Bpss));
        assert!(vetting_meets(Vetting::Nppv3, Vetting::Nppv1));
        assert!(!vetting_meets(Vetting::Nppv1, Vetting::Nppv2));
        assert_eq!(
            standards_held(&[Standard::CyberEssentialsPlus]),
            vec![Standard::CyberEssentials, Standard::CyberEssentialsPlus]
        );
    }

    #[test]
    fn the_g_cloud_limits_on_about_the_service() {
        let mut l = Listing::default();
        let long_name = "x".repeat(101);
        let e = apply_section(
            Section::About,
            &about(&long_name, "", "", &[]),
            &mut l,
            &choices(),
        )
        .unwrap_err();
        assert_eq!(
            e.get("name"),
            Some("Service name must be 100 characters or fewer")
        );
        assert_eq!(e.get("summary"), Some("Enter a summary of the service"));
        assert_eq!(
            e.get("features"),
            Some("Enter at least one feature, one a line")
        );
        assert_eq!(e.get("categories"), Some("Select at least one category"));
        assert_eq!(l, Listing::default(), "nothing is half-saved");

        let fifty_one = vec!["word"; 51].join(" ");
        let e = apply_section(
            Section::About,
            &about("A", &fifty_one, "a", &["1"]),
            &mut l,
            &choices(),
        )
        .unwrap_err();
        assert_eq!(e.get("summary"), Some("Summary must be 50 words or fewer"));
        let long_words = vec!["abcdefghijk"; 46].join(" ");
        let e = apply_section(
            Section::About,
            &about("A", &long_words, "a", &["1"]),
            &mut l,
            &choices(),
        )
        .unwrap_err();
        assert_eq!(
            e.get("summary"),
            Some("Summary must be 500 characters or fewer")
        );

        let eleven = (1..=11)
            .map(|i| format!("Feature {i}"))
            .collect::<Vec<_>>()
            .join("\n");
        let e = apply_section(
            Section::About,
            &about("A", "B", &eleven, &["1"]),
            &mut l,
            &choices(),
        )
        .unwrap_err();
        assert!(e
            .get("features")
            .unwrap()
            .starts_with("Enter no more than 10 features"));
        let wordy = format!("ok\n{}", ["w"; 11].join(" "));
        let e = apply_section(
            Section::About,
            &about("A", "B", &wordy, &["1"]),
            &mut l,
            &choices(),
        )
        .unwrap_err();
        assert_eq!(
            e.get("features"),
            Some("Feature 2 must be 10 words or fewer")
        );

        let e = apply_section(
            Section::About,
            &about("A", "B", "a", &["1", "2", "99"]),
            &mut l,
            &choices(),
        )
        .unwrap_err();
        assert_eq!(e.get("categories"), Some("Select categories from the list"));
        let e = apply_section(
            Section::About,
            &about("A", "B", "a", &["3"]),
            &mut l,
            &choices(),
        )
        .unwrap_err();
        assert_eq!(
            e.get("categories"),
            Some("Select categories from the list"),
            "retired"
        );

        apply_section(
            Section::About,
            &about("  A   name ", "B", "one\n\n two ", &["1", "2"]),
            &mut l,
            &choices(),
        )
        .unwrap();
        assert_eq!(l.name, "A name");
        assert_eq!(l.features, vec!["one", "two"]);
        assert_eq!(l.categories, vec![1, 2]);
    }

    #[test]
    fn a_retired_category_stays_on_a_listing_that_has_it() {
        let mut l = Listing {
            categories: vec![3],
            ..Listing::default()
        };
        apply_section(
            Section::About,
            &about("A", "B", "a", &["3"]),
            &mut l,
            &choices(),
        )
        .unwrap();
        assert_eq!(l.categories, vec![3]);
    }

    #[test]
    fn pricing_is_money_and_the_maximum_is_not_below_the_minimum() {
        let mut p = Pairs::default();
        p.push("price_min", "£1,200.50");
        p.push("price_max", "1000");
        p.push("price_unit", "person");
        p.push("price_interval", "day");
        p.push("vat_included", "no");
        p.push("free_trial", "no");
        let mut l = Listing::default();
        let e = apply_section(Section::Pricing, &p, &mut l, &choices()).unwrap_err();
        assert_eq!(
            e.get("price_max"),
            Some("Maximum price must be the same as or more than the minimum price")
        );
        p.0[1].1 = "1400".into();
        apply_section(Section::Pricing, &p, &mut l, &choices()).unwrap();
        assert_eq!(l.price_min.unwrap().pence(), 120_050);
        assert_eq!(
            price_text(l.price_min, l.price_max, l.price_unit, l.price_interval),
            "£1,200.50 to £1,400.00 a person a day"
        );
        p.0[0].1 = "1.005".into();
        let e = apply_section(Section::Pricing, &p, &mut l, &choices()).unwrap_err();
        assert!(e.get("price_min").unwrap().contains("2 decimal places"));
    }

    #[test]
    fn links_must_be_web_links() {
        assert!(is_web_link("https://www.example.co.uk/a.pdf"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("ftp://example.com/x"));
        assert!(!is_web_link("https://nohost/x"));
        assert!(!is_web_link("https://exa mple.com/"));
    }

    #[test]
    fn a_section_round_trips_through_its_form_and_the_task_list_follows() {
        let c = choices();
        let mut l = Listing::default();
        assert_eq!(
            section_status(Section::About, &l, &c),
            SectionStatus::NotStarted
        );
        l.name = "Only a name".into();
        assert_eq!(
            section_status(Section::About, &l, &c),
            SectionStatus::Incomplete
        );
        apply_section(Section::About, &about("A", "B", "a", &["1"]), &mut l, &c).unwrap();
        assert_eq!(
            section_status(Section::About, &l, &c),
            SectionStatus::Completed
        );
        assert_eq!(check_listing(&l, &c).len(), 4);
    }

    #[test]
    fn the_lifecycle_allows_only_its_moves() {
        use ServiceStatus as S;
        use VersionState as V;
        assert!(allowed(Move::Submit, S::Draft, Some(V::Draft)));
        assert!(allowed(Move::Submit, S::Draft, Some(V::Returned)));
        assert!(!allowed(Move::Submit, S::Draft, Some(V::Submitted)));
        assert!(allowed(Move::Publish, S::Published, Some(V::Submitted)));
        assert!(!allowed(Move::Publish, S::Suspended, Some(V::Submitted)));
        assert!(!allowed(Move::Publish, S::Draft, Some(V::Draft)));
        assert!(allowed(Move::Suspend, S::Published, None));
        assert!(!allowed(Move::Suspend, S::Draft, Some(V::Draft)));
        assert!(allowed(Move::Reinstate, S::Suspended, None));
        assert!(!allowed(Move::Withdraw, S::Withdrawn, None));
        assert!(allowed(Move::StartEdit, S::Published, None));
        assert!(!allowed(Move::StartEdit, S::Published, Some(V::Draft)));
        assert!(allowed(Move::DiscardEdit, S::Published, Some(V::Returned)));
        assert!(!allowed(Move::DiscardEdit, S::Draft, Some(V::Draft)));
    }

    #[test]
    fn the_diff_names_the_fields_that_changed() {
        let c = choices();
        let a = Listing {
            name: "Evidence store".into(),
            categories: vec![1],
            works_with: vec![10],
            ..Listing::default()
        };
        let b = Listing {
            name: "Evidence store".into(),
            categories: vec![1, 2],
            works_with: vec![10],
            price_min: Some(Money::from_pence(450)),
            price_unit: Some(PriceUnit::User),
            price_interval: Some(PriceInterval::Month),
            ..Listing::default()
        };
        let d = diff(&a, &b, &c);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].field, "Categories");
        assert_eq!(d[0].after, "Legal: Case management; Analytics");
        assert_eq!(d[1].after, "£4.50 a user a month");
    }

    #[test]
    fn basket_holds_four_once_each() {
        let mut b = vec![];
        for id in 1..=4 {
            assert_eq!(basket_add(&mut b, id), BasketChange::Added);
        }
        assert_eq!(basket_add(&mut b, 2), BasketChange::AlreadyThere);
        assert_eq!(basket_add(&mut b, 5), BasketChange::Full);
        assert_eq!(b, vec![1, 2, 3, 4]);
    }

    #[test]
    fn a_row_differs_only_among_services_still_there() {
        let col = |v: &str| Some(vec![("Price".to_string(), v.to_string())]);
        let rows = compare_rows(&[col("£1"), col("£1")]);
        assert!(!rows[0].differs);
        let rows = compare_rows(&[col("£1"), col("£2")]);
        assert!(rows[0].differs);
        // A gone service's empty cell is not a difference.
        let rows = compare_rows(&[col("£1"), None, col("£1")]);
        assert!(!rows[0].differs);
        assert_eq!(rows[0].values, vec!["£1", "", "£1"]);
        // One service alone differs from nothing.
        assert!(!compare_rows(&[col("£1")])[0].differs);
        assert!(compare_rows(&[None]).is_empty());
    }

    #[test]
    fn dates_from_three_boxes_say_what_is_wrong() {
        let d = |a, b, c| date_from_parts(a, b, c, "start date");
        assert_eq!(
            d("1", "4", "2027"),
            Ok(NaiveDate::from_ymd_opt(2027, 4, 1).unwrap())
        );
        assert_eq!(d("", "", "").unwrap_err(), "Enter the start date");
        assert_eq!(
            d("1", "", "").unwrap_err(),
            "The start date must include a month and a year"
        );
        assert_eq!(
            d("31", "2", "2027").unwrap_err(),
            "The start date must be a real date"
        );
        assert_eq!(
            d("1", "2", "27").unwrap_err(),
            "The year of the start date must include 4 numbers"
        );
        assert_eq!(
            d("x", "2", "2027").unwrap_err(),
            "The start date must be a real date"
        );
    }

    #[test]
    fn an_award_names_a_service_of_the_record_and_real_terms() {
        let good = OutcomeForm {
            outcome: "awarded".into(),
            service: "7".into(),
            value: "£12,500.50".into(),
            start_day: "1".into(),
            start_month: "4".into(),
            start_year: "2027".into(),
            end_day: "31".into(),
            end_month: "3".into(),
            end_year: "2029".into(),
            reference: " BL-2027-001 ".into(),
            ..Default::default()
        };
        match outcome_terms(&good, &[7, 8]).unwrap() {
            OutcomeTerms::Awarded {
                service_id,
                value,
                reference,
                ..
            } => {
                assert_eq!(service_id, 7);
                assert_eq!(value.pence(), 1_250_050);
                assert_eq!(reference, "BL-2027-001");
            }
            other => panic!("{other:?}"),
        }
        let e = outcome_terms(&good, &[8]).unwrap_err();
        assert!(e.get("service").is_some());
        let bad = OutcomeForm {
            value: "one thousand".into(),
            end_year: "2026".into(),
            reference: String::new(),
            ..good.clone()
        };
        let e = outcome_terms(&bad, &[7]).unwrap_err();
        assert!(e.get("value").is_some());
        assert!(e.get("end_day").unwrap().contains("after the start date"));
        assert!(e.get("reference").is_some());
        let none = OutcomeForm {
            outcome: "no_suitable".into(),
            ..Default::default()
        };
        assert!(outcome_terms(&none, &[7])
            .unwrap_err()
            .get("reason")
            .is_some());
        let e = outcome_terms(&OutcomeForm::default(), &[7]).unwrap_err();
        assert!(e.get("outcome").is_some());
    }
}
