//! The rule book against a matrix written out by hand, independently of the rules: every
//! kind of person, every action of every area, on their own organisation and on another.
//! An action with no row here fails the test, so a new action cannot slip in unreviewed.

use super::*;
use Who::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    ForceMember,
    ForceEvaluator,
    ForceAdmin,
    NationalMember,
    NationalAdmin,
    SupplierAdmin,
    PendingSupplierAdmin,
    RejectedSupplierAdmin,
}

const EVERYONE: [Who; 9] = [
    Anonymous,
    ForceMember,
    ForceEvaluator,
    ForceAdmin,
    NationalMember,
    NationalAdmin,
    SupplierAdmin,
    PendingSupplierAdmin,
    RejectedSupplierAdmin,
];
const SIGNED_IN: &[Who] = &[
    ForceMember,
    ForceEvaluator,
    ForceAdmin,
    NationalMember,
    NationalAdmin,
    SupplierAdmin,
    PendingSupplierAdmin,
    RejectedSupplierAdmin,
];
const NATIONAL: &[Who] = &[NationalMember, NationalAdmin];
const FORCES_AND_NATIONAL: &[Who] = &[
    ForceMember,
    ForceEvaluator,
    ForceAdmin,
    NationalMember,
    NationalAdmin,
];
const FORCES: &[Who] = &[ForceMember, ForceEvaluator, ForceAdmin];
const ACTIVE_ADMINS: &[Who] = &[ForceAdmin, NationalAdmin, SupplierAdmin];

/// (action, who may do it to their own organisation, who may do it to another's).
/// Actions with no organisation have the same list twice.
const EXPECTED: &[(&str, &[Who], &[Who])] = &[
    ("identity.sign_in", &[Anonymous], &[Anonymous]),
    ("identity.register", &[Anonymous], &[Anonymous]),
    ("identity.complete_sign_in", &[Anonymous], &[Anonymous]),
    ("identity.confirm_email", &EVERYONE, &EVERYONE),
    ("identity.manage_own_mfa", SIGNED_IN, SIGNED_IN),
    ("identity.reset_mfa", &[NationalAdmin], &[NationalAdmin]),
    ("identity.view_home", SIGNED_IN, SIGNED_IN),
    ("identity.view_account", SIGNED_IN, SIGNED_IN),
    ("identity.change_own_password", SIGNED_IN, SIGNED_IN),
    ("identity.list_users", ACTIVE_ADMINS, &[NationalAdmin]),
    ("identity.invite_user", ACTIVE_ADMINS, &[NationalAdmin]),
    ("identity.manage_user", ACTIVE_ADMINS, &[NationalAdmin]),
    ("identity.list_suppliers", NATIONAL, NATIONAL),
    (
        "identity.decide_supplier",
        &[NationalAdmin],
        &[NationalAdmin],
    ),
    ("identity.list_forces", NATIONAL, NATIONAL),
    (
        "identity.edit_force_domains",
        &[NationalAdmin],
        &[NationalAdmin],
    ),
    ("audit.view_log", NATIONAL, NATIONAL),
    ("mail.read_demo_mailbox", &EVERYONE, &EVERYONE),
    ("catalogue.browse", &EVERYONE, &EVERYONE),
    (
        "catalogue.manage_frameworks",
        &[NationalAdmin],
        &[NationalAdmin],
    ),
    ("catalogue.apply", &[SupplierAdmin], &[]),
    (
        "catalogue.view_applications",
        &[NationalMember, NationalAdmin, SupplierAdmin],
        NATIONAL,
    ),
    (
        "catalogue.decide_applications",
        &[NationalAdmin],
        &[NationalAdmin],
    ),
    ("catalogue.edit_services", &[SupplierAdmin], &[]),
    (
        "catalogue.view_service_records",
        &[NationalMember, NationalAdmin, SupplierAdmin],
        NATIONAL,
    ),
    ("catalogue.review_services", NATIONAL, NATIONAL),
    (
        "catalogue.suspend_services",
        &[NationalAdmin],
        &[NationalAdmin],
    ),
    ("catalogue.save_searches", FORCES, FORCES),
    ("catalogue.view_projects", FORCES_AND_NATIONAL, NATIONAL),
    ("catalogue.run_projects", FORCES, &[]),
    ("catalogue.view_contracts", FORCES_AND_NATIONAL, NATIONAL),
    ("spend.view_spend", FORCES_AND_NATIONAL, NATIONAL),
    ("spend.import_spend", FORCES_AND_NATIONAL, NATIONAL),
    ("spend.import_framework_spend", NATIONAL, NATIONAL),
    ("spend.map_buyers", NATIONAL, NATIONAL),
    ("spend.merge_suppliers", NATIONAL, NATIONAL),
    ("spend.roll_back_import", &[NationalAdmin], &[NationalAdmin]),
    ("spend.view_systems", FORCES_AND_NATIONAL, NATIONAL),
    ("spend.edit_systems", FORCES_AND_NATIONAL, NATIONAL),
    (
        "spend.view_duplication_map",
        FORCES_AND_NATIONAL,
        FORCES_AND_NATIONAL,
    ),
    (
        "spend.view_dashboards",
        FORCES_AND_NATIONAL,
        FORCES_AND_NATIONAL,
    ),
    ("spend.view_lines", FORCES_AND_NATIONAL, NATIONAL),
    ("spend.override_lines", FORCES, &[]),
    ("spend.edit_classification", NATIONAL, NATIONAL),
    (
        "procurement.view_procurements",
        FORCES_AND_NATIONAL,
        FORCES_AND_NATIONAL,
    ),
    ("procurement.run_procurement", FORCES, &[]),
    ("procurement.join_procurement", FORCES, &[]),
    (
        "procurement.view_opportunities",
        &[SupplierAdmin],
        &[SupplierAdmin],
    ),
    ("procurement.bid", &[SupplierAdmin], &[]),
    ("procurement.open_bids", FORCES_AND_NATIONAL, NATIONAL),
    (
        "procurement.set_tender_period",
        &[NationalAdmin],
        &[NationalAdmin],
    ),
    ("procurement.evaluate", &[ForceEvaluator], &[]),
    ("procurement.read_notifications", SIGNED_IN, SIGNED_IN),
    ("procurement.read_open_data", &EVERYONE, &EVERYONE),
    ("procurement.move_demo_clock", &EVERYONE, &EVERYONE),
];

fn viewer(who: Who, org_id: i32) -> Option<Viewer> {
    let (kind, status, roles) = match who {
        Anonymous => return None,
        ForceMember => (OrgKind::Force, OrgStatus::Active, vec![Role::Member]),
        ForceEvaluator => (
            OrgKind::Force,
            OrgStatus::Active,
            vec![Role::Member, Role::Evaluator],
        ),
        ForceAdmin => (
            OrgKind::Force,
            OrgStatus::Active,
            vec![Role::Member, Role::Admin],
        ),
        NationalMember => (OrgKind::National, OrgStatus::Active, vec![Role::Member]),
        NationalAdmin => (
            OrgKind::National,
            OrgStatus::Active,
            vec![Role::Member, Role::Admin],
        ),
        SupplierAdmin => (
            OrgKind::Supplier,
            OrgStatus::Active,
            vec![Role::Member, Role::Admin],
        ),
        PendingSupplierAdmin => (
            OrgKind::Supplier,
            OrgStatus::Pending,
            vec![Role::Member, Role::Admin],
        ),
        RejectedSupplierAdmin => (
            OrgKind::Supplier,
            OrgStatus::Rejected,
            vec![Role::Member, Role::Admin],
        ),
    };
    Some(Viewer {
        user_id: 1,
        name: "A Person".into(),
        email: "a@example.test".into(),
        org_id,
        org_name: "Organisation".into(),
        org_kind: kind,
        org_status: status,
        roles,
    })
}

#[test]
fn every_action_of_every_area_matches_the_matrix() {
    let mut failures = Vec::new();
    for action in Action::all() {
        let name = action.name();
        let Some((_, own, other)) = EXPECTED.iter().find(|(n, _, _)| *n == name) else {
            failures.push(format!("{name}: no row in EXPECTED; add one"));
            continue;
        };
        for who in EVERYONE {
            // Action::all() leaves the organisation acted on at 0: a viewer in organisation 0
            // acts on their own, one in organisation 7 on someone else's.
            for (org_id, allowed) in [(0, own), (7, other)] {
                let v = viewer(who, org_id);
                let got = can(v.as_ref(), action);
                if got != allowed.contains(&who) {
                    failures.push(format!(
                        "{name} by {who:?} on {} organisation: expected {}, got {}",
                        if org_id == 0 { "their own" } else { "another" },
                        allowed.contains(&who),
                        got
                    ));
                }
            }
        }
    }
    for (name, _, _) in EXPECTED {
        if !Action::all().iter().any(|a| a.name() == *name) {
            failures.push(format!("{name}: in EXPECTED but no such action"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn authorise_hands_back_the_viewer_or_refuses() {
    let admin = viewer(NationalAdmin, 1);
    let member = viewer(ForceMember, 2);
    let ok = authorise(admin.as_ref(), IdentityAction::DecideSupplier);
    assert_eq!(ok.ok().map(|v| v.org_id), Some(1));
    assert!(matches!(
        authorise(member.as_ref(), IdentityAction::DecideSupplier),
        Err(ServiceError::Forbidden)
    ));
    // authorise is for signed-in actions: even one open to visitors needs a viewer.
    assert!(matches!(
        authorise(None, IdentityAction::SignIn),
        Err(ServiceError::Forbidden)
    ));
    assert!(permit(None, IdentityAction::SignIn).is_ok());
    assert!(permit(member.as_ref(), IdentityAction::SignIn).is_err());
}

#[test]
fn missing_records_look_like_refused_ones_to_those_who_could_not_see_them() {
    let admin = viewer(NationalAdmin, 1);
    let force_admin = viewer(ForceAdmin, 2);
    let anywhere = IdentityAction::ListUsers {
        org_id: ANOTHER_ORGANISATION,
    };
    assert!(matches!(
        missing(admin.as_ref(), anywhere),
        ServiceError::NotFound
    ));
    assert!(matches!(
        missing(force_admin.as_ref(), anywhere),
        ServiceError::Forbidden
    ));
}

// The foundation's rule tests, kept as they were, now over every area's actions.

fn is_sign_in_or_register(a: Action) -> bool {
    matches!(
        a,
        Action::Identity(
            IdentityAction::SignIn | IdentityAction::Register | IdentityAction::CompleteSignIn
        )
    )
}

/// What a token in a link authorises, or what exists only in demo mode: open to anyone.
fn open_to_anyone(a: Action) -> bool {
    matches!(
        a,
        Action::Identity(IdentityAction::ConfirmEmail)
            | Action::Mail(MailAction::ReadDemoMailbox)
            | Action::Catalogue(CatalogueAction::Browse)
            | Action::Procurement(
                ProcurementAction::MoveDemoClock | ProcurementAction::ReadOpenData
            )
    )
}

/// What only a supplier does for itself (the national body decides, it does not apply or
/// list), and what only a force does (it buys; the national body oversees, it does not run a
/// force's searches, nor overrides a force's classification of its own payments).
fn supplier_only(a: Action) -> bool {
    matches!(
        a,
        Action::Catalogue(
            CatalogueAction::Apply { .. }
                | CatalogueAction::EditServices { .. }
                | CatalogueAction::SaveSearches
                | CatalogueAction::RunProjects { .. }
        ) | Action::Procurement(
            ProcurementAction::RunProcurement { .. }
                | ProcurementAction::JoinProcurement { .. }
                | ProcurementAction::ViewOpportunities
                | ProcurementAction::Bid { .. }
                | ProcurementAction::Evaluate { .. }
        ) | Action::Spend(SpendAction::OverrideLines { .. })
    )
}

#[test]
fn national_admin_manages_everything() {
    let v = viewer(NationalAdmin, 1);
    for a in Action::all() {
        let expected = (!is_sign_in_or_register(a) || open_to_anyone(a)) && !supplier_only(a);
        assert_eq!(can(v.as_ref(), a), expected, "{a:?}");
    }
}

#[test]
fn force_admin_manages_only_own_users() {
    let v = viewer(ForceAdmin, 5);
    assert!(can(v.as_ref(), IdentityAction::ManageUser { org_id: 5 }));
    assert!(!can(v.as_ref(), IdentityAction::ManageUser { org_id: 6 }));
    assert!(!can(v.as_ref(), AuditAction::ViewLog));
}

#[test]
fn pending_supplier_admin_cannot_manage_users() {
    let v = viewer(PendingSupplierAdmin, 7);
    assert!(can(v.as_ref(), IdentityAction::ViewHome));
    assert!(!can(v.as_ref(), IdentityAction::ListUsers { org_id: 7 }));
}

#[test]
fn anonymous_may_only_sign_in_or_register() {
    for a in Action::all() {
        assert_eq!(
            can(None, a),
            is_sign_in_or_register(a) || open_to_anyone(a),
            "{a:?}"
        );
    }
}
