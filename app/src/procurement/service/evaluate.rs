//! Evaluation: the lead names evaluators (people with the evaluator role in the forces taking
//! part) and assigns them bids; each evaluator declares, bid by bid, whether they have a
//! conflict of interest, then scores each criterion that is not price on its scale with a
//! justification, and submits. An evaluator reads only the bids assigned to them and only
//! their own scores; the lead sees who has scored what, never the scores themselves (the
//! moderator reads submitted scores, in `moderate.rs`).

use super::notify::{self, Notice};
use super::{bids, event, load, raise, views};
use crate::access::{authorise, ProcurementAction, Viewer, ANOTHER_ORGANISATION};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, user_role};
use crate::identity::types::{Role, UserStatus};
use crate::procurement::award::read_score;
use crate::procurement::entity::{evaluation_assignment, evaluation_score};
use crate::procurement::form::Fields;
use crate::procurement::types::{
    Criterion, CriterionKind, Declaration, NotificationKind, ProcurementState, Spec,
};
use crate::validation::FieldErrors;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use std::collections::{BTreeMap, HashMap};

/// The criteria evaluators score (every one but price), with their places in the spec.
pub fn scored_criteria(spec: &Spec) -> Vec<(usize, Criterion)> {
    spec.criteria
        .iter()
        .cloned()
        .enumerate()
        .filter(|(_, c)| c.kind != CriterionKind::Price)
        .collect()
}

/// Someone the lead may name as an evaluator.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub user_id: i32,
    pub name: String,
    pub force: String,
}

/// One bid assigned to one evaluator, as the lead follows it: never the scores.
#[derive(Clone, Debug)]
pub struct AssignmentRow {
    pub id: i32,
    pub bid_id: i32,
    pub supplier: String,
    pub user_id: i32,
    pub evaluator: String,
    pub force: String,
    pub declaration: Option<Declaration>,
    pub declaration_note: Option<String>,
    /// How many criteria they have scored, of how many.
    pub scored: usize,
    pub of: usize,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// The lead's view of evaluation: who may evaluate, the bids, and progress.
#[derive(Clone, Debug)]
pub struct Board {
    pub id: i32,
    pub title: String,
    pub state: ProcurementState,
    pub candidates: Vec<Candidate>,
    pub bids: Vec<(i32, String)>,
    pub assignments: Vec<AssignmentRow>,
    pub moderator_id: Option<i32>,
    pub moderator: Option<String>,
    pub evaluation_target: Option<DateTime<Utc>>,
    /// Assignments may still change (evaluation is under way).
    pub open: bool,
}

/// The evaluators of the forces taking part, by force then name.
async fn candidates(conn: &impl ConnectionTrait, id: i32) -> ServiceResult<Vec<Candidate>> {
    let forces = views::forces_taking_part(conn, id).await?;
    let force_name: HashMap<i32, String> = forces.iter().cloned().collect();
    let users = app_user::Entity::find()
        .filter(app_user::Column::OrganisationId.is_in(forces.iter().map(|f| f.0)))
        .filter(app_user::Column::Status.eq(UserStatus::Active))
        .order_by_asc(app_user::Column::Name)
        .all(conn)
        .await?;
    let evaluators: std::collections::HashSet<i32> = user_role::Entity::find()
        .filter(user_role::Column::UserId.is_in(users.iter().map(|u| u.id)))
        .filter(user_role::Column::Role.eq(Role::Evaluator))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let mut out: Vec<Candidate> = users
        .into_iter()
        .filter(|u| evaluators.contains(&u.id))
        .map(|u| Candidate {
            user_id: u.id,
            force: force_name
                .get(&u.organisation_id)
                .cloned()
                .unwrap_or_default(),
            name: u.name,
        })
        .collect();
    out.sort_by(|a, b| a.force.cmp(&b.force).then(a.name.cmp(&b.name)));
    Ok(out)
}

async fn user_names(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> ServiceResult<HashMap<i32, app_user::Model>> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(ids.into_iter().collect::<Vec<_>>()))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

pub(super) async fn assignments(
    conn: &impl ConnectionTrait,
    id: i32,
) -> ServiceResult<Vec<evaluation_assignment::Model>> {
    Ok(evaluation_assignment::Entity::find()
        .filter(evaluation_assignment::Column::ProcurementId.eq(id))
        .order_by_asc(evaluation_assignment::Column::Id)
        .all(conn)
        .await?)
}

/// The evaluation board, for the lead force (opening the bids if nobody has yet).
pub async fn board(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<Board> {
    let p = raise::runnable(db, viewer, id).await?;
    if p.state == ProcurementState::Published {
        // The first look after the deadline opens the bids (refused before it).
        bids::opened_bids(db, viewer, id).await?;
    }
    let p = load::find(&db.conn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let opened = bids::opened_for_evaluation(&db.conn, &p).await?;
    let spec = views::spec(&p)?;
    let of = scored_criteria(&spec).len();
    let rows = assignments(&db.conn, id).await?;
    let users = user_names(
        &db.conn,
        rows.iter().map(|a| a.user_id).chain(p.moderator_id),
    )
    .await?;
    let forces = load::org_names(&db.conn, users.values().map(|u| u.organisation_id)).await?;
    let counts = score_counts(&db.conn, rows.iter().map(|a| a.id)).await?;
    let supplier: HashMap<i32, String> = opened
        .iter()
        .map(|(b, o)| (b.id, o.supplier.clone()))
        .collect();
    let assignments = rows
        .iter()
        .map(|a| {
            let u = users.get(&a.user_id);
            AssignmentRow {
                id: a.id,
                bid_id: a.bid_id,
                supplier: supplier.get(&a.bid_id).cloned().unwrap_or_default(),
                user_id: a.user_id,
                evaluator: u.map(|u| u.name.clone()).unwrap_or_default(),
                force: u
                    .and_then(|u| forces.get(&u.organisation_id).cloned())
                    .unwrap_or_default(),
                declaration: a.declaration,
                declaration_note: a.declaration_note.clone(),
                scored: counts.get(&a.id).copied().unwrap_or(0),
                of,
                submitted_at: a.submitted_at,
            }
        })
        .collect();
    Ok(Board {
        id,
        title: p.title.clone(),
        state: p.state,
        candidates: candidates(&db.conn, id).await?,
        bids: opened
            .iter()
            .map(|(b, o)| (b.id, o.supplier.clone()))
            .collect(),
        assignments,
        moderator_id: p.moderator_id,
        moderator: p
            .moderator_id
            .and_then(|m| users.get(&m).map(|u| u.name.clone())),
        evaluation_target: p.evaluation_target,
        open: p.state == ProcurementState::Closed,
    })
}

async fn score_counts(
    conn: &impl ConnectionTrait,
    assignment_ids: impl IntoIterator<Item = i32>,
) -> ServiceResult<HashMap<i32, usize>> {
    let mut out = HashMap::new();
    for s in evaluation_score::Entity::find()
        .filter(
            evaluation_score::Column::AssignmentId
                .is_in(assignment_ids.into_iter().collect::<Vec<_>>()),
        )
        .all(conn)
        .await?
    {
        *out.entry(s.assignment_id).or_insert(0) += 1;
    }
    Ok(out)
}

/// The lead's evaluation in progress: the procurement must be evaluating.
async fn evaluating(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
) -> ServiceResult<crate::procurement::entity::procurement::Model> {
    let p = raise::runnable(db, viewer, id).await?;
    if p.state != ProcurementState::Closed {
        return Err(ServiceError::Conflict(match p.state {
            ProcurementState::Standstill | ProcurementState::Awarded => {
                "Evaluation is over: the procurement has been awarded".to_string()
            }
            _ => "Evaluation starts once the bids are open".to_string(),
        }));
    }
    Ok(p)
}

/// Assigns bids to an evaluator of a force taking part. Returns how many were newly assigned
/// (a bid already assigned to them is left as it is).
pub async fn assign(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    user: &str,
    bid_ids: &[i32],
) -> ServiceResult<usize> {
    let p = evaluating(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let who = candidates(&db.conn, id)
        .await?
        .into_iter()
        .find(|c| Some(c.user_id) == user.trim().parse().ok())
        .ok_or_else(|| {
            ServiceError::invalid(
                "evaluator",
                "Choose an evaluator from the forces taking part",
            )
        })?;
    if bid_ids.is_empty() {
        return Err(ServiceError::invalid("bids", "Choose at least one bid"));
    }
    let opened = bids::opened_for_evaluation(&db.conn, &p).await?;
    let known: HashMap<i32, String> = opened
        .iter()
        .map(|(b, o)| (b.id, o.supplier.clone()))
        .collect();
    if bid_ids.iter().any(|b| !known.contains_key(b)) {
        return Err(ServiceError::invalid(
            "bids",
            "Choose bids of this procurement",
        ));
    }
    let now = db.now();
    let txn = db.write().await?;
    let already: std::collections::HashSet<i32> = evaluation_assignment::Entity::find()
        .filter(evaluation_assignment::Column::ProcurementId.eq(id))
        .filter(evaluation_assignment::Column::UserId.eq(who.user_id))
        .all(&*txn)
        .await?
        .into_iter()
        .map(|a| a.bid_id)
        .collect();
    let mut added = Vec::new();
    for b in bid_ids.iter().filter(|b| !already.contains(b)) {
        evaluation_assignment::ActiveModel {
            procurement_id: Set(id),
            bid_id: Set(*b),
            user_id: Set(who.user_id),
            assigned_by: Set(v.user_id),
            assigned_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        added.push(*b);
    }
    if !added.is_empty() {
        event(
            &txn,
            id,
            now,
            "evaluator_assigned",
            format!(
                "{} ({}) was assigned {} bid{} to evaluate",
                who.name,
                who.force,
                added.len(),
                if added.len() == 1 { "" } else { "s" }
            ),
            Some(v.org_id),
        )
        .await?;
        notify::send(
            &txn,
            now,
            Notice {
                kind: NotificationKind::EvaluationAssigned,
                procurement_id: Some(id),
                message: format!(
                    "You have {} bid{} to evaluate for “{}”{}",
                    added.len(),
                    if added.len() == 1 { "" } else { "s" },
                    p.title,
                    p.evaluation_target
                        .map(|t| format!(", by {}", crate::ui::time::deadline(t)))
                        .unwrap_or_default()
                ),
                link: "/procurements#evaluate".into(),
                orgs: &[],
                users: &[who.user_id],
                except_user: None,
            },
        )
        .await?;
        record(
            &txn,
            NewEvent::by(
                v,
                actions::EVALUATOR_ASSIGNED,
                "procurement",
                id,
                serde_json::json!({ "evaluator": who.user_id, "bids": added }),
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(added.len())
}

/// Takes back a bid from an evaluator who has not submitted scores for it (their draft
/// scores go with it).
pub async fn unassign(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    assignment_id: i32,
) -> ServiceResult<()> {
    evaluating(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let txn = db.write().await?;
    let a = evaluation_assignment::Entity::find_by_id(assignment_id)
        .one(&*txn)
        .await?
        .filter(|a| a.procurement_id == id)
        .ok_or(ServiceError::NotFound)?;
    if a.submitted_at.is_some() {
        return Err(ServiceError::Conflict(
            "Those scores are submitted: they stay on the record".into(),
        ));
    }
    evaluation_score::Entity::delete_many()
        .filter(evaluation_score::Column::AssignmentId.eq(a.id))
        .exec(&*txn)
        .await?;
    evaluation_assignment::Entity::delete_by_id(a.id)
        .exec(&*txn)
        .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::EVALUATOR_UNASSIGNED,
            "procurement",
            id,
            serde_json::json!({ "evaluator": a.user_id, "bid": a.bid_id }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Names a moderator (an evaluator of a force taking part), or none: the lead force then
/// moderates itself.
pub async fn set_moderator(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    user: &str,
) -> ServiceResult<()> {
    let p = evaluating(db, viewer, id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let chosen = if user.trim().is_empty() {
        None
    } else {
        Some(
            candidates(&db.conn, id)
                .await?
                .into_iter()
                .find(|c| Some(c.user_id) == user.trim().parse().ok())
                .ok_or_else(|| {
                    ServiceError::invalid(
                        "moderator",
                        "Choose a moderator from the forces' evaluators",
                    )
                })?,
        )
    };
    let txn = db.write().await?;
    let mut m = p.into_active_model();
    m.moderator_id = Set(chosen.as_ref().map(|c| c.user_id));
    m.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::MODERATOR_SET,
            "procurement",
            id,
            serde_json::json!({ "moderator": chosen.as_ref().map(|c| c.user_id) }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// One bid on an evaluator's list.
#[derive(Clone, Debug)]
pub struct MyAssignment {
    pub procurement_id: i32,
    pub title: String,
    pub bid_id: i32,
    pub supplier: String,
    pub declaration: Option<Declaration>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub due: Option<DateTime<Utc>>,
}

/// The bids assigned to the viewer, newest procurement first (empty for anyone who is not
/// an evaluator).
pub async fn my_assignments(db: &Db, viewer: Option<&Viewer>) -> ServiceResult<Vec<MyAssignment>> {
    let Some(v) = viewer else {
        return Ok(vec![]);
    };
    if !crate::access::can(viewer, ProcurementAction::Evaluate { org_id: v.org_id }) {
        return Ok(vec![]);
    }
    let rows = evaluation_assignment::Entity::find()
        .filter(evaluation_assignment::Column::UserId.eq(v.user_id))
        .order_by_desc(evaluation_assignment::Column::ProcurementId)
        .order_by_asc(evaluation_assignment::Column::Id)
        .all(&db.conn)
        .await?;
    let procurements: HashMap<i32, crate::procurement::entity::procurement::Model> =
        crate::procurement::entity::procurement::Entity::find()
            .filter(
                crate::procurement::entity::procurement::Column::Id
                    .is_in(rows.iter().map(|a| a.procurement_id).collect::<Vec<_>>()),
            )
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
    let mut suppliers = HashMap::new();
    for b in crate::procurement::entity::bid::Entity::find()
        .filter(
            crate::procurement::entity::bid::Column::Id
                .is_in(rows.iter().map(|a| a.bid_id).collect::<Vec<_>>()),
        )
        .all(&db.conn)
        .await?
    {
        suppliers.insert(b.id, b.supplier_id);
    }
    let names = load::org_names(&db.conn, suppliers.values().copied()).await?;
    let mut out: Vec<MyAssignment> = rows
        .into_iter()
        .filter_map(|a| {
            let p = procurements.get(&a.procurement_id)?;
            Some(MyAssignment {
                procurement_id: a.procurement_id,
                title: p.title.clone(),
                bid_id: a.bid_id,
                supplier: suppliers
                    .get(&a.bid_id)
                    .and_then(|s| names.get(s).cloned())
                    .unwrap_or_default(),
                declaration: a.declaration,
                submitted_at: a.submitted_at,
                due: p.evaluation_target,
            })
        })
        .collect();
    // What is still to do first; the order of the rows otherwise kept.
    out.sort_by_key(|a| a.submitted_at.is_some());
    Ok(out)
}

/// What an evaluator sees to score one bid.
#[derive(Clone, Debug)]
pub struct ScoreSheet {
    pub procurement_id: i32,
    pub title: String,
    pub bid_id: i32,
    pub bid: bids::OpenedBid,
    pub spec: Spec,
    pub criteria: Vec<(usize, Criterion)>,
    /// The form as saved (or as typed, when shown again with errors).
    pub fields: Fields,
    pub submitted_at: Option<DateTime<Utc>>,
    pub due: Option<DateTime<Utc>>,
    /// Scores may still be changed.
    pub editable: bool,
}

/// The viewer's assignment for a bid, checked: an evaluator of their force, assigned it.
async fn my_assignment(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    bid_id: i32,
) -> ServiceResult<(
    crate::procurement::entity::procurement::Model,
    evaluation_assignment::Model,
)> {
    let v = authorise(
        viewer,
        ProcurementAction::Evaluate {
            org_id: viewer.map(|v| v.org_id).unwrap_or(ANOTHER_ORGANISATION),
        },
    )?;
    let a = evaluation_assignment::Entity::find()
        .filter(evaluation_assignment::Column::ProcurementId.eq(id))
        .filter(evaluation_assignment::Column::BidId.eq(bid_id))
        .filter(evaluation_assignment::Column::UserId.eq(v.user_id))
        .one(&db.conn)
        .await?;
    // A bid not assigned to the viewer does not exist for them.
    let a = a.ok_or(ServiceError::NotFound)?;
    let p = load::find(&db.conn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((p, a))
}

async fn saved_fields(
    conn: &impl ConnectionTrait,
    a: &evaluation_assignment::Model,
) -> ServiceResult<Fields> {
    let mut f = Fields::new();
    if let Some(d) = a.declaration {
        f.insert("declaration".into(), d.as_str().into());
    }
    if let Some(n) = &a.declaration_note {
        f.insert("declaration_note".into(), n.clone());
    }
    match &a.fails_essential {
        Some(r) => {
            f.insert("compliant".into(), "no".into());
            f.insert("compliance_reason".into(), r.clone());
        }
        None if a.declared_at.is_some() => {
            f.insert("compliant".into(), "yes".into());
        }
        None => {}
    }
    for s in evaluation_score::Entity::find()
        .filter(evaluation_score::Column::AssignmentId.eq(a.id))
        .all(conn)
        .await?
    {
        f.insert(format!("score_{}", s.criterion), s.score.to_string());
        f.insert(format!("justification_{}", s.criterion), s.justification);
    }
    Ok(f)
}

/// The score sheet of one bid assigned to the viewer.
pub async fn sheet(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    bid_id: i32,
) -> ServiceResult<ScoreSheet> {
    let (p, a) = my_assignment(db, viewer, id, bid_id).await?;
    let fields = saved_fields(&db.conn, &a).await?;
    sheet_with(db, &p, &a, fields).await
}

async fn sheet_with(
    db: &Db,
    p: &crate::procurement::entity::procurement::Model,
    a: &evaluation_assignment::Model,
    fields: Fields,
) -> ServiceResult<ScoreSheet> {
    let opened = bids::opened_for_evaluation(&db.conn, p).await?;
    let bid = opened
        .into_iter()
        .find(|(b, _)| b.id == a.bid_id)
        .map(|(_, o)| o)
        .ok_or(ServiceError::NotFound)?;
    let spec = views::spec(p)?;
    Ok(ScoreSheet {
        procurement_id: p.id,
        title: p.title.clone(),
        bid_id: a.bid_id,
        bid,
        criteria: scored_criteria(&spec),
        spec,
        fields,
        submitted_at: a.submitted_at,
        due: p.evaluation_target,
        editable: a.submitted_at.is_none() && p.state == ProcurementState::Closed,
    })
}

/// Reads the score sheet as typed: the declaration, the compliance note and, unless there is
/// a conflict, each criterion's score and justification. Saving keeps what is typed (blank
/// scores stay blank); submitting needs every one.
pub fn read_sheet(
    f: &Fields,
    criteria: &[(usize, Criterion)],
    submit: bool,
) -> Result<SheetValues, FieldErrors> {
    let get = |k: &str| f.get(k).map(|s| s.trim()).unwrap_or("");
    let mut errors = FieldErrors::new();
    let declaration = match Declaration::parse(get("declaration")) {
        Some(d) => Some(d),
        None => {
            errors.add(
                "declaration",
                "Say whether you have a conflict of interest with this bidder",
            );
            None
        }
    };
    let note = get("declaration_note").to_string();
    if declaration == Some(Declaration::Conflict) && note.is_empty() {
        errors.add("declaration_note", "Describe the conflict of interest");
    }
    let mut scores = BTreeMap::new();
    let mut fails = None;
    if declaration == Some(Declaration::NoConflict) {
        match get("compliant") {
            "yes" => {}
            "no" => {
                let r = get("compliance_reason");
                if r.is_empty() {
                    errors.add(
                        "compliance_reason",
                        "Say which essential requirement the bid fails, and why",
                    );
                }
                fails = Some(r.to_string());
            }
            _ if submit => errors.add(
                "compliant",
                "Say whether the bid meets every essential requirement",
            ),
            _ => {}
        }
        for (i, c) in criteria {
            let typed = get(&format!("score_{i}"));
            let why = get(&format!("justification_{i}"));
            if typed.is_empty() {
                if submit {
                    errors.add(&format!("score_{i}"), format!("Score “{}”", c.name));
                }
                continue;
            }
            match read_score(typed, &c.scale) {
                Ok(s) => {
                    if why.is_empty() && submit {
                        errors.add(
                            &format!("justification_{i}"),
                            format!("Justify your score for “{}”", c.name),
                        );
                    }
                    if why.chars().count() > 5000 {
                        errors.add(
                            &format!("justification_{i}"),
                            "A justification must be 5,000 characters or fewer",
                        );
                    }
                    scores.insert(*i, (s, why.to_string()));
                }
                Err(m) => errors.add(&format!("score_{i}"), format!("“{}”: {m}", c.name)),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SheetValues {
        declaration: declaration.unwrap_or(Declaration::NoConflict),
        note: (!note.is_empty()).then_some(note),
        fails_essential: fails,
        scores,
    })
}

/// A score sheet, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetValues {
    pub declaration: Declaration,
    pub note: Option<String>,
    pub fails_essential: Option<String>,
    /// criterion place -> (score, justification)
    pub scores: BTreeMap<usize, (u32, String)>,
}

/// Saves (or, with `submit`, submits to the moderator) the viewer's scores for a bid.
/// Declaring a conflict records it and takes no scores: the lead assigns someone else.
/// Returns the sheet shown again when the input was wrong.
pub async fn score(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    bid_id: i32,
    f: &Fields,
    submit: bool,
) -> ServiceResult<Result<(), Box<(ScoreSheet, FieldErrors)>>> {
    let (p, a) = my_assignment(db, viewer, id, bid_id).await?;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    if p.state != ProcurementState::Closed {
        return Err(ServiceError::Conflict(
            "Evaluation is over: the procurement has been awarded or cancelled".into(),
        ));
    }
    if a.submitted_at.is_some() {
        return Err(ServiceError::Conflict(
            "Your scores for this bid are submitted: ask the moderator if one must change".into(),
        ));
    }
    let spec = views::spec(&p)?;
    let criteria = scored_criteria(&spec);
    let values = match read_sheet(f, &criteria, submit) {
        Ok(v) => v,
        Err(errors) => {
            let sheet = sheet_with(db, &p, &a, f.clone()).await?;
            return Ok(Err(Box::new((sheet, errors))));
        }
    };
    let now = db.now();
    let txn = db.write().await?;
    evaluation_score::Entity::delete_many()
        .filter(evaluation_score::Column::AssignmentId.eq(a.id))
        .exec(&*txn)
        .await?;
    let conflict = values.declaration == Declaration::Conflict;
    if !conflict {
        for (i, (s, why)) in &values.scores {
            evaluation_score::ActiveModel {
                assignment_id: Set(a.id),
                criterion: Set(*i as i32),
                score: Set(*s as i32),
                justification: Set(why.clone()),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&*txn)
            .await?;
        }
    }
    let first_declaration = a.declared_at.is_none() || a.declaration != Some(values.declaration);
    let mut m = a.clone().into_active_model();
    m.declaration = Set(Some(values.declaration));
    m.declaration_note = Set(values.note.clone());
    if first_declaration {
        m.declared_at = Set(Some(now));
    }
    m.fails_essential = Set(values.fails_essential.clone());
    let submitted = submit && !conflict;
    if submitted {
        m.submitted_at = Set(Some(now));
    }
    m.update(&*txn).await?;
    if first_declaration {
        record(
            &txn,
            NewEvent::by(
                v,
                actions::INTEREST_DECLARED,
                "bid",
                bid_id,
                serde_json::json!({
                    "procurement": id,
                    "declaration": values.declaration.as_str(),
                    "note": values.note,
                }),
            ),
        )
        .await?;
    }
    if conflict {
        // The lead must know at once: someone else has to evaluate this bid.
        notify::send(
            &txn,
            now,
            Notice {
                kind: NotificationKind::EvaluationAssigned,
                procurement_id: Some(id),
                message: format!(
                    "{} declared a conflict of interest with a bid for “{}”: assign it to someone else",
                    v.name, p.title
                ),
                link: format!("/procurements/{id}/evaluation"),
                orgs: &[p.lead_force_id],
                users: &[],
                except_user: Some(v.user_id),
            },
        )
        .await?;
    }
    record(
        &txn,
        NewEvent::by(
            v,
            if submitted {
                actions::SCORES_SUBMITTED
            } else {
                actions::SCORES_SAVED
            },
            "bid",
            bid_id,
            serde_json::json!({ "procurement": id, "scores": values.scores.len() }),
        ),
    )
    .await?;
    if submitted {
        event(
            &txn,
            id,
            now,
            "scores_submitted",
            format!("{} submitted scores for a bid", v.name),
            Some(v.org_id),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(Ok(()))
}

/// The submitted scores of a bid, by evaluator: for the moderator only (`moderate.rs`).
pub(super) async fn submitted_scores(
    conn: &impl ConnectionTrait,
    id: i32,
) -> ServiceResult<
    Vec<(
        evaluation_assignment::Model,
        String,
        Vec<evaluation_score::Model>,
    )>,
> {
    let rows = assignments(conn, id).await?;
    let users = user_names(conn, rows.iter().map(|a| a.user_id)).await?;
    let scores = evaluation_score::Entity::find()
        .filter(
            evaluation_score::Column::AssignmentId
                .is_in(rows.iter().map(|a| a.id).collect::<Vec<_>>()),
        )
        .order_by_asc(evaluation_score::Column::Criterion)
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|a| {
            let name = users
                .get(&a.user_id)
                .map(|u| u.name.clone())
                .unwrap_or_default();
            // Unsubmitted scores are the evaluator's alone, even from the moderator.
            let mine = if a.submitted_at.is_some() {
                scores
                    .iter()
                    .filter(|s| s.assignment_id == a.id)
                    .cloned()
                    .collect()
            } else {
                vec![]
            };
            (a, name, mine)
        })
        .collect())
}
