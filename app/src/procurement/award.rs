//! Pure rules of evaluation and award (shared procurements, part 2): a criterion's scoring
//! scale, the price formula, weighted totals with the arithmetic shown, ties, the standstill
//! period in working days, and each force's share of the contract value. No database here.

use crate::money::Money;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::London;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeSet;

/// The formula stated on every procurement and shown beside every price score.
pub const PRICE_FORMULA: &str =
    "lowest compliant price ÷ this bid's price × the criterion's weight";

/// The standstill period, in working days, unless the lead sets another.
pub const DEFAULT_STANDSTILL_DAYS: u32 = 8;

/// A scoring scale's lowest and highest score, read from how the lead wrote it: "0 to 4",
/// "0-4", "0–10", "1 to 5". None when it names no range (the lead is asked for one).
pub fn scale_range(scale: &str) -> Option<(u32, u32)> {
    let numbers: Vec<u32> = scale
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match numbers.as_slice() {
        [low, high, ..] if low < high && *high <= 100 => Some((*low, *high)),
        _ => None,
    }
}

/// A score as an evaluator typed it, on the criterion's scale.
pub fn read_score(typed: &str, scale: &str) -> Result<u32, String> {
    let (low, high) = scale_range(scale)
        .ok_or_else(|| format!("The criterion's scale “{scale}” names no range of scores"))?;
    let score: u32 = typed
        .trim()
        .parse()
        .map_err(|_| format!("Enter a whole number from {low} to {high}"))?;
    if score < low || score > high {
        return Err(format!("The score must be from {low} to {high}"));
    }
    Ok(score)
}

/// Two decimal places, always shown ("36.00"), halves away from zero.
fn round2(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// One line of a bid's weighted total: the points it earned and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Points {
    pub points: Decimal,
    /// The arithmetic, as people check it: "£90,000.00 ÷ £100,000.00 × 40 = 36.00".
    pub working: String,
}

/// A price criterion's points for each compliant bid: the lowest compliant price over the
/// bid's price, times the weight, to two decimal places. A bid of £0 cannot be scored (the
/// rules refuse it at submission); it earns nothing here rather than dividing by zero.
pub fn price_points<K: Clone>(prices: &[(K, Money)], weight: u32) -> Vec<(K, Points)> {
    let lowest = prices
        .iter()
        .map(|(_, p)| *p)
        .filter(|p| p.pence() > 0)
        .min_by_key(|p| p.pence());
    prices
        .iter()
        .map(|(k, price)| {
            let points = match lowest {
                Some(low) if price.pence() > 0 => {
                    round2(low.decimal() / price.decimal() * Decimal::from(weight))
                }
                _ => Decimal::ZERO,
            };
            let working = match lowest {
                Some(low) => format!("{low} ÷ {price} × {weight} = {points}"),
                None => "No compliant price to compare".to_string(),
            };
            (k.clone(), Points { points, working })
        })
        .collect()
}

/// A quality or social value criterion's points: the share of the scale's range the score
/// reached, times the weight ("3 of 0 to 4 × 45 = 33.75").
pub fn quality_points(score: u32, scale: &str, weight: u32) -> Option<Points> {
    let (low, high) = scale_range(scale)?;
    let reached = Decimal::from(score.saturating_sub(low)) / Decimal::from(high - low);
    let points = round2(reached * Decimal::from(weight));
    Some(Points {
        points,
        working: format!("{score} on {low} to {high} × {weight} = {points}"),
    })
}

/// A bid's place in the ranking; bids with the same total share a place and are flagged,
/// never silently ordered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked<K> {
    pub key: K,
    pub total: Decimal,
    pub place: usize,
    pub tied: bool,
}

/// Ranks totals highest first. Equal totals share a place (1, 1, 3) and are marked tied.
pub fn rank<K: Clone>(totals: &[(K, Decimal)]) -> Vec<Ranked<K>> {
    let mut sorted: Vec<(K, Decimal)> = totals.to_vec();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.1));
    let mut out: Vec<Ranked<K>> = Vec::with_capacity(sorted.len());
    for (i, (key, total)) in sorted.iter().enumerate() {
        let place = match out.last() {
            Some(prev) if prev.total == *total => prev.place,
            _ => i + 1,
        };
        out.push(Ranked {
            key: key.clone(),
            total: *total,
            place,
            tied: false,
        });
    }
    for i in 0..out.len() {
        let total = out[i].total;
        out[i].tied = out.iter().filter(|r| r.total == total).count() > 1;
    }
    out
}

/// England and Wales' bank holidays, from the table in the repository.
pub fn bank_holidays() -> BTreeSet<NaiveDate> {
    include_str!("../../data/bank-holidays-england-wales.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .filter_map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .collect()
}

/// The last year the table covers: a standstill that would run past it cannot be counted.
pub fn holidays_known_until(holidays: &BTreeSet<NaiveDate>) -> Option<i32> {
    holidays.last().map(|d| d.year())
}

pub fn is_working_day(d: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d)
}

/// The date `days` working days after `from` (the day of the award itself does not count).
pub fn add_working_days(from: NaiveDate, days: u32, holidays: &BTreeSet<NaiveDate>) -> NaiveDate {
    let mut d = from;
    let mut left = days;
    while left > 0 {
        d += Duration::days(1);
        if is_working_day(d, holidays) {
            left -= 1;
        }
    }
    d
}

/// When the standstill ends: midnight (UK time) at the end of the `days`th working day after
/// the day the award was notified.
pub fn standstill_end(
    awarded_at: DateTime<Utc>,
    days: u32,
    holidays: &BTreeSet<NaiveDate>,
) -> DateTime<Utc> {
    let day = awarded_at.with_timezone(&London).date_naive();
    let last = add_working_days(day, days, holidays);
    let midnight = (last + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    London
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

/// Splits a contract's value among the forces pro rata to their demand (`weights`: each
/// force's quantity, or estimated value in pence), exactly: shares are rounded down to the
/// penny and the pennies left over go to the largest remainders (ties to the earlier force),
/// so the shares always add up to the total. None when there is no demand to split by.
pub fn shares(total: Money, weights: &[(i32, i64)]) -> Option<Vec<(i32, Money)>> {
    let sum: i128 = weights.iter().map(|(_, w)| i128::from((*w).max(0))).sum();
    if sum == 0 {
        return None;
    }
    let pence = i128::from(total.pence());
    let mut out: Vec<(i32, i128, i128)> = weights
        .iter()
        .map(|(f, w)| {
            let exact = pence * i128::from((*w).max(0));
            (*f, exact / sum, exact % sum)
        })
        .collect();
    let given: i128 = out.iter().map(|(_, p, _)| p).sum();
    let mut left = pence - given;
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by(|a, b| out[*b].2.cmp(&out[*a].2).then(a.cmp(b)));
    for i in order {
        if left <= 0 {
            break;
        }
        out[i].1 += 1;
        left -= 1;
    }
    Some(
        out.into_iter()
            .map(|(f, p, _)| (f, Money::from_pence(i64::try_from(p).unwrap_or(0))))
            .collect(),
    )
}

/// The OCDS identifier of a procurement: `ocds-<prefix>-<id>`.
pub fn ocid(prefix: &str, id: i32) -> String {
    format!("ocds-{prefix}-{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pounds(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn scales_are_read_from_how_they_are_written() {
        assert_eq!(scale_range("0 to 4"), Some((0, 4)));
        assert_eq!(scale_range("0-10"), Some((0, 10)));
        assert_eq!(scale_range("1 to 5 (5 is best)"), Some((1, 5)));
        assert_eq!(scale_range("pass or fail"), None);
        assert_eq!(scale_range("4 to 0"), None);
        assert_eq!(read_score("3", "0 to 4"), Ok(3));
        assert_eq!(
            read_score("5", "0 to 4"),
            Err("The score must be from 0 to 4".into())
        );
        assert!(read_score("three", "0 to 4").is_err());
    }

    #[test]
    fn price_scores_by_the_stated_formula_exactly() {
        let scores = price_points(
            &[
                ("a", pounds("100,000.00")),
                ("b", pounds("90,000.00")),
                ("c", pounds("120,000.00")),
            ],
            40,
        );
        assert_eq!(scores[0].1.points, dec("36.00"));
        assert_eq!(scores[1].1.points, dec("40.00"));
        assert_eq!(scores[2].1.points, dec("30.00"));
        assert_eq!(scores[0].1.working, "£90,000.00 ÷ £100,000.00 × 40 = 36.00");
        // 2/3 of 40 rounds half away from zero at the second place.
        let thirds = price_points(&[("a", pounds("2.00")), ("b", pounds("3.00"))], 40);
        assert_eq!(thirds[1].1.points, dec("26.67"));
    }

    #[test]
    fn quality_scores_are_the_share_of_the_scale_times_the_weight() {
        assert_eq!(
            quality_points(3, "0 to 4", 45).unwrap().points,
            dec("33.75")
        );
        assert_eq!(quality_points(1, "1 to 5", 20).unwrap().points, dec("0.00"));
        assert_eq!(
            quality_points(5, "1 to 5", 20).unwrap().points,
            dec("20.00")
        );
        assert!(quality_points(1, "good or bad", 20).is_none());
    }

    #[test]
    fn equal_totals_share_a_place_and_are_flagged() {
        let r = rank(&[
            ("a", dec("70.50")),
            ("b", dec("81.25")),
            ("c", dec("70.50")),
            ("d", dec("12")),
        ]);
        let places: Vec<(&str, usize, bool)> = r.iter().map(|x| (x.key, x.place, x.tied)).collect();
        assert_eq!(
            places,
            vec![
                ("b", 1, false),
                ("a", 2, true),
                ("c", 2, true),
                ("d", 4, false)
            ]
        );
    }

    #[test]
    fn working_days_skip_weekends_easter_and_the_august_bank_holiday() {
        let h = bank_holidays();
        assert!(holidays_known_until(&h) >= Some(2030));
        // Easter 2027: Good Friday 26 March, Easter Monday 29 March.
        assert_eq!(
            add_working_days(date("2027-03-24"), 8, &h),
            date("2027-04-07")
        );
        // Easter 2026: 3 and 6 April.
        assert_eq!(
            add_working_days(date("2026-04-01"), 2, &h),
            date("2026-04-07")
        );
        // The August bank holiday across years: 31 August 2026, 30 August 2027, 28 August 2028.
        assert_eq!(
            add_working_days(date("2026-08-28"), 1, &h),
            date("2026-09-01")
        );
        assert_eq!(
            add_working_days(date("2027-08-27"), 1, &h),
            date("2027-08-31")
        );
        assert_eq!(
            add_working_days(date("2028-08-25"), 1, &h),
            date("2028-08-29")
        );
        // Christmas 2027 falls on a weekend: the substitute days are not working days.
        assert_eq!(
            add_working_days(date("2027-12-24"), 1, &h),
            date("2027-12-29")
        );
        // A plain fortnight: 8 working days from a Monday is the next week's Wednesday.
        assert_eq!(
            add_working_days(date("2026-11-02"), 8, &h),
            date("2026-11-12")
        );
    }

    #[test]
    fn the_standstill_ends_at_midnight_uk_time_after_the_last_working_day() {
        let h = bank_holidays();
        // Awarded Friday 18 December 2026 at 15:00 UK time: 8 working days skip the
        // weekends, Christmas Day, the Boxing Day substitute (28th) and New Year's Day, so
        // the last is Monday 4 January.
        let awarded = Utc.with_ymd_and_hms(2026, 12, 18, 15, 0, 0).unwrap();
        let end = standstill_end(awarded, 8, &h);
        assert_eq!(end, Utc.with_ymd_and_hms(2027, 1, 5, 0, 0, 0).unwrap());
        // In summer time, midnight UK is 23:00 UTC the day before.
        let awarded = Utc.with_ymd_and_hms(2027, 6, 1, 9, 0, 0).unwrap();
        assert_eq!(
            standstill_end(awarded, 8, &h),
            Utc.with_ymd_and_hms(2027, 6, 11, 23, 0, 0).unwrap()
        );
    }

    #[test]
    fn shares_add_up_to_the_penny() {
        let s = shares(pounds("100.00"), &[(1, 1), (2, 1), (3, 1)]).unwrap();
        assert_eq!(
            s,
            vec![
                (1, pounds("33.34")),
                (2, pounds("33.33")),
                (3, pounds("33.33"))
            ]
        );
        let s = shares(pounds("1,000,000.01"), &[(1, 500), (2, 250), (3, 100)]).unwrap();
        let sum: i64 = s.iter().map(|(_, m)| m.pence()).sum();
        assert_eq!(sum, pounds("1,000,000.01").pence());
        assert_eq!(s[0].1, pounds("588,235.30"));
        assert!(shares(pounds("1.00"), &[(1, 0)]).is_none());
    }

    #[test]
    fn ocids_carry_the_prefix() {
        assert_eq!(ocid("b1ue1a", 42), "ocds-b1ue1a-42");
    }
}
