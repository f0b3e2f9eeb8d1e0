//! Award, standstill and contracts: the lead awards to the top-ranked bid (or records why it
//! chose otherwise), every bidder gets its assessment summary, a standstill of working days
//! follows during which a bidder may challenge (pausing the award until the lead decides),
//! and confirming the award makes one contract for every force taking part, with its share
//! of the value. Each step publishes its OCDS release in its transaction.

use super::notify::{self, Notice};
use super::{event, load, moderate, raise};
use crate::access::{authorise, missing, ProcurementAction, Viewer, ANOTHER_ORGANISATION};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::catalogue::entity::contract;
use crate::catalogue::types::ContractSource;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::money::Money;
use crate::procurement::award::{bank_holidays, shares, standstill_end, DEFAULT_STANDSTILL_DAYS};
use crate::procurement::entity::{bid, procurement, procurement_challenge};
use crate::procurement::form::Fields;
use crate::procurement::ocds::{self, Override};
use crate::procurement::types::{BidStatus, ChallengeOutcome, NotificationKind, ProcurementState};
use crate::validation::{date_from_parts, FieldErrors};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};

fn get<'a>(f: &'a Fields, k: &str) -> &'a str {
    f.get(k).map(|s| s.trim()).unwrap_or("")
}

fn date_field(f: &Fields, id: &str, what: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    match date_from_parts(
        get(f, &format!("{id}_day")),
        get(f, &format!("{id}_month")),
        get(f, &format!("{id}_year")),
        what,
    ) {
        Ok(d) => Some(d),
        Err(m) => {
            errors.add(&format!("{id}_day"), m);
            None
        }
    }
}

/// The suppliers that bid (submitted), for notices.
async fn bidders(conn: &impl sea_orm::ConnectionTrait, id: i32) -> ServiceResult<Vec<i32>> {
    Ok(bid::Entity::find()
        .filter(bid::Column::ProcurementId.eq(id))
        .filter(bid::Column::Status.eq(BidStatus::Submitted))
        .all(conn)
        .await?
        .into_iter()
        .map(|b| b.supplier_id)
        .collect())
}

async fn forces(conn: &impl sea_orm::ConnectionTrait, id: i32) -> ServiceResult<Vec<i32>> {
    Ok(load::demands(conn, id)
        .await?
        .iter()
        .map(|d| d.force_id)
        .collect())
}

/// Awards the procurement: to the top-ranked compliant bid, or to another compliant bid with
/// a recorded reason (a tie always needs one). Starts the standstill; tells every bidder
/// where its assessment summary is, and every force taking part.
pub async fn award(db: &Db, viewer: Option<&Viewer>, id: i32, f: &Fields) -> ServiceResult<()> {
    let p = raise::runnable(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    if p.state != ProcurementState::Closed {
        return Err(ServiceError::Conflict(format!(
            "It cannot be awarded: it is {}",
            p.state.label().to_lowercase()
        )));
    }
    let m = moderate::build(&db.conn, &p).await?;
    let Some(ranking) = m.ranking.clone() else {
        return Err(ServiceError::Conflict(
            "Moderate every bid before awarding".into(),
        ));
    };
    if ranking.is_empty() {
        return Err(ServiceError::Conflict(
            "No bid is compliant: cancel the procurement, giving that as the reason".into(),
        ));
    }
    let mut errors = FieldErrors::new();
    let chosen = get(f, "bid")
        .parse::<i32>()
        .ok()
        .and_then(|b| ranking.iter().find(|r| r.bid_id == b).cloned());
    if chosen.is_none() {
        errors.add("bid", "Choose the compliant bid to award to");
    }
    let reason = get(f, "reason").to_string();
    if let Some(c) = &chosen {
        let top = c.place == 1 && !c.tied;
        if !top && reason.is_empty() {
            errors.add(
                "reason",
                if c.tied {
                    "The bid is tied: record why it is chosen over the other"
                } else {
                    "This is not the top-ranked bid: record why it is chosen"
                },
            );
        }
    }
    let start = date_field(f, "contract_start", "contract start date", &mut errors);
    let end = date_field(f, "contract_end", "contract end date", &mut errors);
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            errors.add(
                "contract_end_day",
                "The contract end date must be after its start date",
            );
        }
    }
    errors.into_result().map_err(ServiceError::Invalid)?;
    let chosen = chosen.ok_or(ServiceError::Forbidden)?;
    let now = db.now();
    let ends = standstill_end(now, DEFAULT_STANDSTILL_DAYS, &bank_holidays());
    let txn = db.write().await?;
    let title = p.title.clone();
    let mut am = p.into_active_model();
    am.state = Set(ProcurementState::Standstill);
    am.awarded_bid_id = Set(Some(chosen.bid_id));
    am.awarded_at = Set(Some(now));
    am.award_reason = Set((!reason.is_empty()).then(|| reason.clone()));
    am.standstill_ends_at = Set(Some(ends));
    am.contract_start = Set(start);
    am.contract_end = Set(end);
    am.updated_at = Set(now);
    am.update(&*txn).await?;
    event(
        &txn,
        id,
        now,
        "awarded",
        format!(
            "Awarded to {}; the standstill ends {}",
            chosen.supplier,
            crate::ui::time::deadline(ends)
        ),
        Some(v.org_id),
    )
    .await?;
    // Each bidder by email too: where it stands, and where its summary is.
    let winner_total = chosen.total;
    for b in &m.bids {
        let standing = match ranking.iter().find(|r| r.bid_id == b.bid_id) {
            Some(r) if r.bid_id == chosen.bid_id => {
                format!("Your bid won, with {} points", r.total)
            }
            Some(r) => format!(
                "Your bid scored {} points, ranked {} of {}; the winning bid scored {winner_total}",
                r.total,
                r.place,
                ranking.len()
            ),
            None => format!(
                "Your bid was found non-compliant: {}",
                b.compliance_reason.clone().unwrap_or_default()
            ),
        };
        notify::send(
            &txn,
            now,
            Notice {
                kind: NotificationKind::Award,
                procurement_id: Some(id),
                message: format!(
                    "“{title}” has been awarded to {}. {standing}. Read your assessment summary, with the reasons: you may challenge the award until {}",
                    chosen.supplier,
                    crate::ui::time::deadline(ends)
                ),
                link: format!("/opportunities/{id}/assessment"),
                orgs: &[b.supplier_id],
                users: &[],
                except_user: None,
            },
        )
        .await?;
    }
    let taking_part = forces(&*txn, id).await?;
    notify::send(
        &txn,
        now,
        Notice {
            kind: NotificationKind::Award,
            procurement_id: Some(id),
            message: format!(
                "“{title}” was awarded to {}; the standstill ends {}",
                chosen.supplier,
                crate::ui::time::deadline(ends)
            ),
            link: format!("/procurements/{id}"),
            orgs: &taking_part,
            users: &[],
            except_user: Some(v.user_id),
        },
    )
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::PROCUREMENT_AWARDED,
            "procurement",
            id,
            serde_json::json!({
                "bid": chosen.bid_id,
                "supplier": chosen.supplier_id,
                "total": chosen.total.to_string(),
                "reason": reason,
                "standstill_ends": ends,
            }),
        ),
    )
    .await?;
    ocds::publish(&txn, id, &["award"], now, Override::default()).await?;
    txn.commit().await?;
    Ok(())
}

/// One line of an assessment summary.
#[derive(Clone, Debug)]
pub struct SummaryLine {
    pub criterion: String,
    pub weight: u32,
    /// The agreed score on its scale ("3 of 0 to 4"); for price, the price.
    pub score: String,
    pub points: Decimal,
    pub working: String,
    pub rationale: String,
}

/// A bid as its assessment summary shows it.
#[derive(Clone, Debug)]
pub struct SummaryBid {
    pub supplier: String,
    pub compliant: bool,
    pub compliance_reason: Option<String>,
    pub lines: Vec<SummaryLine>,
    pub total: Decimal,
    pub place: Option<usize>,
}

/// A challenge as the bidder who raised it (or the lead) reads it.
#[derive(Clone, Debug)]
pub struct ChallengeRow {
    pub id: i32,
    pub supplier: String,
    pub grounds: String,
    pub raised_at: DateTime<Utc>,
    pub outcome: Option<ChallengeOutcome>,
    pub outcome_reason: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// What a bidder reads after the award: its own scores and rationale, and the winner's.
#[derive(Clone, Debug)]
pub struct Assessment {
    pub id: i32,
    pub title: String,
    pub state: ProcurementState,
    pub yours: SummaryBid,
    /// None when the reader is the winner.
    pub winner: Option<SummaryBid>,
    pub won: bool,
    pub standstill_ends_at: Option<DateTime<Utc>>,
    pub can_challenge: bool,
    pub challenges: Vec<ChallengeRow>,
    pub formula: &'static str,
}

fn summary_of(m: &moderate::Moderation, bid_id: i32) -> Option<SummaryBid> {
    let b = m.bids.iter().find(|b| b.bid_id == bid_id)?;
    let ranked = m
        .ranking
        .as_ref()
        .and_then(|r| r.iter().find(|r| r.bid_id == bid_id));
    let lines = match ranked {
        Some(r) => r
            .lines
            .iter()
            .map(|l| {
                let agreed = b.criteria.iter().find(|c| c.criterion.name == l.criterion);
                SummaryLine {
                    criterion: l.criterion.clone(),
                    weight: l.weight,
                    score: match agreed.and_then(|c| c.agreed.as_ref()) {
                        Some((s, _)) => format!(
                            "{s} on {}",
                            agreed
                                .map(|c| c.criterion.scale.clone())
                                .unwrap_or_default()
                        ),
                        None => r.price.to_string(),
                    },
                    points: l.points,
                    working: l.working.clone(),
                    rationale: agreed
                        .and_then(|c| c.agreed.as_ref().map(|a| a.1.clone()))
                        .unwrap_or_default(),
                }
            })
            .collect(),
        None => vec![],
    };
    Some(SummaryBid {
        supplier: b.supplier.clone(),
        compliant: b.compliant != Some(false),
        compliance_reason: b.compliance_reason.clone(),
        lines,
        total: ranked.map(|r| r.total).unwrap_or_default(),
        place: ranked.map(|r| r.place),
    })
}

async fn challenges(
    conn: &impl sea_orm::ConnectionTrait,
    id: i32,
    supplier: Option<i32>,
) -> ServiceResult<Vec<ChallengeRow>> {
    let mut q = procurement_challenge::Entity::find()
        .filter(procurement_challenge::Column::ProcurementId.eq(id));
    if let Some(s) = supplier {
        q = q.filter(procurement_challenge::Column::SupplierId.eq(s));
    }
    let rows = q
        .order_by_asc(procurement_challenge::Column::Id)
        .all(conn)
        .await?;
    let names = load::org_names(conn, rows.iter().map(|c| c.supplier_id)).await?;
    Ok(rows
        .into_iter()
        .map(|c| ChallengeRow {
            id: c.id,
            supplier: names.get(&c.supplier_id).cloned().unwrap_or_default(),
            grounds: c.grounds,
            raised_at: c.raised_at,
            outcome: c.outcome,
            outcome_reason: c.outcome_reason,
            decided_at: c.decided_at,
        })
        .collect())
}

/// Every challenge to a procurement's award, for the lead.
pub async fn all_challenges(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
) -> ServiceResult<Vec<ChallengeRow>> {
    raise::runnable(db, viewer, id).await?;
    challenges(&db.conn, id, None).await
}

/// The viewer's (a bidder's) procurement after award, checked: it bid.
async fn bidder_view(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
) -> ServiceResult<(procurement::Model, bid::Model)> {
    let v = authorise(
        viewer,
        ProcurementAction::Bid {
            org_id: viewer.map(|v| v.org_id).unwrap_or(ANOTHER_ORGANISATION),
        },
    )?;
    let not_found = || {
        missing(
            viewer,
            ProcurementAction::Bid {
                org_id: ANOTHER_ORGANISATION,
            },
        )
    };
    let p = load::find(&db.conn, id).await?.ok_or_else(not_found)?;
    let b = bid::Entity::find()
        .filter(bid::Column::ProcurementId.eq(id))
        .filter(bid::Column::SupplierId.eq(v.org_id))
        .filter(bid::Column::Status.eq(BidStatus::Submitted))
        .one(&db.conn)
        .await?
        .ok_or_else(not_found)?;
    if !matches!(
        p.state,
        ProcurementState::Standstill | ProcurementState::Awarded
    ) {
        return Err(ServiceError::Conflict(
            "Assessment summaries are given once the procurement is awarded".into(),
        ));
    }
    Ok((p, b))
}

/// A bidder's assessment summary: its own scores and rationale and the winner's, never any
/// other bidder's.
pub async fn assessment(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<Assessment> {
    let (p, b) = bidder_view(db, viewer, id).await?;
    let m = moderate::build(&db.conn, &p).await?;
    let yours = summary_of(&m, b.id).ok_or(ServiceError::NotFound)?;
    let won = p.awarded_bid_id == Some(b.id);
    let winner = if won {
        None
    } else {
        p.awarded_bid_id.and_then(|w| summary_of(&m, w))
    };
    let now = db.now();
    Ok(Assessment {
        id,
        title: p.title.clone(),
        state: p.state,
        yours,
        winner,
        won,
        standstill_ends_at: p.standstill_ends_at,
        can_challenge: !won
            && p.state == ProcurementState::Standstill
            && p.standstill_ends_at.is_some_and(|e| now < e),
        challenges: challenges(&db.conn, id, Some(b.supplier_id)).await?,
        formula: m.formula,
    })
}

/// A bidder challenges the award during the standstill: the award waits until the lead
/// records the outcome.
pub async fn challenge(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    grounds: &str,
) -> ServiceResult<()> {
    let (p, b) = bidder_view(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let now = db.now();
    if p.awarded_bid_id == Some(b.id) {
        return Err(ServiceError::Conflict(
            "Your bid won: there is nothing to challenge".into(),
        ));
    }
    if p.state != ProcurementState::Standstill || p.standstill_ends_at.is_none_or(|e| now >= e) {
        return Err(ServiceError::Conflict(
            "The standstill period is over: the award can no longer be challenged here".into(),
        ));
    }
    let grounds = grounds.trim();
    if grounds.is_empty() {
        return Err(ServiceError::invalid(
            "grounds",
            "Give the grounds of your challenge",
        ));
    }
    if grounds.chars().count() > 10_000 {
        return Err(ServiceError::invalid(
            "grounds",
            "The grounds must be 10,000 characters or fewer",
        ));
    }
    let txn = db.write().await?;
    let c = procurement_challenge::ActiveModel {
        procurement_id: Set(id),
        supplier_id: Set(v.org_id),
        raised_by: Set(v.user_id),
        grounds: Set(grounds.to_string()),
        raised_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    event(
        &txn,
        id,
        now,
        "challenged",
        "A bidder challenged the award: it waits for the lead's decision".into(),
        None,
    )
    .await?;
    notify::send(
        &txn,
        now,
        Notice {
            kind: NotificationKind::Challenge,
            procurement_id: Some(id),
            message: format!(
                "{} challenged the award of “{}”: record the outcome before the award can be confirmed",
                v.org_name, p.title
            ),
            link: format!("/procurements/{id}/award"),
            orgs: &[p.lead_force_id],
            users: &[],
            except_user: None,
        },
    )
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::AWARD_CHALLENGED,
            "procurement",
            id,
            serde_json::json!({ "challenge": c.id }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The lead records a challenge's outcome. Upheld: the award is withdrawn and the
/// procurement goes back to evaluation (its moderation can be revisited). Dismissed: the
/// award stands, and may be confirmed once the standstill is over and no challenge waits.
pub async fn decide_challenge(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    challenge_id: i32,
    outcome: &str,
    reason: &str,
) -> ServiceResult<()> {
    let p = raise::runnable(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let field = |k: &str| format!("{k}-{challenge_id}");
    let mut errors = FieldErrors::new();
    let outcome = ChallengeOutcome::parse(outcome.trim());
    if outcome.is_none() {
        errors.add(
            &field("outcome"),
            "Choose whether the challenge is upheld or dismissed",
        );
    }
    let reason = reason.trim();
    if reason.is_empty() {
        errors.add(
            &field("outcome_reason"),
            "Give the reasons for the decision",
        );
    }
    errors.into_result().map_err(ServiceError::Invalid)?;
    let outcome = outcome.ok_or(ServiceError::Forbidden)?;
    if p.state != ProcurementState::Standstill {
        return Err(ServiceError::Conflict(
            "Challenges are decided during the standstill".into(),
        ));
    }
    let now = db.now();
    let txn = db.write().await?;
    let c = procurement_challenge::Entity::find_by_id(challenge_id)
        .one(&*txn)
        .await?
        .filter(|c| c.procurement_id == id)
        .ok_or(ServiceError::NotFound)?;
    if c.outcome.is_some() {
        return Err(ServiceError::Conflict(
            "That challenge is already decided".into(),
        ));
    }
    let supplier = c.supplier_id;
    let mut cm = c.into_active_model();
    cm.outcome = Set(Some(outcome));
    cm.outcome_reason = Set(Some(reason.to_string()));
    cm.decided_by = Set(Some(v.user_id));
    cm.decided_at = Set(Some(now));
    cm.update(&*txn).await?;
    let title = p.title.clone();
    if outcome == ChallengeOutcome::Upheld {
        // Published before the award is cleared, so the release names the withdrawn award.
        ocds::publish(
            &txn,
            id,
            &["awardUpdate"],
            now,
            Override {
                award_status: Some("cancelled"),
            },
        )
        .await?;
        let mut am = p.into_active_model();
        am.state = Set(ProcurementState::Closed);
        am.awarded_bid_id = Set(None);
        am.awarded_at = Set(None);
        am.standstill_ends_at = Set(None);
        am.updated_at = Set(now);
        am.update(&*txn).await?;
    }
    event(
        &txn,
        id,
        now,
        "challenge_decided",
        match outcome {
            ChallengeOutcome::Upheld => {
                "A challenge was upheld: the award is withdrawn for re-evaluation".to_string()
            }
            ChallengeOutcome::Dismissed => {
                "A challenge was dismissed: the award stands".to_string()
            }
        },
        Some(v.org_id),
    )
    .await?;
    let mut told = bidders(&*txn, id).await?;
    if outcome == ChallengeOutcome::Dismissed {
        told.retain(|s| *s == supplier);
    }
    notify::send(
        &txn,
        now,
        Notice {
            kind: NotificationKind::Challenge,
            procurement_id: Some(id),
            message: format!(
                "A challenge to the award of “{title}” was {}: {reason}",
                match outcome {
                    ChallengeOutcome::Upheld => "upheld, and the award withdrawn",
                    ChallengeOutcome::Dismissed => "dismissed",
                }
            ),
            link: format!("/opportunities/{id}"),
            orgs: &told,
            users: &[],
            except_user: None,
        },
    )
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::CHALLENGE_DECIDED,
            "procurement",
            id,
            serde_json::json!({ "challenge": challenge_id, "outcome": outcome.as_str(), "reason": reason }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Each force's share of a contract's value and how it was worked out: the supplier's price
/// for that force when bids were priced per force, else pro rata to each force's demand
/// (quantities when every force gave one, else estimated values).
pub fn force_shares(
    total: Money,
    per_force: &[(i32, Money)],
    demands: &[(i32, Option<i64>, Option<i64>)],
    unit: &str,
) -> Option<Vec<(i32, Money, String)>> {
    let forces: Vec<i32> = demands.iter().map(|d| d.0).collect();
    if !per_force.is_empty() && forces.iter().all(|f| per_force.iter().any(|p| p.0 == *f)) {
        return Some(
            forces
                .iter()
                .filter_map(|f| per_force.iter().find(|p| p.0 == *f))
                .map(|(f, m)| (*f, *m, "the supplier's price for this force".to_string()))
                .collect(),
        );
    }
    let by_quantity = demands.iter().all(|d| d.1.is_some_and(|q| q > 0));
    let weights: Vec<(i32, i64)> = demands
        .iter()
        .map(|d| {
            (
                d.0,
                if by_quantity {
                    d.1.unwrap_or(0)
                } else {
                    d.2.unwrap_or(0)
                },
            )
        })
        .collect();
    let sum: i64 = weights.iter().map(|w| w.1).sum();
    let split = shares(total, &weights)?;
    Some(
        split
            .into_iter()
            .zip(weights.iter())
            .map(|((f, m), (_, w))| {
                let how = if by_quantity {
                    format!("pro rata to demand: {w} of {sum} {unit}")
                } else {
                    format!(
                        "pro rata to estimated value: {} of {}",
                        Money::from_pence(*w),
                        Money::from_pence(sum)
                    )
                };
                (f, m, how)
            })
            .collect(),
    )
}

/// Confirms the award once the standstill is over with no challenge waiting: one contract
/// for every force taking part, in the contract register. Returns how many were made.
pub async fn confirm(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<usize> {
    let p = raise::runnable(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let now = db.now();
    if p.state != ProcurementState::Standstill {
        return Err(ServiceError::Conflict(format!(
            "Only an award in standstill can be confirmed: it is {}",
            p.state.label().to_lowercase()
        )));
    }
    if let Some(ends) = p.standstill_ends_at.filter(|e| now < *e) {
        return Err(ServiceError::Conflict(format!(
            "The standstill runs until {}: the award can be confirmed after that",
            crate::ui::time::deadline(ends)
        )));
    }
    let waiting = challenges(&db.conn, id, None)
        .await?
        .into_iter()
        .filter(|c| c.outcome.is_none())
        .count();
    if waiting > 0 {
        return Err(ServiceError::Conflict(
            "A challenge is waiting for your decision: record its outcome first".into(),
        ));
    }
    let m = moderate::build(&db.conn, &p).await?;
    let winner_id = p.awarded_bid_id.ok_or(ServiceError::NotFound)?;
    let opened = super::bids::opened_for_evaluation(&db.conn, &p).await?;
    let (wb, wo) = opened
        .iter()
        .find(|(b, _)| b.id == winner_id)
        .ok_or(ServiceError::NotFound)?;
    let total = super::bids::price_of(&wo.content).ok_or_else(|| {
        ServiceError::Conflict("The winning bid has no price to contract for".into())
    })?;
    let demands: Vec<(i32, Option<i64>, Option<i64>)> = load::demands(&db.conn, id)
        .await?
        .iter()
        .map(|d| (d.force_id, d.quantity, d.value_pence))
        .collect();
    let split =
        force_shares(total, &wo.content.per_force, &demands, &m.spec.unit).ok_or_else(|| {
            ServiceError::Conflict(
                "The forces gave no demand to share the value by: amend their demand first".into(),
            )
        })?;
    let (start, end) = match (p.contract_start, p.contract_end) {
        (Some(s), Some(e)) => (s, e),
        _ => {
            return Err(ServiceError::Conflict(
                "The award has no contract dates".into(),
            ))
        }
    };
    let txn = db.write().await?;
    let mut made = Vec::new();
    for (n, (force, value, how)) in split.iter().enumerate() {
        let c = contract::ActiveModel {
            force_id: Set(*force),
            supplier_id: Set(wb.supplier_id),
            service_id: Set(None),
            service_version_id: Set(None),
            title: Set(p.title.clone()),
            value_pence: Set(value.pence()),
            start_date: Set(start),
            end_date: Set(end),
            reference: Set(format!("SP-{id}-{}", n + 1)),
            source: Set(ContractSource::SharedProcurement),
            project_id: Set(None),
            created_by: Set(v.user_id),
            created_at: Set(now),
            procurement_id: Set(Some(id)),
            lot_id: Set(p.lot_id),
            share_method: Set(Some(how.clone())),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        made.push(c.id);
        // Spend rules may ask whether a force holds a contract with a supplier.
        crate::spend::service::classification::links_changed(&*txn, *force).await?;
    }
    let title = p.title.clone();
    let mut am = p.into_active_model();
    am.state = Set(ProcurementState::Awarded);
    am.concluded_at = Set(Some(now));
    am.updated_at = Set(now);
    am.update(&*txn).await?;
    event(
        &txn,
        id,
        now,
        "confirmed",
        format!(
            "The award was confirmed: {} contracts made, one for each force taking part",
            made.len()
        ),
        Some(v.org_id),
    )
    .await?;
    let taking_part: Vec<i32> = demands.iter().map(|d| d.0).collect();
    notify::send(
        &txn,
        now,
        Notice {
            kind: NotificationKind::ContractCreated,
            procurement_id: Some(id),
            message: format!("Your force's contract from “{title}” is in the contract register"),
            link: "/contracts".into(),
            orgs: &taking_part,
            users: &[],
            except_user: Some(v.user_id),
        },
    )
    .await?;
    notify::send(
        &txn,
        now,
        Notice {
            kind: NotificationKind::ContractCreated,
            procurement_id: Some(id),
            message: format!(
                "The award of “{title}” is confirmed: {} contracts, one with each force taking part",
                made.len()
            ),
            link: format!("/opportunities/{id}/assessment"),
            orgs: &[wb.supplier_id],
            users: &[],
            except_user: None,
        },
    )
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::AWARD_CONFIRMED,
            "procurement",
            id,
            serde_json::json!({ "contracts": made, "total_pence": total.pence() }),
        ),
    )
    .await?;
    ocds::publish(&txn, id, &["contract"], now, Override::default()).await?;
    txn.commit().await?;
    Ok(made.len())
}

/// Everything the lead's award page shows.
#[derive(Clone, Debug)]
pub struct AwardPage {
    pub moderation: moderate::Moderation,
    pub challenges: Vec<ChallengeRow>,
    pub standstill_ends_at: Option<DateTime<Utc>>,
    pub awarded_to: Option<String>,
    pub award_reason: Option<String>,
    pub contract_dates: Option<(NaiveDate, NaiveDate)>,
    pub now: DateTime<Utc>,
}

pub async fn award_page(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<AwardPage> {
    let p = raise::runnable(db, viewer, id).await?;
    let m = moderate::build(&db.conn, &p).await?;
    let awarded_to = p.awarded_bid_id.and_then(|w| {
        m.bids
            .iter()
            .find(|b| b.bid_id == w)
            .map(|b| b.supplier.clone())
    });
    Ok(AwardPage {
        moderation: m,
        challenges: challenges(&db.conn, id, None).await?,
        standstill_ends_at: p.standstill_ends_at,
        awarded_to,
        award_reason: p.award_reason.clone(),
        contract_dates: p.contract_start.zip(p.contract_end),
        now: db.now(),
    })
}
