//! What people read: the lists (my procurements, open to join, opportunities) and one
//! procurement as a force or the national body sees it, or as an opportunity a supplier sees.
//! Nothing here reads a bid's content: only how many are in.

use super::{bids, load};
use crate::access::{authorise, can, missing, ProcurementAction, Viewer};
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::money::Money;
use crate::procurement::entity::{
    procurement, procurement_amendment, procurement_collaborator, procurement_demand,
    procurement_event, procurement_question,
};
use crate::procurement::form::{self, Fields};
use crate::procurement::rules::total_demand;
use crate::procurement::types::{Demand, DemandTotal, ProcurementState, Spec, Timeline};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// A procurement a force or the national body may see: past its draft for every force and
/// the national body; a draft only for its lead force.
pub(super) async fn visible(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
) -> ServiceResult<procurement::Model> {
    let Some(p) = load::find(&db.conn, id).await? else {
        return Err(missing(viewer, ProcurementAction::ViewProcurements));
    };
    authorise(viewer, ProcurementAction::ViewProcurements)?;
    if p.state == ProcurementState::Draft
        && !can(
            viewer,
            ProcurementAction::RunProcurement {
                org_id: p.lead_force_id,
            },
        )
    {
        // A draft is private: to anyone else it does not exist.
        return Err(ServiceError::NotFound);
    }
    Ok(p)
}

/// A procurement published to a lot the viewer's company is approved on.
pub(super) async fn opportunity<'v>(
    db: &Db,
    viewer: Option<&'v Viewer>,
    id: i32,
) -> ServiceResult<(procurement::Model, &'v Viewer)> {
    let v = authorise(viewer, ProcurementAction::ViewOpportunities)?;
    let p = load::find(&db.conn, id)
        .await?
        .filter(|p| p.published_at.is_some())
        .ok_or(ServiceError::NotFound)?;
    let lot = p.lot_id.ok_or(ServiceError::NotFound)?;
    let approved = crate::catalogue::service::load::approved_lots(&db.conn, v.org_id).await?;
    if !approved.contains(&lot) {
        return Err(ServiceError::NotFound);
    }
    Ok((p, v))
}

/// The checked specification of an open procurement.
pub fn spec(p: &procurement::Model) -> ServiceResult<Spec> {
    let fields = load::fields(p)?;
    let mut spec = form::read_spec(&fields, Utc::now(), 0, false)
        .map_err(|e| ServiceError::Internal(format!("procurement {} form: {e}", p.id)))?;
    // The dates in force are the columns (an amendment's check), not a re-read.
    if let Some(t) = load::timeline(p) {
        spec.timeline = t;
    }
    Ok(spec)
}

/// (force id, name) of every force taking part, the lead first.
pub async fn forces_taking_part(
    conn: &impl ConnectionTrait,
    id: i32,
) -> ServiceResult<Vec<(i32, String)>> {
    let demands = load::demands(conn, id).await?;
    let names = load::org_names(conn, demands.iter().map(|d| d.force_id)).await?;
    Ok(demands
        .iter()
        .map(|d| {
            (
                d.force_id,
                names.get(&d.force_id).cloned().unwrap_or_default(),
            )
        })
        .collect())
}

#[derive(Clone, Debug)]
pub struct ListRow {
    pub id: i32,
    pub title: String,
    pub lead: String,
    pub state: ProcurementState,
    pub lot: String,
    pub join_deadline: Option<DateTime<Utc>>,
    pub bid_deadline: Option<DateTime<Utc>>,
    pub forces: usize,
}

#[derive(Clone, Debug, Default)]
pub struct MyProcurements {
    pub leading: Vec<ListRow>,
    pub joined: Vec<ListRow>,
    pub open_to_join: Vec<ListRow>,
    /// The national body sees every procurement past its draft.
    pub all: Vec<ListRow>,
    pub can_raise: bool,
    /// Bids assigned to the viewer to evaluate.
    pub to_evaluate: Vec<super::evaluate::MyAssignment>,
}

async fn rows(
    db: &Db,
    ps: Vec<procurement::Model>,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<ListRow>> {
    let ids: Vec<i32> = ps.iter().map(|p| p.id).collect();
    let mut forces: std::collections::HashMap<i32, usize> = Default::default();
    if !ids.is_empty() {
        for d in procurement_demand::Entity::find()
            .filter(procurement_demand::Column::ProcurementId.is_in(ids))
            .all(&db.conn)
            .await?
        {
            *forces.entry(d.procurement_id).or_default() += 1;
        }
    }
    let names = load::org_names(&db.conn, ps.iter().map(|p| p.lead_force_id)).await?;
    let lots = load::lot_choices(&db.conn).await?;
    Ok(ps
        .into_iter()
        .map(|p| ListRow {
            id: p.id,
            lead: names.get(&p.lead_force_id).cloned().unwrap_or_default(),
            state: load::state_now(&p, now),
            lot: p
                .lot_id
                .and_then(|l| lots.iter().find(|(i, _)| *i == l))
                .map(|(_, n)| n.clone())
                .unwrap_or_default(),
            join_deadline: p.join_deadline,
            bid_deadline: p.bid_deadline,
            forces: forces.get(&p.id).copied().unwrap_or(0),
            title: p.title,
        })
        .collect())
}

/// A force's lists: what it leads (drafts included), what it joined, and what it could join.
pub async fn my_procurements(db: &Db, viewer: Option<&Viewer>) -> ServiceResult<MyProcurements> {
    let v = authorise(viewer, ProcurementAction::ViewProcurements)?;
    let now = db.now();
    if v.is_national() {
        let all = procurement::Entity::find()
            .filter(procurement::Column::State.ne(ProcurementState::Draft))
            .order_by_desc(procurement::Column::Id)
            .limit(500)
            .all(&db.conn)
            .await?;
        return Ok(MyProcurements {
            all: rows(db, all, now).await?,
            ..Default::default()
        });
    }
    let leading = procurement::Entity::find()
        .filter(procurement::Column::LeadForceId.eq(v.org_id))
        .order_by_desc(procurement::Column::Id)
        .all(&db.conn)
        .await?;
    let joined_ids: Vec<i32> = procurement_demand::Entity::find()
        .filter(procurement_demand::Column::ForceId.eq(v.org_id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|d| d.procurement_id)
        .collect();
    let joined = procurement::Entity::find()
        .filter(procurement::Column::Id.is_in(joined_ids.clone()))
        .filter(procurement::Column::LeadForceId.ne(v.org_id))
        .order_by_desc(procurement::Column::Id)
        .all(&db.conn)
        .await?;
    let open = procurement::Entity::find()
        .filter(procurement::Column::State.eq(ProcurementState::OpenToJoin))
        .filter(procurement::Column::LeadForceId.ne(v.org_id))
        .filter(procurement::Column::JoinDeadline.gt(now))
        .filter(procurement::Column::Id.is_not_in(joined_ids))
        .order_by_asc(procurement::Column::JoinDeadline)
        .all(&db.conn)
        .await?;
    Ok(MyProcurements {
        leading: rows(db, leading, now).await?,
        joined: rows(db, joined, now).await?,
        open_to_join: rows(db, open, now).await?,
        all: vec![],
        to_evaluate: super::evaluate::my_assignments(db, viewer).await?,
        can_raise: can(
            Some(v),
            ProcurementAction::RunProcurement { org_id: v.org_id },
        ),
    })
}

#[derive(Clone, Debug)]
pub struct DemandRow {
    pub force_id: i32,
    pub force: String,
    pub demand: Demand,
    pub contact_name: String,
    pub contact_email: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct QuestionRow {
    pub id: i32,
    pub question: String,
    pub asked_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub private: bool,
    pub private_reason: Option<String>,
    /// The viewer's company asked it (shown to that supplier alone).
    pub yours: bool,
}

#[derive(Clone, Debug)]
pub struct AmendmentRow {
    pub number: i32,
    pub reason: String,
    pub changes: Vec<String>,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct EventRow {
    pub at: DateTime<Utc>,
    pub message: String,
}

/// One procurement, as whoever asks may see it.
#[derive(Clone, Debug)]
pub struct Detail {
    pub id: i32,
    pub title: String,
    pub lead_force_id: i32,
    pub lead: String,
    pub state: ProcurementState,
    pub lot: String,
    /// As typed (a draft, or the form to amend).
    pub fields: Fields,
    /// None for a draft whose form does not check out yet.
    pub spec: Option<Spec>,
    pub timeline: Option<Timeline>,
    pub demands: Vec<DemandRow>,
    pub total: DemandTotal,
    pub bids_in: u64,
    pub questions: Vec<QuestionRow>,
    pub amendments: Vec<AmendmentRow>,
    pub events: Vec<EventRow>,
    pub collaborators: Vec<String>,
    pub cancelled_reason: Option<String>,
    pub now: DateTime<Utc>,
    pub minimum_tender_days: i64,
    /// The viewer runs it (its lead force).
    pub can_run: bool,
    /// The viewer's force may join, change or withdraw now.
    pub can_join: bool,
    pub my_demand: Option<DemandRow>,
    /// The bid deadline has passed and the viewer may open the bids.
    pub can_open_bids: bool,
    /// Evaluation onwards, for the lead: how far it has got.
    pub progress: Option<Progress>,
    /// Contracts made from it (once the award is confirmed).
    pub contracts: u64,
    pub awarded_to: Option<String>,
    pub standstill_ends_at: Option<DateTime<Utc>>,
}

/// How far evaluation, moderation and award have got (counts only: never scores).
#[derive(Clone, Debug, Default)]
pub struct Progress {
    pub bids: usize,
    pub assignments: usize,
    pub submitted: usize,
    pub conflicts: usize,
    pub moderated: usize,
    pub challenges_waiting: usize,
}

async fn progress(db: &Db, p: &procurement::Model) -> ServiceResult<Progress> {
    use crate::procurement::entity::{bid, evaluation_assignment, procurement_challenge};
    use crate::procurement::types::{BidStatus, Declaration};
    let bids = bid::Entity::find()
        .filter(bid::Column::ProcurementId.eq(p.id))
        .filter(bid::Column::Status.eq(BidStatus::Submitted))
        .all(&db.conn)
        .await?;
    let rows = evaluation_assignment::Entity::find()
        .filter(evaluation_assignment::Column::ProcurementId.eq(p.id))
        .all(&db.conn)
        .await?;
    let moderated = match super::moderate::build(&db.conn, p).await {
        Ok(m) => m.bids.iter().filter(|b| b.moderated()).count(),
        Err(_) => 0,
    };
    Ok(Progress {
        bids: bids.len(),
        assignments: rows.len(),
        submitted: rows.iter().filter(|a| a.submitted_at.is_some()).count(),
        conflicts: rows
            .iter()
            .filter(|a| a.declaration == Some(Declaration::Conflict))
            .count(),
        moderated,
        challenges_waiting: procurement_challenge::Entity::find()
            .filter(procurement_challenge::Column::ProcurementId.eq(p.id))
            .filter(procurement_challenge::Column::Outcome.is_null())
            .count(&db.conn)
            .await? as usize,
    })
}

async fn questions(
    conn: &impl ConnectionTrait,
    id: i32,
    lead: bool,
    supplier: Option<i32>,
) -> ServiceResult<Vec<QuestionRow>> {
    Ok(procurement_question::Entity::find()
        .filter(procurement_question::Column::ProcurementId.eq(id))
        .order_by_asc(procurement_question::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        // The lead sees every question; a supplier the public answers and its own questions.
        .filter(|q| lead || Some(q.supplier_id) == supplier || (q.answer.is_some() && !q.private))
        .map(|q| QuestionRow {
            id: q.id,
            yours: Some(q.supplier_id) == supplier,
            question: q.question,
            asked_at: q.asked_at,
            answer: q.answer,
            answered_at: q.answered_at,
            private: q.private,
            private_reason: if lead { q.private_reason } else { None },
        })
        .collect())
}

async fn amendments(conn: &impl ConnectionTrait, id: i32) -> ServiceResult<Vec<AmendmentRow>> {
    Ok(procurement_amendment::Entity::find()
        .filter(procurement_amendment::Column::ProcurementId.eq(id))
        .order_by_asc(procurement_amendment::Column::Number)
        .all(conn)
        .await?
        .into_iter()
        .map(|a| AmendmentRow {
            number: a.number,
            reason: a.reason,
            changes: serde_json::from_str(&a.changes).unwrap_or_default(),
            at: a.created_at,
        })
        .collect())
}

async fn events(conn: &impl ConnectionTrait, id: i32) -> ServiceResult<Vec<EventRow>> {
    Ok(procurement_event::Entity::find()
        .filter(procurement_event::Column::ProcurementId.eq(id))
        .order_by_asc(procurement_event::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|e| EventRow {
            at: e.at,
            message: e.message,
        })
        .collect())
}

/// One procurement for a force or the national body.
pub async fn detail(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<Detail> {
    let p = visible(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let now = db.now();
    let can_run = can(
        viewer,
        ProcurementAction::RunProcurement {
            org_id: p.lead_force_id,
        },
    );
    let fields = load::fields(&p)?;
    let min_days = load::minimum_tender_days(&db.conn).await?;
    let spec = if p.state == ProcurementState::Draft {
        form::read_spec(&fields, now, min_days, true).ok()
    } else {
        Some(spec(&p)?)
    };
    let demand_models = load::demands(&db.conn, id).await?;
    let names = load::org_names(
        &db.conn,
        demand_models
            .iter()
            .map(|d| d.force_id)
            .chain([p.lead_force_id]),
    )
    .await?;
    let demands: Vec<DemandRow> = demand_models
        .iter()
        .map(|d| DemandRow {
            force_id: d.force_id,
            force: names.get(&d.force_id).cloned().unwrap_or_default(),
            demand: Demand {
                quantity: d.quantity.map(|q| q.max(0) as u64),
                value: d.value_pence.map(Money::from_pence),
            },
            contact_name: d.contact_name.clone(),
            contact_email: d.contact_email.clone(),
            updated_at: d.updated_at,
        })
        .collect();
    let total = total_demand(demands.iter().map(|d| &d.demand));
    let state = load::state_now(&p, now);
    let can_join = p.lead_force_id != v.org_id
        && can(
            viewer,
            ProcurementAction::JoinProcurement { org_id: v.org_id },
        )
        && p.join_deadline
            .is_some_and(|j| crate::procurement::rules::may_change_demand(p.state, j, now));
    let collaborators = {
        use crate::identity::entity::app_user;
        let ids: Vec<i32> = procurement_collaborator::Entity::find()
            .filter(procurement_collaborator::Column::ProcurementId.eq(id))
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|c| c.user_id)
            .collect();
        if ids.is_empty() {
            vec![]
        } else {
            app_user::Entity::find()
                .filter(app_user::Column::Id.is_in(ids))
                .all(&db.conn)
                .await?
                .into_iter()
                .map(|u| u.name)
                .collect()
        }
    };
    Ok(Detail {
        id,
        title: p.title.clone(),
        lead_force_id: p.lead_force_id,
        lead: names.get(&p.lead_force_id).cloned().unwrap_or_default(),
        state,
        lot: load::lot_name(
            &db.conn,
            p.lot_id
                .or_else(|| fields.get("lot").and_then(|l| l.parse().ok())),
        )
        .await?,
        spec,
        timeline: load::timeline(&p),
        my_demand: demands.iter().find(|d| d.force_id == v.org_id).cloned(),
        total,
        demands,
        bids_in: bids::count(&db.conn, id).await?,
        questions: if can_run {
            questions(&db.conn, id, true, None).await?
        } else {
            // Other forces and the national body read the public answers, as suppliers do.
            questions(&db.conn, id, false, None).await?
        },
        amendments: amendments(&db.conn, id).await?,
        events: events(&db.conn, id).await?,
        collaborators,
        cancelled_reason: p.cancelled_reason.clone(),
        now,
        minimum_tender_days: min_days,
        can_run,
        can_join,
        can_open_bids: matches!(
            state,
            ProcurementState::Closed | ProcurementState::Standstill | ProcurementState::Awarded
        ) && can(
            viewer,
            ProcurementAction::OpenBids {
                org_id: p.lead_force_id,
            },
        ),
        progress: if can_run
            && matches!(
                p.state,
                ProcurementState::Closed | ProcurementState::Standstill | ProcurementState::Awarded
            ) {
            Some(progress(db, &p).await?)
        } else {
            None
        },
        contracts: crate::catalogue::entity::contract::Entity::find()
            .filter(crate::catalogue::entity::contract::Column::ProcurementId.eq(id))
            .count(&db.conn)
            .await?,
        awarded_to: match p.awarded_bid_id {
            Some(b) => {
                let row = crate::procurement::entity::bid::Entity::find_by_id(b)
                    .one(&db.conn)
                    .await?;
                match row {
                    Some(r) => Some(load::org_name(&db.conn, r.supplier_id).await?),
                    None => None,
                }
            }
            None => None,
        },
        standstill_ends_at: p.standstill_ends_at,
        fields,
    })
}

#[derive(Clone, Debug)]
pub struct OpportunityRow {
    pub id: i32,
    pub title: String,
    pub lead: String,
    pub lot_id: i32,
    pub lot: String,
    pub bid_deadline: DateTime<Utc>,
    pub state: ProcurementState,
    pub forces: usize,
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct OpportunityFilter {
    #[serde(default)]
    pub lot: Option<String>,
    /// "open" (the default), "closing_7" (within 7 days), "closed", "all"
    #[serde(default)]
    pub closing: Option<String>,
}

/// The opportunities on the lots the supplier is approved on.
pub async fn opportunities(
    db: &Db,
    viewer: Option<&Viewer>,
    filter: &OpportunityFilter,
) -> ServiceResult<(Vec<OpportunityRow>, Vec<(i32, String)>)> {
    let v = authorise(viewer, ProcurementAction::ViewOpportunities)?;
    let now = db.now();
    let approved = crate::catalogue::service::load::approved_lots(&db.conn, v.org_id).await?;
    let all_lots = load::lot_choices(&db.conn).await?;
    let lots: Vec<(i32, String)> = all_lots
        .into_iter()
        .filter(|(l, _)| approved.contains(l))
        .collect();
    let mut chosen = approved.clone();
    if let Some(l) = filter.lot.as_deref().and_then(|l| l.parse::<i32>().ok()) {
        chosen.retain(|x| *x == l);
    }
    let mut q = procurement::Entity::find()
        .filter(procurement::Column::PublishedAt.is_not_null())
        .filter(procurement::Column::LotId.is_in(chosen));
    match filter.closing.as_deref().unwrap_or("open") {
        "closing_7" => {
            q = q
                .filter(procurement::Column::BidDeadline.gt(now))
                .filter(procurement::Column::BidDeadline.lte(now + chrono::Duration::days(7)))
        }
        "closed" => q = q.filter(procurement::Column::BidDeadline.lte(now)),
        "all" => {}
        _ => {
            q = q
                .filter(procurement::Column::BidDeadline.gt(now))
                .filter(procurement::Column::State.eq(ProcurementState::Published))
        }
    }
    let ps = q
        .order_by_asc(procurement::Column::BidDeadline)
        .limit(500)
        .all(&db.conn)
        .await?;
    let rows = rows(db, ps.clone(), now).await?;
    Ok((
        rows.into_iter()
            .zip(ps)
            .map(|(r, p)| OpportunityRow {
                id: r.id,
                title: r.title,
                lead: r.lead,
                lot_id: p.lot_id.unwrap_or_default(),
                lot: r.lot,
                bid_deadline: p.bid_deadline.unwrap_or(now),
                state: r.state,
                forces: r.forces,
            })
            .collect(),
        lots,
    ))
}

/// One opportunity as a supplier sees it: the specification, who takes part, the answers
/// published to all and its own questions, the amendments; its own bid comes from `bids`.
#[derive(Clone, Debug)]
pub struct OpportunityDetail {
    pub id: i32,
    pub title: String,
    pub lead: String,
    pub lot: String,
    pub state: ProcurementState,
    pub spec: Spec,
    pub forces: Vec<(i32, String)>,
    pub total: DemandTotal,
    pub questions: Vec<QuestionRow>,
    pub amendments: Vec<AmendmentRow>,
    pub now: DateTime<Utc>,
    pub cancelled_reason: Option<String>,
}

pub async fn opportunity_detail(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
) -> ServiceResult<OpportunityDetail> {
    let (p, v) = opportunity(db, viewer, id).await?;
    let now = db.now();
    let demands = load::demands(&db.conn, id).await?;
    let total = total_demand(
        demands
            .iter()
            .map(|d| Demand {
                quantity: d.quantity.map(|q| q.max(0) as u64),
                value: d.value_pence.map(Money::from_pence),
            })
            .collect::<Vec<_>>()
            .iter(),
    );
    Ok(OpportunityDetail {
        id,
        title: p.title.clone(),
        lead: load::org_name(&db.conn, p.lead_force_id).await?,
        lot: load::lot_name(&db.conn, p.lot_id).await?,
        state: load::state_now(&p, now),
        spec: spec(&p)?,
        forces: forces_taking_part(&db.conn, id).await?,
        total,
        questions: questions(&db.conn, id, false, Some(v.org_id)).await?,
        amendments: amendments(&db.conn, id).await?,
        now,
        cancelled_reason: p.cancelled_reason.clone(),
    })
}
