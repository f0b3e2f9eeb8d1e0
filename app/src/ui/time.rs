//! Times are stored in UTC and shown in UK time (Europe/London).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::London;

/// "24 Nov 2026 09:41:07".
pub fn show_london(t: DateTime<Utc>) -> String {
    t.with_timezone(&London)
        .format("%-d %b %Y %H:%M:%S")
        .to_string()
}

/// "9:41am" style is GOV.UK's; we use "09:41" for an unambiguous 24-hour clock.
pub fn show_london_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&London).format("%H:%M").to_string()
}

/// "5 March 2027 at 17:00": a deadline as GOV.UK writes one, in UK time.
pub fn deadline(t: DateTime<Utc>) -> String {
    t.with_timezone(&London)
        .format("%-d %B %Y at %H:%M")
        .to_string()
}

/// The UTC instant at which a UK calendar day starts.
pub fn london_date_start_utc(d: NaiveDate) -> DateTime<Utc> {
    let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    London
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_days_start_at_local_midnight() {
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        assert_eq!(
            london_date_start_utc(summer).to_rfc3339(),
            "2026-06-30T23:00:00+00:00"
        );
        let winter = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(
            london_date_start_utc(winter).to_rfc3339(),
            "2026-12-01T00:00:00+00:00"
        );
    }
}
