//! Registering: force staff on their force's domains, suppliers applying.

use super::{field_error, force_form, supplier_form};
use app::identity::entity::app_user;
use app::identity::seed::seed_demo;
use app::identity::service::{self};
use app::identity::types::*;
use bluelamp_tests::on_each_backend;
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn force_staff_register_only_on_their_force_domain() {
    on_each_backend!(|db| {
        let v = service::register_force_user(db, &force_form("Jo.Bloggs@Kent.Police.UK"))
            .await
            .unwrap();
        assert_eq!(v.org_name, "Kent Police");
        assert_eq!(v.email, "jo.bloggs@kent.police.uk");
        assert_eq!(v.roles, vec![Role::Member]);

        let e = service::register_force_user(db, &force_form("jo@gmail.com"))
            .await
            .unwrap_err();
        assert!(field_error(e, "email").contains("gmail.com"));

        let e = service::register_force_user(db, &force_form("jo.bloggs@kent.police.uk"))
            .await
            .unwrap_err();
        assert!(field_error(e, "email").contains("already exists"));

        let mut weak = force_form("weak@kent.police.uk");
        weak.password = "Password123!".into();
        weak.confirm_password = weak.password.clone();
        let e = service::register_force_user(db, &weak).await.unwrap_err();
        assert!(field_error(e, "password").contains("too easy"));
        // A common password behind substitutions and trailing digits, and the force's name.
        for (password, says) in [
            ("P@ssw0rd1234", "most common passwords"),
            ("kent-river-orchard", "“kent”"),
            ("weak-but-long-enough", "“weak”"),
        ] {
            weak.password = password.into();
            weak.confirm_password = password.into();
            let e = service::register_force_user(db, &weak).await.unwrap_err();
            assert!(field_error(e, "password").contains(says), "{password}");
        }

        let mut mismatch = force_form("mismatch@kent.police.uk");
        mismatch.confirm_password = "something-else-entirely".into();
        let e = service::register_force_user(db, &mismatch)
            .await
            .unwrap_err();
        assert!(field_error(e, "confirm_password").contains("do not match"));

        // Refused registrations saved nothing.
        let n = app_user::Entity::find().count(&db.conn).await.unwrap();
        assert_eq!(n, 1);
    });
}

#[tokio::test]
async fn a_supplier_applies_once_and_waits_for_approval() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();

        let vendor = service::register_supplier(db, &supplier_form("ada@acme.example", "7654321"))
            .await
            .unwrap();
        assert_eq!(vendor.org_status, OrgStatus::Pending);
        assert!(vendor.roles.contains(&Role::Admin));

        // The same company cannot apply twice while pending.
        let e = service::register_supplier(db, &supplier_form("bob@acme.example", "07654321"))
            .await
            .unwrap_err();
        assert!(field_error(e, "companies_house_number").contains("already registered"));

        let bad = supplier_form("x@acme.example", "ABC");
        let e = service::register_supplier(db, &bad).await.unwrap_err();
        assert!(field_error(e, "companies_house_number").contains("8 characters"));
    });
}
