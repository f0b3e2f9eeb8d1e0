//! Multi-factor authentication: enrolment forced for those who need it, codes used once,
//! recovery codes, the second step's limit, the national body's reset, a new session id.

use app::identity::seed::seed_demo;
use app::identity::service;
use axum::http::StatusCode;
use bluelamp_tests::{
    link_id, on_each_backend, outbox_to, secret_on_page, totp_code, user_row, Client, PASSWORD,
};

async fn password_step(c: &mut Client, email: &str) -> Option<String> {
    let r = c
        .post_form("/sign-in", &[("email", email), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location
}

#[tokio::test]
async fn a_national_admin_must_set_up_an_app_and_codes_work_once() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let email = "admin@npto.example";
        let mut c = Client::new(db);
        assert_eq!(
            password_step(&mut c, email).await.as_deref(),
            Some("/sign-in/authenticator")
        );
        // A right password alone is not a session.
        let r = c.get("/admin/suppliers").await;
        assert!(r.location.unwrap_or_default().starts_with("/sign-in?next="));
        let secret = secret_on_page(&c.get("/sign-in/authenticator").await.body);
        let code = totp_code(&secret, None).await;
        let r = c
            .post_form("/sign-in/authenticator", &[("code", &code)])
            .await;
        assert_eq!(r.location.as_deref(), Some("/account/recovery-codes"));
        let page = c.get("/account/recovery-codes").await.body;
        let codes: Vec<String> = page
            .split("<li><code>")
            .skip(1)
            .map(|s| s.split('<').next().unwrap().to_string())
            .collect();
        assert_eq!(codes.len(), 10);
        assert_eq!(c.get("/admin/suppliers").await.status, StatusCode::OK);
        // Stored: the secret, never the recovery codes in clear.
        let user = user_row(db, email).await;
        assert_eq!(user.totp_secret.as_deref(), Some(secret.as_str()));

        // Next time: the code step. The code just used is refused (replay)...
        let mut d = c.fresh();
        assert_eq!(
            password_step(&mut d, email).await.as_deref(),
            Some("/sign-in/code")
        );
        let r = d.post_form("/sign-in/code", &[("code", &code)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("already been used"), "{}", r.body);
        // ...a new one works.
        let fresh = totp_code(&secret, user_row(db, email).await.totp_last_step).await;
        let r = d.post_form("/sign-in/code", &[("code", &fresh)]).await;
        assert_eq!(r.location.as_deref(), Some("/"));
        assert_eq!(d.get("/account").await.status, StatusCode::OK);

        // A recovery code works once (typed in capitals with spaces, too).
        let mut e = c.fresh();
        password_step(&mut e, email).await;
        let typed = codes[3].to_uppercase().replace('-', " ");
        let r = e.post_form("/sign-in/code", &[("code", &typed)]).await;
        assert_eq!(r.location.as_deref(), Some("/"), "{}", r.body);
        let mut f = c.fresh();
        password_step(&mut f, email).await;
        let r = f.post_form("/sign-in/code", &[("code", &codes[3])]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(e
            .get("/account")
            .await
            .body
            .contains("9 of 10 recovery codes left"));

        let actions = crate::audit::actions_logged(db).await;
        for a in [
            "user.password_verified",
            "user.mfa_enrolled",
            "user.mfa_failed",
            "user.mfa_recovery_code_used",
            "user.signed_in",
        ] {
            assert!(actions.iter().any(|x| x == a), "{a} not audited");
        }
    });
}

#[tokio::test]
async fn five_wrong_codes_send_the_person_back_to_their_password() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut c = Client::new(db);
        c.sign_in("admin@kent.police.uk").await; // sets up the app
        let mut d = c.fresh();
        password_step(&mut d, "admin@kent.police.uk").await;
        for _ in 0..4 {
            let r = d.post_form("/sign-in/code", &[("code", "000000")]).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let r = d.post_form("/sign-in/code", &[("code", "000000")]).await;
        assert_eq!(r.location.as_deref(), Some("/sign-in"));
        // Nothing pending any more: even a right code now needs the password first.
        let user = user_row(db, "admin@kent.police.uk").await;
        let code = totp_code(user.totp_secret.as_deref().unwrap(), user.totp_last_step).await;
        let r = d.post_form("/sign-in/code", &[("code", &code)]).await;
        assert_eq!(r.location.as_deref(), Some("/sign-in"));
        assert!(d.get("/account").await.location.is_some());
    });
}

#[tokio::test]
async fn the_national_body_resets_someones_codes_and_they_are_told() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut kent = Client::new(db);
        kent.sign_in("admin@kent.police.uk").await;
        let mut national = kent.fresh();
        national.sign_in("admin@npto.example").await;
        let kent_id = user_row(db, "admin@kent.police.uk").await.id;
        let kent_org = user_row(db, "admin@kent.police.uk").await.organisation_id;
        let users = national
            .get(&format!("/organisations/{kent_org}/users"))
            .await
            .body;
        assert_eq!(
            link_id(&users, "/users/", "admin@kent"),
            kent_id.to_string()
        );
        let page = national.get(&format!("/users/{kent_id}")).await.body;
        assert!(page.contains("Reset sign-in codes"));

        // A force admin may not reset a colleague's codes.
        let mut other = kent.fresh();
        other.sign_in("admin@kent.police.uk").await;
        let buyer = user_row(db, "buyer@kent.police.uk").await.id;
        let r = other
            .post_form(&format!("/users/{buyer}"), &[("intent", "reset_mfa")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        let r = national
            .post_form(&format!("/users/{kent_id}"), &[("intent", "reset_mfa")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(user_row(db, "admin@kent.police.uk")
            .await
            .totp_secret
            .is_none());
        // Signed out everywhere, and told.
        assert!(kent.get("/account").await.location.is_some());
        let mail = outbox_to(db, "admin@kent.police.uk").await;
        assert_eq!(
            mail.last().unwrap().subject,
            "Your Bluelamp sign-in codes were reset"
        );
        // Their next sign-in sets up an app again.
        let mut again = kent.fresh();
        assert_eq!(
            password_step(&mut again, "admin@kent.police.uk")
                .await
                .as_deref(),
            Some("/sign-in/authenticator")
        );
        let actions = crate::audit::actions_logged(db).await;
        assert!(actions.iter().any(|a| a == "user.mfa_reset"));
    });
}

#[tokio::test]
async fn anyone_may_turn_it_on_and_gets_a_new_session_id() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut c = Client::signed_in(db, "buyer@kent.police.uk").await;
        let mut elsewhere = Client::signed_in(db, "buyer@kent.police.uk").await;
        assert!(c.get("/account").await.body.contains("Not set up"));
        let before = c.cookie.clone();
        let page = c.get("/account/authenticator").await.body;
        assert!(page.contains("Your current password"));
        let secret = secret_on_page(&page);
        let code = totp_code(&secret, None).await;
        // A borrowed signed-in browser is not enough: the password is asked again (ASVS 7.5.1).
        let r = c
            .post_form("/account/authenticator", &[("code", &code)])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Enter your current password"));
        let r = c
            .post_form(
                "/account/authenticator",
                &[("code", &code), ("current_password", "not-my-password")],
            )
            .await;
        assert!(r.body.contains("Your current password is not correct"));
        let r = c
            .post_form(
                "/account/authenticator",
                &[("code", &code), ("current_password", PASSWORD)],
            )
            .await;
        assert_eq!(r.location.as_deref(), Some("/account/recovery-codes"));
        assert_ne!(c.cookie, before, "a new session id after enrolment");
        // Whoever held the old id is not signed in.
        let mut old = c.fresh();
        old.cookie = before;
        assert!(old.get("/account").await.location.is_some());
        // A changed factor ends their other sessions too (ASVS 7.4.3).
        assert!(elsewhere.get("/account").await.location.is_some());
        assert!(c
            .get("/account")
            .await
            .body
            .contains("10 of 10 recovery codes left"));
        // From now on the buyer signs in with a code too.
        let mut d = c.fresh();
        assert_eq!(
            password_step(&mut d, "buyer@kent.police.uk")
                .await
                .as_deref(),
            Some("/sign-in/code")
        );
        let status = service::second_step(
            db,
            &bluelamp_tests::viewer(db, "buyer@kent.police.uk").await,
        )
        .await
        .unwrap();
        assert_eq!(status, service::SecondStep::Code);
    });
}

#[tokio::test]
async fn the_first_admin_sets_a_password_then_an_app() {
    on_each_backend!(|db| {
        let link = service::create_first_admin(
            db,
            "chief@npto.gov.example",
            "Chris Chief",
            bluelamp_tests::LINK_BASE,
        )
        .await
        .unwrap();
        let path = link.strip_prefix(bluelamp_tests::LINK_BASE).unwrap();
        assert!(outbox_to(db, "chief@npto.gov.example").await[0]
            .body_text
            .contains(&link));
        let mut c = Client::new(db);
        assert!(c.get(path).await.body.contains("Set up your account"));
        let r = c
            .post_form(
                path,
                &[
                    ("password", "granite-heron-lantern"),
                    ("confirm_password", "granite-heron-lantern"),
                ],
            )
            .await;
        // A password alone does not sign in a national admin: the app comes first.
        assert_eq!(r.location.as_deref(), Some("/sign-in/authenticator"));
        assert!(c.get("/admin/suppliers").await.location.is_some());
        let secret = secret_on_page(&c.get("/sign-in/authenticator").await.body);
        let code = totp_code(&secret, None).await;
        let r = c
            .post_form("/sign-in/authenticator", &[("code", &code)])
            .await;
        assert_eq!(r.location.as_deref(), Some("/account/recovery-codes"));
        assert_eq!(c.get("/admin/suppliers").await.status, StatusCode::OK);
        // Only on an empty database.
        assert!(matches!(
            service::create_first_admin(db, "x@npto.gov.example", "X", "http://x").await,
            Err(app::error::ServiceError::Conflict(_))
        ));
    });
}
