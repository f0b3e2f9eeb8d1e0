//! Shared procurements: raising and opening, joining, publishing and amending, questions,
//! sealed bids and their deadline, notifications, and the walk that finds no bid content
//! before the deadline. One file per use case, as in `app/src/procurement/service/`.

mod bids;
mod evaluation;
mod join;
mod ocds;
mod publish;
mod questions;
mod raise;
mod sealed;
mod stress;

use app::access::Viewer;
use app::db::Db;
use app::procurement::form::{timeline_fields, Fields};
use app::procurement::types::Timeline;
use bluelamp_tests::viewer;
use chrono::{DateTime, Duration, Utc};

pub(crate) struct World {
    pub kent: Viewer,
    pub essex: Viewer,
    pub national: Viewer,
    pub beacon: Viewer,
    pub cobalt: Viewer,
    pub ironbridge: Viewer,
    pub lot: i32,
}

pub(crate) async fn world(db: &Db) -> World {
    app::seed::demo(db).await.unwrap();
    let lots = app::procurement::service::load::lot_choices(&db.conn)
        .await
        .unwrap();
    let lot = lots
        .iter()
        .find(|(_, n)| n.contains("Cloud software"))
        .unwrap()
        .0;
    World {
        kent: viewer(db, "buyer@kent.police.uk").await,
        essex: viewer(db, "buyer@essex.police.uk").await,
        national: viewer(db, "admin@npto.example").await,
        beacon: viewer(db, "admin@beacon-analytics.example").await,
        cobalt: viewer(db, "admin@cobalt-records-systems.example").await,
        ironbridge: viewer(db, "admin@ironbridge-software.example").await,
        lot,
    }
}

/// A timeline starting `join_days` from `now`, giving suppliers 12 days.
pub(crate) fn timeline(now: DateTime<Utc>, join_days: i64) -> Timeline {
    let join = now + Duration::days(join_days);
    Timeline {
        join,
        clarification: join + Duration::days(6),
        bid: join + Duration::days(12),
        evaluation: join + Duration::days(20),
        award: join + Duration::days(30),
    }
}

/// A complete raising form: two essential requirements and one nice-to-have, price 40,
/// quality 45, social value 15.
pub(crate) fn complete(lot: i32, t: &Timeline, per_force: bool) -> Fields {
    let mut f = Fields::new();
    for (k, v) in [
        ("title", "Shared case file store"),
        (
            "summary",
            "A case file store shared by the forces taking part.",
        ),
        ("description", "Holds case files for the CPS."),
        ("essential", "Hosted in the UK\nSC-cleared support"),
        (
            "nice_to_have",
            "Works with the national custody imaging service",
        ),
        ("unit", "licences"),
        ("quantity", "100"),
        ("value", "50,000"),
        ("criterion_1_kind", "price"),
        ("criterion_1_name", "Price"),
        ("criterion_1_weight", "40"),
        ("criterion_2_kind", "quality"),
        ("criterion_2_name", "Quality"),
        ("criterion_2_weight", "45"),
        ("criterion_2_scale", "0 to 4"),
        (
            "criterion_2_guidance",
            "4: every requirement met with evidence",
        ),
        ("criterion_3_kind", "social_value"),
        ("criterion_3_name", "Social value"),
        ("criterion_3_weight", "15"),
        ("criterion_3_scale", "0 to 4"),
        ("criterion_3_guidance", "Local jobs and net zero"),
    ] {
        f.insert(k.into(), v.into());
    }
    f.insert("lot".into(), lot.to_string());
    if per_force {
        f.insert("per_force_prices".into(), "on".into());
    }
    f.extend(timeline_fields(t));
    f
}

/// Kent raises a complete draft and opens it to the other forces (join deadline in 2 days).
pub(crate) async fn opened(db: &Db, w: &World, per_force: bool) -> i32 {
    use app::procurement::service as s;
    let id = s::create_draft(db, Some(&w.kent), "Shared case file store")
        .await
        .unwrap();
    let t = timeline(db.now(), 2);
    let left = s::save_draft(db, Some(&w.kent), id, complete(w.lot, &t, per_force))
        .await
        .unwrap();
    assert!(left.is_empty(), "{left}");
    s::open_to_join(db, Some(&w.kent), id).await.unwrap();
    id
}

/// Opened, joined by Essex, past the join deadline and published to the lot's suppliers.
pub(crate) async fn published(db: &Db, w: &World, per_force: bool) -> i32 {
    use app::procurement::service as s;
    let id = opened(db, w, per_force).await;
    s::join(db, Some(&w.essex), id, &join_form("40", "20,000"))
        .await
        .unwrap();
    db.advance_clock(Duration::days(2) + Duration::minutes(1));
    s::publish(db, Some(&w.kent), id).await.unwrap();
    id
}

pub(crate) fn join_form(quantity: &str, value: &str) -> app::procurement::service::JoinForm {
    app::procurement::service::JoinForm {
        quantity: quantity.into(),
        value: value.into(),
        contact_name: "Ellie Marsh".into(),
        contact_email: "buyer@essex.police.uk".into(),
    }
}

/// A complete bid's form pairs for `complete`'s procurement, its text carrying `marker`.
pub(crate) fn bid_pairs(total: &str, marker: &str) -> Vec<(String, String)> {
    let mut p: Vec<(String, String)> = vec![
        ("total".into(), total.into()),
        ("criterion_1".into(), format!("Our quality answer {marker}")),
        (
            "criterion_2".into(),
            format!("Our social value answer {marker}"),
        ),
    ];
    for n in 1..=3 {
        p.push((format!("requirement_{n}_meets"), "yes".into()));
        p.push((format!("requirement_{n}_text"), format!("Met {marker}")));
    }
    p
}
