//! Which navigation items each kind of signed-in person sees.

use crate::identity::rules::{can, Action};
use crate::identity::types::Viewer;

/// (label, href) pairs, in order.
pub fn items(viewer: Option<&Viewer>) -> Vec<(&'static str, String)> {
    let Some(v) = viewer else {
        return vec![
            ("Sign in", "/sign-in".into()),
            ("Register", "/register".into()),
        ];
    };
    let mut items = vec![("Home", "/".to_string())];
    if can(viewer, Action::ListSuppliers) {
        items.push(("Suppliers", "/admin/suppliers".into()));
    }
    if can(viewer, Action::ListForces) {
        items.push(("Forces", "/admin/forces".into()));
    }
    if can(viewer, Action::ListUsers { org_id: v.org_id }) {
        items.push(("Users", format!("/organisations/{}/users", v.org_id)));
    }
    if can(viewer, Action::ViewAuditLog) {
        items.push(("Audit log", "/admin/audit".into()));
    }
    items.push(("Your account", "/account".into()));
    items
}

/// The item that should be marked current for a path: the longest matching prefix.
pub fn current<'a>(items: &'a [(&'static str, String)], path: &str) -> Option<&'a str> {
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
