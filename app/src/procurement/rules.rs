//! Pure rules of a shared procurement: what a requirement, its criteria and its timeline must
//! be, what an amendment may change, how forces' demand adds up and how a bid's per-force
//! prices must add up. No database here: the services call these, and so do the unit tests.

use super::types::{
    Criterion, CriterionKind, Demand, DemandTotal, ProcurementState, Requirement, RequirementKind,
    Timeline,
};
use crate::money::Money;
use crate::validation::{date_from_parts, FieldErrors};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;

/// Essential requirements, and nice-to-have ones, a procurement may list (each).
pub const MAX_REQUIREMENTS: usize = 20;
/// A requirement is a short statement.
pub const REQUIREMENT_CHARS: usize = 500;
/// Criteria a procurement may weigh bids by.
pub const MAX_CRITERIA: usize = 10;
/// The shortest time suppliers have between publication and the bid deadline, unless the
/// national body sets another.
pub const DEFAULT_MINIMUM_TENDER_DAYS: i64 = 10;

/// Each kind of requirement: at most 20, each said in at most 500 characters; at least one
/// essential one.
pub fn check_requirements(reqs: &[Requirement], errors: &mut FieldErrors) {
    for kind in RequirementKind::ALL {
        let field = match kind {
            RequirementKind::Essential => "essential",
            RequirementKind::NiceToHave => "nice_to_have",
        };
        let of_kind: Vec<&Requirement> = reqs.iter().filter(|r| r.kind == *kind).collect();
        if of_kind.len() > MAX_REQUIREMENTS {
            errors.add(
                field,
                format!(
                    "List at most {MAX_REQUIREMENTS} {} requirements (you listed {})",
                    kind.label().to_lowercase(),
                    of_kind.len()
                ),
            );
        }
        if let Some(long) = of_kind
            .iter()
            .position(|r| r.text.chars().count() > REQUIREMENT_CHARS)
        {
            errors.add(
                field,
                format!(
                    "{} requirement {} must be {REQUIREMENT_CHARS} characters or fewer",
                    kind.label(),
                    long + 1
                ),
            );
        }
    }
    if !reqs.iter().any(|r| r.kind == RequirementKind::Essential) {
        errors.add("essential", "List at least one essential requirement");
    }
}

/// Criteria: at least one, at most 10, named, each weighted 1 to 100, the weights totalling
/// exactly 100, at least one of them price; every quality or social value criterion says its
/// scoring scale and guidance.
pub fn check_criteria(criteria: &[Criterion], errors: &mut FieldErrors) {
    if criteria.is_empty() {
        errors.add(
            "criteria",
            "Add at least one evaluation criterion, including price",
        );
        return;
    }
    if criteria.len() > MAX_CRITERIA {
        errors.add(
            "criteria",
            format!("Use at most {MAX_CRITERIA} evaluation criteria"),
        );
    }
    for (i, c) in criteria.iter().enumerate() {
        let n = i + 1;
        if c.name.trim().is_empty() {
            errors.add(
                &format!("criterion_{n}_name"),
                format!("Enter a name for criterion {n}"),
            );
        }
        if !(1..=100).contains(&c.weight) {
            errors.add(
                &format!("criterion_{n}_weight"),
                format!("Criterion {n}'s weight must be a whole number from 1 to 100"),
            );
        }
        if c.kind != CriterionKind::Price {
            if c.scale.trim().is_empty() {
                errors.add(
                    &format!("criterion_{n}_scale"),
                    format!("Say how criterion {n} is scored, for example 0 to 4"),
                );
            }
            if c.guidance.trim().is_empty() {
                errors.add(
                    &format!("criterion_{n}_guidance"),
                    format!("Give guidance on what earns each score for criterion {n}"),
                );
            }
        }
    }
    let total: u64 = criteria.iter().map(|c| u64::from(c.weight)).sum();
    if total != 100 {
        errors.add(
            "criteria",
            format!("The criteria's weights must total 100 (they total {total})"),
        );
    }
    if !criteria.iter().any(|c| c.kind == CriterionKind::Price) {
        errors.add("criteria", "Include at least one price criterion");
    }
}

/// The timeline when it is set: every date in the future and each after the one before, and
/// suppliers given at least the minimum tender period, counted from the earliest moment the
/// procurement can be published (its join deadline).
pub fn check_timeline(
    t: &Timeline,
    now: DateTime<Utc>,
    minimum_tender_days: i64,
    errors: &mut FieldErrors,
) {
    let fields = t.fields();
    for (field, label, at) in fields {
        if at <= now {
            errors.add(field, format!("{label} must be in the future"));
        }
    }
    check_order(t, errors);
    if t.bid > t.join && t.bid - t.join < Duration::days(minimum_tender_days) {
        errors.add(
            "bid_deadline",
            format!(
                "The bid deadline must be at least {minimum_tender_days} days after the join deadline, so suppliers have the minimum tender period"
            ),
        );
    }
}

/// Each date after the one before it, the message on the later one's field.
fn check_order(t: &Timeline, errors: &mut FieldErrors) {
    let fields = t.fields();
    for pair in fields.windows(2) {
        let (_, before_label, before) = pair[0];
        let (field, label, at) = pair[1];
        if at <= before {
            errors.add(
                field,
                format!(
                    "{label} must be after {}",
                    before_label.replacen("The", "the", 1)
                ),
            );
        }
    }
}

/// An amendment's new timeline: it may extend deadlines, never bring one forward, and keeps
/// the dates in order. Dates already passed cannot move.
pub fn check_amendment(
    before: &Timeline,
    after: &Timeline,
    now: DateTime<Utc>,
    errors: &mut FieldErrors,
) {
    for ((field, label, old), (_, _, new)) in before.fields().into_iter().zip(after.fields()) {
        if new < old {
            errors.add(
                field,
                format!("{label} can be extended but not brought forward"),
            );
        } else if new != old && old <= now {
            errors.add(field, format!("{label} has passed and cannot be changed"));
        }
    }
    check_order(after, errors);
}

/// A force's demand: a quantity or an estimated value (or both), neither of them nothing.
pub fn check_demand(d: &Demand, errors: &mut FieldErrors) {
    if d.quantity.is_none() && d.value.is_none() {
        errors.add("quantity", "Enter a quantity, an estimated value, or both");
    }
    if d.quantity == Some(0) {
        errors.add("quantity", "The quantity must be 1 or more");
    }
    if d.value.is_some_and(|v| v.pence() <= 0) {
        errors.add("value", "The estimated value must be more than £0");
    }
}

/// Every force's demand added up: quantities in the procurement's one unit, values in money.
/// Saturates rather than wraps (no real demand comes near).
pub fn total_demand<'a>(demands: impl IntoIterator<Item = &'a Demand>) -> DemandTotal {
    let mut total = DemandTotal::default();
    for d in demands {
        total.forces += 1;
        total.quantity = total.quantity.saturating_add(d.quantity.unwrap_or(0));
        if let Some(v) = d.value {
            total.value = total.value.checked_add(v).unwrap_or(total.value);
        }
    }
    total
}

/// Whether a force may join, change its demand or withdraw now: only while the procurement is
/// open to join and before its join deadline (after it, forces are locked in).
pub fn may_change_demand(state: ProcurementState, join: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    state == ProcurementState::OpenToJoin && now < join
}

/// Whether the lead may publish now: the join deadline passed, and suppliers still have the
/// minimum tender period before the bid deadline.
pub fn check_publish(
    state: ProcurementState,
    t: &Timeline,
    now: DateTime<Utc>,
    minimum_tender_days: i64,
) -> Result<(), String> {
    if state != ProcurementState::OpenToJoin {
        return Err(format!(
            "Only a procurement open to join can be published (this one is {})",
            state.label().to_lowercase()
        ));
    }
    if now < t.join {
        return Err("Forces can join until the join deadline: publish after it".into());
    }
    if t.bid - now < Duration::days(minimum_tender_days) {
        return Err(format!(
            "Suppliers must have at least {minimum_tender_days} days to bid: amend the timeline to move the bid deadline later first"
        ));
    }
    Ok(())
}

/// A bid priced per force: a price for every force that joined (the lead's included) and no
/// other, each more than nothing, the prices adding up to the bid's total exactly.
pub fn check_per_force_prices(
    total: Money,
    prices: &[(i32, Money)],
    forces: &[i32],
) -> Result<(), String> {
    for f in forces {
        match prices.iter().filter(|(id, _)| id == f).count() {
            0 => return Err("Give a price for every force taking part".into()),
            1 => {}
            _ => return Err("Give one price for each force".into()),
        }
    }
    if prices.iter().any(|(id, _)| !forces.contains(id)) {
        return Err("Price only the forces taking part".into());
    }
    if prices.iter().any(|(_, p)| p.pence() < 0) {
        return Err("A force's price cannot be less than £0".into());
    }
    let mut sum = Money::default();
    for (_, p) in prices {
        sum = sum
            .checked_add(*p)
            .ok_or_else(|| "The prices are too large to add up".to_string())?;
    }
    if sum != total {
        return Err(format!(
            "The prices for each force add up to {sum}, not the total of {total}"
        ));
    }
    Ok(())
}

/// A deadline from GOV.UK's date boxes and a 24-hour time ("17:00"), entered in UK time and
/// kept in UTC. A time the clocks skip in spring is refused; one they repeat in autumn is the
/// first of the two.
pub fn deadline_from_parts(
    day: &str,
    month: &str,
    year: &str,
    time: &str,
    what: &str,
) -> Result<DateTime<Utc>, String> {
    let date = date_from_parts(day, month, year, what)?;
    let time = time.trim();
    if time.is_empty() {
        return Err(format!("Enter the time of the {what}, for example 17:00"));
    }
    let parsed = NaiveTime::parse_from_str(time, "%H:%M")
        .map_err(|_| format!("The time of the {what} must be a 24-hour time, for example 17:00"))?;
    London
        .from_local_datetime(&date.and_time(parsed))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| format!("The {what} falls when the clocks go forward: choose another time"))
}

/// Requirements typed one a line: each line trimmed, blank lines and list markers ("-", "*",
/// "•") dropped.
pub fn requirements_from_lines(kind: RequirementKind, text: &str) -> Vec<Requirement> {
    text.lines()
        .map(|l| l.trim().trim_start_matches(['-', '*', '•']).trim())
        .filter(|l| !l.is_empty())
        .map(|l| Requirement {
            kind,
            text: l.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, day, 12, 0, 0).unwrap()
    }

    fn pounds(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn now() -> DateTime<Utc> {
        at(1)
    }

    fn timeline() -> Timeline {
        Timeline {
            join: at(5),
            clarification: at(10),
            bid: at(20),
            evaluation: at(25),
            award: at(30),
        }
    }

    fn errors_of(f: impl FnOnce(&mut FieldErrors)) -> FieldErrors {
        let mut e = FieldErrors::new();
        f(&mut e);
        e
    }

    fn price(weight: u32) -> Criterion {
        Criterion {
            kind: CriterionKind::Price,
            name: "Price".into(),
            weight,
            scale: String::new(),
            guidance: String::new(),
        }
    }

    fn quality(weight: u32) -> Criterion {
        Criterion {
            kind: CriterionKind::Quality,
            name: "Approach".into(),
            weight,
            scale: "0 to 4".into(),
            guidance: "4: fully meets with evidence".into(),
        }
    }

    fn essential(text: &str) -> Requirement {
        Requirement {
            kind: RequirementKind::Essential,
            text: text.into(),
        }
    }

    #[test]
    fn deadlines_are_entered_in_uk_time() {
        // Summer time: 17:00 in London is 16:00 UTC.
        let summer = deadline_from_parts("1", "7", "2027", "17:00", "bid deadline").unwrap();
        assert_eq!(summer, Utc.with_ymd_and_hms(2027, 7, 1, 16, 0, 0).unwrap());
        let winter = deadline_from_parts("1", "12", "2027", "09:30", "bid deadline").unwrap();
        assert_eq!(winter, Utc.with_ymd_and_hms(2027, 12, 1, 9, 30, 0).unwrap());
        assert_eq!(
            deadline_from_parts("1", "12", "2027", "", "bid deadline").unwrap_err(),
            "Enter the time of the bid deadline, for example 17:00"
        );
        assert!(
            deadline_from_parts("1", "12", "2027", "5pm", "bid deadline")
                .unwrap_err()
                .contains("24-hour")
        );
        assert_eq!(
            deadline_from_parts("31", "2", "2027", "17:00", "bid deadline").unwrap_err(),
            "The bid deadline must be a real date"
        );
        // 01:30 on the last Sunday of March 2027 does not exist in London.
        assert!(
            deadline_from_parts("28", "3", "2027", "01:30", "bid deadline")
                .unwrap_err()
                .contains("clocks go forward")
        );
    }

    #[test]
    fn requirements_are_read_one_a_line() {
        let r = requirements_from_lines(
            RequirementKind::Essential,
            "- Works offline\r\n\n  * Exports to CSV  \n•Audit trail\n",
        );
        let texts: Vec<&str> = r.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["Works offline", "Exports to CSV", "Audit trail"]);
        assert!(r.iter().all(|r| r.kind == RequirementKind::Essential));
    }

    #[test]
    fn a_good_timeline_passes() {
        assert!(errors_of(|e| check_timeline(&timeline(), now(), 10, e)).is_empty());
    }

    #[test]
    fn past_and_out_of_order_dates_are_refused_by_field() {
        let mut t = timeline();
        t.join = at(1) - Duration::hours(1);
        t.evaluation = at(19);
        let e = errors_of(|e| check_timeline(&t, now(), 10, e));
        assert_eq!(
            e.get("join_deadline"),
            Some("The join deadline must be in the future")
        );
        assert_eq!(
            e.get("evaluation_target"),
            Some("The evaluation target must be after the bid deadline")
        );
        assert!(e.get("award_target").is_none());
    }

    #[test]
    fn the_minimum_tender_period_counts_from_the_join_deadline() {
        let mut t = timeline();
        t.bid = t.join + Duration::days(10) - Duration::seconds(1);
        let e = errors_of(|e| check_timeline(&t, now(), 10, e));
        assert!(e.get("bid_deadline").unwrap().contains("at least 10 days"));
        t.bid = t.join + Duration::days(10);
        assert!(errors_of(|e| check_timeline(&t, now(), 10, e)).is_empty());
        // The national body may set another period.
        assert!(!errors_of(|e| check_timeline(&t, now(), 14, e)).is_empty());
    }

    #[test]
    fn weights_must_total_100_with_a_price_criterion() {
        assert!(errors_of(|e| check_criteria(&[price(40), quality(60)], e)).is_empty());
        let e = errors_of(|e| check_criteria(&[price(40), quality(50)], e));
        assert_eq!(
            e.get("criteria"),
            Some("The criteria's weights must total 100 (they total 90)")
        );
        let e = errors_of(|e| check_criteria(&[quality(100)], e));
        assert_eq!(
            e.get("criteria"),
            Some("Include at least one price criterion")
        );
        let e = errors_of(|e| check_criteria(&[], e));
        assert!(e.get("criteria").unwrap().contains("at least one"));
        let e = errors_of(|e| check_criteria(&[price(0), quality(100)], e));
        assert!(e.get("criterion_1_weight").is_some());
    }

    #[test]
    fn a_quality_criterion_needs_its_scale_and_guidance() {
        let mut q = quality(60);
        q.scale = " ".into();
        q.guidance = String::new();
        let e = errors_of(|e| check_criteria(&[price(40), q], e));
        assert!(e.get("criterion_2_scale").is_some());
        assert!(e.get("criterion_2_guidance").is_some());
    }

    #[test]
    fn requirements_are_limited_in_number_and_length() {
        let e = errors_of(|e| check_requirements(&[essential("Works offline")], e));
        assert!(e.is_empty());
        let many: Vec<Requirement> = (0..21).map(|i| essential(&format!("R{i}"))).collect();
        let e = errors_of(|e| check_requirements(&many, e));
        assert_eq!(
            e.get("essential"),
            Some("List at most 20 essential requirements (you listed 21)")
        );
        let long = essential(&"x".repeat(501));
        let e = errors_of(|e| check_requirements(&[long], e));
        assert!(e.get("essential").unwrap().contains("500 characters"));
        let nice = Requirement {
            kind: RequirementKind::NiceToHave,
            text: "Dark mode".into(),
        };
        let e = errors_of(|e| check_requirements(&[nice], e));
        assert_eq!(
            e.get("essential"),
            Some("List at least one essential requirement")
        );
    }

    #[test]
    fn amendments_extend_but_never_shorten() {
        let before = timeline();
        let mut later = before;
        later.bid = at(22);
        later.evaluation = at(26);
        assert!(errors_of(|e| check_amendment(&before, &later, now(), e)).is_empty());
        let mut earlier = before;
        earlier.bid = at(19);
        let e = errors_of(|e| check_amendment(&before, &earlier, now(), e));
        assert_eq!(
            e.get("bid_deadline"),
            Some("The bid deadline can be extended but not brought forward")
        );
        // A deadline already passed stays where it was.
        let mut moved = before;
        moved.join = at(6);
        let e = errors_of(|e| check_amendment(&before, &moved, at(5), e));
        assert!(e.get("join_deadline").unwrap().contains("has passed"));
        // Extending one date past the next is still out of order.
        let mut crossing = before;
        crossing.clarification = at(21);
        let e = errors_of(|e| check_amendment(&before, &crossing, now(), e));
        assert!(e
            .get("bid_deadline")
            .unwrap()
            .contains("after the clarification"));
    }

    #[test]
    fn demand_adds_up_across_forces() {
        let demands = [
            Demand {
                quantity: Some(300),
                value: Some(pounds("120000.00")),
            },
            Demand {
                quantity: Some(150),
                value: None,
            },
            Demand {
                quantity: None,
                value: Some(pounds("45000.50")),
            },
        ];
        let total = total_demand(&demands);
        assert_eq!(total.forces, 3);
        assert_eq!(total.quantity, 450);
        assert_eq!(total.value, pounds("165000.50"));
        assert!(errors_of(|e| check_demand(&Demand::default(), e))
            .get("quantity")
            .is_some());
    }

    #[test]
    fn forces_are_locked_in_at_the_join_deadline() {
        let t = timeline();
        let open = ProcurementState::OpenToJoin;
        assert!(may_change_demand(
            open,
            t.join,
            t.join - Duration::seconds(1)
        ));
        assert!(!may_change_demand(open, t.join, t.join));
        assert!(!may_change_demand(ProcurementState::Draft, t.join, now()));
    }

    #[test]
    fn publishing_waits_for_the_join_deadline_and_keeps_the_tender_period() {
        let t = timeline();
        let open = ProcurementState::OpenToJoin;
        assert!(check_publish(open, &t, at(4), 10).is_err());
        assert!(check_publish(open, &t, at(5), 10).is_ok());
        let late = check_publish(open, &t, at(11), 10).unwrap_err();
        assert!(late.contains("amend the timeline"));
        assert!(check_publish(ProcurementState::Draft, &t, at(5), 10).is_err());
    }

    #[test]
    fn per_force_prices_cover_every_force_and_sum_to_the_total() {
        let m = pounds;
        let forces = [1, 2, 3];
        let good = [(1, m("500.00")), (2, m("300.00")), (3, m("200.01"))];
        assert!(check_per_force_prices(m("1000.01"), &good, &forces).is_ok());
        let off = check_per_force_prices(m("1000.00"), &good, &forces).unwrap_err();
        assert_eq!(
            off,
            "The prices for each force add up to £1,000.01, not the total of £1,000.00"
        );
        assert!(check_per_force_prices(m("800.00"), &good[..2], &forces).is_err());
        let stranger = [
            (1, m("500.00")),
            (2, m("300.00")),
            (3, m("100.00")),
            (9, m("100.00")),
        ];
        assert_eq!(
            check_per_force_prices(m("1000.00"), &stranger, &forces).unwrap_err(),
            "Price only the forces taking part"
        );
        let twice = [
            (1, m("500.00")),
            (1, m("500.00")),
            (2, m("0.00")),
            (3, m("0.00")),
        ];
        assert!(check_per_force_prices(m("1000.00"), &twice, &forces).is_err());
    }
}
