//! Every form field against a table of hostile inputs, on both databases: the answer is never
//! a server error, a NUL byte is refused with a message, and markup comes back escaped.

use app::identity::seed::seed_demo;
use axum::http::StatusCode;
use bluelamp_tests::{link_id, on_each_backend, Client};

/// What people (and attackers) paste into forms.
const HOSTILE: &[(&str, &str)] = &[
    ("NUL byte", "before\0after"),
    ("only NUL", "\0"),
    ("ten thousand characters", ""), // filled in below
    ("right-to-left override", "\u{202E}gnp.exe"),
    ("emoji", "🚓🔵 Kent 👮‍♀️"),
    ("SQL", "x' OR '1'='1'; DROP TABLE app_user; --"),
    (
        "HTML",
        "<script>alert(1)</script><img src=x onerror=alert(2)>",
    ),
    ("percent and underscore", "%_%\\_"),
    ("zero-width and combining", "a\u{200B}b\u{0301}\u{FEFF}"),
];

fn values() -> Vec<(&'static str, String)> {
    HOSTILE
        .iter()
        .map(|(name, v)| {
            if v.is_empty() {
                (*name, "x".repeat(10_000))
            } else {
                (*name, v.to_string())
            }
        })
        .collect()
}

/// A form: its path, its fields with ordinary values, and who posts it.
struct Form {
    path: String,
    fields: Vec<(&'static str, &'static str)>,
    signed_in: bool,
}

async fn forms(c: &mut Client) -> Vec<Form> {
    let forces = c.get("/admin/forces").await.body;
    let kent = link_id(&forces, "/admin/forces/", ">Kent Police<");
    let users = c.get(&format!("/organisations/{kent}/users")).await.body;
    let buyer = link_id(&users, "/users/", ">Tom Fletcher<");
    let suppliers = c.get("/admin/suppliers?status=pending").await.body;
    let pending = link_id(&suppliers, "/admin/suppliers/", "Juniper");
    let anon = |path: &str, fields: Vec<(&'static str, &'static str)>| Form {
        path: path.to_string(),
        fields,
        signed_in: false,
    };
    let signed = |path: String, fields: Vec<(&'static str, &'static str)>| Form {
        path,
        fields,
        signed_in: true,
    };
    vec![
        anon(
            "/sign-in",
            vec![
                ("email", "fuzz{n}@kent.police.uk"), // {n}: a fresh account each post, so the per-account slow-down stays out of it
                ("password", "not-the-password"),
                ("next", "/"),
            ],
        ),
        anon(
            "/register/force",
            vec![
                ("name", "Fuzz Person"),
                ("email", "fuzz.person@kent.police.uk"),
                ("password", "violet-otter-canal"),
                ("confirm_password", "violet-otter-canal"),
            ],
        ),
        anon(
            "/register/supplier",
            vec![
                ("company_name", "Fuzz Ltd"),
                ("companies_house_number", "99887766"),
                ("supplier_size", "sme"),
                ("contact_phone", "01632 960 001"),
                ("name", "Fuzz Vendor"),
                ("email", "vendor@fuzz.example"),
                ("password", "violet-otter-canal"),
                ("confirm_password", "violet-otter-canal"),
            ],
        ),
        anon(
            "/invitation/not-a-token",
            vec![
                ("password", "violet-otter-canal"),
                ("confirm_password", "violet-otter-canal"),
            ],
        ),
        anon("/sign-in/code", vec![("code", "123456")]),
        signed(
            "/account/password".into(),
            vec![
                ("current_password", "wrong-current-pw"),
                ("new_password", "violet-otter-canal"),
                ("confirm_password", "violet-otter-canal"),
            ],
        ),
        signed(
            "/account/authenticator".into(),
            vec![
                ("current_password", "bluelamp-demo-2026"),
                ("code", "123456"),
            ],
        ),
        signed(
            format!("/organisations/{kent}/users/invite"),
            vec![
                ("name", "Fuzz Invitee"),
                ("email", "invitee@kent.police.uk"),
                ("admin", "on"),
            ],
        ),
        signed(
            format!("/users/{buyer}"),
            vec![("intent", "roles"), ("evaluator", "on")],
        ),
        signed(
            format!("/admin/suppliers/{pending}"),
            vec![("decision", "reject"), ("reason", "Not enough evidence")],
        ),
        signed(
            format!("/admin/forces/{kent}"),
            vec![("domains", "kent.police.uk")],
        ),
    ]
}

#[tokio::test]
async fn every_form_field_survives_hostile_input() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut admin = Client::new(db);
        admin.sign_in("admin@npto.example").await;
        let mut anonymous = admin.fresh();
        let mut failures = Vec::new();
        let mut n = 0u32;
        for form in forms(&mut admin).await {
            for (i, (field, _)) in form.fields.iter().enumerate() {
                for (name, value) in values() {
                    n += 1;
                    let mut fields: Vec<(&str, String)> = form
                        .fields
                        .iter()
                        .map(|(k, v)| (*k, v.to_string()))
                        .collect();
                    for f in fields.iter_mut() {
                        f.1 = f.1.replace("{n}", &n.to_string());
                    }
                    fields[i].1 = value.clone();
                    // Each post from its own address, so the budget for anonymous posts and
                    // the sign-in throttle stay out of the way of what is tested here.
                    let c = if form.signed_in {
                        &mut admin
                    } else {
                        &mut anonymous
                    };
                    c.forwarded_for = Some(format!(
                        "10.{}.{}.{}",
                        n / 65536 % 256,
                        n / 256 % 256,
                        n % 256
                    ));
                    let pairs: Vec<(&str, &str)> =
                        fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    let r = c.post_form(&form.path, &pairs).await;
                    let status = r.status;
                    let what = format!("{} {field} = {name}: {status}", form.path);
                    if status.is_server_error() {
                        failures.push(format!("{what} (server error)"));
                    }
                    if value.contains('\0') && status != StatusCode::BAD_REQUEST {
                        failures.push(format!("{what} (a NUL byte must be refused with 400)"));
                    }
                    if value.contains('\0') && !r.body.contains("hidden control character") {
                        failures.push(format!("{what} (no message about the NUL byte)"));
                    }
                    if r.body.contains("<script>alert(1)</script>") {
                        failures.push(format!("{what} (markup came back unescaped)"));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // A value that tries to close the textarea stays inside it, as text.
        let forces = admin.get("/admin/forces").await.body;
        let kent = link_id(&forces, "/admin/forces/", ">Kent Police<");
        let r = admin
            .post_form(
                &format!("/admin/forces/{kent}"),
                &[("domains", "</textarea><script>alert(3)</script>")],
            )
            .await;
        assert!(
            !r.body.contains("<script>alert(3)"),
            "textarea broken out of"
        );
        assert!(r.body.contains("&lt;/textarea&gt;&lt;script&gt;alert(3)"));
        // The admin is still signed in and the app still works.
        assert_eq!(admin.get("/admin/suppliers").await.status, StatusCode::OK);
    });
}

#[tokio::test]
async fn a_nul_byte_in_json_is_refused_in_the_api_shape() {
    on_each_backend!(|db| {
        let mut c = Client::new(db);
        let r = c
            .post_json(
                "/api/v1/sign-in",
                serde_json::json!({ "email": "a\u{0}b@kent.police.uk", "password": "x" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("\"error\""), "{}", r.body);
    });
}
