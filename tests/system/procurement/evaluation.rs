//! Evaluation and award, through the services on both databases: evaluators score only the
//! bids assigned to them and never see each other's scores; the moderator agrees one score a
//! criterion; price is scored by formula with the arithmetic shown; the award starts a
//! standstill a challenge pauses; confirming makes one contract a force, shares exact.

use super::{bid_pairs, published, world, World};
use app::access::Viewer;
use app::db::Db;
use app::error::ServiceError;
use app::procurement::form::Fields;
use app::procurement::service::{awarding, bids, evaluate, load, moderate};
use app::procurement::types::ProcurementState;
use bluelamp_tests::{on_each_backend, viewer};
use chrono::Duration;

pub(crate) struct Evaluators {
    pub kent: Viewer,
    pub essex: Viewer,
}

pub(crate) async fn evaluators(db: &Db) -> Evaluators {
    Evaluators {
        kent: viewer(db, "evaluator@kent.police.uk").await,
        essex: viewer(db, "evaluator@essex.police.uk").await,
    }
}

fn fields(items: &[(String, &str)]) -> Fields {
    items
        .iter()
        .map(|(k, v)| (k.clone(), v.to_string()))
        .collect()
}

/// Published, three bids in (Cobalt £100,000, Beacon £90,000, Ironbridge £120,000), past the
/// deadline and opened by the lead. Returns the procurement and the bids' ids in that order.
pub(crate) async fn closed(db: &Db, w: &World) -> (i32, [i32; 3]) {
    let id = published(db, w, false).await;
    for (who, total) in [
        (&w.cobalt, "100,000"),
        (&w.beacon, "90,000"),
        (&w.ironbridge, "120,000"),
    ] {
        bids::save(db, Some(who), id, &bid_pairs(total, "M"), true)
            .await
            .unwrap();
    }
    db.advance_clock(Duration::days(12) + Duration::minutes(1));
    let board = evaluate::board(db, Some(&w.kent), id).await.unwrap();
    let find = |name: &str| {
        board
            .bids
            .iter()
            .find(|(_, s)| s.starts_with(name))
            .unwrap()
            .0
    };
    (id, [find("Cobalt"), find("Beacon"), find("Ironbridge")])
}

fn sheet(quality: &str, social: &str) -> Fields {
    fields(&[
        ("declaration".into(), "none"),
        ("compliant".into(), "yes"),
        ("score_1".into(), quality),
        ("justification_1".into(), "Evidence from live use"),
        ("score_2".into(), social),
        ("justification_2".into(), "Local apprenticeships"),
    ])
}

fn moderation(bid: i32, quality: &str, social: &str) -> Fields {
    fields(&[
        (format!("compliant-{bid}"), "yes"),
        (format!("score_1-{bid}"), quality),
        (format!("rationale_1-{bid}"), "Agreed"),
        (format!("score_2-{bid}"), social),
        (format!("rationale_2-{bid}"), "Agreed"),
    ])
}

fn award_form(bid: i32, reason: &str) -> Fields {
    fields(&[
        ("bid".into(), &bid.to_string()),
        ("reason".into(), reason),
        ("contract_start_day".into(), "1"),
        ("contract_start_month".into(), "4"),
        ("contract_start_year".into(), "2027"),
        ("contract_end_day".into(), "31"),
        ("contract_end_month".into(), "3"),
        ("contract_end_year".into(), "2030"),
    ])
}

/// Both evaluators assigned every bid and scoring them, then the lead moderating each with
/// the given (quality, social value).
async fn scored_and_moderated(
    db: &Db,
    w: &World,
    e: &Evaluators,
    id: i32,
    bids: &[i32],
    agreed: &[(&str, &str)],
) {
    for ev in [&e.kent, &e.essex] {
        evaluate::assign(db, Some(&w.kent), id, &ev.user_id.to_string(), bids)
            .await
            .unwrap();
    }
    for (b, (q, s)) in bids.iter().zip(agreed) {
        for ev in [&e.kent, &e.essex] {
            evaluate::score(db, Some(ev), id, *b, &sheet(q, s), true)
                .await
                .unwrap()
                .unwrap();
        }
        moderate::moderate(db, Some(&w.kent), id, *b, &moderation(*b, q, s))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_full_evaluation_awards_and_makes_a_contract_for_every_force() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let e = evaluators(db).await;
        let (id, [cobalt, beacon, ironbridge]) = closed(db, &w).await;
        scored_and_moderated(
            db,
            &w,
            &e,
            id,
            &[cobalt, beacon, ironbridge],
            &[("3", "2"), ("2", "2"), ("4", "4")],
        )
        .await;
        let m = moderate::moderation(db, Some(&w.kent), id).await.unwrap();
        let ranking = m.ranking.expect("every bid moderated");
        // Price 40: lowest £90,000. Quality 45 on 0 to 4; social value 15 on 0 to 4.
        let line = |r: &moderate::RankedBid, n: usize| r.lines[n].working.clone();
        let top = &ranking[0];
        assert_eq!(top.supplier, "Ironbridge Software plc");
        assert_eq!(line(top, 0), "£90,000.00 ÷ £120,000.00 × 40 = 30.00");
        assert_eq!(line(top, 1), "4 on 0 to 4 × 45 = 45.00");
        assert_eq!(top.total.to_string(), "90.00");
        let second = &ranking[1];
        assert_eq!(second.supplier, "Cobalt Records Systems Ltd");
        // 36.00 + 33.75 + 7.50
        assert_eq!(second.total.to_string(), "77.25");
        assert_eq!(ranking[2].total.to_string(), "70.00");
        assert!(ranking.iter().all(|r| !r.tied));

        // Awarding another bid than the top needs a reason; dates must make sense.
        let err = awarding::award(db, Some(&w.kent), id, &award_form(cobalt, ""))
            .await
            .unwrap_err();
        assert!(matches!(err, ServiceError::Invalid(ref f) if f.get("reason").is_some()));
        let mut bad = award_form(ironbridge, "");
        bad.insert("contract_end_year".into(), "2026".into());
        let err = awarding::award(db, Some(&w.kent), id, &bad)
            .await
            .unwrap_err();
        assert!(matches!(err, ServiceError::Invalid(ref f) if f.get("contract_end_day").is_some()));
        awarding::award(db, Some(&w.kent), id, &award_form(ironbridge, ""))
            .await
            .unwrap();
        let p = load::find(&db.conn, id).await.unwrap().unwrap();
        assert_eq!(p.state, ProcurementState::Standstill);
        // Eight working days, to midnight UK time: never less than 8 calendar days on.
        let ends = p.standstill_ends_at.unwrap();
        assert!(ends - p.awarded_at.unwrap() >= Duration::days(8));

        // Not before the standstill ends.
        let early = awarding::confirm(db, Some(&w.kent), id).await.unwrap_err();
        assert!(matches!(early, ServiceError::Conflict(ref m) if m.contains("standstill")));
        db.advance_clock(Duration::days(20));
        assert_eq!(awarding::confirm(db, Some(&w.kent), id).await.unwrap(), 2);
        let p = load::find(&db.conn, id).await.unwrap().unwrap();
        assert_eq!(p.state, ProcurementState::Awarded);

        // Kent 100 licences, Essex 40: £120,000 split 100:40, to the penny, adding up.
        use app::catalogue::entity::contract;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        let contracts = contract::Entity::find()
            .filter(contract::Column::ProcurementId.eq(id))
            .order_by_asc(contract::Column::Id)
            .all(&db.conn)
            .await
            .unwrap();
        let values: Vec<i64> = contracts.iter().map(|c| c.value_pence).collect();
        assert_eq!(values, vec![8_571_429, 3_428_571]);
        assert_eq!(values.iter().sum::<i64>(), 12_000_000);
        assert_eq!(
            contracts[0].share_method.as_deref(),
            Some("pro rata to demand: 100 of 140 licences")
        );
        assert!(contracts
            .iter()
            .all(|c| c.supplier_id == w.ironbridge.org_id && c.reference.starts_with("SP-")));
        // Both forces see theirs in the register; Kent only its own.
        let kent =
            app::catalogue::service::register::register(db, Some(&w.kent), &Default::default())
                .await
                .unwrap();
        assert!(kent.rows.iter().any(|r| r.procurement_id == Some(id)));
        assert!(kent.rows.iter().all(|r| r.force_id == w.kent.org_id));
        // Filters: a force's own whatever the URL asks; ending within; value; a bad filter
        // is ignored with its message; the CSV is the same rows.
        use app::catalogue::service::register;
        use app::catalogue::types::ContractFilter;
        let national = w.national.clone();
        let filter = |f: ContractFilter| {
            let national = national.clone();
            async move { register::register(db, Some(&national), &f).await.unwrap() }
        };
        let ours = |r: &app::catalogue::types::Register| {
            r.rows
                .iter()
                .filter(|c| c.procurement_id == Some(id))
                .count()
        };
        let all = filter(ContractFilter::default()).await;
        assert_eq!(ours(&all), 2);
        let f = ContractFilter {
            ending: "60".into(),
            supplier: w.ironbridge.org_id.to_string(),
            ..Default::default()
        };
        assert_eq!(ours(&filter(f).await), 2);
        let f = ContractFilter {
            ending: "12".into(),
            ..Default::default()
        };
        assert_eq!(ours(&filter(f).await), 0);
        let f = ContractFilter {
            min: "£80,000".into(),
            source: "shared_procurement".into(),
            ..Default::default()
        };
        assert_eq!(ours(&filter(f).await), 1);
        let f = ContractFilter {
            min: "lots".into(),
            force: w.essex.org_id.to_string(),
            ..Default::default()
        };
        let bad = filter(f).await;
        assert!(bad.errors.get("min").is_some());
        assert_eq!(ours(&bad), 1);
        let other = ContractFilter {
            force: w.essex.org_id.to_string(),
            ..Default::default()
        };
        let kent_asks = register::register(db, Some(&w.kent), &other).await.unwrap();
        assert!(kent_asks.rows.is_empty());
        let csv = String::from_utf8(register::csv(&all.rows).unwrap()).unwrap();
        assert_eq!(csv.lines().count(), all.rows.len() + 1);
        assert!(
            csv.contains("85714.29") && csv.contains("pro rata to demand: 100 of 140 licences")
        );
        // Not ending within 6 months: not on the home page's list; a supplier has no register.
        assert!(register::ending_soon(db, Some(&w.kent), 6)
            .await
            .unwrap()
            .iter()
            .all(|c| c.procurement_id != Some(id)));
        assert!(
            register::register(db, Some(&w.cobalt), &ContractFilter::default())
                .await
                .is_err()
        );
        // The audit trail has every step.
        let audit: Vec<String> = app::audit::entity::audit_event::Entity::find()
            .all(&db.conn)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        for a in [
            "procurement.evaluator_assigned",
            "bid.interest_declared",
            "bid.scores_submitted",
            "bid.moderated",
            "procurement.awarded",
            "procurement.award_confirmed",
        ] {
            assert!(audit.iter().any(|x| x == a), "no {a} in the audit log");
        }
    });
}

#[tokio::test]
async fn an_evaluator_sees_only_bids_assigned_and_never_anothers_scores() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let e = evaluators(db).await;
        let (id, [cobalt, beacon, _]) = closed(db, &w).await;
        // Kent's evaluator gets Cobalt's bid only.
        evaluate::assign(
            db,
            Some(&w.kent),
            id,
            &e.kent.user_id.to_string(),
            &[cobalt],
        )
        .await
        .unwrap();
        evaluate::assign(
            db,
            Some(&w.kent),
            id,
            &e.essex.user_id.to_string(),
            &[cobalt],
        )
        .await
        .unwrap();
        // Not Beacon's: it does not exist for them.
        let other = evaluate::sheet(db, Some(&e.kent), id, beacon).await;
        assert!(matches!(other, Err(ServiceError::NotFound)), "{other:?}");
        // A force member without the evaluator role scores nothing.
        let buyer = evaluate::sheet(db, Some(&w.kent), id, cobalt).await;
        assert!(matches!(buyer, Err(ServiceError::Forbidden)), "{buyer:?}");
        // Nobody outside the forces taking part can be named.
        let national = evaluate::assign(
            db,
            Some(&w.kent),
            id,
            &w.national.user_id.to_string(),
            &[cobalt],
        )
        .await;
        assert!(matches!(national, Err(ServiceError::Invalid(_))));
        // Kent's evaluator saves a draft score; Essex's never sees it, nor does the moderator.
        evaluate::score(db, Some(&e.kent), id, cobalt, &sheet("3", "1"), false)
            .await
            .unwrap()
            .unwrap();
        let essex_sheet = evaluate::sheet(db, Some(&e.essex), id, cobalt)
            .await
            .unwrap();
        assert!(!essex_sheet.fields.contains_key("score_1"));
        let m = moderate::moderation(db, Some(&w.kent), id).await.unwrap();
        assert!(m
            .bids
            .iter()
            .all(|b| b.criteria.iter().all(|c| c.scores.is_empty())));
        // Moderating waits for both.
        let early =
            moderate::moderate(db, Some(&w.kent), id, cobalt, &moderation(cobalt, "3", "1")).await;
        assert!(matches!(early, Err(ServiceError::Conflict(_))));
        // An evaluator who is not the moderator cannot read the scores side by side.
        let peek = moderate::moderation(db, Some(&e.essex), id).await;
        assert!(matches!(peek, Err(ServiceError::Forbidden)), "{peek:?}");
        // Submitted, the moderator reads it; a submitted sheet cannot change.
        evaluate::score(db, Some(&e.kent), id, cobalt, &sheet("3", "1"), true)
            .await
            .unwrap()
            .unwrap();
        let again = evaluate::score(db, Some(&e.kent), id, cobalt, &sheet("4", "4"), true).await;
        assert!(matches!(again, Err(ServiceError::Conflict(_))));
        let m = moderate::moderation(db, Some(&w.kent), id).await.unwrap();
        let b = m.bids.iter().find(|b| b.bid_id == cobalt).unwrap();
        assert_eq!(b.criteria[0].scores.len(), 1);
        assert_eq!(b.waiting, vec!["Owen Clarke".to_string()]);
        // A conflict of interest takes no scores and needs a description.
        let mut conflict = sheet("", "");
        conflict.insert("declaration".into(), "conflict".into());
        let shown = evaluate::score(db, Some(&e.essex), id, cobalt, &conflict, true)
            .await
            .unwrap()
            .unwrap_err();
        assert!(shown.1.get("declaration_note").is_some());
        conflict.insert("declaration_note".into(), "My brother works there".into());
        evaluate::score(db, Some(&e.essex), id, cobalt, &conflict, true)
            .await
            .unwrap()
            .unwrap();
        let m = moderate::moderation(db, Some(&w.kent), id).await.unwrap();
        let b = m.bids.iter().find(|b| b.bid_id == cobalt).unwrap();
        assert!(b.waiting.is_empty());
        // The named moderator may moderate; the lead force still can.
        evaluate::set_moderator(db, Some(&w.kent), id, &e.essex.user_id.to_string())
            .await
            .unwrap();
        assert!(moderate::moderation(db, Some(&e.essex), id).await.is_ok());
    });
}

#[tokio::test]
async fn a_bidder_reads_its_own_assessment_and_the_winners_and_may_challenge() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let e = evaluators(db).await;
        let (id, [cobalt, beacon, ironbridge]) = closed(db, &w).await;
        scored_and_moderated(
            db,
            &w,
            &e,
            id,
            &[cobalt, beacon, ironbridge],
            &[("3", "2"), ("2", "2"), ("4", "4")],
        )
        .await;
        // Before the award there is no summary.
        let early = awarding::assessment(db, Some(&w.cobalt), id).await;
        assert!(matches!(early, Err(ServiceError::Conflict(_))));
        awarding::award(db, Some(&w.kent), id, &award_form(ironbridge, ""))
            .await
            .unwrap();
        // Told in the app and by email where it stands.
        let inbox = app::procurement::service::notify::inbox(db, Some(&w.cobalt))
            .await
            .unwrap();
        assert!(
            inbox.items.iter().any(|n| n.message.contains(
                "Your bid scored 77.25 points, ranked 2 of 3; the winning bid scored 90.00"
            )),
            "{:?}",
            inbox
                .items
                .iter()
                .map(|n| n.message.clone())
                .collect::<Vec<_>>()
        );
        let a = awarding::assessment(db, Some(&w.cobalt), id).await.unwrap();
        assert_eq!(a.yours.supplier, "Cobalt Records Systems Ltd");
        assert_eq!(
            a.winner.as_ref().unwrap().supplier,
            "Ironbridge Software plc"
        );
        assert_eq!(a.yours.lines[1].rationale, "Agreed");
        assert!(a.can_challenge);
        // Nobody else's: Beacon's summary names Beacon and the winner only.
        let b = awarding::assessment(db, Some(&w.beacon), id).await.unwrap();
        assert_eq!(b.yours.supplier, "Beacon Analytics Ltd");
        // The winner sees its own; it cannot challenge.
        let win = awarding::assessment(db, Some(&w.ironbridge), id)
            .await
            .unwrap();
        assert!(win.won && win.winner.is_none() && !win.can_challenge);
        // Forces do not read bidders' summaries.
        let force = awarding::assessment(db, Some(&w.kent), id).await;
        assert!(matches!(force, Err(ServiceError::Forbidden)));
        // A challenge pauses the award until the lead decides, even after the standstill.
        let empty = awarding::challenge(db, Some(&w.cobalt), id, " ").await;
        assert!(matches!(empty, Err(ServiceError::Invalid(_))));
        awarding::challenge(db, Some(&w.cobalt), id, "Our price includes migration")
            .await
            .unwrap();
        db.advance_clock(Duration::days(20));
        let late = awarding::challenge(db, Some(&w.beacon), id, "Too late").await;
        assert!(matches!(late, Err(ServiceError::Conflict(_))));
        let paused = awarding::confirm(db, Some(&w.kent), id).await;
        assert!(matches!(paused, Err(ServiceError::Conflict(ref m)) if m.contains("challenge")));
        let page = awarding::award_page(db, Some(&w.kent), id).await.unwrap();
        let cid = page.challenges[0].id;
        let none = awarding::decide_challenge(db, Some(&w.kent), id, cid, "", "").await;
        assert!(matches!(none, Err(ServiceError::Invalid(_))));
        // A bidder cannot decide its own challenge.
        let own = awarding::decide_challenge(db, Some(&w.cobalt), id, cid, "upheld", "Yes").await;
        assert!(matches!(own, Err(ServiceError::Forbidden)));
        awarding::decide_challenge(
            db,
            Some(&w.kent),
            id,
            cid,
            "dismissed",
            "Like was compared with like",
        )
        .await
        .unwrap();
        assert_eq!(awarding::confirm(db, Some(&w.kent), id).await.unwrap(), 2);
        let a = awarding::assessment(db, Some(&w.cobalt), id).await.unwrap();
        assert_eq!(
            a.challenges[0].outcome_reason.as_deref(),
            Some("Like was compared with like")
        );
    });
}

#[tokio::test]
async fn an_upheld_challenge_withdraws_the_award_and_non_compliant_bids_are_not_ranked() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let e = evaluators(db).await;
        let (id, [cobalt, beacon, ironbridge]) = closed(db, &w).await;
        // Tied quality and social value, and Beacon non-compliant.
        for ev in [&e.kent] {
            evaluate::assign(
                db,
                Some(&w.kent),
                id,
                &ev.user_id.to_string(),
                &[cobalt, beacon, ironbridge],
            )
            .await
            .unwrap();
        }
        for b in [cobalt, beacon, ironbridge] {
            evaluate::score(db, Some(&e.kent), id, b, &sheet("4", "4"), true)
                .await
                .unwrap()
                .unwrap();
        }
        let no = fields(&[(format!("compliant-{beacon}"), "no")]);
        let err = moderate::moderate(db, Some(&w.kent), id, beacon, &no)
            .await
            .unwrap_err();
        assert!(
            matches!(err, ServiceError::Invalid(ref f) if f.get(&format!("compliance_reason-{beacon}")).is_some())
        );
        let no = fields(&[
            (format!("compliant-{beacon}"), "no"),
            (
                format!("compliance_reason-{beacon}"),
                "Hosted outside the UK",
            ),
        ]);
        moderate::moderate(db, Some(&w.kent), id, beacon, &no)
            .await
            .unwrap();
        for b in [cobalt, ironbridge] {
            moderate::moderate(db, Some(&w.kent), id, b, &moderation(b, "4", "4"))
                .await
                .unwrap();
        }
        let m = moderate::moderation(db, Some(&w.kent), id).await.unwrap();
        let r = m.ranking.unwrap();
        // Beacon's lower price no longer sets the lowest: Cobalt's £100,000 does.
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].supplier, "Cobalt Records Systems Ltd");
        assert_eq!(
            r[0].lines[0].working,
            "£100,000.00 ÷ £100,000.00 × 40 = 40.00"
        );
        assert_eq!(
            m.excluded,
            vec![(
                "Beacon Analytics Ltd".to_string(),
                "Hosted outside the UK".to_string()
            )]
        );
        // Award, challenge, uphold: back to evaluation, the award withdrawn.
        awarding::award(db, Some(&w.kent), id, &award_form(cobalt, ""))
            .await
            .unwrap();
        awarding::challenge(db, Some(&w.ironbridge), id, "Scored unfairly")
            .await
            .unwrap();
        let page = awarding::award_page(db, Some(&w.kent), id).await.unwrap();
        awarding::decide_challenge(
            db,
            Some(&w.kent),
            id,
            page.challenges[0].id,
            "upheld",
            "Re-evaluate quality",
        )
        .await
        .unwrap();
        let p = load::find(&db.conn, id).await.unwrap().unwrap();
        assert_eq!(
            (p.state, p.awarded_bid_id),
            (ProcurementState::Closed, None)
        );
        // The lead may now cancel, with a reason, at this stage too.
        app::procurement::service::cancel(db, Some(&w.kent), id, "No bid can be awarded")
            .await
            .unwrap();
    });
}

#[tokio::test]
async fn tied_bids_are_flagged_and_need_a_reason() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let e = evaluators(db).await;
        let id = published(db, &w, false).await;
        for who in [&w.cobalt, &w.beacon] {
            bids::save(db, Some(who), id, &bid_pairs("50,000", "T"), true)
                .await
                .unwrap();
        }
        db.advance_clock(Duration::days(12) + Duration::minutes(1));
        let board = evaluate::board(db, Some(&w.kent), id).await.unwrap();
        let ids: Vec<i32> = board.bids.iter().map(|b| b.0).collect();
        scored_and_moderated(db, &w, &e, id, &ids, &[("2", "2"), ("2", "2")]).await;
        let r = moderate::moderation(db, Some(&w.kent), id)
            .await
            .unwrap()
            .ranking
            .unwrap();
        assert!(r.iter().all(|x| x.tied && x.place == 1));
        let err = awarding::award(db, Some(&w.kent), id, &award_form(ids[0], ""))
            .await
            .unwrap_err();
        assert!(
            matches!(err, ServiceError::Invalid(ref f) if f.get("reason").unwrap().contains("tied"))
        );
        awarding::award(
            db,
            Some(&w.kent),
            id,
            &award_form(ids[0], "Earlier delivery date"),
        )
        .await
        .unwrap();
    });
}
