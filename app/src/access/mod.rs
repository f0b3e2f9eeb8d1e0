//! The one rule book: who may do what, in every area.
//!
//! Each area lists its actions in a file of its own here (`identity.rs`, `audit.rs`, ...) as an
//! enum with a `rule` function, and registers it with one line in [`areas!`] below. Everything
//! else asks [`can`] (a yes/no for showing a link) or [`authorise`] (a service's guard, which
//! hands back the signed-in [`Viewer`] it checked). Nothing outside this folder decides who may
//! do something.
//!
//! The rules are pure functions of the viewer and the action, so they are unit-tested here
//! against a hand-written matrix that must name every action of every area; the HTTP matrix
//! in `tests/system/authz_matrix.rs` then checks every route against the same roles.

pub mod audit;
pub mod catalogue;
pub mod identity;
pub mod mail;
pub mod procurement;
pub mod spend;

pub use audit::AuditAction;
pub use catalogue::CatalogueAction;
pub use identity::IdentityAction;
pub use mail::MailAction;
pub use procurement::ProcurementAction;
pub use spend::SpendAction;

use crate::error::{ServiceError, ServiceResult};
use crate::identity::types::{OrgKind, OrgStatus, Role};
use serde::{Deserialize, Serialize};

/// The signed-in person as services and pages see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: i32,
    pub name: String,
    pub email: String,
    pub org_id: i32,
    pub org_name: String,
    pub org_kind: OrgKind,
    pub org_status: OrgStatus,
    pub roles: Vec<Role>,
}

impl Viewer {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Pending and rejected suppliers may sign in, but act on nothing.
    pub fn is_active(&self) -> bool {
        self.org_status == OrgStatus::Active
    }

    /// Anyone in the national body.
    pub fn is_national(&self) -> bool {
        self.is_active() && self.org_kind == OrgKind::National
    }

    pub fn is_national_admin(&self) -> bool {
        self.is_national() && self.has_role(Role::Admin)
    }

    /// An administrator of this organisation (and the organisation is active).
    pub fn is_admin_of(&self, org_id: i32) -> bool {
        self.is_active() && self.org_id == org_id && self.has_role(Role::Admin)
    }
}

/// Registers each area's actions: one line an area. Generates [`Action`], the `From`
/// conversions that let callers pass an area's action directly, the dispatch to each area's
/// `rule`, and [`Action::all`], which the matrix tests walk.
macro_rules! areas {
    ($($area:ident($actions:ty) => $rule:path,)+) => {
        /// Everything a person can ask Bluelamp to do, in every area.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Action {
            $($area($actions),)+
        }

        $(impl From<$actions> for Action {
            fn from(a: $actions) -> Action {
                Action::$area(a)
            }
        })+

        fn rule(viewer: Option<&Viewer>, action: Action) -> bool {
            match action {
                $(Action::$area(a) => $rule(viewer, a),)+
            }
        }

        impl Action {
            /// Every action of every area, with the organisation it is done to left at its
            /// default (0): the matrix tests give their viewers organisation 0 to act on
            /// their own organisation and another id to act on someone else's.
            pub fn all() -> Vec<Action> {
                use strum::IntoEnumIterator;
                let mut all = Vec::new();
                $(all.extend(<$actions>::iter().map(Action::$area));)+
                all
            }

            /// "identity.list_users": stable names for tests and logs.
            pub fn name(&self) -> String {
                match self {
                    $(Action::$area(a) => {
                        let variant: &'static str = a.into();
                        format!("{}.{variant}", stringify!($area).to_lowercase())
                    })+
                }
            }
        }
    };
}

areas! {
    Identity(IdentityAction) => identity::rule,
    Audit(AuditAction) => audit::rule,
    Mail(MailAction) => mail::rule,
    Catalogue(CatalogueAction) => catalogue::rule,
    Spend(SpendAction) => spend::rule,
    Procurement(ProcurementAction) => procurement::rule,
}

/// Whether `viewer` (None when signed out) may do `action`. For showing or hiding links; a
/// service guards itself with [`authorise`] or [`permit`].
pub fn can(viewer: Option<&Viewer>, action: impl Into<Action>) -> bool {
    rule(viewer, action.into())
}

/// A service's guard for actions that need someone signed in: the viewer, or Forbidden.
pub fn authorise(viewer: Option<&Viewer>, action: impl Into<Action>) -> ServiceResult<&Viewer> {
    match viewer {
        Some(v) if rule(viewer, action.into()) => Ok(v),
        _ => Err(ServiceError::Forbidden),
    }
}

/// The guard for actions open to signed-out visitors too (signing in, registering).
pub fn permit(viewer: Option<&Viewer>, action: impl Into<Action>) -> ServiceResult<()> {
    if rule(viewer, action.into()) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// An organisation id no viewer belongs to: `missing` asks whether the viewer could act on
/// a record in *any* organisation.
pub const ANOTHER_ORGANISATION: i32 = i32::MIN;

/// The answer for a record that does not exist. Someone who could see it wherever it were
/// (`could_see` is allowed) is told NotFound; anyone else gets Forbidden, exactly the answer
/// for a record that exists but is not theirs, so record ids cannot be probed (403 vs 404).
pub fn missing(viewer: Option<&Viewer>, could_see: impl Into<Action>) -> ServiceError {
    if can(viewer, could_see) {
        ServiceError::NotFound
    } else {
        ServiceError::Forbidden
    }
}

#[cfg(test)]
mod tests;
