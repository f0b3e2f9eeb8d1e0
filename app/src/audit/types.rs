//! Audit types shared by pages and services.

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
    ];
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
    /// UK local time, "24 Nov 2026 09:41:07".
    pub when: String,
    /// UTC, RFC 3339, for the CSV.
    pub when_utc: String,
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
