//! Audit types shared by pages and services.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The actions Bluelamp records. Kept in one list so the filter can offer them all.
pub mod actions {
    pub const SIGNED_IN: &str = "user.signed_in";
    pub const SIGN_IN_FAILED: &str = "user.sign_in_failed";
    pub const LOCKED_OUT: &str = "user.locked_out";
    pub const SIGNED_OUT: &str = "user.signed_out";
    pub const REGISTERED: &str = "user.registered";
    pub const PASSWORD_CHANGED: &str = "user.password_changed";
    pub const INVITED: &str = "user.invited";
    pub const INVITATION_ACCEPTED: &str = "user.invitation_accepted";
    pub const ROLES_CHANGED: &str = "user.roles_changed";
    pub const DISABLED: &str = "user.disabled";
    pub const ENABLED: &str = "user.enabled";
    pub const SUPPLIER_REGISTERED: &str = "supplier.registered";
    pub const SUPPLIER_APPROVED: &str = "supplier.approved";
    pub const SUPPLIER_REJECTED: &str = "supplier.rejected";
    pub const FORCE_DOMAINS_CHANGED: &str = "force.domains_changed";
    pub const DEMO_SEEDED: &str = "system.demo_seeded";
    pub const REFERENCE_SEEDED: &str = "system.reference_seeded";
    pub const EMAIL_CONFIRMED: &str = "user.email_confirmed";
    pub const PASSWORD_VERIFIED: &str = "user.password_verified";
    pub const REGISTRATION_REPEATED: &str = "user.registration_repeated";
    pub const MFA_ENROLLED: &str = "user.mfa_enrolled";
    pub const MFA_FAILED: &str = "user.mfa_failed";
    pub const MFA_RECOVERY_CODE_USED: &str = "user.mfa_recovery_code_used";
    pub const MFA_RESET: &str = "user.mfa_reset";
    pub const FIRST_ADMIN_CREATED: &str = "system.first_admin_created";

    pub const ALL: &[&str] = &[
        SIGNED_IN,
        SIGN_IN_FAILED,
        LOCKED_OUT,
        SIGNED_OUT,
        REGISTERED,
        PASSWORD_CHANGED,
        INVITED,
        INVITATION_ACCEPTED,
        ROLES_CHANGED,
        DISABLED,
        ENABLED,
        SUPPLIER_REGISTERED,
        SUPPLIER_APPROVED,
        SUPPLIER_REJECTED,
        FORCE_DOMAINS_CHANGED,
        DEMO_SEEDED,
        REFERENCE_SEEDED,
        EMAIL_CONFIRMED,
        PASSWORD_VERIFIED,
        REGISTRATION_REPEATED,
        MFA_ENROLLED,
        MFA_FAILED,
        MFA_RECOVERY_CODE_USED,
        MFA_RESET,
        FIRST_ADMIN_CREATED,
    ];

    /// What people read for an action.
    pub fn label(action: &str) -> &str {
        match action {
            SIGNED_IN => "Signed in",
            EMAIL_CONFIRMED => "Confirmed email address",
            PASSWORD_VERIFIED => "Password correct, second step next",
            REGISTRATION_REPEATED => "Registration with a registered address",
            MFA_ENROLLED => "Set up an authenticator app",
            MFA_FAILED => "Wrong authenticator code",
            MFA_RECOVERY_CODE_USED => "Used a recovery code",
            MFA_RESET => "Reset sign-in codes",
            FIRST_ADMIN_CREATED => "First administrator created",
            SIGN_IN_FAILED => "Sign-in failed",
            LOCKED_OUT => "Sign-in locked",
            SIGNED_OUT => "Signed out",
            REGISTERED => "Registered (force staff)",
            PASSWORD_CHANGED => "Changed password",
            INVITED => "Invited a user",
            INVITATION_ACCEPTED => "Accepted invitation",
            ROLES_CHANGED => "Changed roles",
            DISABLED => "Disabled a user",
            ENABLED => "Enabled a user",
            SUPPLIER_REGISTERED => "Supplier applied",
            SUPPLIER_APPROVED => "Supplier approved",
            SUPPLIER_REJECTED => "Supplier rejected",
            FORCE_DOMAINS_CHANGED => "Changed force email domains",
            DEMO_SEEDED => "Loaded demo data",
            REFERENCE_SEEDED => "Loaded the forces",
            other => other,
        }
    }
}

/// Turns an event's JSON details into "key: value" pairs for the page (the CSV keeps the JSON).
pub fn readable_details(details: &str) -> Vec<(String, String)> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(details)
    else {
        return if details.is_empty() {
            vec![]
        } else {
            vec![(String::new(), details.to_string())]
        };
    };
    map.into_iter()
        .map(|(k, v)| {
            let value = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| i.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            (k.replace('_', " "), value)
        })
        .collect()
}

/// The filters of the audit page, straight from its GET form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    /// Organisation id, or empty for all.
    pub organisation: String,
    /// Part of the user's email address.
    pub user: String,
    pub action: String,
    /// `YYYY-MM-DD`, inclusive, in UK time.
    pub from: String,
    pub to: String,
    pub page: String,
}

/// One event as the audit page and the CSV show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub user: String,
    pub organisation: String,
    pub action: String,
    pub object: String,
    pub details: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}
