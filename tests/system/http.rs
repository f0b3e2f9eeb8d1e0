//! HTTP behaviour through the real router: headers, sessions, CSRF defence, errors, the API.

use app::identity::seed::seed_demo;
use axum::http::StatusCode;
use bluelamp_tests::{link_id, on_each_backend, Client, PASSWORD};
use serde_json::json;

#[tokio::test]
async fn pages_carry_security_headers_and_a_matching_nonce() {
    on_each_backend!(|db| {
        let mut c = Client::new(db);
        let r = c.get("/sign-in").await;
        assert_eq!(r.status, StatusCode::OK);
        let csp = r
            .headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap();
        assert!(
            r.body.contains(&format!("nonce=\"{nonce}\"")),
            "inline script must carry the nonce"
        );
        // Every inline script has the nonce.
        assert_eq!(
            r.body.matches("<script").count(),
            r.body
                .matches(&format!("nonce=\"{nonce}\""))
                .filter(|_| true)
                .count()
                .min(r.body.matches("<script").count())
        );
        assert_eq!(r.headers.get("x-content-type-options").unwrap(), "nosniff");
        assert!(r.headers.get("referrer-policy").is_some());
        assert!(
            r.headers.get("strict-transport-security").is_none(),
            "no HSTS over plain HTTP"
        );
        assert!(r.body.contains("<title>Sign in – Bluelamp</title>"));

        // A second request gets a different nonce.
        let r2 = c.get("/sign-in").await;
        let csp2 = r2
            .headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert_ne!(csp, csp2);
    });
}

#[tokio::test]
async fn health_and_errors() {
    on_each_backend!(|db| {
        let mut c = Client::new(db);
        assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
        assert_eq!(c.get("/readyz").await.status, StatusCode::OK);
        let r = c.get("/no/such/page").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(r.body.contains("Page not found"));
        assert!(
            r.body.contains("govuk-header"),
            "error pages use the normal frame"
        );
        // GET on a POST-only route is not a state change.
        assert_eq!(
            c.get("/sign-out").await.status,
            StatusCode::METHOD_NOT_ALLOWED
        );
    });
}

#[tokio::test]
async fn sign_in_rotates_the_session_and_sign_out_ends_it() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut c = Client::new(db);
        // A failed attempt shows errors and keeps the email typed.
        let r = c
            .post_form(
                "/sign-in",
                &[
                    ("email", "admin@kent.police.uk"),
                    ("password", "wrong-password-x"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("There is a problem"));
        assert!(r
            .body
            .contains("Enter a correct email address and password"));
        assert!(r.body.contains("value=\"admin@kent.police.uk\""));
        assert!(r.body.contains("<title>Error: Sign in – Bluelamp</title>"));

        // Plant a session id before signing in (a flash message makes one).
        let before = c.cookie.clone();
        let r = c
            .post_form(
                "/sign-in",
                &[
                    ("email", "admin@kent.police.uk"),
                    ("password", PASSWORD),
                    ("next", "/account"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location.as_deref(), Some("/account"));
        let cookie = r
            .headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(cookie.contains("HttpOnly"));
        assert!(cookie.contains("SameSite=Lax"));
        assert!(!cookie.contains("Secure"), "not Secure over plain HTTP");
        assert_ne!(c.cookie, before, "the session id changes on sign-in");
        let signed_in_cookie = c.cookie.clone();

        let r = c.get("/account").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Kerry Hughes"));

        // An off-site `next` is ignored.
        let mut other = c.fresh();
        let r = other
            .post_form(
                "/sign-in",
                &[
                    ("email", "buyer@kent.police.uk"),
                    ("password", PASSWORD),
                    ("next", "//evil.example"),
                ],
            )
            .await;
        assert_eq!(r.location.as_deref(), Some("/"));

        let r = c.post_form("/sign-out", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // The old cookie no longer works.
        let mut replay = c.fresh();
        replay.cookie = signed_in_cookie;
        let r = replay.get("/account").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(r.location.unwrap().starts_with("/sign-in?next="));
    });
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let c = Client::new(db);
        let req = axum::http::Request::post("/sign-in")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", "https://evil.example")
            .body(axum::body::Body::from(format!(
                "email=admin%40npto.example&password={PASSWORD}"
            )))
            .unwrap();
        let r = c.clone().send(req).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(r.body.contains("another website"));
    });
}

#[tokio::test]
async fn the_api_signs_in_and_locks_out_with_429() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut c = Client::new(db);
        c.forwarded_for = Some("192.0.2.10".into());
        let r = c.get("/api/v1/me").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = c
            .post_json(
                "/api/v1/sign-in",
                json!({ "email": "admin@npto.example", "password": PASSWORD }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let me: serde_json::Value = serde_json::from_str(&c.get("/api/v1/me").await.body).unwrap();
        assert_eq!(me["org_kind"], "national");
        let r = c.get("/api/v1/suppliers?status=pending").await;
        let pending: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(pending.as_array().unwrap().len(), 1);
        let id = pending[0]["id"].as_i64().unwrap();
        let r = c
            .post_json(
                &format!("/api/v1/suppliers/{id}/decision"),
                json!({ "decision": "reject" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("reason"));
        let r = c
            .post_json(
                &format!("/api/v1/suppliers/{id}/decision"),
                json!({ "decision": "approve" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let r = c.get("/api/v1/audit-events?action=supplier.approved").await;
        assert!(r.body.contains("\"total\":1"), "{}", r.body);

        let mut attacker = c.fresh();
        attacker.forwarded_for = Some("198.51.100.7".into());
        let mut statuses = Vec::new();
        for _ in 0..6 {
            let r = attacker
                .post_json(
                    "/api/v1/sign-in",
                    json!({ "email": "buyer@essex.police.uk", "password": "guessing-wrongly" }),
                )
                .await;
            statuses.push(r.status.as_u16());
        }
        assert_eq!(statuses, vec![422, 422, 422, 422, 429, 429]);
        let r = attacker
            .post_json(
                "/api/v1/sign-in",
                json!({ "email": "buyer@essex.police.uk", "password": PASSWORD }),
            )
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(r.body.contains("try again after"));
    });
}

#[tokio::test]
async fn forms_work_without_javascript_end_to_end() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut c = Client::new(db);
        // Vendor registers; errors first, then success.
        let r = c
            .post_form(
                "/register/supplier",
                &[("company_name", ""), ("email", "nope")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        for msg in [
            "Enter the company name",
            "Companies House number",
            "Select whether",
            "correct format",
        ] {
            assert!(r.body.contains(msg), "missing {msg}");
        }
        let fields = [
            ("company_name", "Lantern Data Ltd"),
            ("companies_house_number", "55667788"),
            ("supplier_size", "sme"),
            ("name", "Lee Lantern"),
            ("email", "lee@lantern.example"),
            ("password", "orchard-lantern-42"),
            ("confirm_password", "orchard-lantern-42"),
        ];
        let r = c.post_form("/register/supplier", &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let home = c.get("/").await;
        assert!(home.body.contains("Application sent for Lantern Data Ltd"));
        assert!(home.body.contains("waiting for the national body"));
        // The pending supplier cannot reach admin pages.
        assert_eq!(
            c.get("/admin/suppliers").await.status,
            StatusCode::FORBIDDEN
        );

        // National admin approves it through the form.
        let mut n = c.fresh();
        n.sign_in("admin@npto.example").await;
        let list = n.get("/admin/suppliers?status=pending").await.body;
        let lantern_id = link_id(&list, "/admin/suppliers/", "Lantern Data Ltd");
        assert!(n
            .get(&format!("/admin/suppliers/{lantern_id}"))
            .await
            .body
            .contains("Lantern Data Ltd"));
        let r = n
            .post_form(
                &format!("/admin/suppliers/{lantern_id}"),
                &[("decision", "reject")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Enter the reason for rejecting"));
        let r = n
            .post_form(
                &format!("/admin/suppliers/{lantern_id}"),
                &[("decision", "approve")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(n
            .get(&format!("/admin/suppliers/{lantern_id}"))
            .await
            .body
            .contains("Supplier approved"));

        // The vendor now sees the approved home.
        assert!(c.get("/").await.body.contains("approved Bluelamp supplier"));
        let audit = n.get("/admin/audit?action=supplier.approved").await;
        assert!(audit.body.contains("Lantern Data Ltd"));
        let csv = n.get("/admin/audit.csv?action=supplier.approved").await;
        assert_eq!(
            csv.headers.get("content-type").unwrap(),
            "text/csv; charset=utf-8"
        );
        assert!(csv
            .body
            .starts_with("id,occurred_at_utc,user,organisation,action,object,details"));
        assert!(csv.body.contains("supplier.approved"));
    });
}

#[tokio::test]
async fn over_tls_cookies_are_secure_and_hsts_is_sent() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let app = bluelamp_server::router::build(
            db.clone(),
            bluelamp_server::router::RouterConfig {
                site_root: "target/site".into(),
                public_url: Some("https://bluelamp.test".into()),
                trust_forwarded_for: false,
            },
        );
        let mut c = Client {
            app,
            cookie: None,
            forwarded_for: None,
        };
        let r = c.get("/sign-in").await;
        assert!(r.headers.get("strict-transport-security").is_some());
        let req = axum::http::Request::post("/sign-in")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", "https://bluelamp.test")
            .body(axum::body::Body::from(format!(
                "email=admin%40npto.example&password={PASSWORD}"
            )))
            .unwrap();
        let r = c.send(req).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let cookie = r.headers.get("set-cookie").unwrap().to_str().unwrap();
        assert!(cookie.contains("Secure"), "{cookie}");
    });
}

#[tokio::test]
async fn a_database_failure_shows_the_styled_500_page() {
    on_each_backend!(|db| {
        use sea_orm::ConnectionTrait;
        seed_demo(db).await.unwrap();
        let mut c = Client::new(db);
        c.sign_in("admin@npto.example").await;
        db.conn
            .execute_unprepared("DROP TABLE organisation_domain")
            .await
            .unwrap();
        let r = c.get("/admin/forces").await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(r
            .body
            .contains("Sorry, there is a problem with the service"));
        assert!(
            r.body.contains("Signed in as"),
            "the error page keeps the normal frame"
        );
    });
}

#[tokio::test]
async fn a_rejected_supplier_sees_the_reason() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut n = Client::new(db);
        n.sign_in("admin@npto.example").await;
        let list = n.get("/admin/suppliers?status=pending").await.body;
        let juniper = link_id(&list, "/admin/suppliers/", "Juniper Forensics Ltd");
        let r = n
            .post_form(
                &format!("/admin/suppliers/{juniper}"),
                &[
                    ("decision", "reject"),
                    ("reason", "No cyber security certification"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let mut vendor = n.fresh();
        vendor.sign_in("admin@juniper-forensics.example").await;
        let home = vendor.get("/").await.body;
        assert!(home.contains("did not approve your application"));
        assert!(home.contains("No cyber security certification"));
    });
}
