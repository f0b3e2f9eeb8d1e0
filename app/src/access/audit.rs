//! The audit log.

use super::Viewer;

#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum AuditAction {
    /// Read the audit log and download it as CSV.
    ViewLog,
}

pub(super) fn rule(viewer: Option<&Viewer>, action: AuditAction) -> bool {
    match action {
        AuditAction::ViewLog => viewer.is_some_and(Viewer::is_national),
    }
}
