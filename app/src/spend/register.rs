//! The systems register's pure rules: what a system's form and a register CSV row must say
//! (one validator for both), and the CSV a force downloads and uploads.

use crate::money::Money;
use crate::validation::FieldErrors;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

string_enum!(
    /// Where a system is in its life.
    SystemStatus {
        Current => "current", "Current";
        Legacy => "legacy", "Legacy";
        BeingRetired => "being_retired", "Being retired";
        Planned => "planned", "Planned";
    }
);

/// A system as a form (or a CSV row) gives it: text, to be shown again as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub supplier: String,
    /// A legacy function's name from the national body's list, or "Other".
    #[serde(default)]
    pub function: String,
    #[serde(default)]
    pub product: String,
    #[serde(default)]
    pub go_live_year: String,
    /// dd/mm/yyyy or yyyy-mm-dd
    #[serde(default)]
    pub end_of_support: String,
    /// Pounds, e.g. 125,000.00
    #[serde(default)]
    pub annual_maintenance: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub contract: String,
}

/// A system that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidSystem {
    pub name: String,
    pub supplier: String,
    /// The function's id in the national body's list; None for "Other".
    pub function_id: Option<i32>,
    pub product: String,
    pub go_live_year: Option<i32>,
    pub end_of_support: Option<NaiveDate>,
    pub annual_maintenance: Option<Money>,
    pub status: SystemStatus,
    pub contract: Option<String>,
}

pub const OTHER: &str = "Other";

/// A day as people type it: dd/mm/yyyy or yyyy-mm-dd.
pub fn date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    NaiveDate::parse_from_str(raw, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%Y-%m-%d"))
        .ok()
}

fn text(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    required: bool,
    max: usize,
) -> String {
    let v = value.trim();
    if required && v.is_empty() {
        errors.add(field, format!("Enter the {}", label.to_lowercase()));
    } else if v.chars().count() > max {
        errors.add(field, format!("{label} must be {max} characters or fewer"));
    }
    v.to_string()
}

/// Checks a system; `functions` are the national body's legacy functions (id, name), `today`
/// bounds the go-live year.
pub fn validate(
    form: &SystemForm,
    functions: &[(i32, String)],
    today: NaiveDate,
) -> Result<ValidSystem, FieldErrors> {
    let mut e = FieldErrors::default();
    let name = text(&mut e, "name", "System name", &form.name, true, 100);
    let supplier = text(&mut e, "supplier", "Supplier", &form.supplier, true, 100);
    let product = text(&mut e, "product", "Product", &form.product, false, 100);
    let contract = text(&mut e, "contract", "Contract", &form.contract, false, 200);
    let f = form.function.trim();
    let function_id = if f.eq_ignore_ascii_case(OTHER) {
        None
    } else {
        match functions
            .iter()
            .find(|(id, n)| n.eq_ignore_ascii_case(f) || id.to_string() == f)
        {
            Some((id, _)) => Some(*id),
            None => {
                e.add(
                    "function",
                    if f.is_empty() {
                        "Choose what the system does".to_string()
                    } else {
                        format!("“{f}” is not a function on the list: choose one, or Other")
                    },
                );
                None
            }
        }
    };
    let year = form.go_live_year.trim();
    let go_live_year = if year.is_empty() {
        None
    } else {
        match year.parse::<i32>() {
            Ok(y) if (1970..=today.year() + 5).contains(&y) => Some(y),
            _ => {
                e.add(
                    "go_live_year",
                    format!(
                        "Go-live year must be a year between 1970 and {}, like 2016",
                        today.year() + 5
                    ),
                );
                None
            }
        }
    };
    let eos = form.end_of_support.trim();
    let end_of_support = if eos.is_empty() {
        None
    } else {
        match date(eos) {
            Some(d) => Some(d),
            None => {
                e.add(
                    "end_of_support",
                    "End of support must be a real date, like 31/03/2027",
                );
                None
            }
        }
    };
    let cost = form.annual_maintenance.trim();
    let annual_maintenance = if cost.is_empty() {
        None
    } else {
        match crate::spend::parse::values::parse_amount(cost) {
            Ok(m) if m.pence() >= 0 => Some(m),
            Ok(_) => {
                e.add(
                    "annual_maintenance",
                    "Annual maintenance cost cannot be negative",
                );
                None
            }
            Err(_) => {
                e.add(
                    "annual_maintenance",
                    "Annual maintenance cost must be an amount in pounds, like 125,000.00",
                );
                None
            }
        }
    };
    let status = match SystemStatus::parse(form.status.trim()).or_else(|| {
        SystemStatus::ALL
            .iter()
            .copied()
            .find(|s| s.label().eq_ignore_ascii_case(form.status.trim()))
    }) {
        Some(s) => s,
        None => {
            e.add("status", "Choose the system's status");
            SystemStatus::Current
        }
    };
    if !e.is_empty() {
        return Err(e);
    }
    Ok(ValidSystem {
        name,
        supplier,
        function_id,
        product,
        go_live_year,
        end_of_support,
        annual_maintenance,
        status,
        contract: (!contract.is_empty()).then_some(contract),
    })
}

/// The register's CSV columns, in order.
pub const CSV_HEADER: [&str; 9] = [
    "System",
    "Supplier",
    "Function",
    "Product",
    "Go-live year",
    "End of support",
    "Annual maintenance (£)",
    "Status",
    "Contract",
];

/// A register CSV's rows as forms, with their line numbers; or why the file cannot be read.
pub fn read_csv(text: &str) -> Result<Vec<(u64, SystemForm)>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("the file cannot be read: {e}"))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|h| *h == name.to_lowercase());
    let cols: Vec<Option<usize>> = CSV_HEADER.iter().map(|h| col(h)).collect();
    if cols[0].is_none() || cols[1].is_none() {
        return Err(format!(
            "the first line must name the columns: {}",
            CSV_HEADER.join(", ")
        ));
    }
    let mut out = Vec::new();
    for r in reader.records() {
        let r = r.map_err(|e| format!("the file cannot be read: {e}"))?;
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = r.position().map(|p| p.line()).unwrap_or(0);
        // A cell this register wrote made safe from spreadsheets ("'=…") reads back as it was.
        let get = |i: usize| {
            let v = cols[i].and_then(|c| r.get(c)).unwrap_or("");
            match v.strip_prefix('\'') {
                Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
                _ => v.to_string(),
            }
        };
        out.push((
            line,
            SystemForm {
                name: get(0),
                supplier: get(1),
                function: get(2),
                product: get(3),
                go_live_year: get(4),
                end_of_support: get(5),
                annual_maintenance: get(6),
                status: get(7),
                contract: get(8),
            },
        ));
    }
    Ok(out)
}

/// A system as a CSV row, in [`CSV_HEADER`]'s order. Text that a spreadsheet would run as a
/// formula is made safe (`ui::download::safe_cell`).
pub fn csv_row(s: &ValidSystem, function: &str) -> [String; 9] {
    use crate::ui::download::safe_cell;
    [
        safe_cell(&s.name),
        safe_cell(&s.supplier),
        safe_cell(function),
        safe_cell(&s.product),
        s.go_live_year.map(|y| y.to_string()).unwrap_or_default(),
        s.end_of_support
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        s.annual_maintenance
            .map(|m| m.decimal().to_string())
            .unwrap_or_default(),
        s.status.label().to_string(),
        safe_cell(s.contract.as_deref().unwrap_or("")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn functions() -> Vec<(i32, String)> {
        vec![(1, "Records management".into()), (2, "Custody".into())]
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    #[test]
    fn a_good_system_and_each_mistake_named() {
        let form = SystemForm {
            name: "Athena".into(),
            supplier: "NEC Software Solutions".into(),
            function: "records management".into(),
            product: "Athena RMS".into(),
            go_live_year: "2015".into(),
            end_of_support: "31/03/2027".into(),
            annual_maintenance: "£1,250,000.00".into(),
            status: "Legacy".into(),
            contract: String::new(),
        };
        let ok = validate(&form, &functions(), today()).unwrap();
        assert_eq!(ok.function_id, Some(1));
        assert_eq!(ok.annual_maintenance, Some(Money::from_pence(125_000_000)));
        assert_eq!(ok.status, SystemStatus::Legacy);
        let bad = SystemForm {
            name: String::new(),
            function: "Teleportation".into(),
            go_live_year: "1066".into(),
            end_of_support: "31/02/2027".into(),
            annual_maintenance: "lots".into(),
            status: "sleeping".into(),
            ..form
        };
        let e = validate(&bad, &functions(), today()).unwrap_err();
        for field in [
            "name",
            "function",
            "go_live_year",
            "end_of_support",
            "annual_maintenance",
            "status",
        ] {
            assert!(e.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn the_csv_reads_back_what_it_wrote() {
        let s = ValidSystem {
            name: "=SUM(A1)".into(),
            supplier: "Capita".into(),
            function_id: Some(2),
            product: "NSPIS Custody".into(),
            go_live_year: Some(2009),
            end_of_support: None,
            annual_maintenance: Some(Money::from_pence(12_345_678)),
            status: SystemStatus::BeingRetired,
            contract: None,
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(CSV_HEADER).unwrap();
        w.write_record(csv_row(&s, "Custody")).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert!(text.contains("'=SUM(A1)"), "a formula is made safe");
        let rows = read_csv(&text).unwrap();
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1.name, "=SUM(A1)", "and reads back as it was");
        let back = validate(&rows[0].1, &functions(), today()).unwrap();
        assert_eq!(back.annual_maintenance, s.annual_maintenance);
        assert_eq!(back.status, SystemStatus::BeingRetired);
        assert_eq!(back.function_id, Some(2));
        assert!(read_csv("a,b\n1,2\n").is_err());
    }
}
