//! One cell's value as published spend files write it: amounts exactly into `Money` (never
//! through floating point), and dates in the many shapes forces use.

use crate::money::{Money, MoneyError};
use chrono::{Datelike, Days, NaiveDate};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("the amount is empty")]
    Empty,
    #[error("“{0}” is not an amount in pounds and pence")]
    NotAnAmount(String),
    #[error("“{0}”: {1}")]
    Money(String, MoneyError),
}

/// An amount read from a file, and, when the file gave fractions of a penny (the Crown
/// Commercial Service's returns do: `13192.9325`), what it said before rounding to the penny
/// (half away from zero), so the import can report the difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    pub money: Money,
    pub rounded_from: Option<rust_decimal::Decimal>,
}

/// [`parse_amount`], with fractions of a penny rounded (and said) rather than refused.
pub fn parse_amount_rounding(raw: &str) -> Result<Amount, AmountError> {
    match parse_amount(raw) {
        Ok(money) => Ok(Amount {
            money,
            rounded_from: None,
        }),
        Err(AmountError::Money(_, MoneyError::TooManyDecimals)) => {
            let s = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
            let (negative, inner) = match s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
                Some(inner) => (true, inner.trim()),
                None => (false, s),
            };
            // Money::parse has checked the grouping; only the digits are left to read.
            let digits: String = inner.chars().filter(|c| *c != '£' && *c != ',').collect();
            let exact: rust_decimal::Decimal = digits
                .trim()
                .parse()
                .map_err(|_| AmountError::NotAnAmount(raw.trim().to_string()))?;
            let exact = if negative { -exact } else { exact };
            let rounded = exact
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            let money = Money::from_decimal(rounded)
                .map_err(|e| AmountError::Money(raw.trim().to_string(), e))?;
            Ok(Amount {
                money,
                rounded_from: Some(exact),
            })
        }
        Err(e) => Err(e),
    }
}

/// An amount: `1234.56`, `£1,234.56`, ` 5,616.65 `, `(123.45)` and `-123.45` (credits),
/// `734.9`. A credit note is a negative amount, not an error. Fractions of a penny are refused
/// here; [`parse_amount_rounding`] rounds them.
pub fn parse_amount(raw: &str) -> Result<Money, AmountError> {
    // Spreadsheets pad with non-breaking spaces as well as spaces.
    let s = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let (negative, inner) = match s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (true, inner.trim()),
        None => (false, s),
    };
    if !inner.chars().any(|c| c.is_ascii_digit()) {
        return Err(AmountError::NotAnAmount(raw.trim().to_string()));
    }
    let m = Money::parse(inner).map_err(|e| match e {
        MoneyError::NotANumber | MoneyError::Empty => {
            AmountError::NotAnAmount(raw.trim().to_string())
        }
        other => AmountError::Money(raw.trim().to_string(), other),
    })?;
    Ok(if negative {
        Money::from_pence(-m.pence())
    } else {
        m
    })
}

/// A payment date, or only the month it was paid in (some files give no day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PaidOn {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
}

impl PaidOn {
    /// The first day of the period: what the database stores, with `month_only` beside it.
    pub fn first_day(&self) -> NaiveDate {
        match self {
            PaidOn::Day(d) => *d,
            PaidOn::Month { year, month } => {
                NaiveDate::from_ymd_opt(*year, *month, 1).unwrap_or(NaiveDate::MIN)
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("the date is empty")]
    Empty,
    #[error("“{0}” is not a real date")]
    NotReal(String),
    #[error("“{0}” is not a date in a form we read (like 31/03/2024, 2024-03-31 or 31-Mar-2024)")]
    Unreadable(String),
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim().to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let pos = MONTHS.iter().position(|m| w.starts_with(m))?;
    // "sept" and full names are fine; "marching" is not a month.
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let ok = w.len() == 3 || w == "sept" || full[pos] == w;
    ok.then_some(pos as u32 + 1)
}

/// A two-digit year: 70-99 are the 1900s, 00-69 the 2000s.
fn year(s: &str) -> Option<i32> {
    let n: i32 = s.parse().ok()?;
    match s.len() {
        2 => Some(if n >= 70 { 1900 + n } else { 2000 + n }),
        4 => Some(n),
        _ => None,
    }
}

fn day(y: i32, m: u32, d: u32, raw: &str) -> Result<PaidOn, DateError> {
    NaiveDate::from_ymd_opt(y, m, d)
        .map(PaidOn::Day)
        .ok_or_else(|| DateError::NotReal(raw.to_string()))
}

/// Excel's day numbers count from 1899-12-30 (its 1900 leap-year bug included); a payment
/// between 1980 and 2100 is 29,221 to 73,415.
fn excel_serial(s: &str) -> Option<NaiveDate> {
    let whole = s.strip_suffix(".0").unwrap_or(s);
    let n: u64 = whole.parse().ok()?;
    if !(29_221..=73_415).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(n))
}

/// A date as forces publish them: `31/03/2024`, `1/4/24`, `2024-03-31`, `31-Mar-2024`,
/// `31 March 2024`, an Excel serial number, or a month alone (`Mar-24`, `March 2024`,
/// `2024-03`, `03/2024`).
pub fn parse_date(raw: &str) -> Result<PaidOn, DateError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    // A time after the date ("2024-03-31 00:00:00", "31/03/2024 00:00") is dropped.
    let s = s
        .split_once(['T', ' '])
        .filter(|(d, t)| t.contains(':') && d.len() >= 8)
        .map(|(d, _)| d)
        .unwrap_or(s);
    let unreadable = || DateError::Unreadable(raw.trim().to_string());
    if let Some(d) = excel_serial(s) {
        return Ok(PaidOn::Day(d));
    }
    let parts: Vec<&str> = s
        .split(['/', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let num = |p: &str| p.parse::<u32>().ok();
    match parts.as_slice() {
        [a, b, c] => {
            if a.len() == 4 {
                // yyyy-mm-dd
                let (y, m, d) = (year(a).ok_or_else(unreadable)?, num(b), num(c));
                match (m, d) {
                    (Some(m), Some(d)) => day(y, m, d, raw.trim()),
                    _ => Err(unreadable()),
                }
            } else {
                // dd/mm/yyyy, d/m/yy, dd-Mon-yyyy, 31 March 2024
                let d = num(a).ok_or_else(unreadable)?;
                let m = num(b).or_else(|| month_number(b)).ok_or_else(unreadable)?;
                let y = year(c).ok_or_else(unreadable)?;
                day(y, m, d, raw.trim())
            }
        }
        [a, b] => {
            // A month alone: Mar-24, March 2024, 2024-03, 03/2024.
            let (y, m) = if a.len() == 4 {
                (year(a), num(b))
            } else {
                (year(b), num(a).or_else(|| month_number(a)))
            };
            match (y, m) {
                (Some(year), Some(month)) if (1..=12).contains(&month) => {
                    Ok(PaidOn::Month { year, month })
                }
                (Some(_), Some(_)) => Err(DateError::NotReal(raw.trim().to_string())),
                _ => Err(unreadable()),
            }
        }
        _ => Err(unreadable()),
    }
}

/// The UK financial year (April to March) a date falls in, by its starting year.
pub fn financial_year(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pence(s: &str) -> i64 {
        parse_amount(s).unwrap().pence()
    }

    fn ymd(y: i32, m: u32, d: u32) -> PaidOn {
        PaidOn::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn amounts_as_files_write_them() {
        assert_eq!(pence("1234.56"), 123_456);
        assert_eq!(pence("£1,234.56"), 123_456);
        assert_eq!(pence(" 5,616.65 "), 561_665);
        assert_eq!(pence("(123.45)"), -12_345);
        assert_eq!(pence("-123.45"), -12_345);
        assert_eq!(pence("734.9"), 73_490);
        assert_eq!(pence("\u{a0}£ 12\u{a0}"), 1_200);
        assert_eq!(pence("0"), 0);
        // Exact where a float is not: 0.1 + 0.2 is 0.30, always.
        assert_eq!(pence("0.1") + pence("0.2"), pence("0.30"));
    }

    #[test]
    fn amounts_that_are_not() {
        assert_eq!(parse_amount("  "), Err(AmountError::Empty));
        assert!(matches!(
            parse_amount("one thousand"),
            Err(AmountError::NotAnAmount(_))
        ));
        assert!(matches!(
            parse_amount("n/a"),
            Err(AmountError::NotAnAmount(_))
        ));
        assert!(matches!(
            parse_amount("12.345"),
            Err(AmountError::Money(_, MoneyError::TooManyDecimals))
        ));
        assert!(matches!(
            parse_amount("1,23"),
            Err(AmountError::Money(_, MoneyError::BadGrouping))
        ));
    }

    #[test]
    fn fractions_of_a_penny_are_rounded_and_said() {
        let a = parse_amount_rounding("13192.9325").unwrap();
        assert_eq!(a.money.pence(), 1_319_293);
        assert_eq!(a.rounded_from.unwrap().to_string(), "13192.9325");
        let a = parse_amount_rounding("(0.005)").unwrap();
        assert_eq!(a.money.pence(), -1, "half away from zero");
        let a = parse_amount_rounding("£1,000.125").unwrap();
        assert_eq!(a.money.pence(), 100_013);
        let a = parse_amount_rounding("12.50").unwrap();
        assert_eq!((a.money.pence(), a.rounded_from), (1_250, None));
        assert!(
            parse_amount_rounding("1,23.456").is_err(),
            "grouping still checked"
        );
    }

    #[test]
    fn dates_in_every_shape_forces_publish() {
        assert_eq!(parse_date("31/03/2024"), Ok(ymd(2024, 3, 31)));
        assert_eq!(parse_date("1/4/24"), Ok(ymd(2024, 4, 1)));
        assert_eq!(parse_date("2024-03-31"), Ok(ymd(2024, 3, 31)));
        assert_eq!(parse_date("2012-04-01"), Ok(ymd(2012, 4, 1)));
        assert_eq!(parse_date("05-Apr-2023"), Ok(ymd(2023, 4, 5)));
        assert_eq!(parse_date("5 April 2023"), Ok(ymd(2023, 4, 5)));
        assert_eq!(parse_date("31/03/2024 00:00"), Ok(ymd(2024, 3, 31)));
        assert_eq!(parse_date("2024-03-31T00:00:00"), Ok(ymd(2024, 3, 31)));
        assert_eq!(parse_date("45382"), Ok(ymd(2024, 3, 31)), "an Excel serial");
        assert_eq!(parse_date("45382.0"), Ok(ymd(2024, 3, 31)));
        assert_eq!(
            parse_date("Mar-24"),
            Ok(PaidOn::Month {
                year: 2024,
                month: 3
            })
        );
        assert_eq!(
            parse_date("March 2024"),
            Ok(PaidOn::Month {
                year: 2024,
                month: 3
            })
        );
        assert_eq!(
            parse_date("2024-03"),
            Ok(PaidOn::Month {
                year: 2024,
                month: 3
            })
        );
        assert_eq!(
            parse_date("03/2024"),
            Ok(PaidOn::Month {
                year: 2024,
                month: 3
            })
        );
        assert_eq!(
            PaidOn::Month {
                year: 2024,
                month: 3
            }
            .first_day(),
            NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()
        );
    }

    #[test]
    fn dates_that_are_not() {
        assert_eq!(
            parse_date("31/02/2024"),
            Err(DateError::NotReal("31/02/2024".into()))
        );
        assert_eq!(
            parse_date("13/2024"),
            Err(DateError::NotReal("13/2024".into()))
        );
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert!(matches!(
            parse_date("yesterday"),
            Err(DateError::Unreadable(_))
        ));
        assert!(
            matches!(parse_date("12345"), Err(DateError::Unreadable(_))),
            "too early for Excel"
        );
        assert!(matches!(
            parse_date("31-Marching-2024"),
            Err(DateError::Unreadable(_))
        ));
    }

    #[test]
    fn the_financial_year_starts_in_april() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(financial_year(d(2024, 3, 31)), 2023);
        assert_eq!(financial_year(d(2024, 4, 1)), 2024);
    }
}
