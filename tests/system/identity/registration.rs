//! Registering: force staff on their force's domains, suppliers applying.

use super::{field_error, force_form, supplier_form};
use app::error::ServiceError;
use app::identity::entity::{app_user, organisation};
use app::identity::seed::seed_demo;
use app::identity::service::{self};
use app::identity::types::*;
use bluelamp_tests::{
    confirm_by_mail, on_each_backend, outbox_to, token_mailed_to, viewer, viewer_with, LINK_BASE,
};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};

const PW: &str = "orchard-lantern-42";

#[tokio::test]
async fn force_staff_register_only_on_their_force_domain() {
    on_each_backend!(|db| {
        let sent =
            service::register_force_user(db, &force_form("Jo.Bloggs@Kent.Police.UK"), LINK_BASE)
                .await
                .unwrap();
        assert_eq!(sent.email, "jo.bloggs@kent.police.uk");

        let e = service::register_force_user(db, &force_form("jo@gmail.com"), LINK_BASE)
            .await
            .unwrap_err();
        assert!(field_error(e, "email").contains("gmail.com"));

        let mut weak = force_form("weak@kent.police.uk");
        weak.password = "Password123!".into();
        weak.confirm_password = weak.password.clone();
        let e = service::register_force_user(db, &weak, LINK_BASE)
            .await
            .unwrap_err();
        assert!(field_error(e, "password").contains("too easy"));
        // A common password behind substitutions and trailing digits, and the force's name.
        for (password, says) in [
            ("P@ssw0rd1234", "most common passwords"),
            ("kent-river-orchard", "“kent”"),
            ("weak-but-long-enough", "“weak”"),
        ] {
            weak.password = password.into();
            weak.confirm_password = password.into();
            let e = service::register_force_user(db, &weak, LINK_BASE)
                .await
                .unwrap_err();
            assert!(field_error(e, "password").contains(says), "{password}");
        }

        let mut mismatch = force_form("mismatch@kent.police.uk");
        mismatch.confirm_password = "something-else-entirely".into();
        let e = service::register_force_user(db, &mismatch, LINK_BASE)
            .await
            .unwrap_err();
        assert!(field_error(e, "confirm_password").contains("do not match"));

        // Refused registrations saved nothing.
        let n = app_user::Entity::find().count(&db.conn).await.unwrap();
        assert_eq!(n, 1);
    });
}

#[tokio::test]
async fn a_registration_works_only_after_the_mailed_link_is_followed() {
    on_each_backend!(|db| {
        let email = "jo.bloggs@kent.police.uk";
        service::register_force_user(db, &force_form(email), LINK_BASE)
            .await
            .unwrap();
        // Not yet: the address is unproven.
        let form = SignInForm {
            email: email.into(),
            password: PW.into(),
            next: String::new(),
        };
        let e = service::sign_in(db, &form, "10.0.0.1").await.unwrap_err();
        assert!(field_error(e, "email").contains("Confirm your email address first"));

        let mail = outbox_to(db, email).await;
        assert_eq!(mail.len(), 1);
        assert_eq!(mail[0].subject, "Confirm your email address");
        assert!(mail[0].carries_token);
        assert!(mail[0].body_html.contains("/confirm/"));
        let token = token_mailed_to(db, email, "/confirm/").await;
        // The token is stored only as its hash.
        let user = app_user::Entity::find()
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(user.status, UserStatus::Unconfirmed);
        assert_ne!(user.invitation_token_hash.as_deref(), Some(token.as_str()));

        assert_eq!(service::confirm_email(db, &token).await.unwrap(), email);
        let v = viewer_with(db, email, PW).await;
        assert_eq!(v.org_name, "Kent Police");
        assert_eq!(v.roles, vec![Role::Member]);

        // Single use; unknown tokens read the same.
        for t in [token.as_str(), "not-a-token"] {
            match service::confirm_email(db, t).await {
                Err(ServiceError::Conflict(m)) => {
                    assert!(m.contains("expired or has already been used"))
                }
                other => panic!("{other:?}"),
            }
        }
        let actions = crate::audit::actions_logged(db).await;
        assert!(actions.contains(&"user.email_confirmed".to_string()));
    });
}

#[tokio::test]
async fn a_confirmation_link_expires_after_24_hours() {
    on_each_backend!(|db| {
        let email = "late@kent.police.uk";
        service::register_force_user(db, &force_form(email), LINK_BASE)
            .await
            .unwrap();
        let token = token_mailed_to(db, email, "/confirm/").await;
        db.conn
            .execute_unprepared(&format!(
                "UPDATE app_user SET invitation_expires_at = '{}' WHERE email = '{email}'",
                (chrono::Utc::now() - chrono::Duration::minutes(1)).format("%Y-%m-%d %H:%M:%S%:z")
            ))
            .await
            .unwrap();
        assert!(matches!(
            service::confirm_email(db, &token).await,
            Err(ServiceError::Conflict(_))
        ));
        // Registering again mails a fresh link, which works.
        service::register_force_user(db, &force_form(email), LINK_BASE)
            .await
            .unwrap();
        let fresh = token_mailed_to(db, email, "/confirm/").await;
        assert_ne!(fresh, token);
        service::confirm_email(db, &fresh).await.unwrap();
    });
}

#[tokio::test]
async fn registering_a_taken_address_answers_the_same_and_mails_the_owner() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let owner = "buyer@kent.police.uk";
        let before = app_user::Entity::find().count(&db.conn).await.unwrap();
        let sent = service::register_force_user(db, &force_form(owner), LINK_BASE)
            .await
            .unwrap();
        assert_eq!(sent.email, owner);
        let mail = outbox_to(db, owner).await;
        assert_eq!(mail.len(), 1);
        assert_eq!(
            mail[0].subject,
            "Someone tried to register with your email address"
        );
        assert!(!mail[0].carries_token);
        // Nothing changed: the owner's password still works, no account was added.
        assert_eq!(
            app_user::Entity::find().count(&db.conn).await.unwrap(),
            before
        );
        viewer(db, owner).await;
        // The supplier form too.
        service::register_supplier(db, &supplier_form(owner, "11223344"), LINK_BASE)
            .await
            .unwrap_err(); // a force address is refused outright on the supplier form
        let supplier_owner = "admin@beacon-analytics.example";
        service::register_supplier(db, &supplier_form(supplier_owner, "11223344"), LINK_BASE)
            .await
            .unwrap();
        let mail = outbox_to(db, supplier_owner).await;
        assert_eq!(
            mail.last().unwrap().subject,
            "Someone tried to register with your email address"
        );
    });
}

#[tokio::test]
async fn a_supplier_applies_once_and_waits_for_approval() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();

        let email = "ada@acme.example";
        service::register_supplier(db, &supplier_form(email, "7654321"), LINK_BASE)
            .await
            .unwrap();
        confirm_by_mail(db, email).await;
        let vendor = viewer_with(db, email, PW).await;
        assert_eq!(vendor.org_status, OrgStatus::Pending);
        assert!(vendor.roles.contains(&Role::Admin));

        // The same company cannot apply twice while pending; the page does not say so (it
        // would name another applicant): the mail to the address does.
        let before = organisation::Entity::find().count(&db.conn).await.unwrap();
        let second = "bob@acme.example";
        let sent = service::register_supplier(db, &supplier_form(second, "07654321"), LINK_BASE)
            .await
            .unwrap();
        assert_eq!(sent.email, second);
        assert_eq!(
            organisation::Entity::find().count(&db.conn).await.unwrap(),
            before
        );
        let mail = outbox_to(db, second).await;
        assert_eq!(mail.len(), 1);
        assert!(mail[0].body_text.contains("07654321 is already registered"));
        assert!(!mail[0].body_text.contains("Acme"));

        let bad = supplier_form("x@acme.example", "ABC");
        let e = service::register_supplier(db, &bad, LINK_BASE)
            .await
            .unwrap_err();
        assert!(field_error(e, "companies_house_number").contains("8 characters"));
    });
}
