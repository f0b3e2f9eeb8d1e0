//! Demo shared procurements at every stage: of part 1, a draft, one open to join with two
//! forces joined, one published with questions and answers, one with bids in, and one past
//! its bid deadline; of part 2, one being evaluated, one awarded with its three contracts and
//! one in standstill with a challenge. Part 1's are written straight to the tables (some
//! dates are in the past, which the services rightly refuse), with the timeline events and
//! notifications the services would have written; part 2's go through the services. Idempotent: nothing is added when any
//! procurement exists. `generate` adds many more for the page benchmark.

use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::{Db, WriteTxn};
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, organisation};
use crate::money::Money;
use crate::procurement::entity::{
    bid, procurement, procurement_demand, procurement_event, procurement_question,
};
use crate::procurement::form::{receipt_hash, timeline_fields, Fields};
use crate::procurement::types::{
    BidContent, BidStatus, ProcurementState, RequirementResponse, Timeline,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

async fn user(txn: &WriteTxn, email: &str) -> ServiceResult<app_user::Model> {
    app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email))
        .one(&**txn)
        .await?
        .ok_or(ServiceError::NotFound)
}

async fn force(txn: &WriteTxn, name: &str) -> ServiceResult<organisation::Model> {
    organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(&**txn)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// A timeline `join` days from now, then the usual gaps.
fn timeline(now: DateTime<Utc>, join_days: i64) -> Timeline {
    let join = now + Duration::days(join_days);
    Timeline {
        join,
        clarification: join + Duration::days(6),
        bid: join + Duration::days(12),
        evaluation: join + Duration::days(26),
        award: join + Duration::days(40),
    }
}

struct Demo<'a> {
    title: &'a str,
    summary: &'a str,
    essential: &'a [&'a str],
    nice: &'a [&'a str],
    unit: &'a str,
    quantity: u64,
    value: &'a str,
    per_force: bool,
}

fn fields(d: &Demo<'_>, lot: i32, t: Option<&Timeline>) -> Fields {
    let mut f = Fields::new();
    let mut put = |k: &str, v: String| {
        f.insert(k.to_string(), v);
    };
    put("title", d.title.into());
    put("summary", d.summary.into());
    put(
        "description",
        format!(
            "{}\n\nForces taking part will each hold their own call-off contract. Suppliers should price for the combined demand; the lead force evaluates with evaluators from the forces taking part.",
            d.summary
        ),
    );
    put("lot", lot.to_string());
    put("essential", d.essential.join("\n"));
    put("nice_to_have", d.nice.join("\n"));
    put("unit", d.unit.into());
    put("quantity", d.quantity.to_string());
    put("value", d.value.into());
    if d.per_force {
        put("per_force_prices", "on".into());
    }
    for (n, (kind, name, weight, scale, guidance)) in [
        ("price", "Whole-life price", "40", "", ""),
        (
            "quality",
            "Meeting the requirement",
            "45",
            "0 to 4",
            "0: no evidence; 2: meets most requirements with evidence; 4: meets every requirement with strong evidence from policing.",
        ),
        (
            "social_value",
            "Social value",
            "15",
            "0 to 4",
            "Skills and jobs in the forces' areas, and a credible plan to reach net zero.",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let n = n + 1;
        put(&format!("criterion_{n}_kind"), kind.into());
        put(&format!("criterion_{n}_name"), name.into());
        put(&format!("criterion_{n}_weight"), weight.into());
        put(&format!("criterion_{n}_scale"), scale.into());
        put(&format!("criterion_{n}_guidance"), guidance.into());
    }
    if let Some(t) = t {
        for (k, v) in timeline_fields(t) {
            f.insert(k, v);
        }
    }
    f
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    txn: &WriteTxn,
    lead: i32,
    creator: i32,
    state: ProcurementState,
    f: &Fields,
    t: Option<Timeline>,
    opened: Option<DateTime<Utc>>,
    published: Option<DateTime<Utc>>,
    lot: i32,
) -> ServiceResult<procurement::Model> {
    let created = opened.unwrap_or_else(Utc::now) - Duration::days(3);
    Ok(procurement::ActiveModel {
        lead_force_id: Set(lead),
        title: Set(f.get("title").cloned().unwrap_or_default()),
        state: Set(state),
        lot_id: Set(t.map(|_| lot)),
        form: Set(serde_json::to_string(f).unwrap_or_default()),
        join_deadline: Set(t.map(|t| t.join)),
        clarification_deadline: Set(t.map(|t| t.clarification)),
        bid_deadline: Set(t.map(|t| t.bid)),
        evaluation_target: Set(t.map(|t| t.evaluation)),
        award_target: Set(t.map(|t| t.award)),
        created_by: Set(creator),
        created_at: Set(created),
        updated_at: Set(published.or(opened).unwrap_or(created)),
        opened_at: Set(opened),
        published_at: Set(published),
        cancelled_reason: Set(None),
        ..Default::default()
    }
    .insert(&**txn)
    .await?)
}

async fn event(
    txn: &WriteTxn,
    p: i32,
    at: DateTime<Utc>,
    kind: &str,
    message: String,
) -> ServiceResult<()> {
    procurement_event::ActiveModel {
        procurement_id: Set(p),
        at: Set(at),
        kind: Set(kind.into()),
        message: Set(message),
        organisation_id: Set(None),
        ..Default::default()
    }
    .insert(&**txn)
    .await?;
    Ok(())
}

async fn demand(
    txn: &WriteTxn,
    p: i32,
    force_id: i32,
    quantity: i64,
    value: &str,
    contact: (&str, &str),
    at: DateTime<Utc>,
) -> ServiceResult<()> {
    procurement_demand::ActiveModel {
        procurement_id: Set(p),
        force_id: Set(force_id),
        quantity: Set(Some(quantity)),
        value_pence: Set(Money::parse(value).ok().map(|m| m.pence())),
        contact_name: Set(contact.0.into()),
        contact_email: Set(contact.1.into()),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(&**txn)
    .await?;
    Ok(())
}

/// A complete bid for a procurement of `requirements` requirements and 2 quality criteria.
pub fn demo_bid(
    total: Money,
    forces: &[(i32, Money)],
    requirements: usize,
    seed: u64,
) -> BidContent {
    BidContent {
        total: Some(total),
        per_force: forces.to_vec(),
        requirements: (0..requirements)
            .map(|i| RequirementResponse {
                meets: Some(!(seed + i as u64).is_multiple_of(7)),
                text: "Met by the core product, in use at two forces today; see the case studies linked.".into(),
            })
            .collect(),
        criteria: vec![
            "We have delivered this to forces of every size; our plan moves each force in turn over a 9-month programme, with data migration tested twice before each cut-over.".into(),
            "Apprenticeships in each force area and a verified carbon reduction plan.".into(),
        ],
        links: vec!["https://example.com/case-studies".into()],
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_bid(
    txn: &WriteTxn,
    p: i32,
    supplier: i32,
    user: i32,
    status: BidStatus,
    version: i32,
    content: &BidContent,
    at: DateTime<Utc>,
) -> ServiceResult<()> {
    let json = serde_json::to_string(content).unwrap_or_default();
    let submitted = status == BidStatus::Submitted;
    bid::ActiveModel {
        procurement_id: Set(p),
        supplier_id: Set(supplier),
        status: Set(status),
        version: Set(version),
        receipt_hash: Set(submitted.then(|| receipt_hash(p, supplier, version, &json))),
        content: Set(json),
        submitted_at: Set(submitted.then_some(at)),
        updated_at: Set(at),
        updated_by: Set(user),
        ..Default::default()
    }
    .insert(&**txn)
    .await?;
    Ok(())
}

async fn lot_id(txn: &WriteTxn) -> ServiceResult<i32> {
    let lots = super::service::load::lot_choices(&**txn).await?;
    lots.iter()
        .find(|(_, n)| n.contains("Cloud software"))
        .or(lots.first())
        .map(|(i, _)| *i)
        .ok_or(ServiceError::NotFound)
}

const CUSTODY: Demo<'static> = Demo {
    title: "Custody record system for the South East",
    summary: "A shared electronic custody record for the forces of the South East, replacing three systems whose support ends in 2027.",
    essential: &[
        "Records every stage of detention under PACE Code C, with review clocks and alerts",
        "Hosted in the UK at OFFICIAL-SENSITIVE, with SC-cleared support staff",
        "Migrates each force's existing custody records, with a reconciliation report",
    ],
    nice: &["Integrates with the national custody imaging service"],
    unit: "custody suites",
    quantity: 6,
    value: "1,200,000",
    per_force: true,
};

/// The stress procurement's form (four requirements, price and two worded criteria): the
/// shape `stress::bid_form` answers.
pub fn stress_fields(lot: i32) -> Fields {
    let mut demo = CUSTODY;
    demo.per_force = false;
    fields(&demo, lot, None)
}

pub async fn seed_demo(db: &Db) -> ServiceResult<()> {
    if procurement::Entity::find().count(&db.conn).await? > 0 {
        return Ok(());
    }
    let now = db.now();
    let txn = db.write().await?;
    let lot = lot_id(&txn).await?;
    let kent = force(&txn, "Kent Police").await?;
    let essex = force(&txn, "Essex Police").await?;
    let surrey = force(&txn, "Surrey Police").await?;
    let sussex = force(&txn, "Sussex Police").await?;
    let hampshire = force(&txn, "Hampshire and Isle of Wight Constabulary").await?;
    let kent_buyer = user(&txn, "buyer@kent.police.uk").await?;
    let essex_buyer = user(&txn, "buyer@essex.police.uk").await?;
    let cobalt = user(&txn, "admin@cobalt-records-systems.example").await?;
    let ironbridge = user(&txn, "admin@ironbridge-software.example").await?;
    let beacon = user(&txn, "admin@beacon-analytics.example").await?;

    // 1. A draft, part filled in.
    let draft = Demo {
        title: "Body-worn video replacement",
        summary:
            "Replacing body-worn cameras and their evidence upload, whose contract ends next year.",
        essential: &["Cameras with pre-record and one-press activation"],
        nice: &[],
        unit: "cameras",
        quantity: 2400,
        value: "",
        per_force: false,
    };
    let mut f = fields(&draft, lot, None);
    f.retain(|k, _| !k.starts_with("criterion_"));
    let p = insert(
        &txn,
        kent.id,
        kent_buyer.id,
        ProcurementState::Draft,
        &f,
        None,
        None,
        None,
        lot,
    )
    .await?;
    event(
        &txn,
        p.id,
        now - Duration::days(2),
        "created",
        "Kent Police started a draft".into(),
    )
    .await?;

    // 2. Open to join, led by Essex, two forces joined.
    let t = timeline(now, 9);
    let open = Demo {
        title: "Digital interview recording",
        summary: "Recording suspect and witness interviews digitally, with secure sharing with the Crown Prosecution Service.",
        essential: &[
            "Records audio and video to an evidential standard in every interview room",
            "Shares recordings with the CPS through a secure link, with an audit trail",
        ],
        nice: &["Transcribes interviews automatically for review"],
        unit: "interview rooms",
        quantity: 40,
        value: "350,000",
        per_force: false,
    };
    let opened = now - Duration::days(4);
    let p = insert(
        &txn,
        essex.id,
        essex_buyer.id,
        ProcurementState::OpenToJoin,
        &fields(&open, lot, Some(&t)),
        Some(t),
        Some(opened),
        None,
        lot,
    )
    .await?;
    demand(
        &txn,
        p.id,
        essex.id,
        40,
        "350,000",
        ("Ellie Marsh", "buyer@essex.police.uk"),
        opened,
    )
    .await?;
    demand(
        &txn,
        p.id,
        surrey.id,
        25,
        "210,000",
        ("Dev Anand", "dev.anand@surrey.police.uk"),
        opened + Duration::days(1),
    )
    .await?;
    demand(
        &txn,
        p.id,
        sussex.id,
        30,
        "260,000",
        ("Rosa Kemp", "rosa.kemp@sussex.police.uk"),
        opened + Duration::days(2),
    )
    .await?;
    event(
        &txn,
        p.id,
        opened,
        "opened",
        format!(
            "Opened for forces to join until {}",
            crate::ui::time::deadline(t.join)
        ),
    )
    .await?;
    event(
        &txn,
        p.id,
        opened + Duration::days(1),
        "joined",
        "Surrey Police joined".into(),
    )
    .await?;
    event(
        &txn,
        p.id,
        opened + Duration::days(2),
        "joined",
        "Sussex Police joined".into(),
    )
    .await?;

    // 3. Published, with questions and answers; 4. bids in; 5. past the deadline.
    for (stage, title, join_days) in [
        (3, CUSTODY.title.to_string(), -4),
        (
            4,
            "Mobile data terminals for response officers".to_string(),
            -9,
        ),
        (5, "Digital evidence sharing platform".to_string(), -16),
        // Part 2: awarded with its contracts, and in standstill with a challenge (taken
        // through evaluation by `part_two` below, through the services).
        (6, AWARDED.to_string(), -18),
        (7, IN_STANDSTILL.to_string(), -17),
    ] {
        let t = timeline(now, join_days);
        let mut demo = CUSTODY;
        demo.per_force = stage == 3;
        let mut f = fields(&demo, lot, Some(&t));
        f.insert("title".into(), title.clone());
        let opened = t.join - Duration::days(10);
        let published = t.join + Duration::hours(2);
        let p = insert(
            &txn,
            kent.id,
            kent_buyer.id,
            ProcurementState::Published,
            &f,
            Some(t),
            Some(opened),
            Some(published),
            lot,
        )
        .await?;
        demand(
            &txn,
            p.id,
            kent.id,
            2,
            "400,000",
            ("Tom Fletcher", "buyer@kent.police.uk"),
            opened,
        )
        .await?;
        demand(
            &txn,
            p.id,
            essex.id,
            2,
            "380,000",
            ("Ellie Marsh", "buyer@essex.police.uk"),
            opened + Duration::days(1),
        )
        .await?;
        demand(
            &txn,
            p.id,
            hampshire.id,
            2,
            "420,000",
            ("Hal Byrne", "hal.byrne@hampshire.police.uk"),
            opened + Duration::days(2),
        )
        .await?;
        event(
            &txn,
            p.id,
            opened,
            "opened",
            "Opened for forces to join".into(),
        )
        .await?;
        event(
            &txn,
            p.id,
            opened + Duration::days(1),
            "joined",
            "Essex Police joined".into(),
        )
        .await?;
        event(
            &txn,
            p.id,
            opened + Duration::days(2),
            "joined",
            "Hampshire and Isle of Wight Constabulary joined".into(),
        )
        .await?;
        event(
            &txn,
            p.id,
            published,
            "published",
            format!(
                "Published to the lot's suppliers; bids close {}",
                crate::ui::time::deadline(t.bid)
            ),
        )
        .await?;
        crate::procurement::ocds::publish(&txn, p.id, &["tender"], published, Default::default())
            .await?;
        if stage == 3 {
            for (who, q, a, private) in [
                (&cobalt, "Does the requirement include migrating closed custody records, or only open ones?", "Both: every custody record held by each force, open and closed, with a reconciliation report per force.", None),
                (&ironbridge, "Our pricing depends on a partner's licence terms, which are confidential: may we describe them in our bid only?", "Yes: describe them in your bid; they will be evaluated in confidence.", Some("The question describes one supplier's commercial arrangements")),
            ] {
                let asked = published + Duration::days(1);
                procurement_question::ActiveModel {
                    procurement_id: Set(p.id),
                    supplier_id: Set(who.organisation_id),
                    asked_by: Set(who.id),
                    question: Set(q.into()),
                    asked_at: Set(asked),
                    answer: Set(Some(a.into())),
                    answered_by: Set(Some(kent_buyer.id)),
                    answered_at: Set(Some(asked + Duration::hours(20))),
                    private: Set(private.is_some()),
                    private_reason: Set(private.map(str::to_string)),
                    ..Default::default()
                }
                .insert(&*txn)
                .await?;
                event(&txn, p.id, asked, "question_asked", "A supplier asked a question".into()).await?;
                event(&txn, p.id, asked + Duration::hours(20), "question_answered", if private.is_some() {
                    "A question was answered to its asker alone (commercially sensitive)".into()
                } else {
                    "A question was answered to every supplier".into()
                }).await?;
            }
            // One waiting for the lead's answer.
            let asked = now - Duration::hours(3);
            procurement_question::ActiveModel {
                procurement_id: Set(p.id),
                supplier_id: Set(beacon.organisation_id),
                asked_by: Set(beacon.id),
                question: Set(
                    "Will the forces accept a phased go-live, one force at a time?".into(),
                ),
                asked_at: Set(asked),
                private: Set(false),
                ..Default::default()
            }
            .insert(&*txn)
            .await?;
            event(
                &txn,
                p.id,
                asked,
                "question_asked",
                "A supplier asked a question".into(),
            )
            .await?;
        } else {
            let bidders = [
                (&cobalt, "1,150,000.00", BidStatus::Submitted, 2),
                (&ironbridge, "1,240,500.00", BidStatus::Submitted, 1),
                (
                    &beacon,
                    "990,000.00",
                    if stage >= 5 {
                        BidStatus::Submitted
                    } else {
                        BidStatus::Draft
                    },
                    1,
                ),
            ];
            let mut n = 0;
            for (i, (who, price, status, version)) in bidders.into_iter().enumerate() {
                let at = published + Duration::days(2 + i as i64);
                let content = demo_bid(Money::parse(price).unwrap_or_default(), &[], 4, i as u64);
                insert_bid(
                    &txn,
                    p.id,
                    who.organisation_id,
                    who.id,
                    status,
                    version,
                    &content,
                    at,
                )
                .await?;
                if status == BidStatus::Submitted {
                    n += 1;
                    event(
                        &txn,
                        p.id,
                        at,
                        "bid",
                        format!("A bid was received ({n} in)"),
                    )
                    .await?;
                }
            }
        }
    }
    record(
        &txn,
        NewEvent {
            user_id: None,
            organisation_id: None,
            action: actions::DEMO_SEEDED,
            object_type: "procurement",
            object_id: "demo".into(),
            details: serde_json::json!({ "procurements": 7 }),
        },
    )
    .await?;
    txn.commit().await?;
    part_two(db).await
}

const AWARDED: &str = "Automatic number plate recognition cameras";
const IN_STANDSTILL: &str = "Command and control replacement";

async fn viewer(db: &Db, email: &str) -> ServiceResult<crate::access::Viewer> {
    let u = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email))
        .one(&db.conn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    crate::identity::service::load_viewer(db, u.id)
        .await?
        .ok_or(ServiceError::NotFound)
}

fn pairs(items: &[(String, &str)]) -> Fields {
    items
        .iter()
        .map(|(k, v)| (k.clone(), v.to_string()))
        .collect()
}

/// Part 2's stages, through the services as people would: the bids opened, both evaluators
/// scoring every bid, the lead moderating and awarding. One procurement's standstill is then
/// over and its award confirmed (three contracts); the other's is running, challenged.
/// "Digital evidence sharing platform" is left evaluating, its evaluators assigned.
async fn part_two(db: &Db) -> ServiceResult<()> {
    use crate::procurement::service::{awarding, evaluate, moderate};
    let lead = viewer(db, "buyer@kent.police.uk").await?;
    let evaluators = [
        viewer(db, "evaluator@kent.police.uk").await?,
        viewer(db, "evaluator@essex.police.uk").await?,
    ];
    let find = |title: &'static str| async move {
        procurement::Entity::find()
            .filter(procurement::Column::Title.eq(title))
            .one(&db.conn)
            .await?
            .ok_or(ServiceError::NotFound)
    };
    for title in ["Digital evidence sharing platform", AWARDED, IN_STANDSTILL] {
        let p = find(title).await?;
        let board = evaluate::board(db, Some(&lead), p.id).await?;
        let bids: Vec<i32> = board.bids.iter().map(|(b, _)| *b).collect();
        for e in &evaluators {
            evaluate::assign(db, Some(&lead), p.id, &e.user_id.to_string(), &bids).await?;
        }
        if title == "Digital evidence sharing platform" {
            continue;
        }
        // Scores by bid (in bid order) and evaluator: (quality, social value).
        let scores = [
            [("3", "2"), ("3", "3")],
            [("2", "3"), ("3", "3")],
            [("4", "3"), ("3", "2")],
        ];
        for (n, b) in bids.iter().enumerate() {
            for (k, e) in evaluators.iter().enumerate() {
                let (q, sv) = scores[n % 3][k];
                let f = pairs(&[
                    ("declaration".into(), "none"),
                    ("compliant".into(), "yes"),
                    ("score_1".into(), q),
                    ("justification_1".into(), "Strong evidence from two forces' live use; the migration plan is credible but its timetable is tight."),
                    ("score_2".into(), sv),
                    ("justification_2".into(), "Apprenticeships in each force area; the carbon plan has targets but no interim milestones."),
                ]);
                evaluate::score(db, Some(e), p.id, *b, &f, true)
                    .await?
                    .map_err(|shown| ServiceError::Internal(format!("demo scores: {}", shown.1)))?;
            }
            let (q, sv) = scores[n % 3][0];
            let f = pairs(&[
                (format!("compliant-{b}"), "yes"),
                (format!("score_1-{b}"), q),
                (format!("rationale_1-{b}"), "Agreed at moderation: the evidence of live use in policing outweighed the tight timetable."),
                (format!("score_2-{b}"), sv),
                (format!("rationale_2-{b}"), "Agreed at moderation: credible local skills commitments; the carbon plan lacks milestones."),
            ]);
            moderate::moderate(db, Some(&lead), p.id, *b, &f).await?;
        }
        let m = moderate::moderation(db, Some(&lead), p.id).await?;
        let top = m
            .ranking
            .as_ref()
            .and_then(|r| r.first())
            .map(|r| r.bid_id)
            .ok_or(ServiceError::NotFound)?;
        let start = (db.now() + Duration::days(60)).date_naive();
        let end = start + Duration::days(3 * 365);
        let f = pairs(&[
            ("bid".into(), &top.to_string()),
            (
                "contract_start_day".into(),
                &start.format("%-d").to_string(),
            ),
            (
                "contract_start_month".into(),
                &start.format("%-m").to_string(),
            ),
            (
                "contract_start_year".into(),
                &start.format("%Y").to_string(),
            ),
            ("contract_end_day".into(), &end.format("%-d").to_string()),
            ("contract_end_month".into(), &end.format("%-m").to_string()),
            ("contract_end_year".into(), &end.format("%Y").to_string()),
        ]);
        awarding::award(db, Some(&lead), p.id, &f).await?;
        if title == AWARDED {
            // Its standstill is over: as if it had been awarded a fortnight ago.
            let txn = db.write().await?;
            let fresh = procurement::Entity::find_by_id(p.id)
                .one(&*txn)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let mut am: procurement::ActiveModel = fresh.into();
            am.awarded_at = Set(Some(db.now() - Duration::days(14)));
            am.standstill_ends_at = Set(Some(db.now() - Duration::days(2)));
            am.update(&*txn).await?;
            txn.commit().await?;
            awarding::confirm(db, Some(&lead), p.id).await?;
        } else {
            // A losing bidder challenges.
            let winner = m
                .ranking
                .as_ref()
                .and_then(|r| r.first())
                .map(|r| r.supplier_id)
                .unwrap_or_default();
            let loser = m
                .ranking
                .as_ref()
                .and_then(|r| r.iter().find(|x| x.supplier_id != winner))
                .map(|r| r.supplier_id)
                .unwrap_or_default();
            let who = app_user::Entity::find()
                .filter(app_user::Column::OrganisationId.eq(loser))
                .one(&db.conn)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let supplier = crate::identity::service::load_viewer(db, who.id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            awarding::challenge(
                db,
                Some(&supplier),
                p.id,
                "The price formula favoured a bid that excludes data migration, which our price includes: like was not compared with like.",
            )
            .await?;
        }
    }
    Ok(())
}

/// Adds `procurements` published procurements led by the 43 forces in turn, each with
/// `bids_each` submitted bids from the suppliers approved on the lot: the page benchmark's
/// database. Returns (procurements, bids) written.
pub async fn generate(
    db: &Db,
    procurements: usize,
    bids_each: usize,
) -> ServiceResult<(usize, usize)> {
    let now = db.now();
    let txn = db.write().await?;
    let lot = lot_id(&txn).await?;
    let forces: Vec<organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(crate::identity::types::OrgKind::Force))
        .all(&*txn)
        .await?;
    let creator = user(&txn, "buyer@kent.police.uk").await?;
    let suppliers = super::service::load::suppliers_on_lot(&*txn, lot).await?;
    let mut bids = 0;
    for i in 0..procurements {
        let lead = &forces[i % forces.len()];
        let t = timeline(now, 1 + (i % 20) as i64 - 10);
        let mut f = fields(&CUSTODY, lot, Some(&t));
        f.insert("title".into(), format!("{} ({})", CUSTODY.title, i + 1));
        let p = insert(
            &txn,
            lead.id,
            creator.id,
            ProcurementState::Published,
            &f,
            Some(t),
            Some(t.join - Duration::days(10)),
            Some(t.join),
            lot,
        )
        .await?;
        for k in 0..3 {
            let force = &forces[(i + k) % forces.len()];
            demand(
                &txn,
                p.id,
                force.id,
                2,
                "400,000",
                ("A Buyer", "buyer@example.police.uk"),
                t.join - Duration::days(5),
            )
            .await?;
        }
        event(
            &txn,
            p.id,
            t.join,
            "published",
            "Published to the lot's suppliers".into(),
        )
        .await?;
        for (k, s) in suppliers.iter().take(bids_each).enumerate() {
            let content = demo_bid(
                Money::from_pence(100_000_000 + k as i64 * 1_000),
                &[],
                4,
                k as u64,
            );
            insert_bid(
                &txn,
                p.id,
                *s,
                creator.id,
                BidStatus::Submitted,
                1,
                &content,
                t.join + Duration::days(1),
            )
            .await?;
            bids += 1;
        }
    }
    txn.commit().await?;
    Ok((procurements, bids))
}
