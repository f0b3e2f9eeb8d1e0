//! Every role against every route: the server must allow exactly what the rules say.
//! The expectations here are written out by hand, independently of the rule book
//! (`app::access`); every action of every area must be exercised by at least one route.

use app::seed::demo as seed_demo;
use axum::http::StatusCode;
use bluelamp_tests::{link_id, on_each_backend, Client};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Anonymous,
    ForceMember,
    /// A Kent member with the evaluator role, assigned the bids of Kent's procurement
    /// being evaluated.
    ForceEvaluator,
    ForceAdmin,
    NationalMember,
    NationalAdmin,
    PendingSupplier,
    ApprovedSupplier,
}

use Role::*;

const ROLES: [Role; 8] = [
    Anonymous,
    ForceMember,
    ForceEvaluator,
    ForceAdmin,
    NationalMember,
    NationalAdmin,
    PendingSupplier,
    ApprovedSupplier,
];

fn email(role: Role) -> Option<&'static str> {
    match role {
        Anonymous => None,
        ForceMember => Some("buyer@kent.police.uk"),
        ForceEvaluator => Some("evaluator@kent.police.uk"),
        ForceAdmin => Some("admin@kent.police.uk"),
        NationalMember => Some("analyst@npto.example"),
        NationalAdmin => Some("admin@npto.example"),
        PendingSupplier => Some("admin@juniper-forensics.example"),
        ApprovedSupplier => Some("admin@beacon-analytics.example"),
    }
}

enum Method {
    Get,
    Post(&'static [(&'static str, &'static str)]),
    Json(&'static str),
}

struct Case {
    name: &'static str,
    /// The rule-book action the route performs (`app::access::Action::name`).
    action: &'static str,
    method: Method,
    /// `{kent}`, `{kent_buyer}` and `{pending}` are replaced by ids.
    path: &'static str,
    allowed: &'static [Role],
}

const SIGNED_IN: &[Role] = &[
    ForceMember,
    ForceEvaluator,
    ForceAdmin,
    NationalMember,
    NationalAdmin,
    PendingSupplier,
    ApprovedSupplier,
];
const NATIONAL: &[Role] = &[NationalMember, NationalAdmin];
const KENT_ADMINS: &[Role] = &[ForceAdmin, NationalAdmin];
const KENT: &[Role] = &[ForceMember, ForceEvaluator, ForceAdmin];
const KENT_AND_NATIONAL: &[Role] = &[
    ForceMember,
    ForceEvaluator,
    ForceAdmin,
    NationalMember,
    NationalAdmin,
];

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "view own home",
            action: "identity.view_home",
            method: Method::Get,
            path: "/",
            allowed: &ROLES,
        },
        Case {
            name: "view sign-in",
            action: "identity.sign_in",
            method: Method::Get,
            path: "/sign-in",
            allowed: &[Anonymous],
        },
        Case {
            name: "register as force staff",
            action: "identity.register",
            method: Method::Get,
            path: "/register/force",
            allowed: &[Anonymous],
        },
        Case {
            name: "register a supplier",
            action: "identity.register",
            method: Method::Get,
            path: "/register/supplier",
            allowed: &[Anonymous],
        },
        Case {
            name: "submit force registration",
            action: "identity.register",
            method: Method::Post(&[("name", "")]),
            path: "/register/force",
            allowed: &[Anonymous],
        },
        Case {
            name: "confirmation link",
            action: "identity.confirm_email",
            method: Method::Get,
            path: "/confirm/some-token",
            allowed: &ROLES,
        },
        Case {
            name: "demo mailbox (the test router runs in demo mode)",
            action: "mail.read_demo_mailbox",
            method: Method::Get,
            path: "/dev/mailbox",
            allowed: &ROLES,
        },
        Case {
            name: "second step of signing in (none pending: back to the password)",
            action: "identity.complete_sign_in",
            method: Method::Get,
            path: "/sign-in/code",
            allowed: &[Anonymous],
        },
        Case {
            name: "set up an authenticator app",
            action: "identity.manage_own_mfa",
            method: Method::Get,
            path: "/account/authenticator",
            allowed: SIGNED_IN,
        },
        Case {
            name: "reset a Kent buyer's sign-in codes",
            action: "identity.reset_mfa",
            method: Method::Post(&[("intent", "reset_mfa")]),
            path: "/users/{kent_buyer}",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "view account",
            action: "identity.view_account",
            method: Method::Get,
            path: "/account",
            allowed: SIGNED_IN,
        },
        Case {
            name: "change password page",
            action: "identity.change_own_password",
            method: Method::Get,
            path: "/account/password",
            allowed: SIGNED_IN,
        },
        Case {
            name: "change password",
            action: "identity.change_own_password",
            method: Method::Post(&[("current_password", "")]),
            path: "/account/password",
            allowed: SIGNED_IN,
        },
        Case {
            name: "list Kent users",
            action: "identity.list_users",
            method: Method::Get,
            path: "/organisations/{kent}/users",
            allowed: KENT_ADMINS,
        },
        Case {
            name: "invite page for Kent",
            action: "identity.invite_user",
            method: Method::Get,
            path: "/organisations/{kent}/users/invite",
            allowed: KENT_ADMINS,
        },
        Case {
            name: "invite to Kent",
            action: "identity.invite_user",
            method: Method::Post(&[("name", "")]),
            path: "/organisations/{kent}/users/invite",
            allowed: KENT_ADMINS,
        },
        Case {
            name: "view a Kent user",
            action: "identity.list_users",
            method: Method::Get,
            path: "/users/{kent_buyer}",
            allowed: KENT_ADMINS,
        },
        Case {
            name: "change a Kent user's roles",
            action: "identity.manage_user",
            method: Method::Post(&[("intent", "roles")]),
            path: "/users/{kent_buyer}",
            allowed: KENT_ADMINS,
        },
        Case {
            name: "list suppliers",
            action: "identity.list_suppliers",
            method: Method::Get,
            path: "/admin/suppliers",
            allowed: NATIONAL,
        },
        Case {
            name: "view a supplier application",
            action: "identity.list_suppliers",
            method: Method::Get,
            path: "/admin/suppliers/{pending}",
            allowed: NATIONAL,
        },
        Case {
            name: "decide a supplier application",
            action: "identity.decide_supplier",
            method: Method::Post(&[("decision", "")]),
            path: "/admin/suppliers/{pending}",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "list forces",
            action: "identity.list_forces",
            method: Method::Get,
            path: "/admin/forces",
            allowed: NATIONAL,
        },
        Case {
            name: "view a force",
            action: "identity.list_forces",
            method: Method::Get,
            path: "/admin/forces/{kent}",
            allowed: NATIONAL,
        },
        Case {
            name: "edit force domains",
            action: "identity.edit_force_domains",
            method: Method::Post(&[("domains", "")]),
            path: "/admin/forces/{kent}",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "view audit log",
            action: "audit.view_log",
            method: Method::Get,
            path: "/admin/audit",
            allowed: NATIONAL,
        },
        Case {
            name: "download audit log",
            action: "audit.view_log",
            method: Method::Get,
            path: "/admin/audit.csv",
            allowed: NATIONAL,
        },
        Case {
            name: "API: who am I",
            action: "identity.view_account",
            method: Method::Get,
            path: "/api/v1/me",
            allowed: SIGNED_IN,
        },
        Case {
            name: "API: list suppliers",
            action: "identity.list_suppliers",
            method: Method::Get,
            path: "/api/v1/admin/suppliers",
            allowed: NATIONAL,
        },
        Case {
            name: "API: decide a supplier",
            action: "identity.decide_supplier",
            method: Method::Json("{\"decision\":\"\"}"),
            path: "/api/v1/suppliers/{pending}/decision",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "API: audit events",
            action: "audit.view_log",
            method: Method::Get,
            path: "/api/v1/audit-events",
            allowed: NATIONAL,
        },
        Case {
            name: "frameworks",
            action: "catalogue.browse",
            method: Method::Get,
            path: "/frameworks",
            allowed: &ROLES,
        },
        Case {
            name: "a framework",
            action: "catalogue.browse",
            method: Method::Get,
            path: "/frameworks/{live}",
            allowed: &ROLES,
        },
        Case {
            name: "a lot's services",
            action: "catalogue.browse",
            method: Method::Get,
            path: "/frameworks/{live}/lots/{lot}",
            allowed: &ROLES,
        },
        Case {
            name: "search services",
            action: "catalogue.browse",
            method: Method::Get,
            path: "/services?q=evidence&location=uk_or_eea",
            allowed: &ROLES,
        },
        Case {
            name: "search services (server function)",
            action: "catalogue.browse",
            method: Method::Post(&[("query", "q=evidence")]),
            path: "/fn/catalogue/search",
            allowed: &ROLES,
        },
        Case {
            name: "API: search services",
            action: "catalogue.browse",
            method: Method::Get,
            path: "/api/v1/services?q=evidence",
            allowed: &ROLES,
        },
        Case {
            name: "API: a published service",
            action: "catalogue.browse",
            method: Method::Get,
            path: "/api/v1/services/{beacon_service}",
            allowed: &ROLES,
        },
        Case {
            name: "API: suppliers with published services",
            action: "catalogue.browse",
            method: Method::Get,
            path: "/api/v1/suppliers",
            allowed: &ROLES,
        },
        Case {
            name: "API: frameworks",
            action: "catalogue.browse",
            method: Method::Get,
            path: "/api/v1/frameworks",
            allowed: &ROLES,
        },
        Case {
            name: "a published service",
            action: "catalogue.browse",
            method: Method::Get,
            path: "/services/{beacon_service}",
            allowed: &ROLES,
        },
        Case {
            name: "a supplier's services",
            action: "catalogue.browse",
            method: Method::Get,
            path: "/suppliers/{beacon}",
            allowed: &ROLES,
        },
        Case {
            name: "create a framework",
            action: "catalogue.manage_frameworks",
            method: Method::Get,
            path: "/frameworks/new",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "submit a new framework",
            action: "catalogue.manage_frameworks",
            method: Method::Post(&[("name", "")]),
            path: "/frameworks/new",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "edit a framework",
            action: "catalogue.manage_frameworks",
            method: Method::Get,
            path: "/frameworks/{live}/edit",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "move a framework on to its next stage",
            action: "catalogue.manage_frameworks",
            method: Method::Post(&[]),
            path: "/frameworks/{open}/stage",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "a lot's categories",
            action: "catalogue.manage_frameworks",
            method: Method::Post(&[("intent", "add"), ("name", "")]),
            path: "/frameworks/{live}/lots/{lot}/categories",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "a framework's declaration",
            action: "catalogue.manage_frameworks",
            method: Method::Get,
            path: "/frameworks/{live}/declaration",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "a catalogue list",
            action: "catalogue.manage_frameworks",
            method: Method::Post(&[("intent", "add"), ("name", "")]),
            path: "/admin/catalogue-lists/legacy_function",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "own application",
            action: "catalogue.view_applications",
            method: Method::Get,
            path: "/frameworks/{open}/application",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "save own application",
            action: "catalogue.apply",
            method: Method::Post(&[("intent", "save")]),
            path: "/frameworks/{open}/application",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "all applications",
            action: "catalogue.view_applications",
            method: Method::Get,
            path: "/admin/applications",
            allowed: NATIONAL,
        },
        Case {
            name: "another supplier's application",
            action: "catalogue.view_applications",
            method: Method::Get,
            path: "/admin/applications/{application}",
            allowed: NATIONAL,
        },
        Case {
            name: "decide an application (already decided: shown)",
            action: "catalogue.decide_applications",
            method: Method::Post(&[]),
            path: "/admin/applications/{application}",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "own services",
            action: "catalogue.edit_services",
            method: Method::Get,
            path: "/supplier/services",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "start a service",
            action: "catalogue.edit_services",
            method: Method::Post(&[("lot", "")]),
            path: "/supplier/services/new",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "copy from G-Cloud",
            action: "catalogue.edit_services",
            method: Method::Post(&[("lot", "auto"), ("json", "")]),
            path: "/supplier/services/import",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "change a service",
            action: "catalogue.edit_services",
            method: Method::Post(&[("intent", "nothing")]),
            path: "/services/{beacon_service}/manage",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "edit another supplier's service",
            action: "catalogue.edit_services",
            method: Method::Post(&[("intent", "edit")]),
            path: "/services/{other_service}/manage",
            allowed: &[],
        },
        Case {
            name: "a service's record",
            action: "catalogue.view_service_records",
            method: Method::Get,
            path: "/services/{beacon_service}/manage",
            allowed: &[NationalMember, NationalAdmin, ApprovedSupplier],
        },
        Case {
            name: "a service's versions",
            action: "catalogue.view_service_records",
            method: Method::Get,
            path: "/services/{beacon_service}/versions",
            allowed: &[NationalMember, NationalAdmin, ApprovedSupplier],
        },
        Case {
            name: "another supplier's versions",
            action: "catalogue.view_service_records",
            method: Method::Get,
            path: "/services/{other_service}/versions",
            allowed: NATIONAL,
        },
        Case {
            name: "the review queue",
            action: "catalogue.review_services",
            method: Method::Get,
            path: "/admin/reviews",
            allowed: NATIONAL,
        },
        Case {
            name: "review a service (nothing waiting: shown)",
            action: "catalogue.review_services",
            method: Method::Post(&[("intent", "publish")]),
            path: "/admin/reviews/{beacon_service}",
            allowed: NATIONAL,
        },
        Case {
            name: "suspend a service",
            action: "catalogue.suspend_services",
            method: Method::Post(&[("intent", "suspend"), ("reason", "")]),
            path: "/services/{beacon_service}/suspension",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "suspend a supplier's services",
            action: "catalogue.suspend_services",
            method: Method::Post(&[("intent", "suspend"), ("reason", "")]),
            path: "/suppliers/{beacon}/suspend",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "compare",
            action: "catalogue.browse",
            method: Method::Get,
            path: "/compare",
            allowed: &ROLES,
        },
        Case {
            name: "add to compare",
            action: "catalogue.browse",
            method: Method::Post(&[("add", "{beacon_service}"), ("back", "/compare")]),
            path: "/compare",
            allowed: &ROLES,
        },
        Case {
            name: "projects",
            action: "catalogue.view_projects",
            method: Method::Get,
            path: "/projects",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "a Kent project",
            action: "catalogue.view_projects",
            method: Method::Get,
            path: "/projects/{kent_project}",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "save a search (form)",
            action: "catalogue.save_searches",
            method: Method::Get,
            path: "/projects/save?q=evidence",
            allowed: KENT,
        },
        Case {
            name: "save a search",
            action: "catalogue.save_searches",
            method: Method::Post(&[("search", "q=evidence"), ("project", "new"), ("name", "")]),
            path: "/projects/save",
            allowed: KENT,
        },
        Case {
            name: "assess a Kent project's services",
            action: "catalogue.run_projects",
            method: Method::Post(&[("assessment", "")]),
            path: "/projects/{kent_project}/assessment",
            allowed: KENT,
        },
        Case {
            name: "contracts",
            action: "catalogue.view_contracts",
            method: Method::Get,
            path: "/contracts",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "spend imports",
            action: "spend.view_spend",
            method: Method::Get,
            path: "/spend/imports",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "a Kent import",
            action: "spend.view_spend",
            method: Method::Get,
            path: "/spend/imports/{kent_import}",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "a Kent import's progress (server function)",
            action: "spend.view_spend",
            method: Method::Post(&[("id", "{kent_import}")]),
            path: "/fn/spend/import-progress",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "upload a spend file",
            action: "spend.import_spend",
            method: Method::Get,
            path: "/spend/imports/new",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "confirm a Kent file's columns (none chosen: shown again)",
            action: "spend.import_spend",
            method: Method::Post(&[("column-0", "")]),
            path: "/spend/imports/{kent_import}",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "the Crown Commercial Service's import",
            action: "spend.import_framework_spend",
            method: Method::Get,
            path: "/spend/imports/{ccs_import}",
            allowed: NATIONAL,
        },
        Case {
            name: "roll an import back (not finished: sent back to it)",
            action: "spend.roll_back_import",
            method: Method::Post(&[]),
            path: "/spend/imports/{kent_import}/roll-back",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "buyer names",
            action: "spend.map_buyers",
            method: Method::Get,
            path: "/spend/buyers",
            allowed: NATIONAL,
        },
        Case {
            name: "map a buyer name (nothing chosen: shown again)",
            action: "spend.map_buyers",
            method: Method::Post(&[("decision", "")]),
            path: "/spend/buyers/{buyer}",
            allowed: NATIONAL,
        },
        Case {
            name: "suppliers in the spend",
            action: "spend.merge_suppliers",
            method: Method::Get,
            path: "/spend/suppliers",
            allowed: NATIONAL,
        },
        Case {
            name: "a supplier in the spend",
            action: "spend.merge_suppliers",
            method: Method::Get,
            path: "/spend/suppliers/{spend_supplier}",
            allowed: NATIONAL,
        },
        Case {
            name: "merge suppliers (none chosen: shown again)",
            action: "spend.merge_suppliers",
            method: Method::Post(&[("other", "")]),
            path: "/spend/suppliers/{spend_supplier}/merge",
            allowed: NATIONAL,
        },
        Case {
            name: "split a supplier's only spelling (refused: shown again)",
            action: "spend.merge_suppliers",
            method: Method::Post(&[("name_id", "{spend_spelling}")]),
            path: "/spend/suppliers/{spend_supplier}/split",
            allowed: NATIONAL,
        },
        Case {
            name: "a force's systems register",
            action: "spend.view_systems",
            method: Method::Get,
            path: "/spend/systems?force={kent}",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "a force's register as CSV",
            action: "spend.view_systems",
            method: Method::Get,
            path: "/spend/systems.csv?force={kent}",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "add a system",
            action: "spend.edit_systems",
            method: Method::Get,
            path: "/spend/systems/new?force={kent}",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "add a system (nothing filled in: shown again)",
            action: "spend.edit_systems",
            method: Method::Post(&[("name", "")]),
            path: "/spend/systems/new?force={kent}",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "change a system",
            action: "spend.edit_systems",
            method: Method::Get,
            path: "/spend/systems/{kent_system}",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "change a system (nothing filled in: shown again)",
            action: "spend.edit_systems",
            method: Method::Post(&[("name", "")]),
            path: "/spend/systems/{kent_system}",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "the duplication map",
            action: "spend.view_duplication_map",
            method: Method::Get,
            path: "/spend/duplication",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "the spend dashboard",
            action: "spend.view_dashboards",
            method: Method::Get,
            path: "/spend/dashboard",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "the spend dashboard's table as CSV",
            action: "spend.view_dashboards",
            method: Method::Get,
            path: "/spend/dashboard.csv?table=time",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "the classification rules",
            action: "spend.view_dashboards",
            method: Method::Get,
            path: "/spend/rules",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "aggregation opportunities",
            action: "spend.view_dashboards",
            method: Method::Get,
            path: "/spend/opportunities",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "start a procurement from an opportunity (none chosen)",
            action: "spend.view_dashboards",
            method: Method::Post(&[("supplier", "")]),
            path: "/spend/opportunities/start",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "the replacement planner",
            action: "spend.view_dashboards",
            method: Method::Get,
            path: "/spend/planner",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "a force's classified payments",
            action: "spend.view_lines",
            method: Method::Get,
            path: "/spend/lines?force={kent}&class=unclassified",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "override payments' class (none selected: shown again)",
            action: "spend.override_lines",
            method: Method::Post(&[("reason", "")]),
            path: "/spend/lines/override?force={kent}",
            allowed: KENT,
        },
        Case {
            name: "add a classification rule",
            action: "spend.edit_classification",
            method: Method::Get,
            path: "/spend/rules/new",
            allowed: NATIONAL,
        },
        Case {
            name: "preview a new rule (nothing filled in: shown again)",
            action: "spend.edit_classification",
            method: Method::Get,
            path: "/spend/rules/new/preview?name=",
            allowed: NATIONAL,
        },
        Case {
            name: "save a new rule (nothing filled in: shown again)",
            action: "spend.edit_classification",
            method: Method::Post(&[("name", "")]),
            path: "/spend/rules/new",
            allowed: NATIONAL,
        },
        Case {
            name: "change a rule",
            action: "spend.edit_classification",
            method: Method::Get,
            path: "/spend/rules/{spend_rule}",
            allowed: NATIONAL,
        },
        Case {
            name: "preview removing a rule",
            action: "spend.edit_classification",
            method: Method::Get,
            path: "/spend/rules/{spend_rule}/remove",
            allowed: NATIONAL,
        },
        Case {
            name: "save a changed rule (nothing filled in: shown again)",
            action: "spend.edit_classification",
            method: Method::Post(&[("name", "")]),
            path: "/spend/rules/{spend_rule}",
            allowed: NATIONAL,
        },
        Case {
            name: "set the legacy share target (nothing filled in: shown again)",
            action: "spend.edit_classification",
            method: Method::Post(&[("percent", "")]),
            path: "/spend/target",
            allowed: NATIONAL,
        },
        Case {
            name: "shared procurements",
            action: "procurement.view_procurements",
            method: Method::Get,
            path: "/procurements",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "a published procurement",
            action: "procurement.view_procurements",
            method: Method::Get,
            path: "/procurements/{kent_published}",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "a procurement over the API",
            action: "procurement.view_procurements",
            method: Method::Get,
            path: "/api/v1/procurements/{kent_published}",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "raise a procurement",
            action: "procurement.run_procurement",
            method: Method::Get,
            path: "/procurements/new",
            allowed: KENT,
        },
        Case {
            name: "start a draft",
            action: "procurement.run_procurement",
            method: Method::Post(&[("title", "")]),
            path: "/procurements/new",
            allowed: KENT,
        },
        Case {
            name: "change a published procurement's form (to amend it)",
            action: "procurement.run_procurement",
            method: Method::Get,
            path: "/procurements/{kent_published}/edit",
            allowed: KENT,
        },
        Case {
            name: "save Kent's draft",
            action: "procurement.run_procurement",
            method: Method::Post(&[("title", "")]),
            path: "/procurements/{kent_draft}/edit",
            allowed: KENT,
        },
        Case {
            name: "add a collaborator",
            action: "procurement.run_procurement",
            method: Method::Post(&[("email", "")]),
            path: "/procurements/{kent_draft}/collaborators",
            allowed: KENT,
        },
        Case {
            name: "open Kent's draft (incomplete)",
            action: "procurement.run_procurement",
            method: Method::Post(&[]),
            path: "/procurements/{kent_draft}/open",
            allowed: KENT,
        },
        Case {
            name: "publish (already published)",
            action: "procurement.run_procurement",
            method: Method::Post(&[]),
            path: "/procurements/{kent_published}/publish",
            allowed: KENT,
        },
        Case {
            name: "the amendment form",
            action: "procurement.run_procurement",
            method: Method::Get,
            path: "/procurements/{kent_published}/amend",
            allowed: KENT,
        },
        Case {
            name: "amend without a reason",
            action: "procurement.run_procurement",
            method: Method::Post(&[("reason", "")]),
            path: "/procurements/{kent_published}/amend",
            allowed: KENT,
        },
        Case {
            name: "cancel without a reason",
            action: "procurement.run_procurement",
            method: Method::Post(&[("reason", "")]),
            path: "/procurements/{kent_published}/cancel",
            allowed: KENT,
        },
        Case {
            name: "answer a question (empty)",
            action: "procurement.run_procurement",
            method: Method::Post(&[]),
            path: "/procurements/{kent_published}/questions/{question}/answer",
            allowed: KENT,
        },
        Case {
            name: "the join form of Essex's procurement",
            action: "procurement.join_procurement",
            method: Method::Get,
            path: "/procurements/{essex_open}/join",
            allowed: KENT,
        },
        Case {
            name: "join with no demand",
            action: "procurement.join_procurement",
            method: Method::Post(&[("quantity", "")]),
            path: "/procurements/{essex_open}/join",
            allowed: KENT,
        },
        Case {
            name: "withdraw (not joined)",
            action: "procurement.join_procurement",
            method: Method::Post(&[]),
            path: "/procurements/{essex_open}/withdraw",
            allowed: KENT,
        },
        Case {
            name: "read the bids (sealed until the deadline)",
            action: "procurement.open_bids",
            method: Method::Get,
            path: "/procurements/{kent_published}/bids",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "opportunities",
            action: "procurement.view_opportunities",
            method: Method::Get,
            path: "/opportunities",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "an opportunity",
            action: "procurement.view_opportunities",
            method: Method::Get,
            path: "/opportunities/{kent_published}",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "opportunities over the API",
            action: "procurement.view_opportunities",
            method: Method::Get,
            path: "/api/v1/opportunities",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "the bid form",
            action: "procurement.bid",
            method: Method::Get,
            path: "/opportunities/{kent_published}/bid",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "a bid with an unreadable price",
            action: "procurement.bid",
            method: Method::Post(&[("total", "lots"), ("action", "save")]),
            path: "/opportunities/{kent_published}/bid",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "an empty question",
            action: "procurement.bid",
            method: Method::Post(&[("question", "")]),
            path: "/opportunities/{kent_published}/questions",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "withdraw a bid (none)",
            action: "procurement.bid",
            method: Method::Post(&[]),
            path: "/opportunities/{kent_published}/bid/withdraw",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "the evaluation board",
            action: "procurement.run_procurement",
            method: Method::Get,
            path: "/procurements/{kent_evaluating}/evaluation",
            allowed: KENT,
        },
        Case {
            name: "assign bids to nobody",
            action: "procurement.run_procurement",
            method: Method::Post(&[("evaluator", "")]),
            path: "/procurements/{kent_evaluating}/evaluators",
            allowed: KENT,
        },
        Case {
            name: "name a moderator who is not an evaluator",
            action: "procurement.run_procurement",
            method: Method::Post(&[("moderator", "nobody")]),
            path: "/procurements/{kent_evaluating}/moderator",
            allowed: KENT,
        },
        Case {
            name: "take back a bid after the award",
            action: "procurement.run_procurement",
            method: Method::Post(&[]),
            path: "/procurements/{kent_awarded}/evaluators/{awarded_assignment}/remove",
            allowed: KENT,
        },
        Case {
            name: "the score sheet of an assigned bid",
            action: "procurement.evaluate",
            method: Method::Get,
            path: "/procurements/{kent_evaluating}/evaluate/{evaluating_bid}",
            allowed: &[ForceEvaluator],
        },
        Case {
            name: "scores with no declaration",
            action: "procurement.evaluate",
            method: Method::Post(&[("declaration", ""), ("action", "save")]),
            path: "/procurements/{kent_evaluating}/evaluate/{evaluating_bid}",
            allowed: &[ForceEvaluator],
        },
        Case {
            name: "moderation",
            action: "procurement.run_procurement",
            method: Method::Get,
            path: "/procurements/{kent_evaluating}/moderation",
            allowed: KENT,
        },
        Case {
            name: "moderate a bid nobody has scored",
            action: "procurement.run_procurement",
            method: Method::Post(&[]),
            path: "/procurements/{kent_evaluating}/moderation/{evaluating_bid}",
            allowed: KENT,
        },
        Case {
            name: "the award page",
            action: "procurement.run_procurement",
            method: Method::Get,
            path: "/procurements/{kent_evaluating}/award",
            allowed: KENT,
        },
        Case {
            name: "award before moderation",
            action: "procurement.run_procurement",
            method: Method::Post(&[]),
            path: "/procurements/{kent_evaluating}/award",
            allowed: KENT,
        },
        Case {
            name: "decide a challenge without a decision",
            action: "procurement.run_procurement",
            method: Method::Post(&[]),
            path: "/procurements/{kent_standstill}/challenges/{challenge}",
            allowed: KENT,
        },
        Case {
            name: "confirm an award during its standstill",
            action: "procurement.run_procurement",
            method: Method::Post(&[]),
            path: "/procurements/{kent_standstill}/confirm",
            allowed: KENT,
        },
        Case {
            name: "a bidder's assessment summary",
            action: "procurement.bid",
            method: Method::Get,
            path: "/opportunities/{kent_standstill}/assessment",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "a challenge with no grounds",
            action: "procurement.bid",
            method: Method::Post(&[("grounds", "")]),
            path: "/opportunities/{kent_standstill}/challenge",
            allowed: &[ApprovedSupplier],
        },
        Case {
            name: "the contract register as CSV",
            action: "catalogue.view_contracts",
            method: Method::Get,
            path: "/contracts.csv",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "a Kent contract",
            action: "catalogue.view_contracts",
            method: Method::Get,
            path: "/contracts/{kent_contract}",
            allowed: KENT_AND_NATIONAL,
        },
        Case {
            name: "OCDS releases",
            action: "procurement.read_open_data",
            method: Method::Get,
            path: "/api/v1/ocds/releases",
            allowed: &ROLES,
        },
        Case {
            name: "an OCDS release package",
            action: "procurement.read_open_data",
            method: Method::Get,
            path: "/api/v1/ocds/{ocid}",
            allowed: &ROLES,
        },
        Case {
            name: "an OCDS record",
            action: "procurement.read_open_data",
            method: Method::Get,
            path: "/api/v1/ocds/{ocid}/record",
            allowed: &ROLES,
        },
        Case {
            name: "the minimum tender period",
            action: "procurement.set_tender_period",
            method: Method::Get,
            path: "/admin/tender-period",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "set the minimum tender period (empty)",
            action: "procurement.set_tender_period",
            method: Method::Post(&[("days", "")]),
            path: "/admin/tender-period",
            allowed: &[NationalAdmin],
        },
        Case {
            name: "notifications",
            action: "procurement.read_notifications",
            method: Method::Get,
            path: "/notifications",
            allowed: SIGNED_IN,
        },
        Case {
            name: "notification emails",
            action: "procurement.read_notifications",
            method: Method::Post(&[("email", "published")]),
            path: "/notifications/preferences",
            allowed: SIGNED_IN,
        },
        Case {
            name: "the demo's clock (the test router runs in demo mode)",
            action: "procurement.move_demo_clock",
            method: Method::Get,
            path: "/dev/clock",
            allowed: &ROLES,
        },
        Case {
            name: "move the demo's clock (no hours)",
            action: "procurement.move_demo_clock",
            method: Method::Post(&[("hours", "")]),
            path: "/dev/clock",
            allowed: &ROLES,
        },
    ]
}

/// Procurements to act on: Kent's draft, Essex's open to join, Kent's published one and its
/// unanswered question.
async fn procurement_ids(db: &app::db::Db) -> Vec<(&'static str, String)> {
    use app::procurement::entity::{procurement, procurement_question};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let id = |title: &'static str| async move {
        procurement::Entity::find()
            .filter(procurement::Column::Title.eq(title))
            .one(&db.conn)
            .await
            .unwrap()
            .expect("a demo procurement")
            .id
    };
    let published = id("Custody record system for the South East").await;
    let question = procurement_question::Entity::find()
        .filter(procurement_question::Column::ProcurementId.eq(published))
        .filter(procurement_question::Column::Answer.is_null())
        .one(&db.conn)
        .await
        .unwrap()
        .expect("an unanswered demo question")
        .id;
    use app::catalogue::entity::contract;
    use app::procurement::entity::{bid, evaluation_assignment, procurement_challenge};
    let evaluating = id("Digital evidence sharing platform").await;
    let evaluating_bid = bid::Entity::find()
        .filter(bid::Column::ProcurementId.eq(evaluating))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("a demo bid")
        .id;
    let awarded = id("Automatic number plate recognition cameras").await;
    let awarded_assignment = evaluation_assignment::Entity::find()
        .filter(evaluation_assignment::Column::ProcurementId.eq(awarded))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("a demo assignment")
        .id;
    let standstill = id("Command and control replacement").await;
    let challenge = procurement_challenge::Entity::find()
        .filter(procurement_challenge::Column::ProcurementId.eq(standstill))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("a demo challenge")
        .id;
    let kent = id_of_org(db, "Kent Police").await;
    let kent_contract = contract::Entity::find()
        .filter(contract::Column::ProcurementId.eq(awarded))
        .filter(contract::Column::ForceId.eq(kent))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("Kent's demo contract")
        .id;
    vec![
        (
            "{kent_draft}",
            id("Body-worn video replacement").await.to_string(),
        ),
        (
            "{essex_open}",
            id("Digital interview recording").await.to_string(),
        ),
        ("{kent_published}", published.to_string()),
        ("{question}", question.to_string()),
        ("{kent_evaluating}", evaluating.to_string()),
        ("{evaluating_bid}", evaluating_bid.to_string()),
        ("{kent_awarded}", awarded.to_string()),
        ("{awarded_assignment}", awarded_assignment.to_string()),
        ("{kent_standstill}", standstill.to_string()),
        ("{challenge}", challenge.to_string()),
        ("{kent_contract}", kent_contract.to_string()),
        ("{ocid}", app::procurement::ocds::procurement_ocid(awarded)),
    ]
}

async fn id_of_org(db: &app::db::Db, name: &str) -> i32 {
    use app::identity::entity::organisation;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("a demo organisation")
        .id
}

/// Spend to act on: a Kent file waiting for its columns, a Crown Commercial Service file, a
/// buyer name and a supplier with one spelling.
async fn spend_ids(db: &app::db::Db) -> Vec<(&'static str, String)> {
    use app::spend::entity::{spend_buyer, spend_supplier, spend_supplier_name};
    use app::spend::service::{upload, NewUpload, PublisherChoice};
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let kent = bluelamp_tests::viewer(db, "buyer@kent.police.uk").await;
    let national = bluelamp_tests::viewer(db, "admin@npto.example").await;
    let file = b"Date,Supplier,Amount,Customer\n01/04/2024,Acme,10.00,Kent Police\n";
    let up = |who: app::access::Viewer, publisher| async move {
        upload(
            db,
            Some(&who),
            NewUpload {
                publisher: Some(publisher),
                file_name: "spend.csv".into(),
                encoding: String::new(),
            },
            &file[..],
            file.len() as u64,
        )
        .await
        .unwrap()
        .to_string()
    };
    let kent_import = up(kent.clone(), PublisherChoice::Force(kent.org_id)).await;
    let ccs_import = up(national, PublisherChoice::Ccs).await;
    let buyer = spend_buyer::ActiveModel {
        name: Set("Example Policing Trust".into()),
        key: Set("=example policing trust".into()),
        status: Set(app::spend::types::BuyerStatus::Unknown),
        ..Default::default()
    }
    .insert(&db.conn)
    .await
    .unwrap();
    let supplier = spend_supplier::ActiveModel {
        name: Set("Acme Ltd".into()),
        key: Set("acme".into()),
        ..Default::default()
    }
    .insert(&db.conn)
    .await
    .unwrap();
    let spelling = spend_supplier_name::ActiveModel {
        supplier_id: Set(supplier.id),
        name: Set("Acme Ltd".into()),
        ..Default::default()
    }
    .insert(&db.conn)
    .await
    .unwrap();
    let kent_system = app::spend::entity::spend_system::Entity::find()
        .filter(app::spend::entity::spend_system::Column::ForceId.eq(kent.org_id))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("the demo register")
        .id;
    let spend_rule = app::spend::entity::spend_rule::Entity::find()
        .one(&db.conn)
        .await
        .unwrap()
        .expect("the demo's starter rules")
        .id;
    vec![
        ("{spend_rule}", spend_rule.to_string()),
        ("{kent_system}", kent_system.to_string()),
        ("{kent_import}", kent_import),
        ("{ccs_import}", ccs_import),
        ("{buyer}", buyer.id.to_string()),
        ("{spend_supplier}", supplier.id.to_string()),
        ("{spend_spelling}", spelling.id.to_string()),
    ]
}

#[tokio::test]
async fn every_role_against_every_route() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let base = Client::new(db);
        let ids = {
            let mut n = base.fresh();
            n.sign_in("admin@npto.example").await;
            let forces = n.get("/admin/forces").await.body;
            let kent = link_id(&forces, "/admin/forces/", ">Kent Police<");
            let users = n.get(&format!("/organisations/{kent}/users")).await.body;
            let buyer = link_id(&users, "/users/", ">Tom Fletcher<");
            let suppliers = n.get("/admin/suppliers?status=pending").await.body;
            let pending = link_id(&suppliers, "/admin/suppliers/", "Juniper");
            let frameworks = n.get("/frameworks").await.body;
            let live = link_id(&frameworks, "/frameworks/", ">Police Cloud 1<");
            let open = link_id(&frameworks, "/frameworks/", ">Police Cloud 2<");
            let framework = n.get(&format!("/frameworks/{live}")).await.body;
            let lot = link_id(
                &framework,
                &format!("/frameworks/{live}/lots/"),
                "Cloud software",
            );
            let approved = n.get("/admin/suppliers?status=active").await.body;
            let beacon = link_id(&approved, "/admin/suppliers/", "Beacon Analytics");
            let beacon_page = n.get(&format!("/suppliers/{beacon}")).await.body;
            let beacon_service = link_id(&beacon_page, "/services/", "");
            let applications = n.get("/admin/applications").await.body;
            let application = link_id(&applications, "/admin/applications/", "Ashdown Digital");
            let lot_page = n.get(&format!("/frameworks/{live}/lots/{lot}")).await.body;
            let other_service = lot_page
                .split("/services/")
                .skip(1)
                .map(|s| s.split('"').next().unwrap_or("").to_string())
                .find(|id| !beacon_page.contains(&format!("/services/{id}\"")))
                .expect("a service of another supplier");
            let projects = n.get("/projects").await.body;
            let kent_project = link_id(&projects, "/projects/", "Digital evidence management");
            let mut ids = spend_ids(db).await;
            ids.extend(procurement_ids(db).await);
            ids.extend([
                ("{kent}", kent),
                ("{kent_buyer}", buyer),
                ("{pending}", pending),
                ("{live}", live),
                ("{open}", open),
                ("{lot}", lot),
                ("{beacon}", beacon),
                ("{beacon_service}", beacon_service),
                ("{application}", application),
                ("{other_service}", other_service),
                ("{kent_project}", kent_project),
            ]);
            ids
        };
        let mut failures = Vec::new();
        for role in ROLES {
            let mut c = base.fresh();
            if let Some(e) = email(role) {
                c.sign_in(e).await;
            }
            for case in cases() {
                let path = ids
                    .iter()
                    .fold(case.path.to_string(), |p, (k, v)| p.replace(k, v));
                let r = match case.method {
                    Method::Get => c.get(&path).await,
                    Method::Post(fields) => {
                        let fields: Vec<(&str, String)> = fields
                            .iter()
                            .map(|(k, v)| {
                                (
                                    *k,
                                    ids.iter()
                                        .fold(v.to_string(), |v, (p, id)| v.replace(p, id)),
                                )
                            })
                            .collect();
                        let fields: Vec<(&str, &str)> =
                            fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                        c.post_form(&path, &fields).await
                    }
                    Method::Json(body) => {
                        c.post_json(&path, serde_json::from_str(body).unwrap())
                            .await
                    }
                };
                let allowed = case.allowed.contains(&role);
                // Allowed: the page, a redirect after a change, the form's validation errors, or
                // a rule refusing it in the record's present state (409, shown on its page).
                // Refused: 403, or for signed-out visitors to a page, a redirect to sign in.
                // Signed-in visitors to sign-in/registration pages are refused or sent home.
                let ok = if allowed {
                    matches!(
                        r.status,
                        StatusCode::OK | StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT
                    ) || (r.status == StatusCode::SEE_OTHER
                        && (!r.location.as_deref().unwrap_or("").starts_with("/sign-in")
                                // The second step with nothing pending sends back to the password.
                                || r.location.as_deref() == Some("/sign-in")))
                } else if role == Anonymous && path.starts_with("/fn/") {
                    // A server function answers an island, which has no sign-in page to go to.
                    r.status == StatusCode::FORBIDDEN
                } else if role == Anonymous && !path.starts_with("/api/") {
                    r.status == StatusCode::SEE_OTHER
                        && r.location
                            .as_deref()
                            .unwrap_or("")
                            .starts_with("/sign-in?next=")
                } else if role == Anonymous {
                    // The API tells a signed-out caller to authenticate (ASVS: 401, not 403).
                    r.status == StatusCode::UNAUTHORIZED
                } else {
                    r.status == StatusCode::FORBIDDEN
                        || (r.status == StatusCode::SEE_OTHER && r.location.as_deref() == Some("/"))
                };
                if !ok {
                    failures.push(format!(
                        "{role:?} {} ({path}): expected {}, got {} {:?}",
                        case.name,
                        if allowed { "allowed" } else { "refused" },
                        r.status,
                        r.location
                    ));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "authorisation mismatches:\n{}",
            failures.join("\n")
        );
    });
}

/// A new action in the rule book with no route here fails: every action is walked over HTTP.
#[test]
fn every_action_has_a_route_in_the_matrix() {
    let cases = cases();
    let missing: Vec<String> = app::access::Action::all()
        .iter()
        .map(|a| a.name())
        .filter(|name| !cases.iter().any(|c| c.action == name))
        .collect();
    assert!(
        missing.is_empty(),
        "actions with no route in the matrix: {missing:?}"
    );
    for c in &cases {
        assert!(
            app::access::Action::all()
                .iter()
                .any(|a| a.name() == c.action),
            "{}: no such action {}",
            c.name,
            c.action
        );
    }
}
