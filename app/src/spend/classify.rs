//! Classification's pure rules: what a rule matches, the same test written for Rust (a
//! preview's sample, the tests) and for SQL (every payment at once), the run/grow/transform
//! words people use for the two classes, financial years, and whether a legacy share's trend
//! meets its target.

use crate::spend::register::SystemStatus;
use crate::spend::types::SpendClass;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// A rule's conditions and outcome, as the national body writes them. Every condition that
/// is set must hold; the words of `description_words` must all appear in the description (any
/// case, any order; `*` inside a word stands for any letters, so `licen*e` matches licence
/// and license); `expense_type` and `cost_centre` match the start of the line's (so `41`
/// matches every GL code in the 4100s); `lot` matches the framework lot a payment was bought
/// through (any case). The linked-system conditions hold when one system in the force's
/// register that the payment's supplier provides has the status and ends support before the
/// day; `on_contract` asks whether the force holds a Bluelamp contract with the supplier.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleSpec {
    pub id: i32,
    pub name: String,
    pub class: Option<SpendClass>,
    pub supplier_id: Option<i32>,
    pub description_words: String,
    pub expense_type: String,
    pub cost_centre: String,
    pub system_id: Option<i32>,
    /// The legacy function the payments it matches serve (an outcome, like the class).
    pub function_id: Option<i32>,
    pub lot: String,
    pub system_status: Option<SystemStatus>,
    pub support_ends_before: Option<NaiveDate>,
    pub on_contract: Option<bool>,
}

/// A system in the register that a payment's supplier provides to the payment's force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkedSystem {
    pub status: SystemStatus,
    pub end_of_support: Option<NaiveDate>,
}

/// The facts of a payment a rule reads.
#[derive(Clone, Debug, Default)]
pub struct LineFacts<'a> {
    pub supplier_id: i32,
    pub description: &'a str,
    pub expense_type: &'a str,
    pub cost_centre: &'a str,
    /// The framework lot it was bought through ("G-Cloud lot 3"); empty when not said.
    pub lot: &'a str,
    /// The systems in its force's register its supplier provides.
    pub systems: &'a [LinkedSystem],
    /// Whether its force holds a contract with its supplier.
    pub on_contract: bool,
}

/// The words of a rule's description condition, lower case (ASCII, as SQLite's `lower`).
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .filter(|w| w.chars().any(|c| c != '*'))
        .collect()
}

/// Whether `haystack` contains `pattern`'s pieces (split at `*`) in order: SQL's
/// `LIKE '%piece%piece%'`.
fn contains_pattern(haystack: &str, pattern: &str) -> bool {
    let mut rest = haystack;
    for piece in pattern.split('*').filter(|p| !p.is_empty()) {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

impl RuleSpec {
    /// A rule must say something: one condition at least, and its class.
    pub fn has_condition(&self) -> bool {
        self.supplier_id.is_some()
            || !words(&self.description_words).is_empty()
            || !self.expense_type.trim().is_empty()
            || !self.cost_centre.trim().is_empty()
            || !self.lot.trim().is_empty()
            || self.links_system()
            || self.on_contract.is_some()
    }

    /// Whether it asks about the systems the payment's supplier provides.
    pub fn links_system(&self) -> bool {
        self.system_status.is_some() || self.support_ends_before.is_some()
    }

    /// Whether a linked system meets its conditions on linked systems.
    pub fn system_holds(&self, s: &LinkedSystem) -> bool {
        self.system_status.is_none_or(|st| s.status == st)
            && self
                .support_ends_before
                .is_none_or(|d| s.end_of_support.is_some_and(|e| e < d))
    }

    pub fn matches(&self, line: &LineFacts<'_>) -> bool {
        Compiled::of(self).matches(&Lowered::of(line))
    }

    /// The conditions in words, for the rules table and the audit log.
    pub fn describe(&self, supplier_name: Option<&str>) -> String {
        let mut parts = Vec::new();
        if let Some(name) = supplier_name {
            parts.push(format!("supplier is {name}"));
        } else if let Some(id) = self.supplier_id {
            parts.push(format!("supplier {id}"));
        }
        let w = words(&self.description_words);
        if !w.is_empty() {
            parts.push(format!("description has “{}”", w.join("”, “")));
        }
        if !self.expense_type.trim().is_empty() {
            parts.push(format!(
                "expense type or GL code starts “{}”",
                self.expense_type.trim()
            ));
        }
        if !self.cost_centre.trim().is_empty() {
            parts.push(format!("cost centre starts “{}”", self.cost_centre.trim()));
        }
        if !self.lot.trim().is_empty() {
            parts.push(format!("framework lot is “{}”", self.lot.trim()));
        }
        if self.links_system() {
            let mut what = String::from("the supplier provides the force a system");
            if let Some(st) = self.system_status {
                what.push_str(&format!(" that is {}", st.label().to_lowercase()));
            }
            if let Some(d) = self.support_ends_before {
                if self.system_status.is_some() {
                    what.push_str(" and");
                }
                what.push_str(&format!(
                    " whose support ends before {}",
                    d.format("%-d %B %Y")
                ));
            }
            parts.push(what);
        }
        match self.on_contract {
            Some(true) => parts.push("the force holds a contract with the supplier".into()),
            Some(false) => parts.push("the force holds no contract with the supplier".into()),
            None => {}
        }
        parts.join(" and ")
    }
}

/// A payment's facts in lower case, once, for trying many rules.
pub struct Lowered {
    pub supplier_id: i32,
    description: String,
    expense_type: String,
    cost_centre: String,
    lot: String,
    systems: Vec<LinkedSystem>,
    on_contract: bool,
}

impl Lowered {
    pub fn of(line: &LineFacts<'_>) -> Lowered {
        Lowered {
            supplier_id: line.supplier_id,
            description: line.description.to_ascii_lowercase(),
            expense_type: line.expense_type.to_ascii_lowercase(),
            cost_centre: line.cost_centre.to_ascii_lowercase(),
            lot: line.lot.trim().to_ascii_lowercase(),
            systems: line.systems.to_vec(),
            on_contract: line.on_contract,
        }
    }
}

/// A rule's conditions read once (words split, prefixes lower case), for matching many
/// payments quickly.
#[derive(Clone, Debug)]
pub struct Compiled {
    any: bool,
    supplier_id: Option<i32>,
    words: Vec<String>,
    expense_type: String,
    cost_centre: String,
    lot: String,
    /// The rule itself, for its linked-system conditions.
    links: Option<RuleSpec>,
    on_contract: Option<bool>,
}

impl Compiled {
    pub fn of(r: &RuleSpec) -> Compiled {
        Compiled {
            any: r.has_condition(),
            supplier_id: r.supplier_id,
            words: words(&r.description_words),
            expense_type: r.expense_type.trim().to_ascii_lowercase(),
            cost_centre: r.cost_centre.trim().to_ascii_lowercase(),
            lot: r.lot.trim().to_ascii_lowercase(),
            links: r.links_system().then(|| r.clone()),
            on_contract: r.on_contract,
        }
    }

    pub fn matches(&self, line: &Lowered) -> bool {
        self.any
            && self.supplier_id.is_none_or(|s| s == line.supplier_id)
            && self
                .words
                .iter()
                .all(|w| contains_pattern(&line.description, w))
            && line.expense_type.starts_with(&self.expense_type)
            && line.cost_centre.starts_with(&self.cost_centre)
            && (self.lot.is_empty() || line.lot == self.lot)
            && self
                .links
                .as_ref()
                .is_none_or(|r| line.systems.iter().any(|s| r.system_holds(s)))
            && self.on_contract.is_none_or(|c| c == line.on_contract)
    }
}

/// The class of a line under ordered rules: the first match's class, rule and system.
pub fn classify<'r>(rules: &'r [RuleSpec], line: &LineFacts<'_>) -> Option<&'r RuleSpec> {
    let lowered = Lowered::of(line);
    rules.iter().find(|r| Compiled::of(r).matches(&lowered))
}

/// The words people use for what money does, read as our two classes: "run" is keeping the
/// lights on (legacy maintenance); "grow" and "transform" are new technology.
pub fn class_from_words(text: &str) -> Option<SpendClass> {
    match text.trim().to_ascii_lowercase().as_str() {
        "legacy" | "legacy maintenance" | "run" | "maintain" | "maintenance" => {
            Some(SpendClass::Legacy)
        }
        "new" | "new technology" | "grow" | "transform" | "change" => Some(SpendClass::New),
        "unclassified" => Some(SpendClass::Unclassified),
        _ => None,
    }
}

/// The financial year (April to March) a day is in, by the year it starts.
pub fn financial_year(day: NaiveDate) -> i32 {
    if day.month() >= 4 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// "2024 to 2025", as GOV.UK writes financial years.
pub fn year_label(year: i32) -> String {
    format!("{year} to {}", year + 1)
}

/// A month key (`yyyymm`, as the rollups store it) as its financial year and quarter (Q1 is
/// April to June).
pub fn year_and_quarter(month: i32) -> (i32, u32) {
    let (y, m) = (month / 100, (month % 100) as u32);
    let year = if m >= 4 { y } else { y - 1 };
    let quarter = if m >= 4 { (m - 4) / 3 + 1 } else { 4 };
    (year, quarter)
}

/// The financial year a month key is in.
pub fn year_of_month(month: i32) -> i32 {
    year_and_quarter(month).0
}

/// A share as a whole-number-and-one-decimal per cent: 1,234 of 2,000 is 61.7. None when
/// there is no money at all.
pub fn share(part: i64, whole: i64) -> Option<Decimal> {
    if whole <= 0 {
        return None;
    }
    Some((Decimal::from(part) * Decimal::from(100) / Decimal::from(whole)).round_dp(1))
}

/// Where a straight line through the shares (least squares, year on year) reaches by
/// `target_year`: the trend the dashboard judges against the target. None with fewer than
/// two years.
pub fn projected_share(points: &[(i32, Decimal)], target_year: i32) -> Option<Decimal> {
    if points.len() < 2 {
        return None;
    }
    let n = Decimal::from(points.len() as i64);
    let sx: Decimal = points.iter().map(|(x, _)| Decimal::from(*x)).sum();
    let sy: Decimal = points.iter().map(|(_, y)| *y).sum();
    let mx = sx / n;
    let my = sy / n;
    let mut sxy = Decimal::ZERO;
    let mut sxx = Decimal::ZERO;
    for (x, y) in points {
        let dx = Decimal::from(*x) - mx;
        sxy += dx * (*y - my);
        sxx += dx * dx;
    }
    if sxx.is_zero() {
        return None;
    }
    let slope = sxy / sxx;
    // A share cannot pass 100% or fall below nothing, however steep the line.
    let at = my + slope * (Decimal::from(target_year) - mx);
    Some(at.clamp(Decimal::ZERO, Decimal::from(100)).round_dp(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn line<'a>(supplier: i32, description: &'a str, expense: &'a str) -> LineFacts<'a> {
        LineFacts {
            supplier_id: supplier,
            description,
            expense_type: expense,
            cost_centre: "ICT01",
            ..LineFacts::default()
        }
    }

    fn rule(id: i32, class: SpendClass) -> RuleSpec {
        RuleSpec {
            id,
            name: format!("rule {id}"),
            class: Some(class),
            ..RuleSpec::default()
        }
    }

    #[test]
    fn every_condition_that_is_set_must_hold() {
        let mut r = rule(1, SpendClass::Legacy);
        r.supplier_id = Some(7);
        r.description_words = "Annual  SUPPORT".into();
        assert!(r.matches(&line(7, "Niche RMS annual support and maintenance", "")));
        assert!(
            !r.matches(&line(8, "Niche RMS annual support", "")),
            "supplier"
        );
        assert!(!r.matches(&line(7, "Niche RMS support", "")), "both words");
        r.supplier_id = None;
        r.expense_type = "41".into();
        assert!(r.matches(&line(8, "annual support", "4105 Software maintenance")));
        assert!(!r.matches(&line(8, "annual support", "5105")));
        r.cost_centre = "ict".into();
        assert!(r.matches(&line(8, "annual support", "4105")), "any case");
    }

    #[test]
    fn a_star_stands_for_any_letters_inside_a_word() {
        let mut r = rule(1, SpendClass::Legacy);
        r.description_words = "licen*e renewal".into();
        assert!(r.matches(&line(1, "Licence renewal 2024", "")));
        assert!(r.matches(&line(1, "license RENEWAL", "")));
        assert!(!r.matches(&line(1, "licensing", "")));
    }

    #[test]
    fn a_rule_without_conditions_matches_nothing() {
        let mut r = rule(1, SpendClass::New);
        r.description_words = " * ".into();
        assert!(!r.has_condition());
        assert!(!r.matches(&line(1, "anything", "")));
    }

    #[test]
    fn the_first_matching_rule_wins() {
        let mut migration = rule(1, SpendClass::New);
        migration.description_words = "migration".into();
        let mut support = rule(2, SpendClass::Legacy);
        support.description_words = "support".into();
        let rules = vec![migration, support];
        let l = line(1, "Support during migration to cloud", "");
        assert_eq!(classify(&rules, &l).map(|r| r.id), Some(1));
        assert_eq!(
            classify(&rules, &line(1, "Support", "")).map(|r| r.id),
            Some(2)
        );
        assert!(classify(&rules, &line(1, "Stationery", "")).is_none());
    }

    #[test]
    fn run_is_legacy_and_grow_and_transform_are_new() {
        assert_eq!(class_from_words("Run"), Some(SpendClass::Legacy));
        assert_eq!(class_from_words(" grow "), Some(SpendClass::New));
        assert_eq!(class_from_words("TRANSFORM"), Some(SpendClass::New));
        assert_eq!(class_from_words("legacy"), Some(SpendClass::Legacy));
        assert_eq!(class_from_words("new"), Some(SpendClass::New));
        assert_eq!(class_from_words("other"), None);
    }

    #[test]
    fn financial_years_run_april_to_march() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(financial_year(d(2024, 4, 1)), 2024);
        assert_eq!(financial_year(d(2025, 3, 31)), 2024);
        assert_eq!(year_label(2024), "2024 to 2025");
        assert_eq!(year_and_quarter(202404), (2024, 1));
        assert_eq!(year_and_quarter(202409), (2024, 2));
        assert_eq!(year_and_quarter(202412), (2024, 3));
        assert_eq!(year_and_quarter(202502), (2024, 4));
    }

    #[test]
    fn shares_and_their_trend() {
        assert_eq!(share(1234, 2000), Some(dec("61.7")));
        assert_eq!(share(1, 0), None);
        let points = [(2020, dec("90")), (2021, dec("87")), (2022, dec("84"))];
        assert_eq!(projected_share(&points, 2030), Some(dec("60.0")));
        // Clamped: a steep fall does not go below nothing.
        assert_eq!(projected_share(&points, 2060), Some(dec("0")));
        assert_eq!(projected_share(&points[..1], 2030), None);
    }

    #[test]
    fn a_rule_matches_the_framework_lot_and_what_the_register_and_contracts_say() {
        let d = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        let legacy_ending = [LinkedSystem {
            status: SystemStatus::Legacy,
            end_of_support: Some(d("2026-03-31")),
        }];
        let current = [LinkedSystem {
            status: SystemStatus::Current,
            end_of_support: None,
        }];
        let mut facts = line(1, "Annual support", "");
        facts.lot = "G-Cloud lot 3";
        // The lot: any case, the whole of it.
        let lot = RuleSpec {
            lot: "g-cloud LOT 3".into(),
            ..rule(1, SpendClass::New)
        };
        assert!(lot.matches(&facts));
        facts.lot = "G-Cloud lot 31";
        assert!(!lot.matches(&facts));
        // A linked system: one of the force's systems from this supplier must meet every
        // linked-system condition.
        let out_of_support = RuleSpec {
            system_status: Some(SystemStatus::Legacy),
            support_ends_before: Some(d("2027-01-01")),
            ..rule(2, SpendClass::Legacy)
        };
        assert!(out_of_support.has_condition());
        facts.systems = &legacy_ending;
        assert!(out_of_support.matches(&facts));
        facts.systems = &current;
        assert!(!out_of_support.matches(&facts));
        facts.systems = &[];
        assert!(!out_of_support.matches(&facts), "no system, no match");
        let ends_soon = RuleSpec {
            support_ends_before: Some(d("2026-03-31")),
            ..rule(3, SpendClass::Legacy)
        };
        facts.systems = &legacy_ending;
        assert!(!ends_soon.matches(&facts), "the day itself is not before");
        // A contract: held or not.
        let on = RuleSpec {
            on_contract: Some(true),
            ..rule(4, SpendClass::New)
        };
        let off = RuleSpec {
            on_contract: Some(false),
            ..rule(5, SpendClass::Legacy)
        };
        assert!(!on.matches(&facts) && off.matches(&facts));
        facts.on_contract = true;
        assert!(on.matches(&facts) && !off.matches(&facts));
        assert_eq!(
            out_of_support.describe(None),
            "the supplier provides the force a system that is legacy and whose support ends before 1 January 2027"
        );
        assert_eq!(
            on.describe(None),
            "the force holds a contract with the supplier"
        );
    }
}
