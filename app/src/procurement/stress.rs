//! The bid-deadline stress test's database side, shared by `bluelamp stress bids` and its
//! test: suppliers approved on the lot with signed-in sessions, a published procurement whose
//! bid deadline is moments away, and afterwards the check of what was stored.

use crate::catalogue::entity::{application_lot, framework_application};
use crate::catalogue::types::{ApplicationStatus, LotDecision};
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::identity::entity::{app_user, organisation, user_role, web_session};
use crate::identity::session_store::{SIGNED_IN_AT_KEY, USER_ID_KEY};
use crate::identity::types::{OrgKind, OrgStatus, Role, UserStatus};
use crate::procurement::entity::{bid, procurement, procurement_demand};
use crate::procurement::form::timeline_fields;
use crate::procurement::types::{BidContent, BidStatus, ProcurementState, Timeline};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;

/// One stress supplier: its organisation and the session cookie value it bids with.
#[derive(Clone, Debug)]
pub struct Bidder {
    pub supplier_id: i32,
    pub session: String,
}

#[derive(Clone, Debug)]
pub struct Prepared {
    pub procurement_id: i32,
    pub deadline: DateTime<Utc>,
    pub bidders: Vec<Bidder>,
}

/// The form pairs of revision `n` of a bid for the stress procurement.
pub fn bid_form(n: u64) -> Vec<(String, String)> {
    let mut p = vec![
        ("action".to_string(), "submit".to_string()),
        (
            "total".to_string(),
            format!("{}.{:02}", 100_000 + n, n % 100),
        ),
        ("criterion_1".to_string(), format!("revision {n}")),
        ("criterion_2".to_string(), "Local jobs".to_string()),
    ];
    for r in 1..=4 {
        p.push((format!("requirement_{r}_meets"), "yes".into()));
    }
    p
}

/// Creates (or reuses) `suppliers` stress suppliers approved on the demo lot, signs each in,
/// and publishes a procurement whose bid deadline is `deadline`.
pub async fn prepare(
    db: &Db,
    suppliers: usize,
    deadline: DateTime<Utc>,
) -> ServiceResult<Prepared> {
    let txn = db.write().await?;
    let lots = crate::procurement::service::load::lot_choices(&*txn).await?;
    let (lot, _) = lots.first().cloned().ok_or(ServiceError::Conflict(
        "No live framework: load the demo first (bluelamp seed --demo)".into(),
    ))?;
    let framework_id = crate::catalogue::entity::lot::Entity::find_by_id(lot)
        .one(&*txn)
        .await?
        .ok_or(ServiceError::NotFound)?
        .framework_id;
    let lead = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Force))
        .one(&*txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let now = Utc::now();
    let mut bidders = Vec::new();
    let mut creator = None;
    for k in 1..=suppliers {
        let slug = format!("stress-supplier-{k:04}");
        let org = match organisation::Entity::find()
            .filter(organisation::Column::Slug.eq(slug.clone()))
            .one(&*txn)
            .await?
        {
            Some(o) => o,
            None => {
                let o = organisation::ActiveModel {
                    slug: Set(slug.clone()),
                    name: Set(format!("Stress Supplier {k:04} Ltd")),
                    kind: Set(OrgKind::Supplier),
                    status: Set(OrgStatus::Active),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&*txn)
                .await?;
                let app = framework_application::ActiveModel {
                    framework_id: Set(framework_id),
                    supplier_id: Set(o.id),
                    status: Set(ApplicationStatus::Decided),
                    created_at: Set(now),
                    submitted_at: Set(Some(now)),
                    decided_at: Set(Some(now)),
                    ..Default::default()
                }
                .insert(&*txn)
                .await?;
                application_lot::ActiveModel {
                    application_id: Set(app.id),
                    lot_id: Set(lot),
                    decision: Set(Some(LotDecision::Approved)),
                    ..Default::default()
                }
                .insert(&*txn)
                .await?;
                o
            }
        };
        let email = format!("bids@{slug}.example");
        let user = match app_user::Entity::find()
            .filter(app_user::Column::Email.eq(email.clone()))
            .one(&*txn)
            .await?
        {
            Some(u) => u,
            None => {
                let u = app_user::ActiveModel {
                    organisation_id: Set(org.id),
                    email: Set(email),
                    name: Set(format!("Bidder {k}")),
                    status: Set(UserStatus::Active),
                    created_at: Set(now),
                    disabled_by_national: Set(false),
                    ..Default::default()
                }
                .insert(&*txn)
                .await?;
                user_role::ActiveModel {
                    user_id: Set(u.id),
                    role: Set(Role::Member),
                }
                .insert(&*txn)
                .await?;
                u
            }
        };
        creator.get_or_insert(user.id);
        let session = tower_sessions::session::Id::default().to_string();
        web_session::ActiveModel {
            id: Set(session.clone()),
            user_id: Set(Some(user.id)),
            data: Set(serde_json::json!({
                USER_ID_KEY: user.id,
                SIGNED_IN_AT_KEY: now.timestamp(),
            })
            .to_string()),
            expires_at: Set(now + Duration::hours(1)),
        }
        .insert(&*txn)
        .await?;
        bidders.push(Bidder {
            supplier_id: org.id,
            session,
        });
    }
    let lead_user = app_user::Entity::find()
        .filter(app_user::Column::OrganisationId.eq(lead.id))
        .one(&*txn)
        .await?
        .map(|u| u.id)
        .or(creator)
        .ok_or(ServiceError::NotFound)?;
    let t = Timeline {
        join: deadline - Duration::days(12),
        clarification: deadline - Duration::days(6),
        bid: deadline,
        evaluation: deadline + Duration::days(14),
        award: deadline + Duration::days(28),
    };
    let mut fields = super::seed::stress_fields(lot);
    fields.extend(timeline_fields(&t));
    let p = procurement::ActiveModel {
        lead_force_id: Set(lead.id),
        title: Set("Bid deadline stress test".into()),
        state: Set(ProcurementState::Published),
        lot_id: Set(Some(lot)),
        form: Set(serde_json::to_string(&fields).unwrap_or_default()),
        join_deadline: Set(Some(t.join)),
        clarification_deadline: Set(Some(t.clarification)),
        bid_deadline: Set(Some(t.bid)),
        evaluation_target: Set(Some(t.evaluation)),
        award_target: Set(Some(t.award)),
        created_by: Set(lead_user),
        created_at: Set(now),
        updated_at: Set(now),
        opened_at: Set(Some(now)),
        published_at: Set(Some(now)),
        cancelled_reason: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    procurement_demand::ActiveModel {
        procurement_id: Set(p.id),
        force_id: Set(lead.id),
        quantity: Set(Some(1)),
        value_pence: Set(None),
        contact_name: Set("Stress".into()),
        contact_email: Set("stress@example.police.uk".into()),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    txn.commit().await?;
    Ok(Prepared {
        procurement_id: p.id,
        deadline,
        bidders,
    })
}

/// What was stored, against what each supplier last had accepted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stored {
    /// Suppliers with a submitted bid.
    pub bids: usize,
    /// Suppliers whose stored bid is not the revision last accepted (or that have a bid
    /// stored with none accepted, or none stored with one accepted).
    pub mismatches: Vec<i32>,
    /// Rows beyond one a supplier (the unique index should make this 0).
    pub duplicates: usize,
    /// Bids stored as submitted at or after the deadline.
    pub late: usize,
}

/// Compares the stored bids with the revision each supplier last had accepted (`None`: none).
pub async fn check(
    db: &Db,
    prepared: &Prepared,
    last_accepted: &HashMap<i32, Option<u64>>,
) -> ServiceResult<Stored> {
    let rows = bid::Entity::find()
        .filter(bid::Column::ProcurementId.eq(prepared.procurement_id))
        .all(&db.conn)
        .await?;
    let mut out = Stored::default();
    let mut seen: HashMap<i32, usize> = HashMap::new();
    for r in &rows {
        *seen.entry(r.supplier_id).or_default() += 1;
    }
    out.duplicates = seen.values().map(|n| n - 1).sum();
    for b in &prepared.bidders {
        let stored = rows
            .iter()
            .find(|r| r.supplier_id == b.supplier_id && r.status == BidStatus::Submitted);
        let expected = last_accepted.get(&b.supplier_id).copied().flatten();
        let got = stored.and_then(|r| {
            serde_json::from_str::<BidContent>(&r.content)
                .ok()
                .and_then(|c| c.criteria.first().cloned())
                .and_then(|t| {
                    t.strip_prefix("revision ")
                        .and_then(|n| n.parse::<u64>().ok())
                })
        });
        if stored.is_some() {
            out.bids += 1;
        }
        if stored.is_some_and(|r| r.submitted_at.is_none_or(|t| t >= prepared.deadline)) {
            out.late += 1;
        }
        if got != expected {
            out.mismatches.push(b.supplier_id);
        }
    }
    Ok(out)
}
