//! Moderation and price: the moderator (the lead force, or the evaluator the lead named) sees
//! every submitted score side by side and records one agreed score and rationale per
//! criterion per bid, and whether the bid meets every essential requirement. Price is scored
//! by the formula stated on the requirement, never by hand; the ranked table of weighted
//! totals shows its arithmetic and flags ties rather than breaking them.

use super::{bids, evaluate, load, raise, views};
use crate::access::{authorise, ProcurementAction, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::money::Money;
use crate::procurement::award::{price_points, quality_points, rank, read_score, PRICE_FORMULA};
use crate::procurement::entity::{bid, moderated_score, procurement};
use crate::procurement::form::Fields;
use crate::procurement::types::{Criterion, CriterionKind, Declaration, ProcurementState, Spec};
use crate::validation::FieldErrors;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};
use std::collections::{BTreeMap, HashMap};

/// One evaluator's submitted score of one criterion.
#[derive(Clone, Debug)]
pub struct EvaluatorScore {
    pub evaluator: String,
    pub score: i32,
    pub justification: String,
}

/// A criterion of a bid in moderation: what each evaluator gave, and the agreed score.
#[derive(Clone, Debug)]
pub struct CriterionScores {
    pub place: usize,
    pub criterion: Criterion,
    pub scores: Vec<EvaluatorScore>,
    pub agreed: Option<(i32, String)>,
}

/// A bid in moderation.
#[derive(Clone, Debug)]
pub struct ModerationBid {
    pub bid_id: i32,
    pub supplier_id: i32,
    pub supplier: String,
    pub price: Option<Money>,
    pub compliant: Option<bool>,
    pub compliance_reason: Option<String>,
    /// Evaluators' notes that it fails an essential requirement.
    pub flags: Vec<(String, String)>,
    pub declarations: Vec<(String, Declaration)>,
    /// Evaluators assigned but not yet submitted (their scores stay hidden).
    pub waiting: Vec<String>,
    pub criteria: Vec<CriterionScores>,
}

impl ModerationBid {
    /// Compliance decided and, for a compliant bid, every criterion agreed.
    pub fn moderated(&self) -> bool {
        match self.compliant {
            Some(false) => true,
            Some(true) => self.criteria.iter().all(|c| c.agreed.is_some()),
            None => false,
        }
    }
}

/// One line of a bid's weighted total.
#[derive(Clone, Debug)]
pub struct Line {
    pub criterion: String,
    pub kind: CriterionKind,
    pub weight: u32,
    pub points: Decimal,
    pub working: String,
}

/// A compliant bid's place in the ranking.
#[derive(Clone, Debug)]
pub struct RankedBid {
    pub bid_id: i32,
    pub supplier_id: i32,
    pub supplier: String,
    pub price: Money,
    pub lines: Vec<Line>,
    pub total: Decimal,
    pub place: usize,
    pub tied: bool,
}

/// Everything the moderator sees.
#[derive(Clone, Debug)]
pub struct Moderation {
    pub id: i32,
    pub title: String,
    pub state: ProcurementState,
    pub spec: Spec,
    pub bids: Vec<ModerationBid>,
    /// Once every bid is moderated: the compliant bids ranked.
    pub ranking: Option<Vec<RankedBid>>,
    pub excluded: Vec<(String, String)>,
    pub formula: &'static str,
    pub can_moderate: bool,
    pub awarded_bid_id: Option<i32>,
}

/// The viewer may moderate: the lead force, or the named moderator.
pub(super) async fn moderator(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
) -> ServiceResult<procurement::Model> {
    let p = load::find(&db.conn, id).await?;
    if let (Some(p), Some(v)) = (&p, viewer) {
        if p.moderator_id == Some(v.user_id) {
            authorise(viewer, ProcurementAction::Evaluate { org_id: v.org_id })?;
            return Ok(p.clone());
        }
    }
    raise::runnable(db, viewer, id).await
}

/// The moderation view (and the ranking once every bid is moderated).
pub async fn moderation(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<Moderation> {
    let p = moderator(db, viewer, id).await?;
    build(&db.conn, &p).await
}

/// Builds the moderation view and ranking from the database: also what the award and the
/// assessment summaries read (never shown to a bidder whole).
pub(super) async fn build(
    conn: &impl ConnectionTrait,
    p: &procurement::Model,
) -> ServiceResult<Moderation> {
    let opened = bids::opened_for_evaluation(conn, p).await?;
    let spec = views::spec(p)?;
    let scored = evaluate::scored_criteria(&spec);
    let submitted = evaluate::submitted_scores(conn, p.id).await?;
    let agreed: HashMap<(i32, i32), moderated_score::Model> = moderated_score::Entity::find()
        .filter(moderated_score::Column::ProcurementId.eq(p.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| ((m.bid_id, m.criterion), m))
        .collect();
    let mut out = Vec::new();
    for (b, o) in &opened {
        let mine: Vec<_> = submitted
            .iter()
            .filter(|(a, _, _)| a.bid_id == b.id)
            .collect();
        out.push(ModerationBid {
            bid_id: b.id,
            supplier_id: b.supplier_id,
            supplier: o.supplier.clone(),
            price: bids::price_of(&o.content),
            compliant: b.compliant,
            compliance_reason: b.compliance_reason.clone(),
            flags: mine
                .iter()
                .filter(|(a, _, _)| a.submitted_at.is_some())
                .filter_map(|(a, n, _)| a.fails_essential.clone().map(|r| (n.clone(), r)))
                .collect(),
            declarations: mine
                .iter()
                .filter_map(|(a, n, _)| a.declaration.map(|d| (n.clone(), d)))
                .collect(),
            waiting: mine
                .iter()
                .filter(|(a, _, _)| {
                    a.submitted_at.is_none() && a.declaration != Some(Declaration::Conflict)
                })
                .map(|(_, n, _)| n.clone())
                .collect(),
            criteria: scored
                .iter()
                .map(|(i, c)| CriterionScores {
                    place: *i,
                    criterion: c.clone(),
                    scores: mine
                        .iter()
                        .flat_map(|(_, n, s)| {
                            s.iter()
                                .filter(|s| s.criterion == *i as i32)
                                .map(|s| EvaluatorScore {
                                    evaluator: n.clone(),
                                    score: s.score,
                                    justification: s.justification.clone(),
                                })
                        })
                        .collect(),
                    agreed: agreed
                        .get(&(b.id, *i as i32))
                        .map(|m| (m.score, m.rationale.clone())),
                })
                .collect(),
        });
    }
    let ranking = if !out.is_empty() && out.iter().all(ModerationBid::moderated) {
        Some(ranking(&spec, &out, &opened))
    } else {
        None
    };
    let excluded = out
        .iter()
        .filter(|b| b.compliant == Some(false))
        .map(|b| {
            (
                b.supplier.clone(),
                b.compliance_reason.clone().unwrap_or_default(),
            )
        })
        .collect();
    Ok(Moderation {
        id: p.id,
        title: p.title.clone(),
        state: p.state,
        spec,
        bids: out,
        ranking,
        excluded,
        formula: PRICE_FORMULA,
        can_moderate: p.state == ProcurementState::Closed,
        awarded_bid_id: p.awarded_bid_id,
    })
}

/// The compliant bids' weighted totals, ranked, with the arithmetic of every line.
fn ranking(
    spec: &Spec,
    bids: &[ModerationBid],
    opened: &[(bid::Model, bids::OpenedBid)],
) -> Vec<RankedBid> {
    let compliant: Vec<&ModerationBid> = bids
        .iter()
        .filter(|b| b.compliant == Some(true) && b.price.is_some())
        .collect();
    let prices: Vec<(i32, Money)> = compliant
        .iter()
        .map(|b| (b.bid_id, b.price.unwrap_or_default()))
        .collect();
    let mut lines: BTreeMap<i32, Vec<Line>> = BTreeMap::new();
    for (i, c) in spec.criteria.iter().enumerate() {
        if c.kind == CriterionKind::Price {
            for (bid_id, p) in price_points(&prices, c.weight) {
                lines.entry(bid_id).or_default().push(Line {
                    criterion: c.name.clone(),
                    kind: c.kind,
                    weight: c.weight,
                    points: p.points,
                    working: p.working,
                });
            }
        } else {
            for b in &compliant {
                let agreed = b
                    .criteria
                    .iter()
                    .find(|x| x.place == i)
                    .and_then(|x| x.agreed.clone());
                let p =
                    agreed.and_then(|(s, _)| quality_points(s.max(0) as u32, &c.scale, c.weight));
                lines.entry(b.bid_id).or_default().push(Line {
                    criterion: c.name.clone(),
                    kind: c.kind,
                    weight: c.weight,
                    points: p.as_ref().map(|p| p.points).unwrap_or_default(),
                    working: p.map(|p| p.working).unwrap_or_default(),
                });
            }
        }
    }
    let totals: Vec<(i32, Decimal)> = compliant
        .iter()
        .map(|b| {
            (
                b.bid_id,
                lines
                    .get(&b.bid_id)
                    .map(|l| l.iter().map(|l| l.points).sum())
                    .unwrap_or_default(),
            )
        })
        .collect();
    rank(&totals)
        .into_iter()
        .map(|r| {
            let b = compliant.iter().find(|b| b.bid_id == r.key);
            RankedBid {
                bid_id: r.key,
                supplier_id: opened
                    .iter()
                    .find(|(m, _)| m.id == r.key)
                    .map(|(m, _)| m.supplier_id)
                    .unwrap_or_default(),
                supplier: b.map(|b| b.supplier.clone()).unwrap_or_default(),
                price: b.and_then(|b| b.price).unwrap_or_default(),
                lines: lines.remove(&r.key).unwrap_or_default(),
                total: r.total,
                place: r.place,
                tied: r.tied,
            }
        })
        .collect()
}

/// Records the moderated outcome of one bid: whether it meets every essential requirement
/// (with a reason when not) and, for a compliant bid, one agreed score and rationale per
/// criterion. Every assigned evaluator without a conflict must have submitted first.
pub async fn moderate(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    bid_id: i32,
    f: &Fields,
) -> ServiceResult<()> {
    let p = moderator(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    if p.state != ProcurementState::Closed {
        return Err(ServiceError::Conflict(
            "Moderation is over: the procurement has been awarded or cancelled".into(),
        ));
    }
    let m = build(&db.conn, &p).await?;
    let b = m
        .bids
        .iter()
        .find(|b| b.bid_id == bid_id)
        .ok_or(ServiceError::NotFound)?;
    if b.criteria.iter().all(|c| c.scores.is_empty()) && b.declarations.is_empty() {
        return Err(ServiceError::Conflict(format!(
            "Nobody has evaluated {}'s bid yet: assign it to evaluators first",
            b.supplier
        )));
    }
    if !b.waiting.is_empty() {
        return Err(ServiceError::Conflict(format!(
            "Wait for {} to submit their scores for {}'s bid",
            b.waiting.join(" and "),
            b.supplier
        )));
    }
    let get = |k: &str| {
        f.get(&format!("{k}-{bid_id}"))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let mut errors = FieldErrors::new();
    let field = |k: &str| format!("{k}-{bid_id}");
    let compliant = match get("compliant").as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            errors.add(
                &field("compliant"),
                "Say whether the bid meets every essential requirement",
            );
            None
        }
    };
    let reason = get("compliance_reason");
    if compliant == Some(false) && reason.is_empty() {
        errors.add(
            &field("compliance_reason"),
            "Say which essential requirement the bid fails, and why",
        );
    }
    let mut agreed = Vec::new();
    if compliant == Some(true) {
        for c in &b.criteria {
            let typed = get(&format!("score_{}", c.place));
            let why = get(&format!("rationale_{}", c.place));
            match read_score(&typed, &c.criterion.scale) {
                Ok(s) => {
                    if why.is_empty() {
                        errors.add(
                            &field(&format!("rationale_{}", c.place)),
                            format!(
                                "Give the rationale for the agreed score for “{}”",
                                c.criterion.name
                            ),
                        );
                    }
                    agreed.push((c.place, s, why));
                }
                Err(m) => errors.add(
                    &field(&format!("score_{}", c.place)),
                    format!("“{}”: {m}", c.criterion.name),
                ),
            }
        }
    }
    errors.into_result().map_err(ServiceError::Invalid)?;
    let now = db.now();
    let txn = db.write().await?;
    moderated_score::Entity::delete_many()
        .filter(moderated_score::Column::BidId.eq(bid_id))
        .exec(&*txn)
        .await?;
    for (place, s, why) in &agreed {
        moderated_score::ActiveModel {
            procurement_id: Set(id),
            bid_id: Set(bid_id),
            criterion: Set(*place as i32),
            score: Set(*s as i32),
            rationale: Set(why.clone()),
            moderated_by: Set(v.user_id),
            moderated_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
    }
    let row = bid::Entity::find_by_id(bid_id)
        .one(&*txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut am = row.into_active_model();
    am.compliant = Set(compliant);
    am.compliance_reason = Set((compliant == Some(false)).then(|| reason.clone()));
    am.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::BID_MODERATED,
            "bid",
            bid_id,
            serde_json::json!({
                "procurement": id,
                "compliant": compliant,
                "reason": (compliant == Some(false)).then_some(reason),
                "scores": agreed.iter().map(|(c, s, _)| serde_json::json!({"criterion": c, "score": s})).collect::<Vec<_>>(),
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
