//! The catalogue: frameworks and lots, supplier applications, service listings and their
//! review.

use super::Viewer;
use crate::identity::types::{OrgKind, Role};

/// What people do with the catalogue. `org_id` is the supplier acted for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum CatalogueAction {
    /// Read frameworks, published services on live frameworks and supplier pages: everyone,
    /// signed in or not, as on the Digital Marketplace.
    Browse,
    /// Create frameworks, set their dates and stage, edit categories, declaration questions
    /// and the lists of national systems and legacy functions.
    ManageFrameworks,
    /// Apply to a framework for one's own supplier: a legal declaration, so its admins only.
    Apply { org_id: i32 },
    /// See a supplier's applications and the decisions on them.
    ViewApplications { org_id: i32 },
    /// Decide applications, lot by lot.
    DecideApplications,
    /// Draft, edit, submit and withdraw one's own supplier's services.
    EditServices { org_id: i32 },
    /// See a supplier's drafts, versions and history.
    ViewServiceRecords { org_id: i32 },
    /// The review queue: publish a submitted version or return it with comments.
    ReviewServices,
    /// Suspend a service, or every service of a supplier, and lift a suspension.
    SuspendServices,
    /// Save a search into a project: force staff, who buy.
    SaveSearches,
    /// See a force's projects and their fair-search records: its own staff, and the national
    /// body (which oversees that searches were fair), never another force or a supplier.
    ViewProjects { org_id: i32 },
    /// Save searches into a force's project, end the search, record the assessment and the
    /// outcome: that force's staff only.
    RunProjects { org_id: i32 },
    /// See a force's contracts: its staff and the national body.
    ViewContracts { org_id: i32 },
}

fn active_force_member(v: &Viewer) -> bool {
    v.is_active() && v.org_kind == OrgKind::Force
}

fn active_supplier_of(v: &Viewer, org_id: i32) -> bool {
    v.is_active() && v.org_kind == OrgKind::Supplier && v.org_id == org_id
}

pub(super) fn rule(viewer: Option<&Viewer>, action: CatalogueAction) -> bool {
    use CatalogueAction::*;
    let Some(v) = viewer else {
        return action == Browse;
    };
    match action {
        Browse => true,
        ManageFrameworks | DecideApplications | SuspendServices => v.is_national_admin(),
        ReviewServices => v.is_national(),
        Apply { org_id } => active_supplier_of(v, org_id) && v.has_role(Role::Admin),
        EditServices { org_id } => active_supplier_of(v, org_id),
        ViewApplications { org_id } | ViewServiceRecords { org_id } => {
            v.is_national() || active_supplier_of(v, org_id)
        }
        SaveSearches => active_force_member(v),
        RunProjects { org_id } => active_force_member(v) && v.org_id == org_id,
        ViewProjects { org_id } | ViewContracts { org_id } => {
            v.is_national() || (active_force_member(v) && v.org_id == org_id)
        }
    }
}
