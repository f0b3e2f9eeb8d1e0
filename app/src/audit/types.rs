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
    // The catalogue.
    pub const FRAMEWORK_CREATED: &str = "framework.created";
    pub const FRAMEWORK_CHANGED: &str = "framework.changed";
    pub const FRAMEWORK_STAGE_MOVED: &str = "framework.stage_moved";
    pub const CATEGORY_ADDED: &str = "category.added";
    pub const CATEGORY_RENAMED: &str = "category.renamed";
    pub const CATEGORY_RETIRED: &str = "category.retired";
    pub const CATEGORY_RESTORED: &str = "category.restored";
    pub const TERM_ADDED: &str = "catalogue_list.added";
    pub const TERM_RENAMED: &str = "catalogue_list.renamed";
    pub const TERM_RETIRED: &str = "catalogue_list.retired";
    pub const TERM_RESTORED: &str = "catalogue_list.restored";
    pub const QUESTION_ADDED: &str = "declaration.question_added";
    pub const QUESTION_CHANGED: &str = "declaration.question_changed";
    pub const QUESTION_REMOVED: &str = "declaration.question_removed";
    pub const APPLICATION_SAVED: &str = "application.saved";
    pub const APPLICATION_SUBMITTED: &str = "application.submitted";
    pub const APPLICATION_DECIDED: &str = "application.decided";
    pub const SERVICE_DRAFTED: &str = "service.drafted";
    pub const SERVICE_IMPORTED: &str = "service.imported";
    pub const SERVICE_SAVED: &str = "service.saved";
    pub const SERVICE_SUBMITTED: &str = "service.submitted";
    pub const SERVICE_PUBLISHED: &str = "service.published";
    pub const SERVICE_RETURNED: &str = "service.returned";
    pub const SERVICE_SUSPENDED: &str = "service.suspended";
    pub const SERVICE_REINSTATED: &str = "service.reinstated";
    pub const SERVICE_WITHDRAWN: &str = "service.withdrawn";
    pub const SERVICE_EDIT_STARTED: &str = "service.edit_started";
    pub const SERVICE_EDIT_DISCARDED: &str = "service.edit_discarded";
    pub const SPEND_FILE_UPLOADED: &str = "spend.file_uploaded";
    pub const SPEND_IMPORT_STARTED: &str = "spend.import_started";
    pub const SPEND_IMPORT_DONE: &str = "spend.import_done";
    pub const SPEND_IMPORT_FAILED: &str = "spend.import_failed";
    pub const SPEND_IMPORT_ROLLED_BACK: &str = "spend.import_rolled_back";
    pub const SPEND_BUYER_MAPPED: &str = "spend.buyer_mapped";
    pub const SPEND_SUPPLIERS_MERGED: &str = "spend.suppliers_merged";
    pub const SPEND_SUPPLIER_SPLIT: &str = "spend.supplier_split";
    pub const SPEND_SYSTEM_ADDED: &str = "spend.system_added";
    pub const SPEND_SYSTEM_CHANGED: &str = "spend.system_changed";
    pub const SPEND_SYSTEM_REMOVED: &str = "spend.system_removed";
    pub const SPEND_REGISTER_UPLOADED: &str = "spend.register_uploaded";
    pub const SPEND_RULE_ADDED: &str = "spend.rule_added";
    pub const SPEND_RULE_CHANGED: &str = "spend.rule_changed";
    pub const SPEND_RULE_REMOVED: &str = "spend.rule_removed";
    pub const SPEND_LINES_OVERRIDDEN: &str = "spend.lines_overridden";
    pub const SPEND_TARGET_SET: &str = "spend.target_set";

    pub const PROJECT_CREATED: &str = "project.created";
    pub const PROJECT_SEARCH_SAVED: &str = "project.search_saved";
    pub const PROJECT_SEARCH_ENDED: &str = "project.search_ended";
    pub const PROJECT_RECORD_EXPORTED: &str = "project.record_exported";
    pub const PROJECT_ASSESSED: &str = "project.assessed";
    pub const PROJECT_OUTCOME_RECORDED: &str = "project.outcome_recorded";
    pub const CONTRACT_CREATED: &str = "contract.created";
    // Shared procurements.
    pub const PROCUREMENT_CREATED: &str = "procurement.created";
    pub const PROCUREMENT_SAVED: &str = "procurement.saved";
    pub const PROCUREMENT_COLLABORATOR_ADDED: &str = "procurement.collaborator_added";
    pub const PROCUREMENT_OPENED: &str = "procurement.opened";
    pub const PROCUREMENT_JOINED: &str = "procurement.joined";
    pub const PROCUREMENT_DEMAND_CHANGED: &str = "procurement.demand_changed";
    pub const PROCUREMENT_WITHDRAWN: &str = "procurement.withdrawn";
    pub const PROCUREMENT_PUBLISHED: &str = "procurement.published";
    pub const PROCUREMENT_AMENDED: &str = "procurement.amended";
    pub const PROCUREMENT_CANCELLED: &str = "procurement.cancelled";
    pub const PROCUREMENT_QUESTION_ASKED: &str = "procurement.question_asked";
    pub const PROCUREMENT_QUESTION_ANSWERED: &str = "procurement.question_answered";
    pub const BID_SAVED: &str = "bid.saved";
    pub const BID_SUBMITTED: &str = "bid.submitted";
    pub const BID_WITHDRAWN: &str = "bid.withdrawn";
    pub const BIDS_OPENED: &str = "bid.opened";
    pub const EVALUATOR_ASSIGNED: &str = "procurement.evaluator_assigned";
    pub const EVALUATOR_UNASSIGNED: &str = "procurement.evaluator_unassigned";
    pub const MODERATOR_SET: &str = "procurement.moderator_set";
    pub const INTEREST_DECLARED: &str = "bid.interest_declared";
    pub const SCORES_SAVED: &str = "bid.scores_saved";
    pub const SCORES_SUBMITTED: &str = "bid.scores_submitted";
    pub const BID_MODERATED: &str = "bid.moderated";
    pub const PROCUREMENT_AWARDED: &str = "procurement.awarded";
    pub const AWARD_CHALLENGED: &str = "procurement.award_challenged";
    pub const CHALLENGE_DECIDED: &str = "procurement.challenge_decided";
    pub const AWARD_CONFIRMED: &str = "procurement.award_confirmed";
    pub const TENDER_PERIOD_SET: &str = "procurement.tender_period_set";
    pub const NOTIFICATION_PREFERENCES_SET: &str = "notification.preferences_set";
    pub const DEMO_CLOCK_MOVED: &str = "system.demo_clock_moved";

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
        FRAMEWORK_CREATED,
        FRAMEWORK_CHANGED,
        FRAMEWORK_STAGE_MOVED,
        CATEGORY_ADDED,
        CATEGORY_RENAMED,
        CATEGORY_RETIRED,
        CATEGORY_RESTORED,
        TERM_ADDED,
        TERM_RENAMED,
        TERM_RETIRED,
        TERM_RESTORED,
        QUESTION_ADDED,
        QUESTION_CHANGED,
        QUESTION_REMOVED,
        APPLICATION_SAVED,
        APPLICATION_SUBMITTED,
        APPLICATION_DECIDED,
        SERVICE_DRAFTED,
        SERVICE_IMPORTED,
        SERVICE_SAVED,
        SERVICE_SUBMITTED,
        SERVICE_PUBLISHED,
        SERVICE_RETURNED,
        SERVICE_SUSPENDED,
        SERVICE_REINSTATED,
        SERVICE_WITHDRAWN,
        SERVICE_EDIT_STARTED,
        SERVICE_EDIT_DISCARDED,
        SPEND_FILE_UPLOADED,
        SPEND_IMPORT_STARTED,
        SPEND_IMPORT_DONE,
        SPEND_IMPORT_FAILED,
        SPEND_IMPORT_ROLLED_BACK,
        SPEND_BUYER_MAPPED,
        SPEND_SUPPLIERS_MERGED,
        SPEND_SUPPLIER_SPLIT,
        SPEND_SYSTEM_ADDED,
        SPEND_SYSTEM_CHANGED,
        SPEND_SYSTEM_REMOVED,
        SPEND_REGISTER_UPLOADED,
        SPEND_RULE_ADDED,
        SPEND_RULE_CHANGED,
        SPEND_RULE_REMOVED,
        SPEND_LINES_OVERRIDDEN,
        SPEND_TARGET_SET,
        PROJECT_CREATED,
        PROJECT_SEARCH_SAVED,
        PROJECT_SEARCH_ENDED,
        PROJECT_RECORD_EXPORTED,
        PROJECT_ASSESSED,
        PROJECT_OUTCOME_RECORDED,
        CONTRACT_CREATED,
        PROCUREMENT_CREATED,
        PROCUREMENT_SAVED,
        PROCUREMENT_COLLABORATOR_ADDED,
        PROCUREMENT_OPENED,
        PROCUREMENT_JOINED,
        PROCUREMENT_DEMAND_CHANGED,
        PROCUREMENT_WITHDRAWN,
        PROCUREMENT_PUBLISHED,
        PROCUREMENT_AMENDED,
        PROCUREMENT_CANCELLED,
        PROCUREMENT_QUESTION_ASKED,
        PROCUREMENT_QUESTION_ANSWERED,
        BID_SAVED,
        BID_SUBMITTED,
        BID_WITHDRAWN,
        BIDS_OPENED,
        EVALUATOR_ASSIGNED,
        EVALUATOR_UNASSIGNED,
        MODERATOR_SET,
        INTEREST_DECLARED,
        SCORES_SAVED,
        SCORES_SUBMITTED,
        BID_MODERATED,
        PROCUREMENT_AWARDED,
        AWARD_CHALLENGED,
        CHALLENGE_DECIDED,
        AWARD_CONFIRMED,
        TENDER_PERIOD_SET,
        NOTIFICATION_PREFERENCES_SET,
        DEMO_CLOCK_MOVED,
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
            FRAMEWORK_CREATED => "Created a framework",
            FRAMEWORK_CHANGED => "Changed a framework",
            FRAMEWORK_STAGE_MOVED => "Moved a framework to its next stage",
            CATEGORY_ADDED => "Added a category",
            CATEGORY_RENAMED => "Renamed a category",
            CATEGORY_RETIRED => "Retired a category",
            CATEGORY_RESTORED => "Restored a category",
            TERM_ADDED => "Added to a catalogue list",
            TERM_RENAMED => "Renamed a catalogue list entry",
            TERM_RETIRED => "Retired a catalogue list entry",
            TERM_RESTORED => "Restored a catalogue list entry",
            QUESTION_ADDED => "Added a declaration question",
            QUESTION_CHANGED => "Changed a declaration question",
            QUESTION_REMOVED => "Removed a declaration question",
            APPLICATION_SAVED => "Saved a framework application",
            APPLICATION_SUBMITTED => "Submitted a framework application",
            APPLICATION_DECIDED => "Decided a framework application",
            SERVICE_DRAFTED => "Started a service listing",
            SERVICE_IMPORTED => "Copied a service from G-Cloud",
            SERVICE_SAVED => "Saved part of a service listing",
            SERVICE_SUBMITTED => "Submitted a service for review",
            SERVICE_PUBLISHED => "Published a service",
            SERVICE_RETURNED => "Returned a service with comments",
            SERVICE_SUSPENDED => "Suspended a service",
            SERVICE_REINSTATED => "Lifted a service's suspension",
            SERVICE_WITHDRAWN => "Withdrew a service",
            SERVICE_EDIT_STARTED => "Started editing a published service",
            SERVICE_EDIT_DISCARDED => "Discarded an edit of a service",
            SPEND_FILE_UPLOADED => "Uploaded a spend file",
            SPEND_IMPORT_STARTED => "Started a spend import",
            SPEND_IMPORT_DONE => "Spend import finished",
            SPEND_IMPORT_FAILED => "Spend import failed",
            SPEND_IMPORT_ROLLED_BACK => "Rolled back a spend import",
            SPEND_BUYER_MAPPED => "Said which force a buyer name is",
            SPEND_SUPPLIERS_MERGED => "Merged two suppliers",
            SPEND_SUPPLIER_SPLIT => "Split a name off a supplier",
            SPEND_SYSTEM_ADDED => "Added a system to a register",
            SPEND_SYSTEM_CHANGED => "Changed a system in a register",
            SPEND_SYSTEM_REMOVED => "Removed a system from a register",
            SPEND_REGISTER_UPLOADED => "Uploaded a systems register",
            SPEND_RULE_ADDED => "Added a spend classification rule",
            SPEND_RULE_CHANGED => "Changed a spend classification rule",
            SPEND_RULE_REMOVED => "Removed a spend classification rule",
            SPEND_LINES_OVERRIDDEN => "Overrode the class of payments",
            SPEND_TARGET_SET => "Set the legacy share target",
            PROCUREMENT_CREATED => "Raised a shared procurement",
            PROCUREMENT_SAVED => "Saved a procurement draft",
            PROCUREMENT_COLLABORATOR_ADDED => "Added a collaborator to a procurement",
            PROCUREMENT_OPENED => "Opened a procurement for forces to join",
            PROCUREMENT_JOINED => "Joined a procurement",
            PROCUREMENT_DEMAND_CHANGED => "Changed a force's demand",
            PROCUREMENT_WITHDRAWN => "Withdrew from a procurement",
            PROCUREMENT_PUBLISHED => "Published a procurement to suppliers",
            PROCUREMENT_AMENDED => "Amended a published procurement",
            PROCUREMENT_CANCELLED => "Cancelled a procurement",
            PROCUREMENT_QUESTION_ASKED => "Asked a clarification question",
            PROCUREMENT_QUESTION_ANSWERED => "Answered a clarification question",
            BID_SAVED => "Saved a draft bid",
            BID_SUBMITTED => "Submitted a bid",
            BID_WITHDRAWN => "Withdrew a bid",
            BIDS_OPENED => "Opened the bids after the deadline",
            EVALUATOR_ASSIGNED => "Assigned bids to an evaluator",
            EVALUATOR_UNASSIGNED => "Took a bid back from an evaluator",
            MODERATOR_SET => "Named a procurement's moderator",
            INTEREST_DECLARED => "Declared an interest (or none) in a bid",
            SCORES_SAVED => "Saved scores for a bid",
            SCORES_SUBMITTED => "Submitted scores for a bid to the moderator",
            BID_MODERATED => "Moderated a bid's scores",
            PROCUREMENT_AWARDED => "Awarded a procurement (standstill began)",
            AWARD_CHALLENGED => "Challenged an award",
            CHALLENGE_DECIDED => "Decided a challenge to an award",
            AWARD_CONFIRMED => "Confirmed an award and made each force's contract",
            TENDER_PERIOD_SET => "Set the minimum tender period",
            NOTIFICATION_PREFERENCES_SET => "Chose which notifications come by email",
            DEMO_CLOCK_MOVED => "Moved the demo's clock on",
            PROJECT_CREATED => "Saved a search into a new project",
            PROJECT_SEARCH_SAVED => "Saved a search into a project",
            PROJECT_SEARCH_ENDED => "Ended a search: its record frozen",
            PROJECT_RECORD_EXPORTED => "Downloaded a search record",
            PROJECT_ASSESSED => "Recorded how services were assessed",
            PROJECT_OUTCOME_RECORDED => "Recorded a project's outcome",
            CONTRACT_CREATED => "Made a contract (award)",
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
