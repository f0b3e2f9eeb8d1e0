//! Money in pounds sterling: `rust_decimal` in Rust, integer pence in the database.
//!
//! Floats never touch money. Parsing accepts what people type into a form ("1234.5",
//! "£1,234.50", "1,234") and refuses anything ambiguous with a message that says why.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An amount of GBP, always held to exactly two decimal places.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Money(Decimal);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("Enter an amount")]
    Empty,
    #[error("Enter an amount in pounds and pence, like 1234.50")]
    NotANumber,
    #[error("Enter an amount with no more than 2 decimal places (pence)")]
    TooManyDecimals,
    #[error("Enter an amount with commas only between groups of three digits, like 1,234,567.89")]
    BadGrouping,
    #[error("The amount is too large")]
    Overflow,
}

/// The largest amount we accept: 10^15 pence (ten trillion pounds) keeps every sum of a
/// realistic number of rows far inside i64 pence.
const MAX_PENCE: i64 = 1_000_000_000_000_000;

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// From a count of pence, as stored in `*_pence` columns.
    pub fn from_pence(pence: i64) -> Money {
        Money(Decimal::new(pence, 2))
    }

    /// To a count of pence. Exact, because a `Money` always has two decimal places.
    pub fn pence(&self) -> i64 {
        let scaled = self.0 * Decimal::ONE_HUNDRED;
        // The constructor bounds the value, so this cannot fail.
        i64::try_from(scaled.trunc()).unwrap_or(i64::MAX)
    }

    pub fn decimal(&self) -> Decimal {
        self.0
    }

    /// From a Decimal; refuses sub-penny amounts rather than rounding them away.
    pub fn from_decimal(d: Decimal) -> Result<Money, MoneyError> {
        let normal = d.normalize();
        if normal.scale() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        let pence = (normal * Decimal::ONE_HUNDRED).trunc();
        let pence = i64::try_from(pence).map_err(|_| MoneyError::Overflow)?;
        if pence.abs() > MAX_PENCE {
            return Err(MoneyError::Overflow);
        }
        Ok(Money::from_pence(pence))
    }

    /// Parse what a person typed. Accepts an optional leading "-" or "£", commas between
    /// groups of three digits, and up to two decimal places.
    pub fn parse(input: &str) -> Result<Money, MoneyError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let (negative, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, s),
        };
        let s = s.strip_prefix('£').unwrap_or(s).trim_start();
        let (negative, s) = match (negative, s.strip_prefix('-')) {
            (false, Some(rest)) => (true, rest),
            (n, _) => (n, s),
        };
        if s.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        let (whole, fraction) = match s.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (s, None),
        };
        if whole.is_empty() && fraction.is_none() {
            return Err(MoneyError::NotANumber);
        }
        let digits = if whole.contains(',') {
            let groups: Vec<&str> = whole.split(',').collect();
            let first_ok = matches!(groups[0].len(), 1..=3);
            let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
            if !first_ok || !rest_ok {
                return Err(MoneyError::BadGrouping);
            }
            groups.concat()
        } else {
            whole.to_string()
        };
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyError::NotANumber);
        }
        let fraction = fraction.unwrap_or("");
        if !fraction.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyError::NotANumber);
        }
        if fraction.len() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        if digits.is_empty() && fraction.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        // 16 digits of pounds is already past MAX_PENCE; checking length first avoids
        // overflowing the decimal parser on absurd input.
        if digits.trim_start_matches('0').len() > 16 {
            return Err(MoneyError::Overflow);
        }
        let text = format!(
            "{}{}.{}",
            if negative { "-" } else { "" },
            if digits.is_empty() { "0" } else { &digits },
            if fraction.is_empty() { "0" } else { fraction }
        );
        let d = Decimal::from_str(&text).map_err(|_| MoneyError::NotANumber)?;
        Money::from_decimal(d)
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        let p = self.pence().checked_add(other.pence())?;
        Some(Money::from_pence(p))
    }
}

/// A whole number with commas between thousands: 1234567 is "1,234,567".
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

impl fmt::Display for Money {
    /// "£1,234.50", "-£12.00".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pence = self.pence();
        let sign = if pence < 0 { "-" } else { "" };
        let abs = pence.unsigned_abs();
        write!(f, "{sign}£{}.{:02}", group_thousands(abs / 100), abs % 100)
    }
}

impl FromStr for Money {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Money::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<i64, MoneyError> {
        Money::parse(s).map(|m| m.pence())
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(p("1234.5"), Ok(123_450));
        assert_eq!(p("£1,234.50"), Ok(123_450));
        assert_eq!(p("1,234"), Ok(123_400));
        assert_eq!(p(" 0.07 "), Ok(7));
        assert_eq!(p(".5"), Ok(50));
        assert_eq!(p("-£3.20"), Ok(-320));
        assert_eq!(p("£-3.20"), Ok(-320));
        assert_eq!(p("1,234,567.89"), Ok(123_456_789));
        assert_eq!(p("12."), Ok(1200));
    }

    #[test]
    fn refuses_bad_input_with_reasons() {
        assert_eq!(p("12.345"), Err(MoneyError::TooManyDecimals));
        assert_eq!(p("abc"), Err(MoneyError::NotANumber));
        assert_eq!(p("-"), Err(MoneyError::NotANumber));
        assert_eq!(p("£"), Err(MoneyError::NotANumber));
        assert_eq!(p(""), Err(MoneyError::Empty));
        assert_eq!(p("   "), Err(MoneyError::Empty));
        assert_eq!(p("1,23"), Err(MoneyError::BadGrouping));
        assert_eq!(p("1234,567"), Err(MoneyError::BadGrouping));
        assert_eq!(p("1.2.3"), Err(MoneyError::NotANumber));
        assert_eq!(p("1e5"), Err(MoneyError::NotANumber));
        assert_eq!(
            p("99999999999999999999999999999"),
            Err(MoneyError::Overflow)
        );
        assert_eq!(p("10000000000001"), Err(MoneyError::Overflow));
        assert!(MoneyError::TooManyDecimals
            .to_string()
            .contains("2 decimal places"));
    }

    #[test]
    fn formats_with_grouping_and_pence() {
        assert_eq!(Money::from_pence(123_450).to_string(), "£1,234.50");
        assert_eq!(Money::from_pence(5).to_string(), "£0.05");
        assert_eq!(Money::from_pence(-1_200).to_string(), "-£12.00");
        assert_eq!(Money::from_pence(100_000_000).to_string(), "£1,000,000.00");
        assert_eq!(Money::from_pence(99_999).to_string(), "£999.99");
    }

    #[test]
    fn round_trips_through_pence() {
        for pence in [0, 1, 99, 100, 123_456_789, -42, MAX_PENCE] {
            let m = Money::from_pence(pence);
            assert_eq!(m.pence(), pence);
            assert_eq!(Money::parse(&m.to_string()).unwrap(), m);
        }
    }

    #[test]
    fn sums_exactly() {
        let a = Money::parse("0.10").unwrap();
        let b = Money::parse("0.20").unwrap();
        assert_eq!(a.checked_add(b).unwrap(), Money::parse("0.30").unwrap());
    }
}
