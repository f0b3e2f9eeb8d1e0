//! Spend: the files forces and the Crown Commercial Service publish, and what they are read
//! into. A force sees and imports only its own spend; the national body sees all of it, imports
//! for any publisher, maps buyer names to forces, merges and splits suppliers and rolls
//! imports back.

use super::Viewer;
use crate::identity::types::{OrgKind, Role};

/// What people do with spend. `org_id` is the force whose spend it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum SpendAction {
    /// See a force's imports, their reports and its payments.
    ViewSpend { org_id: i32 },
    /// Upload a force's spend file, check its columns and start the import.
    ImportSpend { org_id: i32 },
    /// Import, and see, files published by a body that is not a force (the Crown Commercial
    /// Service's framework spend), whose rows name many buyers.
    ImportFrameworkSpend,
    /// Say which force a buyer name is, or that it is not a force.
    MapBuyers,
    /// Merge two suppliers into one, or split a spelling off into its own.
    MergeSuppliers,
    /// Undo an import: its payments deleted, its report kept.
    RollBackImport,
    /// See a force's systems register.
    ViewSystems { org_id: i32 },
    /// Add, change, remove and upload a force's systems.
    EditSystems { org_id: i32 },
    /// The national duplication map: which forces run which product, for every function.
    ViewDuplicationMap,
    /// The spend dashboards, the aggregation opportunities and the replacement planner: a
    /// force sees its own figures beside the national and regional aggregates; the national
    /// body sees every force.
    ViewDashboards,
    /// See a force's classified payments (each with the rule or override that classified it).
    ViewLines { org_id: i32 },
    /// Override the class of a force's own payments, with a reason: its own people only.
    OverrideLines { org_id: i32 },
    /// Edit the classification rules and the legacy-share target: the national body only.
    EditClassification,
}

fn member_of_force(v: &Viewer, org_id: i32) -> bool {
    v.is_active() && v.org_kind == OrgKind::Force && v.org_id == org_id
}

pub(super) fn rule(viewer: Option<&Viewer>, action: SpendAction) -> bool {
    use SpendAction::*;
    let Some(v) = viewer else {
        return false;
    };
    match action {
        ViewSpend { org_id }
        | ImportSpend { org_id }
        | ViewSystems { org_id }
        | EditSystems { org_id } => v.is_national() || member_of_force(v, org_id),
        ViewDuplicationMap | ViewDashboards => {
            v.is_national() || (v.is_active() && v.org_kind == OrgKind::Force)
        }
        ViewLines { org_id } => v.is_national() || member_of_force(v, org_id),
        OverrideLines { org_id } => member_of_force(v, org_id),
        EditClassification => v.is_national(),
        ImportFrameworkSpend | MapBuyers | MergeSuppliers => v.is_national(),
        RollBackImport => v.is_national() && v.has_role(Role::Admin),
    }
}
