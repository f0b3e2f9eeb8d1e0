//! Shared procurements: a force runs one (raises, opens, publishes, answers, amends), other
//! forces join it with their demand, suppliers approved on its lot ask questions and bid. The
//! national body oversees: it reads procurements and sets the minimum tender period, but does
//! not buy. Whether a bid's content may be read also depends on the clock (sealed until the
//! bid deadline): `procurement::service::bids` asks `OpenBids` and checks the deadline.
//! Evaluation is run by the lead force (`RunProcurement`: naming evaluators, moderating,
//! awarding, deciding challenges); an evaluator (`Evaluate`) scores only the bids assigned to
//! them; a bidder (`Bid`) reads only its own assessment summary and may challenge the award.

use super::Viewer;
use crate::identity::types::{OrgKind, Role};

#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum ProcurementAction {
    /// See the procurements lists and any procurement past its draft.
    ViewProcurements,
    /// Raise, change, open, publish, amend and cancel a procurement led by force `org_id`;
    /// answer its questions and add its collaborators. Drafts are seen only by this force.
    RunProcurement { org_id: i32 },
    /// Join another force's procurement as force `org_id`, change or withdraw its demand.
    JoinProcurement { org_id: i32 },
    /// See the opportunities published on the lots a supplier is approved on.
    ViewOpportunities,
    /// Ask questions about, and bid for, an opportunity as supplier `org_id`.
    Bid { org_id: i32 },
    /// Read the bids of a procurement led by force `org_id` once its bid deadline has passed.
    OpenBids { org_id: i32 },
    /// Set the minimum tender period every procurement must give suppliers.
    SetTenderPeriod,
    /// Score the bids assigned to one as an evaluator of force `org_id` (an evaluator of a
    /// force taking part; `procurement::service::evaluate` checks the assignment).
    Evaluate { org_id: i32 },
    /// Read one's own notifications and choose which come by email.
    ReadNotifications,
    /// Read the OCDS open data: anyone, signed in or not.
    ReadOpenData,
    /// Move the demo's clock on, to see what happens after a deadline (demo mode only).
    MoveDemoClock,
}

fn member_of_force(v: &Viewer, org_id: i32) -> bool {
    v.is_active() && v.org_kind == OrgKind::Force && v.org_id == org_id
}

pub(super) fn rule(viewer: Option<&Viewer>, action: ProcurementAction) -> bool {
    use ProcurementAction::*;
    if matches!(action, MoveDemoClock | ReadOpenData) {
        return true;
    }
    let Some(v) = viewer else {
        return false;
    };
    let force = v.is_active() && v.org_kind == OrgKind::Force;
    let supplier = v.is_active() && v.org_kind == OrgKind::Supplier;
    match action {
        ViewProcurements => force || v.is_national(),
        RunProcurement { org_id } | JoinProcurement { org_id } => member_of_force(v, org_id),
        ViewOpportunities => supplier,
        Bid { org_id } => supplier && v.org_id == org_id,
        OpenBids { org_id } => member_of_force(v, org_id) || v.is_national(),
        SetTenderPeriod => v.is_national() && v.has_role(Role::Admin),
        Evaluate { org_id } => member_of_force(v, org_id) && v.has_role(Role::Evaluator),
        ReadNotifications => true,
        MoveDemoClock | ReadOpenData => true,
    }
}
