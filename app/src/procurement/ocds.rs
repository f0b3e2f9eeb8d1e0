//! Open data in OCDS 1.1: each shared procurement (and each catalogue direct award) as the
//! releases published at its stages: `tender` when published, `tenderAmendment`, `award`,
//! `awardUpdate` (an award withdrawn after a challenge), `contract`, `tenderCancellation`.
//!
//! Each release is a full snapshot of what may be public at that moment, written in the
//! transaction of the change it reports and never changed afterwards; the compiled release is
//! the OCDS merge of them all. What may be public: nothing about bids before the bid deadline
//! (then who bid, never what), no price but the awarded one, and the awarded price only once
//! the award is made.

use crate::catalogue::entity::contract;
use crate::db::WriteTxn;
use crate::error::ServiceResult;
use crate::money::Money;
use crate::procurement::entity::{bid, ocds_release, procurement, procurement_amendment};
use crate::procurement::service::{bids, load, views};
use crate::procurement::types::{BidStatus, ProcurementState};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::{json, Map, Value};

/// The OCDS schema version every package declares.
pub const VERSION: &str = "1.1";

/// The ocid prefix this deployment registered with the Open Contracting Partnership
/// (`BLUELAMP_OCID_PREFIX`); releases keep the prefix they were published with.
pub fn prefix() -> String {
    std::env::var("BLUELAMP_OCID_PREFIX")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "bluelamp".to_string())
}

/// A procurement's ocid.
pub fn procurement_ocid(id: i32) -> String {
    crate::procurement::award::ocid(&prefix(), id)
}

/// A catalogue direct award's ocid: its own contracting process, apart from procurements.
pub fn direct_award_ocid(contract_id: i32) -> String {
    format!("ocds-{}-da-{contract_id}", prefix())
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn day(d: NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

fn value(m: Money) -> Value {
    // OCDS amounts are JSON numbers; pence over 100 as a decimal string first keeps them
    // exact (no float arithmetic), then serde_json reads that text.
    let amount: Value =
        serde_json::from_str(&m.decimal().normalize().to_string()).unwrap_or(Value::from(0));
    json!({ "amount": amount, "currency": "GBP" })
}

fn org_id(id: i32) -> String {
    format!("GB-BLUELAMP-{id}")
}

fn org_ref(id: i32, name: &str) -> Value {
    json!({ "id": org_id(id), "name": name })
}

/// A party with its roles, in the order roles were given.
fn party(id: i32, name: &str, roles: &[&str]) -> Value {
    json!({ "id": org_id(id), "name": name, "roles": roles })
}

/// What to publish about a change beyond the procurement's present state.
#[derive(Clone, Copy, Debug, Default)]
pub struct Override {
    /// The award's status, when it differs from what the state implies (`cancelled`: the
    /// award was withdrawn after an upheld challenge).
    pub award_status: Option<&'static str>,
}

/// The release of a procurement as it stands (read inside the change's transaction).
pub async fn procurement_release(
    conn: &impl ConnectionTrait,
    p: &procurement::Model,
    tags: &[&str],
    at: DateTime<Utc>,
    release_id: &str,
    o: Override,
) -> ServiceResult<Value> {
    let ocid = procurement_ocid(p.id);
    let spec = views::spec(p)?;
    let forces = views::forces_taking_part(conn, p.id).await?;
    let demand_total: i64 = load::demands(conn, p.id)
        .await?
        .iter()
        .filter_map(|d| d.value_pence)
        .sum();
    let mut parties: Vec<Value> = forces
        .iter()
        .map(|(id, name)| {
            if *id == p.lead_force_id {
                party(*id, name, &["buyer", "procuringEntity"])
            } else {
                party(*id, name, &["buyer"])
            }
        })
        .collect();
    let lead_name = forces
        .iter()
        .find(|(id, _)| *id == p.lead_force_id)
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    let bids_open = p.bid_deadline.is_some_and(|d| at >= d)
        && !matches!(
            p.state,
            ProcurementState::Draft | ProcurementState::OpenToJoin
        );
    // Who bid: only once the deadline has passed, and never what they bid.
    let bidders: Vec<(i32, i32)> = if bids_open {
        bid::Entity::find()
            .filter(bid::Column::ProcurementId.eq(p.id))
            .filter(bid::Column::Status.eq(BidStatus::Submitted))
            .order_by_asc(bid::Column::SubmittedAt)
            .all(conn)
            .await?
            .iter()
            .map(|b| (b.id, b.supplier_id))
            .collect()
    } else {
        vec![]
    };
    let names = load::org_names(conn, bidders.iter().map(|b| b.1)).await?;
    let winner = p
        .awarded_bid_id
        .and_then(|w| bidders.iter().find(|(b, _)| *b == w).copied());
    for (_, s) in &bidders {
        let name = names.get(s).cloned().unwrap_or_default();
        if winner.is_some_and(|(_, w)| w == *s) && o.award_status != Some("cancelled") {
            parties.push(party(*s, &name, &["tenderer", "supplier"]));
        } else {
            parties.push(party(*s, &name, &["tenderer"]));
        }
    }
    let status = match p.state {
        ProcurementState::Cancelled => "cancelled",
        ProcurementState::Standstill | ProcurementState::Awarded => "complete",
        _ => "active",
    };
    let mut tender = Map::new();
    tender.insert("id".into(), json!(format!("{ocid}-tender")));
    tender.insert("title".into(), json!(spec.title));
    tender.insert("description".into(), json!(spec.summary));
    tender.insert("status".into(), json!(status));
    tender.insert(
        "procuringEntity".into(),
        org_ref(p.lead_force_id, &lead_name),
    );
    if demand_total > 0 {
        tender.insert("value".into(), value(Money::from_pence(demand_total)));
    }
    tender.insert("procurementMethod".into(), json!("selective"));
    tender.insert(
        "procurementMethodDetails".into(),
        json!(format!(
            "Further competition among the suppliers approved on the framework lot “{}”",
            load::lot_name(conn, p.lot_id).await?
        )),
    );
    tender.insert("mainProcurementCategory".into(), json!("services"));
    tender.insert("awardCriteria".into(), json!("ratedCriteria"));
    tender.insert(
        "awardCriteriaDetails".into(),
        json!(spec
            .criteria
            .iter()
            .map(|c| format!("{} ({}%)", c.name, c.weight))
            .collect::<Vec<_>>()
            .join("; ")),
    );
    tender.insert("submissionMethod".into(), json!(["electronicSubmission"]));
    if let Some(published) = p.published_at {
        tender.insert(
            "tenderPeriod".into(),
            json!({ "startDate": time(published), "endDate": time(spec.timeline.bid) }),
        );
        tender.insert(
            "enquiryPeriod".into(),
            json!({ "startDate": time(published), "endDate": time(spec.timeline.clarification) }),
        );
    }
    tender.insert(
        "awardPeriod".into(),
        json!({ "endDate": time(spec.timeline.award) }),
    );
    tender.insert("hasEnquiries".into(), json!(false));
    if bids_open {
        tender.insert("numberOfTenderers".into(), json!(bidders.len()));
        tender.insert(
            "tenderers".into(),
            Value::Array(
                bidders
                    .iter()
                    .map(|(_, s)| org_ref(*s, &names.get(s).cloned().unwrap_or_default()))
                    .collect(),
            ),
        );
    }
    let amendments: Vec<Value> = procurement_amendment::Entity::find()
        .filter(procurement_amendment::Column::ProcurementId.eq(p.id))
        .order_by_asc(procurement_amendment::Column::Number)
        .all(conn)
        .await?
        .into_iter()
        .map(|a| {
            json!({
                "id": format!("amendment-{}", a.number),
                "date": time(a.created_at),
                "rationale": a.reason,
            })
        })
        .collect();
    if !amendments.is_empty() {
        tender.insert("amendments".into(), Value::Array(amendments));
    }
    let mut release = Map::new();
    release.insert("ocid".into(), json!(ocid));
    release.insert("id".into(), json!(release_id));
    release.insert("date".into(), json!(time(at)));
    release.insert("tag".into(), json!(tags));
    release.insert("initiationType".into(), json!("tender"));
    release.insert("language".into(), json!("en"));
    release.insert("parties".into(), Value::Array(parties));
    // The top-level buyer only when one force alone buys.
    if forces.len() == 1 {
        release.insert("buyer".into(), org_ref(forces[0].0, &forces[0].1));
    }
    release.insert("tender".into(), Value::Object(tender));
    if let Some((bid_id, supplier)) = winner {
        let opened = bids::opened_for_evaluation(conn, p).await?;
        let price = opened
            .iter()
            .find(|(b, _)| b.id == bid_id)
            .and_then(|(_, o)| bids::price_of(&o.content));
        let award_status = o.award_status.unwrap_or(match p.state {
            ProcurementState::Awarded => "active",
            _ => "pending",
        });
        let mut award = Map::new();
        award.insert("id".into(), json!(format!("{ocid}-award-{bid_id}")));
        award.insert("title".into(), json!(spec.title));
        award.insert("status".into(), json!(award_status));
        if let Some(at) = p.awarded_at {
            award.insert("date".into(), json!(time(at)));
        }
        if let Some(price) = price {
            award.insert("value".into(), value(price));
        }
        award.insert(
            "suppliers".into(),
            json!([org_ref(
                supplier,
                &names.get(&supplier).cloned().unwrap_or_default()
            )]),
        );
        if let (Some(s), Some(e)) = (p.contract_start, p.contract_end) {
            award.insert(
                "contractPeriod".into(),
                json!({ "startDate": day(s), "endDate": day(e) }),
            );
        }
        release.insert("awards".into(), json!([Value::Object(award)]));
        let contracts: Vec<Value> = contract::Entity::find()
            .filter(contract::Column::ProcurementId.eq(p.id))
            .order_by_asc(contract::Column::Id)
            .all(conn)
            .await?
            .iter()
            .map(|c| contract_json(&ocid, &format!("{ocid}-award-{bid_id}"), c, &forces))
            .collect();
        if !contracts.is_empty() {
            release.insert("contracts".into(), Value::Array(contracts));
        }
    }
    Ok(Value::Object(release))
}

fn contract_json(
    ocid: &str,
    award_id: &str,
    c: &contract::Model,
    forces: &[(i32, String)],
) -> Value {
    let force = forces
        .iter()
        .find(|(id, _)| *id == c.force_id)
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    json!({
        "id": format!("{ocid}-contract-{}", c.id),
        "awardID": award_id,
        "title": format!("{}: {force}", c.title),
        "description": format!("{force}'s contract ({}){}", c.reference, c.share_method.as_ref().map(|m| format!("; its share of the value: {m}")).unwrap_or_default()),
        "status": "active",
        "period": { "startDate": day(c.start_date), "endDate": day(c.end_date) },
        "value": value(Money::from_pence(c.value_pence)),
        "dateSigned": time(c.created_at),
    })
}

async fn next_number(conn: &impl ConnectionTrait, ocid: &str) -> ServiceResult<u64> {
    Ok(ocds_release::Entity::find()
        .filter(ocds_release::Column::Ocid.eq(ocid))
        .count(conn)
        .await?
        + 1)
}

/// `subject`: the procurement, or the direct award's contract, the release is about.
async fn store(
    txn: &WriteTxn,
    ocid: &str,
    release_id: String,
    subject: (Option<i32>, Option<i32>),
    at: DateTime<Utc>,
    tags: &[&str],
    json: &Value,
) -> ServiceResult<()> {
    ocds_release::ActiveModel {
        ocid: Set(ocid.to_string()),
        release_id: Set(release_id),
        procurement_id: Set(subject.0),
        contract_id: Set(subject.1),
        date: Set(at),
        tags: Set(tags.join(" ")),
        json: Set(json.to_string()),
        ..Default::default()
    }
    .insert(&**txn)
    .await?;
    Ok(())
}

/// Publishes a procurement's release at a stage, inside the change's transaction (after the
/// change is written, so the release shows it).
pub async fn publish(
    txn: &WriteTxn,
    procurement_id: i32,
    tags: &[&str],
    at: DateTime<Utc>,
    o: Override,
) -> ServiceResult<()> {
    let Some(p) = load::find(&**txn, procurement_id).await? else {
        return Ok(());
    };
    let ocid = procurement_ocid(p.id);
    let n = next_number(&**txn, &ocid).await?;
    let release_id = format!(
        "{ocid}-{n:03}-{}",
        tags.first().copied().unwrap_or("update")
    );
    let json = procurement_release(&**txn, &p, tags, at, &release_id, o).await?;
    store(txn, &ocid, release_id, (Some(p.id), None), at, tags, &json).await
}

/// Publishes a catalogue direct award: one release with its award and contract, the method
/// `limited` (no competition beyond the fair search the project records).
pub async fn publish_direct_award(
    txn: &WriteTxn,
    c: &contract::Model,
    at: DateTime<Utc>,
) -> ServiceResult<()> {
    let ocid = direct_award_ocid(c.id);
    let names = load::org_names(&**txn, [c.force_id, c.supplier_id]).await?;
    let force = names.get(&c.force_id).cloned().unwrap_or_default();
    let supplier = names.get(&c.supplier_id).cloned().unwrap_or_default();
    let release_id = format!("{ocid}-001-award");
    let award_id = format!("{ocid}-award");
    let tags = ["award", "contract"];
    let json = json!({
        "ocid": ocid,
        "id": release_id,
        "date": time(at),
        "tag": tags,
        "initiationType": "tender",
        "language": "en",
        "parties": [
            party(c.force_id, &force, &["buyer", "procuringEntity"]),
            party(c.supplier_id, &supplier, &["supplier"]),
        ],
        "buyer": org_ref(c.force_id, &force),
        "tender": {
            "id": format!("{ocid}-tender"),
            "title": c.title,
            "status": "complete",
            "procuringEntity": org_ref(c.force_id, &force),
            "procurementMethod": "limited",
            "procurementMethodDetails": "Direct award from the catalogue after a recorded fair search",
            "mainProcurementCategory": "services",
        },
        "awards": [{
            "id": award_id,
            "title": c.title,
            "status": "active",
            "date": time(c.created_at),
            "value": value(Money::from_pence(c.value_pence)),
            "suppliers": [org_ref(c.supplier_id, &supplier)],
            "contractPeriod": { "startDate": day(c.start_date), "endDate": day(c.end_date) },
        }],
        "contracts": [contract_json(&ocid, &award_id, c, &[(c.force_id, force.clone())])],
    });
    store(txn, &ocid, release_id, (None, Some(c.id)), at, &tags, &json).await
}

/// The OCDS merge of a contracting process's releases (oldest first) into its compiled
/// release: objects merge field by field, arrays of objects with ids merge by id, other
/// values and arrays are replaced by the later release's.
pub fn compile(releases: &[Value]) -> Value {
    let mut out = Value::Object(Map::new());
    for r in releases {
        merge(&mut out, r);
    }
    if let Value::Object(m) = &mut out {
        let ocid = m
            .get("ocid")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        m.insert("id".into(), json!(format!("{ocid}-compiled")));
        m.insert("tag".into(), json!(["compiled"]));
    }
    out
}

fn merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(k) {
                    Some(existing) if k != "tag" => merge(existing, v),
                    _ => {
                        a.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b))
            if b.iter().all(|x| x.get("id").is_some())
                && a.iter().all(|x| x.get("id").is_some()) =>
        {
            for item in b {
                match a.iter_mut().find(|x| x.get("id") == item.get("id")) {
                    Some(existing) => merge(existing, item),
                    None => a.push(item.clone()),
                }
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}
