//! Identity types shared by the browser and the server: organisation kinds, roles, statuses
//! and the forms people fill in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::enums::UnknownValue;

string_enum!(
    /// What an organisation is to Bluelamp.
    OrgKind {
        Force => "force", "Police force";
        National => "national", "National body";
        Supplier => "supplier", "Supplier";
    }
);

string_enum!(
    /// Forces and the national body are always active; suppliers start pending.
    OrgStatus {
        Active => "active", "Approved";
        Pending => "pending", "Pending approval";
        Rejected => "rejected", "Rejected";
    }
);

string_enum!(
    /// Every user is a member; admin and evaluator are added on top.
    Role {
        Member => "member", "Member";
        Admin => "admin", "Administrator";
        Evaluator => "evaluator", "Evaluator";
    }
);

#[cfg(feature = "ssr")]
/// `user_role`'s primary key is (user, role): sea-orm asks every key type to say how it would
/// come from an auto-increment id. A role never does.
impl sea_orm::TryFromU64 for Role {
    fn try_from_u64(_: u64) -> Result<Role, sea_orm::DbErr> {
        Err(sea_orm::DbErr::ConvertFromU64("Role"))
    }
}

string_enum!(
    UserStatus {
        Active => "active", "Active";
        Invited => "invited", "Invited";
        Unconfirmed => "unconfirmed", "Email not confirmed";
        Disabled => "disabled", "Disabled";
    }
);

string_enum!(
    SupplierSize {
        Sme => "sme", "SME (small or medium-sized enterprise)";
        Large => "large", "Large enterprise";
    }
);

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SignInForm {
    pub email: String,
    pub password: String,
    pub next: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RegisterForceForm {
    pub name: String,
    pub email: String,
    pub password: String,
    pub confirm_password: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RegisterSupplierForm {
    pub company_name: String,
    pub companies_house_number: String,
    pub supplier_size: String,
    pub contact_phone: String,
    pub name: String,
    pub email: String,
    pub password: String,
    pub confirm_password: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangePasswordForm {
    pub current_password: String,
    pub new_password: String,
    pub confirm_password: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub name: String,
    pub email: String,
    pub admin: String,
    pub evaluator: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AcceptInvitationForm {
    pub password: String,
    pub confirm_password: String,
}

/// The admin form on a user's page: roles, or disable/enable.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ManageUserForm {
    /// "roles", "disable" or "enable".
    pub intent: String,
    pub admin: String,
    pub evaluator: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DecideSupplierForm {
    /// "approve" or "reject".
    pub decision: String,
    pub reason: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ForceDomainsForm {
    /// One domain a line.
    pub domains: String,
}

/// What changing a user did: the message to show and, when an invited person's account was
/// enabled again, the new invitation link's one-time token (the old link stays dead).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedUser {
    pub message: String,
    pub invitation_token: Option<String>,
    /// The user's organisation, whose users page shows a new invitation link.
    pub org_id: i32,
}

/// A row in a list of users.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub status: UserStatus,
    pub roles: Vec<Role>,
    pub org_id: i32,
    pub org_name: String,
}

/// An organisation as admin pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
    pub status: OrgStatus,
    pub region: Option<String>,
    pub companies_house_number: Option<String>,
    pub supplier_size: Option<SupplierSize>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub status_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub domains: Vec<String>,
}
