//! The web layer every area shares: security headers, health, errors, the same-origin
//! check, TLS, and forms without JavaScript.

use app::identity::seed::seed_demo;
use axum::http::StatusCode;
use bluelamp_tests::{link_id, on_each_backend, Client, PASSWORD};

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
            ("password", "orchard-kettle-42"),
            ("confirm_password", "orchard-kettle-42"),
        ];
        let r = c.post_form("/register/supplier", &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location.as_deref(), Some("/register/check-email"));
        let page = c.get("/register/check-email").await.body;
        assert!(page.contains("We have sent an email to"));
        assert!(page.contains("lee@lantern.example"));
        // The demo mailbox shows the mail; its link confirms the address (GET shows a
        // button, POST confirms), and then the password works.
        let mailbox = c.get("/dev/mailbox").await.body;
        let confirm = mailbox
            .split("http://bluelamp.localhost")
            .find_map(|s| {
                s.starts_with("/confirm/")
                    .then(|| s.split('"').next().unwrap().to_string())
            })
            .expect("a confirmation link in the mailbox");
        assert!(c.get(&confirm).await.body.contains("Confirm email address"));
        let r = c.post_form(&confirm, &[]).await;
        assert_eq!(r.location.as_deref(), Some("/sign-in"));
        let r = c
            .post_form(
                "/sign-in",
                &[
                    ("email", "lee@lantern.example"),
                    ("password", "orchard-kettle-42"),
                ],
            )
            .await;
        // A supplier's admin sets up an authenticator app at their first sign-in.
        assert_eq!(
            r.location.as_deref(),
            Some("/sign-in/authenticator"),
            "{}",
            r.body
        );
        assert!(
            !c.get("/").await.body.contains("Sign out"),
            "not signed in yet"
        );
        let page = c.get("/sign-in/authenticator").await.body;
        assert!(page.contains("<svg") && page.contains("QR code"));
        let code = bluelamp_tests::totp_code(&bluelamp_tests::secret_on_page(&page), None).await;
        let r = c
            .post_form("/sign-in/authenticator", &[("code", "000000")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("The code is not correct"));
        let r = c
            .post_form("/sign-in/authenticator", &[("code", &code)])
            .await;
        assert_eq!(r.location.as_deref(), Some("/account/recovery-codes"));
        let codes = c.get("/account/recovery-codes").await.body;
        assert!(codes.contains("Save your recovery codes"));
        assert_eq!(codes.matches("<li><code>").count(), 10, "{codes}");
        // Shown once.
        assert_eq!(
            c.get("/account/recovery-codes").await.location.as_deref(),
            Some("/account")
        );
        let home = c.get("/").await;
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
        let mut c = Client::over_tls(db);
        let r = c.get("/sign-in").await;
        assert!(r.headers.get("strict-transport-security").is_some());
        let r = c.sign_in_over_tls("admin@npto.example").await;
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
        let mut c = Client::signed_in(db, "admin@npto.example").await;
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

/// The page title is plain text: no renderer markers, "Error: " first when a form failed.
#[tokio::test]
async fn the_title_names_the_page_in_plain_text() {
    on_each_backend!(|db| {
        let mut c = Client::new(db);
        let r = c.get("/sign-in").await;
        assert!(
            r.body.contains("<title>Sign in – Bluelamp</title>"),
            "{}",
            &r.body[..r.body.len().min(400)]
        );
        let r = c.post_form("/sign-in", &[("email", "nobody")]).await;
        assert!(r.body.contains("<title>Error: Sign in – Bluelamp</title>"));
    });
}

/// Pages are compressed as the browser asks, and never cached: they show private data.
#[tokio::test]
async fn pages_are_compressed_and_not_stored() {
    on_each_backend!(|db| {
        let mut c = Client::new(db);
        let r = c.get_with("/sign-in", ("accept-encoding", "gzip")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers["content-encoding"], "gzip");
        assert!(r.headers["vary"]
            .to_str()
            .unwrap()
            .contains("accept-encoding"));
        assert_eq!(r.headers["cache-control"], "no-store");
        // Without Accept-Encoding, plain.
        let r = c.get("/sign-in").await;
        assert!(r.headers.get("content-encoding").is_none());
        assert!(r.body.contains("<h1"));
    });
}

/// The favicon is cached for a day and then revalidated with its ETag.
#[tokio::test]
async fn the_favicon_revalidates_with_its_etag() {
    on_each_backend!(|db| {
        let mut c = Client::new(db);
        let r = c.get("/favicon.svg").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers["cache-control"], "public, max-age=86400");
        let etag = r.headers["etag"].to_str().unwrap().to_string();
        let again = c.get_with("/favicon.svg", ("if-none-match", &etag)).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.body.is_empty());
    });
}

/// A built site's files are named after their content: those are cached for a year without
/// asking again; other files are revalidated; a precompressed copy is served as it is.
#[tokio::test]
async fn fingerprinted_assets_are_immutable_and_precompressed_copies_are_served() {
    on_each_backend!(|db| {
        let site = std::env::temp_dir().join(format!("bl-site-{:016x}", rand::random::<u64>()));
        let pkg = site.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        let h = "ik2-ebyVD1AjRzfv--pzbw";
        let css = format!("bluelamp.{h}.css");
        std::fs::write(pkg.join(&css), "body { color: #0b0c0c; }\n".repeat(100)).unwrap();
        std::fs::write(pkg.join("plain.css"), "body {}").unwrap();
        // What cargo-leptos --precompress writes; its content is passed through untouched.
        let gz = b"(the gzip copy)".to_vec();
        std::fs::write(pkg.join(format!("{css}.gz")), &gz).unwrap();
        let mut c = Client::with_config(
            db,
            bluelamp_server::router::RouterConfig {
                site_root: site.display().to_string(),
                ..Default::default()
            },
        );
        let r = c.get(&format!("/pkg/{css}")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            r.headers["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let r = c
            .get_with(&format!("/pkg/{css}"), ("accept-encoding", "gzip"))
            .await;
        assert_eq!(r.headers["content-encoding"], "gzip");
        assert_eq!(r.headers["content-length"], gz.len().to_string().as_str());
        let r = c.get("/pkg/plain.css").await;
        assert_eq!(r.headers["cache-control"], "no-cache");
        let _ = std::fs::remove_dir_all(site);
    });
}

/// Every API error is JSON in the documented shape, and a signed-out caller gets 401.
#[tokio::test]
async fn api_errors_are_json_and_anonymous_calls_get_401() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut c = Client::new(db);
        let json_error = |r: &bluelamp_tests::Reply| -> String {
            assert!(
                r.headers["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("application/json"),
                "{} {}",
                r.status,
                r.body
            );
            let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            v["error"].as_str().unwrap().to_string()
        };
        let r = c.get("/api/v1/me").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(json_error(&r), "sign in first");
        let r = c.get("/api/v1/audit-events").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        // A body that does not parse.
        let r = c
            .send(
                axum::http::Request::post("/api/v1/sign-in")
                    .header("content-type", "application/json")
                    .body(axum::body::Body::from("{not json"))
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(!json_error(&r).is_empty());
        // A path of the wrong type, an unknown route, a wrong method.
        let mut admin = Client::signed_in(db, "admin@npto.example").await;
        let r = admin
            .post_json(
                "/api/v1/suppliers/abc/decision",
                serde_json::json!({"decision": "approve"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        json_error(&r);
        let r = admin.get("/api/v1/no-such-thing").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(json_error(&r), "not found");
        let r = admin.get("/api/v1/sign-in").await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
        json_error(&r);
        // Signed in but not allowed: still 403.
        let mut buyer = Client::signed_in(db, "buyer@kent.police.uk").await;
        let r = buyer.get("/api/v1/audit-events").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(json_error(&r), "forbidden");
    });
}

/// Signed-out posts to the forms that cost a password hash or a mail have a budget per
/// network; a signed-in person's forms do not count, nor does another network.
#[tokio::test]
async fn anonymous_posts_have_a_budget_per_network() {
    on_each_backend!(|db| {
        let mut c = Client::new(db);
        c.forwarded_for = Some("203.0.113.5".into());
        for i in 0..30 {
            let r = c.post_form("/register/force", &[("name", "")]).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "post {i}");
        }
        let r = c.post_form("/register/force", &[("name", "")]).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(r.headers.contains_key("retry-after"));
        assert!(r.body.contains("Too many attempts"), "{}", r.body);
        let r = c
            .post_json(
                "/api/v1/sign-in",
                serde_json::json!({ "email": "a@b.example" }),
            )
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(r.body.contains("\"error\""));
        // Another network still may.
        let mut other = c.fresh();
        other.forwarded_for = Some("203.0.113.6".into());
        let r = other.post_form("/register/force", &[("name", "")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    });
}
