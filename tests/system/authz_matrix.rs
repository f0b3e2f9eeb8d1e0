//! Every role against every route: the server must allow exactly what the rules say.
//! The expectations here are written out by hand, independently of the rule book
//! (`app::access`); every action of every area must be exercised by at least one route.

use app::identity::seed::seed_demo;
use axum::http::StatusCode;
use bluelamp_tests::{link_id, on_each_backend, Client};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Anonymous,
    ForceMember,
    ForceAdmin,
    NationalMember,
    NationalAdmin,
    PendingSupplier,
    ApprovedSupplier,
}

use Role::*;

const ROLES: [Role; 7] = [
    Anonymous,
    ForceMember,
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
    ForceAdmin,
    NationalMember,
    NationalAdmin,
    PendingSupplier,
    ApprovedSupplier,
];
const NATIONAL: &[Role] = &[NationalMember, NationalAdmin];
const KENT_ADMINS: &[Role] = &[ForceAdmin, NationalAdmin];

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
            path: "/api/v1/suppliers",
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
            (kent, buyer, pending)
        };
        let mut failures = Vec::new();
        for role in ROLES {
            let mut c = base.fresh();
            if let Some(e) = email(role) {
                c.sign_in(e).await;
            }
            for case in cases() {
                let path = case
                    .path
                    .replace("{kent}", &ids.0)
                    .replace("{kent_buyer}", &ids.1)
                    .replace("{pending}", &ids.2);
                let r = match case.method {
                    Method::Get => c.get(&path).await,
                    Method::Post(fields) => c.post_form(&path, fields).await,
                    Method::Json(body) => {
                        c.post_json(&path, serde_json::from_str(body).unwrap())
                            .await
                    }
                };
                let allowed = case.allowed.contains(&role);
                // Allowed: the page, a redirect after a change, or the form's validation errors.
                // Refused: 403, or for signed-out visitors to a page, a redirect to sign in.
                // Signed-in visitors to sign-in/registration pages are refused or sent home.
                let ok = if allowed {
                    matches!(r.status, StatusCode::OK | StatusCode::UNPROCESSABLE_ENTITY)
                        || (r.status == StatusCode::SEE_OTHER
                            && (!r.location.as_deref().unwrap_or("").starts_with("/sign-in")
                                // The second step with nothing pending sends back to the password.
                                || r.location.as_deref() == Some("/sign-in")))
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
