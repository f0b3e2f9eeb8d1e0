//! Identity: signing in and registering, one's own account, the users of an organisation,
//! supplier applications and forces.

use super::Viewer;

/// What people do with accounts and organisations. `org_id` is the organisation acted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum IdentityAction {
    /// Sign in or register: only while signed out.
    SignIn,
    Register,
    /// The second step of signing in (an authenticator code, or setting one up), between the
    /// password and a full session: the person is not signed in yet.
    CompleteSignIn,
    /// Follow an email confirmation link: the token in it is the proof, whoever is signed in.
    ConfirmEmail,
    /// See one's own home page and account, and change one's own password.
    ViewHome,
    ViewAccount,
    ChangeOwnPassword,
    /// Set up, or replace, one's own authenticator app and recovery codes.
    ManageOwnMfa,
    /// Reset someone else's authenticator and recovery codes (they set it up again).
    ResetMfa {
        org_id: i32,
    },
    /// List, invite and manage (roles, disable, enable) the users of an organisation.
    ListUsers {
        org_id: i32,
    },
    InviteUser {
        org_id: i32,
    },
    ManageUser {
        org_id: i32,
    },
    /// Supplier applications.
    ListSuppliers,
    DecideSupplier,
    /// Forces and their allowed email domains.
    ListForces,
    EditForceDomains,
}

pub(super) fn rule(viewer: Option<&Viewer>, action: IdentityAction) -> bool {
    use IdentityAction::*;
    let Some(v) = viewer else {
        return matches!(action, SignIn | Register | CompleteSignIn | ConfirmEmail);
    };
    match action {
        SignIn | Register | CompleteSignIn => false,
        ConfirmEmail => true,
        // Pending and rejected suppliers may sign in to see where their application stands.
        ViewHome | ViewAccount | ChangeOwnPassword | ManageOwnMfa => true,
        // The national body's admins, for anyone: MFA guards the national body's own power.
        ResetMfa { .. } => v.is_national_admin(),
        ListUsers { org_id } | InviteUser { org_id } | ManageUser { org_id } => {
            v.is_national_admin() || v.is_admin_of(org_id)
        }
        ListSuppliers | ListForces => v.is_national(),
        DecideSupplier | EditForceDomains => v.is_national_admin(),
    }
}
