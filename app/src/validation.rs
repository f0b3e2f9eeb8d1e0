//! Field-level validation errors, shared by every form: the server fills them, the page shows
//! them as a GOV.UK error summary plus an inline message beside each field.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The `id` of the input the message belongs to (the summary links to `#field`).
    pub field: String,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut e = Self::new();
        e.add(field, message);
        e
    }

    /// Records a message for a field; only the first message per field is kept, as GOV.UK
    /// asks for one message per field.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push(FieldError {
                field: field.to_string(),
                message: message.into(),
            });
        }
    }

    pub fn check(&mut self, field: &str, result: Result<(), String>) {
        if let Err(message) = result {
            self.add(field, message);
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        write!(f, "{}", parts.join("; "))
    }
}

/// A date from GOV.UK's three boxes, with the message GOV.UK's pattern asks for.
pub fn date_from_parts(
    day: &str,
    month: &str,
    year: &str,
    what: &str,
) -> Result<NaiveDate, String> {
    let (d, m, y) = (day.trim(), month.trim(), year.trim());
    if d.is_empty() && m.is_empty() && y.is_empty() {
        return Err(format!("Enter the {what}"));
    }
    let missing: Vec<&str> = [("a day", d), ("a month", m), ("a year", y)]
        .iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(format!("The {what} must include {}", missing.join(" and ")));
    }
    if y.len() != 4 {
        return Err(format!("The year of the {what} must include 4 numbers"));
    }
    match (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) {
        (Ok(d), Ok(m), Ok(y)) => NaiveDate::from_ymd_opt(y, m, d)
            .ok_or_else(|| format!("The {what} must be a real date")),
        _ => Err(format!("The {what} must be a real date")),
    }
}
