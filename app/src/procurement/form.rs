//! Pure: the raising form, the join form and the bid form read into checked values. A draft
//! keeps every field as typed ([`Fields`]), so nothing typed is lost; opening, amending and
//! the task list run [`read_spec`] over the stored fields, so they all show the same messages.

use super::rules::{
    check_criteria, check_demand, check_requirements, check_timeline, deadline_from_parts,
    requirements_from_lines, MAX_CRITERIA,
};
use super::types::{
    BidContent, Criterion, CriterionKind, Demand, RequirementKind, RequirementResponse, Spec,
    Timeline,
};
use crate::money::Money;
use crate::validation::FieldErrors;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// Every field of the raising form as typed, by name.
pub type Fields = BTreeMap<String, String>;

/// Rows of criteria the form offers (blank rows are ignored).
pub const CRITERIA_ROWS: usize = 6;
pub const TITLE_CHARS: usize = 200;
pub const SUMMARY_CHARS: usize = 500;
pub const DESCRIPTION_CHARS: usize = 10_000;
/// A response to one requirement or criterion.
pub const RESPONSE_WORDS: usize = 500;
const TEXT_CHARS: usize = 200;

/// The date fields of the timeline, each entered as day, month, year and a 24-hour time.
pub const DEADLINES: [(&str, &str); 5] = [
    ("join_deadline", "join deadline"),
    ("clarification_deadline", "clarification deadline"),
    ("bid_deadline", "bid deadline"),
    ("evaluation_target", "evaluation target"),
    ("award_target", "award target"),
];

/// The names the raising form may post; anything else is dropped before it is stored.
pub fn field_names() -> Vec<String> {
    let mut names: Vec<String> = [
        "title",
        "summary",
        "description",
        "lot",
        "essential",
        "nice_to_have",
        "unit",
        "quantity",
        "value",
        "per_force_prices",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for n in 1..=CRITERIA_ROWS {
        for part in ["kind", "name", "weight", "scale", "guidance"] {
            names.push(format!("criterion_{n}_{part}"));
        }
    }
    for (id, _) in DEADLINES {
        for part in ["day", "month", "year", "time"] {
            names.push(format!("{id}_{part}"));
        }
    }
    names
}

/// The posted pairs kept as the form's fields: known names only, trimmed at the ends.
pub fn fields_from(pairs: Vec<(String, String)>) -> Fields {
    let names = field_names();
    pairs
        .into_iter()
        .filter(|(k, _)| names.contains(k))
        .map(|(k, v)| (k, v.trim().to_string()))
        .collect()
}

fn get<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map(String::as_str).unwrap_or("")
}

fn text(f: &Fields, name: &str, what: &str, max: usize, errors: &mut FieldErrors) -> String {
    let v = get(f, name).to_string();
    if v.is_empty() {
        errors.add(name, format!("Enter {what}"));
    } else if v.chars().count() > max {
        errors.add(
            name,
            format!(
                "{} must be {max} characters or fewer",
                capitalise(what.trim_start_matches("a ").trim_start_matches("the "))
            ),
        );
    }
    v
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A demand from its two boxes: a whole-number quantity and/or an amount of money.
pub fn read_demand(quantity: &str, value: &str, errors: &mut FieldErrors) -> Demand {
    let quantity = quantity.trim().replace(',', "");
    let q = if quantity.is_empty() {
        None
    } else {
        match quantity.parse::<u64>() {
            Ok(q) if q <= i64::MAX as u64 => Some(q),
            _ => {
                errors.add("quantity", "The quantity must be a whole number, like 250");
                None
            }
        }
    };
    let v = if value.trim().is_empty() {
        None
    } else {
        match Money::parse(value) {
            Ok(m) => Some(m),
            Err(e) => {
                errors.add("value", e.to_string());
                None
            }
        }
    };
    let demand = Demand {
        quantity: q,
        value: v,
    };
    if errors.get("quantity").is_none() && errors.get("value").is_none() {
        check_demand(&demand, errors);
    }
    demand
}

/// The criteria rows that have anything typed in them, read; `None` where a row's kind or
/// weight could not be read (the message is in `errors`).
fn read_criteria(f: &Fields, errors: &mut FieldErrors) -> Vec<Criterion> {
    let mut out = Vec::new();
    for n in 1..=CRITERIA_ROWS {
        let field = |part: &str| format!("criterion_{n}_{part}");
        let parts: Vec<&str> = ["kind", "name", "weight", "scale", "guidance"]
            .iter()
            .map(|p| get(f, &field(p)))
            .collect();
        // A row with only its kind chosen is still blank.
        if parts[1..].iter().all(|p| p.is_empty()) {
            continue;
        }
        let kind = CriterionKind::parse(parts[0]).unwrap_or_else(|| {
            errors.add(
                &field("kind"),
                format!("Choose whether criterion {n} is price, quality or social value"),
            );
            CriterionKind::Quality
        });
        let weight = parts[2].parse::<u32>().unwrap_or_else(|_| {
            errors.add(
                &field("weight"),
                format!("Criterion {n}'s weight must be a whole number from 1 to 100"),
            );
            0
        });
        for (part, v) in [("name", parts[1]), ("scale", parts[3])] {
            if v.chars().count() > TEXT_CHARS {
                errors.add(
                    &field(part),
                    format!("Criterion {n}'s {part} must be {TEXT_CHARS} characters or fewer"),
                );
            }
        }
        if parts[4].chars().count() > 2_000 {
            errors.add(
                &field("guidance"),
                format!("Criterion {n}'s guidance must be 2,000 characters or fewer"),
            );
        }
        out.push(Criterion {
            kind,
            name: parts[1].to_string(),
            weight,
            scale: parts[3].to_string(),
            guidance: parts[4].to_string(),
        });
    }
    // The rows were numbered as typed; check_criteria numbers the read ones 1.. again, which
    // matches as long as blank rows come last (the form fills from the top).
    debug_assert!(out.len() <= MAX_CRITERIA);
    out
}

/// The timeline's five deadlines, each read from its boxes (None where one could not be read).
pub fn read_timeline(f: &Fields, errors: &mut FieldErrors) -> Option<Timeline> {
    let mut at: Vec<Option<DateTime<Utc>>> = Vec::new();
    for (id, what) in DEADLINES {
        let part = |p: &str| get(f, &format!("{id}_{p}")).to_string();
        match deadline_from_parts(
            &part("day"),
            &part("month"),
            &part("year"),
            &part("time"),
            what,
        ) {
            Ok(t) => at.push(Some(t)),
            Err(m) => {
                errors.add(&format!("{id}_day"), m);
                at.push(None);
            }
        }
    }
    Some(Timeline {
        join: at[0]?,
        clarification: at[1]?,
        bid: at[2]?,
        evaluation: at[3]?,
        award: at[4]?,
    })
}

/// Messages the timeline rules put on a deadline (`join_deadline`) moved to its first box
/// (`join_deadline_day`), which the error summary links to and the page shows them beside.
pub fn on_date_boxes(errors: &mut FieldErrors) {
    for e in &mut errors.0 {
        if DEADLINES.iter().any(|(id, _)| e.field == *id) {
            e.field = format!("{}_day", e.field);
        }
    }
    // One message a field: a box may now hold two.
    let mut seen = std::collections::HashSet::new();
    errors.0.retain(|e| seen.insert(e.field.clone()));
}

/// The fields for a timeline, to fill the form with the dates in force (amending).
pub fn timeline_fields(t: &Timeline) -> Vec<(String, String)> {
    use chrono_tz::Europe::London;
    let mut out = Vec::new();
    for ((id, _), (_, _, at)) in DEADLINES.iter().zip(t.fields()) {
        let local = at.with_timezone(&London);
        out.push((format!("{id}_day"), local.format("%-d").to_string()));
        out.push((format!("{id}_month"), local.format("%-m").to_string()));
        out.push((format!("{id}_year"), local.format("%Y").to_string()));
        out.push((format!("{id}_time"), local.format("%H:%M").to_string()));
    }
    out
}

/// The whole form checked: the specification, or every message at once. `now` and the
/// minimum tender period check the timeline (`check_timeline`); amending passes
/// `check_dates: false` and checks the dates against the ones in force instead.
pub fn read_spec(
    f: &Fields,
    now: DateTime<Utc>,
    minimum_tender_days: i64,
    check_dates: bool,
) -> Result<Spec, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = text(f, "title", "a title", TITLE_CHARS, &mut errors);
    let summary = text(f, "summary", "a summary", SUMMARY_CHARS, &mut errors);
    let description = text(
        f,
        "description",
        "a description",
        DESCRIPTION_CHARS,
        &mut errors,
    );
    let lot_id = get(f, "lot").parse::<i32>().unwrap_or_else(|_| {
        errors.add("lot", "Choose the framework lot suppliers are approved on");
        0
    });
    let mut requirements = requirements_from_lines(RequirementKind::Essential, get(f, "essential"));
    requirements.extend(requirements_from_lines(
        RequirementKind::NiceToHave,
        get(f, "nice_to_have"),
    ));
    check_requirements(&requirements, &mut errors);
    let criteria = read_criteria(f, &mut errors);
    check_criteria(&criteria, &mut errors);
    let unit = get(f, "unit").to_string();
    if unit.chars().count() > 60 {
        errors.add("unit", "The unit must be 60 characters or fewer");
    }
    let lead_demand = read_demand(get(f, "quantity"), get(f, "value"), &mut errors);
    if lead_demand.quantity.is_some() && unit.is_empty() {
        errors.add(
            "unit",
            "Say what the quantity counts, for example licences or officers",
        );
    }
    let timeline = read_timeline(f, &mut errors);
    if let (Some(t), true) = (&timeline, check_dates) {
        check_timeline(t, now, minimum_tender_days, &mut errors);
    }
    on_date_boxes(&mut errors);
    errors.into_result()?;
    let timeline =
        timeline.ok_or_else(|| FieldErrors::single("join_deadline_day", "Enter the timeline"))?;
    Ok(Spec {
        title,
        summary,
        description,
        lot_id,
        requirements,
        criteria,
        unit,
        lead_demand,
        per_force_prices: get(f, "per_force_prices") == "on",
        timeline,
    })
}

/// The sections of the raising form and the fields each holds: the task list marks a
/// section done when none of its fields has a message.
pub const SECTIONS: [(&str, &[&str]); 5] = [
    (
        "About the requirement",
        &["title", "summary", "description", "lot"],
    ),
    ("Requirements", &["essential", "nice_to_have"]),
    ("Evaluation criteria", &["criteria", "criterion_"]),
    ("Your force's demand", &["unit", "quantity", "value"]),
    (
        "Timeline",
        &[
            "join_deadline",
            "clarification_deadline",
            "bid_deadline",
            "evaluation_target",
            "award_target",
        ],
    ),
];

/// Whether a section has no messages in `errors`.
pub fn section_done(fields: &[&str], errors: &FieldErrors) -> bool {
    !errors
        .0
        .iter()
        .any(|e| fields.iter().any(|f| e.field.starts_with(f)))
}

fn count_words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A bid's form read: money that cannot be read and answers over the word limit are refused
/// even in a draft (so a saved draft is always readable); completeness is `check_bid`'s.
pub fn read_bid(
    pairs: &[(String, String)],
    spec: &Spec,
    forces: &[(i32, String)],
) -> Result<BidContent, FieldErrors> {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim())
            .unwrap_or("")
    };
    let mut errors = FieldErrors::new();
    let mut money = |field: &str| -> Option<Money> {
        let v = get(field);
        if v.is_empty() {
            return None;
        }
        Money::parse(v)
            .map_err(|e| errors.add(field, e.to_string()))
            .ok()
    };
    let total = money("total");
    let mut per_force = Vec::new();
    if spec.per_force_prices {
        for (id, _) in forces {
            if let Some(p) = money(&format!("price_{id}")) {
                per_force.push((*id, p));
            }
        }
    }
    let mut requirements = Vec::new();
    for (i, _) in spec.requirements.iter().enumerate() {
        let n = i + 1;
        let meets = match get(&format!("requirement_{n}_meets")) {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        let text = get(&format!("requirement_{n}_text")).to_string();
        if count_words(&text) > RESPONSE_WORDS {
            errors.add(
                &format!("requirement_{n}_text"),
                format!("Your response to requirement {n} must be {RESPONSE_WORDS} words or fewer"),
            );
        }
        requirements.push(RequirementResponse { meets, text });
    }
    let mut criteria = Vec::new();
    for (i, _) in quality_criteria(spec).enumerate() {
        let n = i + 1;
        let text = get(&format!("criterion_{n}")).to_string();
        if count_words(&text) > RESPONSE_WORDS {
            errors.add(
                &format!("criterion_{n}"),
                format!("Your response to criterion {n} must be {RESPONSE_WORDS} words or fewer"),
            );
        }
        criteria.push(text);
    }
    let links: Vec<String> = get("links")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if links.len() > 10 {
        errors.add("links", "Give at most 10 links");
    }
    if let Some(bad) = links
        .iter()
        .find(|l| !(l.starts_with("https://") || l.starts_with("http://")) || l.len() > 500)
    {
        errors.add(
            "links",
            format!("“{bad}” is not a web address: each link starts with https://"),
        );
    }
    errors.into_result()?;
    Ok(BidContent {
        total,
        per_force,
        requirements,
        criteria,
        links,
    })
}

/// The criteria a bid answers in words (every one but price), in order.
pub fn quality_criteria(spec: &Spec) -> impl Iterator<Item = &Criterion> {
    spec.criteria
        .iter()
        .filter(|c| c.kind != CriterionKind::Price)
}

/// What a bid must have before it is submitted: a total price (per force too when asked,
/// adding up), an answer to every requirement and a response to every quality criterion.
pub fn check_bid(content: &BidContent, spec: &Spec, forces: &[i32]) -> FieldErrors {
    let mut errors = FieldErrors::new();
    match content.total {
        None => errors.add("total", "Enter your total price"),
        Some(t) if t.pence() <= 0 => errors.add("total", "The total price must be more than £0"),
        Some(t) if spec.per_force_prices => {
            if let Err(m) = super::rules::check_per_force_prices(t, &content.per_force, forces) {
                errors.add("total", m);
            }
        }
        Some(_) => {}
    }
    for (i, r) in content.requirements.iter().enumerate() {
        if r.meets.is_none() {
            errors.add(
                &format!("requirement_{}_meets", i + 1),
                format!("Say whether your service meets requirement {}", i + 1),
            );
        }
    }
    for (i, c) in content.criteria.iter().enumerate() {
        if c.trim().is_empty() {
            errors.add(
                &format!("criterion_{}", i + 1),
                format!("Respond to criterion {}", i + 1),
            );
        }
    }
    errors
}

/// The receipt's hash: SHA-256 over the procurement, the supplier, the version and the
/// content exactly as stored, so a supplier can later show what it submitted.
pub fn receipt_hash(
    procurement_id: i32,
    supplier_id: i32,
    version: i32,
    content_json: &str,
) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(format!("bluelamp-bid\n{procurement_id}\n{supplier_id}\n{version}\n").as_bytes());
    h.update(content_json.as_bytes());
    hex::encode(h.finalize())
}
