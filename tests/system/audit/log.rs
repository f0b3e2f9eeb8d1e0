//! What is logged, and the national body's filtered view of it.

use super::actions_logged;
use app::audit::entity::audit_event;
use app::audit::service::{list, verify, VerifyReport};
use app::audit::types::{actions, AuditFilter};
use app::identity::seed::seed_demo;
use app::identity::service;
use app::identity::types::*;
use bluelamp_tests::LINK_BASE;
use bluelamp_tests::{on_each_backend, PASSWORD};
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn changes_are_logged_and_the_chain_verifies() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let form = SignInForm {
            email: "admin@npto.example".into(),
            password: PASSWORD.into(),
            next: String::new(),
        };
        let national = service::sign_in(db, &form, "10.0.0.1").await.unwrap();
        let bad = SignInForm {
            password: "wrong-password-here".into(),
            ..form.clone()
        };
        let _ = service::sign_in(db, &bad, "10.0.0.1").await;
        service::register_supplier(
            db,
            &RegisterSupplierForm {
                company_name: "Audit Test Ltd".into(),
                companies_house_number: "87654321".into(),
                supplier_size: "large".into(),
                name: "Val".into(),
                email: "val@audit.example".into(),
                password: "orchard-lantern-42".into(),
                confirm_password: "orchard-lantern-42".into(),
                ..Default::default()
            },
            LINK_BASE,
        )
        .await
        .unwrap();
        bluelamp_tests::confirm_by_mail(db, "val@audit.example").await;
        let vendor =
            bluelamp_tests::viewer_with(db, "val@audit.example", "orchard-lantern-42").await;
        service::decide_supplier(
            db,
            Some(&national),
            vendor.org_id,
            &DecideSupplierForm {
                decision: "reject".into(),
                reason: "No evidence of insurance".into(),
            },
        )
        .await
        .unwrap();
        let logged = actions_logged(db).await;
        for a in [
            actions::DEMO_SEEDED,
            // Admins have a second step: a right password alone is not a sign-in.
            actions::PASSWORD_VERIFIED,
            actions::SIGN_IN_FAILED,
            actions::SUPPLIER_REGISTERED,
            actions::SUPPLIER_REJECTED,
        ] {
            assert!(logged.iter().any(|l| l == a), "{a} missing from {logged:?}");
        }
        assert_eq!(
            verify(db).await.unwrap(),
            VerifyReport::Intact {
                events: logged.len() as u64
            }
        );

        // Filters and authorisation of the listing.
        let filter = AuditFilter {
            action: actions::SUPPLIER_REJECTED.into(),
            ..Default::default()
        };
        let page = list(db, Some(&national), &filter).await.unwrap();
        assert_eq!(page.total, 1);
        assert!(page.rows[0].details.contains("insurance"));
        let by_user = AuditFilter {
            user: "val@audit".into(),
            ..Default::default()
        };
        // Registered, confirmed the address, signed in.
        assert_eq!(list(db, Some(&national), &by_user).await.unwrap().total, 3);
        // LIKE wildcards typed into the filter match only themselves.
        let wildcard = AuditFilter {
            user: "va_@audit".into(),
            ..Default::default()
        };
        let found = list(db, Some(&national), &wildcard).await.unwrap();
        assert_eq!(found.total, 0);
        let bad_date = AuditFilter {
            from: "2026-13-45".into(),
            ..Default::default()
        };
        assert!(matches!(
            list(db, Some(&national), &bad_date).await,
            Err(app::error::ServiceError::Invalid(_))
        ));
        assert!(matches!(
            list(db, Some(&vendor), &filter).await,
            Err(app::error::ServiceError::Forbidden)
        ));
        assert!(matches!(
            list(db, None, &filter).await,
            Err(app::error::ServiceError::Forbidden)
        ));
    });
}

#[tokio::test]
async fn a_failed_change_writes_no_event() {
    on_each_backend!(|db| {
        let before = audit_event::Entity::find().count(&db.conn).await.unwrap();
        let form = RegisterForceForm {
            name: "X".into(),
            email: "x@gmail.com".into(),
            password: "orchard-lantern-42".into(),
            confirm_password: "orchard-lantern-42".into(),
        };
        assert!(service::register_force_user(db, &form, LINK_BASE)
            .await
            .is_err());
        assert_eq!(
            audit_event::Entity::find().count(&db.conn).await.unwrap(),
            before
        );
    });
}
