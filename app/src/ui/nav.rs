//! Which navigation items each kind of signed-in person sees.

use crate::access::{
    can, AuditAction, CatalogueAction, IdentityAction, ProcurementAction, SpendAction, Viewer,
    ANOTHER_ORGANISATION,
};

/// (label, href) pairs, in order.
pub fn items(viewer: Option<&Viewer>) -> Vec<(&'static str, String)> {
    let Some(v) = viewer else {
        return vec![
            ("Find services", "/services".into()),
            ("Frameworks", "/frameworks".into()),
            ("Sign in", "/sign-in".into()),
            ("Register", "/register".into()),
        ];
    };
    let mut items = vec![
        ("Home", "/".to_string()),
        ("Find services", "/services".to_string()),
        ("Frameworks", "/frameworks".to_string()),
    ];
    if can(viewer, CatalogueAction::ViewProjects { org_id: v.org_id }) {
        items.push(("Projects", "/projects".into()));
    }
    if can(viewer, ProcurementAction::ViewProcurements) {
        items.push(("Procurements", "/procurements".into()));
    }
    if can(viewer, ProcurementAction::ViewOpportunities) {
        items.push(("Opportunities", "/opportunities".into()));
    }
    if can(viewer, CatalogueAction::EditServices { org_id: v.org_id }) {
        items.push(("Your services", "/supplier/services".into()));
    }
    if can(viewer, CatalogueAction::ReviewServices) {
        items.push(("Reviews", "/admin/reviews".into()));
    }
    if can(
        viewer,
        CatalogueAction::ViewApplications {
            org_id: ANOTHER_ORGANISATION,
        },
    ) {
        items.push(("Applications", "/admin/applications".into()));
    }
    if can(viewer, SpendAction::ViewSpend { org_id: v.org_id }) {
        items.push(("Spend", "/spend/dashboard".into()));
    }
    if can(viewer, IdentityAction::ListSuppliers) {
        items.push(("Suppliers", "/admin/suppliers".into()));
    }
    if can(viewer, IdentityAction::ListForces) {
        items.push(("Forces", "/admin/forces".into()));
    }
    if can(viewer, IdentityAction::ListUsers { org_id: v.org_id }) {
        items.push(("Users", format!("/organisations/{}/users", v.org_id)));
    }
    if can(viewer, AuditAction::ViewLog) {
        items.push(("Audit log", "/admin/audit".into()));
    }
    items.push(("Notifications", "/notifications".into()));
    items.push(("Your account", "/account".into()));
    items
}

/// The item that should be marked current for a path: the longest matching prefix.
pub fn current<'a>(items: &'a [(&'static str, String)], path: &str) -> Option<&'a str> {
    // Every spend page (imports, rules, registers) belongs to the Spend section.
    if path.starts_with("/spend/") {
        if let Some((_, href)) = items.iter().find(|(_, href)| href.starts_with("/spend/")) {
            return Some(href.as_str());
        }
    }
    // A user's own page (/users/{id}) belongs to the Users section.
    if path.starts_with("/users/") {
        if let Some((_, href)) = items.iter().find(|(_, href)| href.ends_with("/users")) {
            return Some(href.as_str());
        }
    }
    items
        .iter()
        .filter(|(_, href)| {
            if href == "/" {
                path == "/"
            } else {
                path == href || path.starts_with(&format!("{href}/"))
            }
        })
        .max_by_key(|(_, href)| href.len())
        .map(|(_, href)| href.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::types::{OrgKind, OrgStatus, Role};

    fn viewer(kind: OrgKind, status: OrgStatus, roles: &[Role]) -> Viewer {
        Viewer {
            user_id: 1,
            name: "A".into(),
            email: "a@b.example".into(),
            org_id: 7,
            org_name: "Org".into(),
            org_kind: kind,
            org_status: status,
            roles: roles.to_vec(),
        }
    }

    fn labels(v: Option<&Viewer>) -> Vec<&'static str> {
        items(v).into_iter().map(|(l, _)| l).collect()
    }

    #[test]
    fn each_role_sees_its_own_navigation() {
        assert_eq!(
            labels(None),
            ["Find services", "Frameworks", "Sign in", "Register"]
        );
        let admin = [Role::Member, Role::Admin];
        let national = viewer(OrgKind::National, OrgStatus::Active, &admin);
        assert_eq!(
            labels(Some(&national)),
            [
                "Home",
                "Find services",
                "Frameworks",
                "Projects",
                "Procurements",
                "Reviews",
                "Applications",
                "Spend",
                "Suppliers",
                "Forces",
                "Users",
                "Audit log",
                "Notifications",
                "Your account"
            ]
        );
        let force_admin = viewer(OrgKind::Force, OrgStatus::Active, &admin);
        assert_eq!(
            labels(Some(&force_admin)),
            [
                "Home",
                "Find services",
                "Frameworks",
                "Projects",
                "Procurements",
                "Spend",
                "Users",
                "Notifications",
                "Your account"
            ]
        );
        let pending = viewer(OrgKind::Supplier, OrgStatus::Pending, &admin);
        assert_eq!(
            labels(Some(&pending)),
            [
                "Home",
                "Find services",
                "Frameworks",
                "Notifications",
                "Your account"
            ]
        );
        let supplier = viewer(OrgKind::Supplier, OrgStatus::Active, &admin);
        assert_eq!(
            labels(Some(&supplier)),
            [
                "Home",
                "Find services",
                "Frameworks",
                "Opportunities",
                "Your services",
                "Users",
                "Notifications",
                "Your account"
            ]
        );
        let users = items(Some(&force_admin));
        assert_eq!(users[6].1, "/organisations/7/users");
    }

    #[test]
    fn the_longest_matching_item_is_current() {
        let v = viewer(
            OrgKind::National,
            OrgStatus::Active,
            &[Role::Member, Role::Admin],
        );
        let items = items(Some(&v));
        assert_eq!(current(&items, "/"), Some("/"));
        assert_eq!(
            current(&items, "/admin/suppliers/12"),
            Some("/admin/suppliers")
        );
        assert_eq!(
            current(&items, "/organisations/7/users/invite"),
            Some("/organisations/7/users")
        );
        assert_eq!(current(&items, "/admin/suppliersx"), None);
        assert_eq!(current(&items, "/users/3"), Some("/organisations/7/users"));
    }
}
