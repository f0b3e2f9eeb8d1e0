//! Bids, sealed: a supplier drafts, submits, revises or withdraws its bid until the bid
//! deadline, on the server's clock, checked inside the transaction that writes it. This file
//! is the only reader of a bid's content: its supplier reads it through [`my_bid`] at any
//! time; the lead force and the national body through [`opened_bids`], and only once the bid
//! deadline has passed. Everything else sees at most [`count`].

use super::notify::{self, Notice};
use super::{event, load, raise, views};
use crate::access::{authorise, missing, ProcurementAction, Viewer, ANOTHER_ORGANISATION};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::procurement::entity::{bid, procurement};
use crate::procurement::form::{check_bid, read_bid, receipt_hash};
use crate::procurement::types::{BidContent, BidStatus, NotificationKind, ProcurementState, Spec};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

/// How many bids are in (submitted, not withdrawn): all anyone but the bidder may know
/// before the deadline.
pub async fn count(conn: &impl ConnectionTrait, procurement_id: i32) -> ServiceResult<u64> {
    Ok(bid::Entity::find()
        .filter(bid::Column::ProcurementId.eq(procurement_id))
        .filter(bid::Column::Status.eq(BidStatus::Submitted))
        .count(conn)
        .await?)
}

/// A supplier's own bid, with its content.
#[derive(Clone, Debug)]
pub struct OwnBid {
    pub status: BidStatus,
    pub version: i32,
    pub content: BidContent,
    pub receipt_hash: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

fn content_of(b: &bid::Model) -> ServiceResult<BidContent> {
    serde_json::from_str(&b.content)
        .map_err(|e| ServiceError::Internal(format!("bid content: {e}")))
}

fn own(b: &bid::Model) -> ServiceResult<OwnBid> {
    Ok(OwnBid {
        status: b.status,
        version: b.version,
        content: content_of(b)?,
        receipt_hash: b.receipt_hash.clone(),
        submitted_at: b.submitted_at,
        updated_at: b.updated_at,
    })
}

/// The viewer's own bid for an opportunity, if it has one.
pub async fn my_bid(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<Option<OwnBid>> {
    let (_, v) = views::opportunity(db, viewer, id).await?;
    authorise(Some(v), ProcurementAction::Bid { org_id: v.org_id })?;
    bid::Entity::find()
        .filter(bid::Column::ProcurementId.eq(id))
        .filter(bid::Column::SupplierId.eq(v.org_id))
        .one(&db.conn)
        .await?
        .as_ref()
        .map(own)
        .transpose()
}

/// What a save or a submission answers: the version stored, and the receipt when submitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub version: i32,
    pub status: BidStatus,
    pub receipt_hash: Option<String>,
}

/// Refuses a bid once the procurement is no longer open for bids: past its deadline on the
/// server's clock, or cancelled.
fn closed_check(p: &procurement::Model, now: DateTime<Utc>) -> ServiceResult<()> {
    let deadline = sealed_until(p)?;
    if p.state != ProcurementState::Published || now >= deadline {
        return Err(ServiceError::Conflict(format!(
            "Bids closed at {}: this one was not accepted",
            crate::ui::time::deadline(deadline)
        )));
    }
    Ok(())
}

fn sealed_until(p: &procurement::Model) -> ServiceResult<DateTime<Utc>> {
    p.bid_deadline.ok_or(ServiceError::NotFound)
}

/// Saves a draft (`submit` false) or submits (true) the bid from its form's pairs. The deadline
/// is checked on the server's clock inside the writing transaction, against the deadline in
/// force then (an amendment may have extended it): a submission one second late is refused.
pub async fn save(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
    pairs: &[(String, String)],
    submit: bool,
) -> ServiceResult<Saved> {
    let (p, v) = views::opportunity(db, viewer, id).await?;
    authorise(Some(v), ProcurementAction::Bid { org_id: v.org_id })?;
    // A late bid is told so first, whatever its form holds (checked again when writing).
    closed_check(&p, db.now())?;
    let spec: Spec = views::spec(&p)?;
    let forces: Vec<(i32, String)> = views::forces_taking_part(&db.conn, id).await?;
    let content = read_bid(pairs, &spec, &forces).map_err(ServiceError::Invalid)?;
    if submit {
        let ids: Vec<i32> = forces.iter().map(|(i, _)| *i).collect();
        let errors = check_bid(&content, &spec, &ids);
        if !errors.is_empty() {
            return Err(ServiceError::Invalid(errors));
        }
    }
    let json =
        serde_json::to_string(&content).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let txn = db.write().await?;
    // The deadline in force now, and the time now, both inside the transaction.
    let p = load::find(&*txn, id).await?.ok_or(ServiceError::NotFound)?;
    let now = db.now();
    closed_check(&p, now)?;
    let existing = bid::Entity::find()
        .filter(bid::Column::ProcurementId.eq(id))
        .filter(bid::Column::SupplierId.eq(v.org_id))
        .one(&*txn)
        .await?;
    if !submit
        && existing
            .as_ref()
            .is_some_and(|b| b.status == BidStatus::Submitted)
    {
        return Err(ServiceError::Conflict(
            "Your bid is submitted: submit the revised bid, or nothing changes".into(),
        ));
    }
    let was_in = existing
        .as_ref()
        .is_some_and(|b| b.status == BidStatus::Submitted);
    let version = existing.as_ref().map(|b| b.version + 1).unwrap_or(1);
    let status = if submit {
        BidStatus::Submitted
    } else {
        BidStatus::Draft
    };
    let hash = submit.then(|| receipt_hash(id, v.org_id, version, &json));
    let mut m = match existing {
        Some(b) => b.into_active_model(),
        None => bid::ActiveModel {
            procurement_id: Set(id),
            supplier_id: Set(v.org_id),
            ..Default::default()
        },
    };
    m.status = Set(status);
    m.version = Set(version);
    m.content = Set(json);
    m.receipt_hash = Set(hash.clone());
    m.submitted_at = Set(submit.then_some(now));
    m.updated_at = Set(now);
    m.updated_by = Set(v.user_id);
    m.save(&*txn).await.map_err(|e| match e {
        // Two saves of one supplier's first bid at once: the unique index keeps one.
        sea_orm::DbErr::Exec(_) | sea_orm::DbErr::Query(_)
            if e.to_string().to_lowercase().contains("unique") =>
        {
            ServiceError::Conflict("Your bid was being saved twice at once: try again".into())
        }
        e => ServiceError::Db(e),
    })?;
    if submit {
        let n = count(&*txn, id).await?;
        event(
            &txn,
            id,
            now,
            "bid",
            if was_in {
                format!("A bid was revised ({n} in)")
            } else {
                format!("A bid was received ({n} in)")
            },
            None,
        )
        .await?;
        if !was_in {
            let team = raise::team(&*txn, &p).await?;
            notify::send(
                &txn,
                now,
                Notice {
                    kind: NotificationKind::BidReceived,
                    procurement_id: Some(id),
                    message: if n == 1 {
                        format!("“{}” has received its first bid", p.title)
                    } else {
                        format!("“{}” has received {n} bids", p.title)
                    },
                    link: format!("/procurements/{id}"),
                    orgs: &[],
                    users: &team,
                    except_user: None,
                },
            )
            .await?;
        }
        // The supplier's receipt, by email too.
        crate::mail::outbox::enqueue(
            &txn,
            crate::mail::templates::notification(
                &v.email,
                "Your bid was received",
                &format!(
                    "Bluelamp received your bid (version {version}) for “{}” at {}. Its receipt: SHA-256 {}.",
                    p.title,
                    crate::ui::time::show_london(now),
                    hash.clone().unwrap_or_default()
                ),
            ),
        )
        .await?;
    }
    // The audit log records that a bid was saved, never what it says.
    record(
        &txn,
        NewEvent::by(
            v,
            if submit {
                actions::BID_SUBMITTED
            } else {
                actions::BID_SAVED
            },
            "procurement",
            id,
            serde_json::json!({ "version": version }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(Saved {
        version,
        status,
        receipt_hash: hash,
    })
}

/// Withdraws a submitted bid before the deadline (the supplier may submit again).
pub async fn withdraw(db: &Db, viewer: Option<&Viewer>, id: i32) -> ServiceResult<()> {
    let (_, v) = views::opportunity(db, viewer, id).await?;
    authorise(Some(v), ProcurementAction::Bid { org_id: v.org_id })?;
    let txn = db.write().await?;
    let p = load::find(&*txn, id).await?.ok_or(ServiceError::NotFound)?;
    let deadline = sealed_until(&p)?;
    let now = db.now();
    if now >= deadline {
        return Err(ServiceError::Conflict(format!(
            "Bids closed at {}: a bid cannot be withdrawn after it",
            crate::ui::time::deadline(deadline)
        )));
    }
    let b = bid::Entity::find()
        .filter(bid::Column::ProcurementId.eq(id))
        .filter(bid::Column::SupplierId.eq(v.org_id))
        .one(&*txn)
        .await?
        .filter(|b| b.status == BidStatus::Submitted)
        .ok_or_else(|| ServiceError::Conflict("You have no submitted bid to withdraw".into()))?;
    let version = b.version;
    let mut m = b.into_active_model();
    m.status = Set(BidStatus::Withdrawn);
    m.receipt_hash = Set(None);
    m.updated_at = Set(now);
    m.updated_by = Set(v.user_id);
    m.update(&*txn).await?;
    let n = count(&*txn, id).await?;
    event(
        &txn,
        id,
        now,
        "bid",
        format!("A bid was withdrawn ({n} in)"),
        None,
    )
    .await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::BID_WITHDRAWN,
            "procurement",
            id,
            serde_json::json!({ "version": version }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A bid as the buyers read it after the deadline.
#[derive(Clone, Debug)]
pub struct OpenedBid {
    pub supplier_id: i32,
    pub supplier: String,
    pub version: i32,
    pub submitted_at: Option<DateTime<Utc>>,
    pub receipt_hash: Option<String>,
    pub content: BidContent,
}

/// The submitted bids, for the lead force (and the national body), once the bid deadline has
/// passed on the server's clock; before it, refused whoever asks. The first opening moves
/// the procurement to closed and is recorded.
pub async fn opened_bids(
    db: &Db,
    viewer: Option<&Viewer>,
    id: i32,
) -> ServiceResult<Vec<OpenedBid>> {
    let Some(p) = load::find(&db.conn, id).await? else {
        return Err(missing(
            viewer,
            ProcurementAction::OpenBids {
                org_id: ANOTHER_ORGANISATION,
            },
        ));
    };
    let v = authorise(
        viewer,
        ProcurementAction::OpenBids {
            org_id: p.lead_force_id,
        },
    )?;
    let now = db.now();
    let deadline = p
        .bid_deadline
        .ok_or_else(|| ServiceError::Conflict("Bids are sealed until the bid deadline".into()))?;
    if now < deadline
        || !matches!(
            p.state,
            ProcurementState::Published
                | ProcurementState::Closed
                | ProcurementState::Standstill
                | ProcurementState::Awarded
        )
    {
        return Err(ServiceError::Conflict(format!(
            "Bids are sealed until {}",
            crate::ui::time::deadline(deadline)
        )));
    }
    let bids = bid::Entity::find()
        .filter(bid::Column::ProcurementId.eq(id))
        .filter(bid::Column::Status.eq(BidStatus::Submitted))
        .order_by_asc(bid::Column::SubmittedAt)
        .all(&db.conn)
        .await?;
    let names = load::org_names(&db.conn, bids.iter().map(|b| b.supplier_id)).await?;
    if p.state == ProcurementState::Published {
        let txn = db.write().await?;
        let fresh = load::find(&*txn, id).await?.ok_or(ServiceError::NotFound)?;
        if fresh.state == ProcurementState::Published {
            let mut m = fresh.into_active_model();
            m.state = Set(ProcurementState::Closed);
            m.updated_at = Set(now);
            m.update(&*txn).await?;
            event(
                &txn,
                id,
                now,
                "bids_opened",
                format!("{} bids opened after the deadline", bids.len()),
                Some(v.org_id),
            )
            .await?;
            record(
                &txn,
                NewEvent::by(
                    v,
                    actions::BIDS_OPENED,
                    "procurement",
                    id,
                    serde_json::json!({ "bids": bids.len() }),
                ),
            )
            .await?;
        }
        txn.commit().await?;
    }
    bids.iter()
        .map(|b| {
            Ok(OpenedBid {
                supplier_id: b.supplier_id,
                supplier: names.get(&b.supplier_id).cloned().unwrap_or_default(),
                version: b.version,
                submitted_at: b.submitted_at,
                receipt_hash: b.receipt_hash.clone(),
                content: content_of(b)?,
            })
        })
        .collect()
}

/// The submitted bids of a procurement whose bids are open (evaluation onwards), with their
/// rows: for evaluation, moderation and award, whose callers have checked who is asking.
/// Refused while the procurement is before its bid deadline, whoever asks.
pub(crate) async fn opened_for_evaluation(
    conn: &impl ConnectionTrait,
    p: &procurement::Model,
) -> ServiceResult<Vec<(bid::Model, OpenedBid)>> {
    if !matches!(
        p.state,
        ProcurementState::Closed | ProcurementState::Standstill | ProcurementState::Awarded
    ) {
        return Err(ServiceError::Conflict(
            "The bids are not open yet: open them once the bid deadline has passed".into(),
        ));
    }
    let bids = bid::Entity::find()
        .filter(bid::Column::ProcurementId.eq(p.id))
        .filter(bid::Column::Status.eq(BidStatus::Submitted))
        .order_by_asc(bid::Column::SubmittedAt)
        .all(conn)
        .await?;
    let names = load::org_names(conn, bids.iter().map(|b| b.supplier_id)).await?;
    bids.into_iter()
        .map(|b| {
            let opened = OpenedBid {
                supplier_id: b.supplier_id,
                supplier: names.get(&b.supplier_id).cloned().unwrap_or_default(),
                version: b.version,
                submitted_at: b.submitted_at,
                receipt_hash: b.receipt_hash.clone(),
                content: content_of(&b)?,
            };
            Ok((b, opened))
        })
        .collect()
}

/// What a bid asks to be paid: its total, or the sum of its prices per force.
pub fn price_of(content: &BidContent) -> Option<crate::money::Money> {
    content.total.or_else(|| {
        (!content.per_force.is_empty()).then(|| {
            crate::money::Money::from_pence(content.per_force.iter().map(|(_, m)| m.pence()).sum())
        })
    })
}
