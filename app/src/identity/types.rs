//! Identity types shared by the browser and the server: organisation kinds, roles, statuses
//! and the forms people fill in.

use serde::{Deserialize, Serialize};

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $text:literal, $label:literal;)+ }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value stored in the database and used in URLs.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The words shown to people.
            pub fn label(&self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

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

string_enum!(
    UserStatus {
        Active => "active", "Active";
        Invited => "invited", "Invited";
        Disabled => "disabled", "Disabled";
    }
);

string_enum!(
    SupplierSize {
        Sme => "sme", "SME (small or medium-sized enterprise)";
        Large => "large", "Large enterprise";
    }
);

/// The signed-in person as pages see them.
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
    pub fn is_national_admin(&self) -> bool {
        self.org_kind == OrgKind::National && self.has_role(Role::Admin)
    }
}

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
    pub created_at: String,
    pub domains: Vec<String>,
}
