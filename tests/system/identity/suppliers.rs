//! The national body's decisions on supplier applications.

use super::{field_error, supplier_form};
use app::error::ServiceError;
use app::identity::seed::seed_demo;
use app::identity::service::{self, load_viewer};
use app::identity::types::*;
use axum::http::StatusCode;
use bluelamp_tests::LINK_BASE;
use bluelamp_tests::{link_id, Client};
use bluelamp_tests::{on_each_backend, viewer};

#[tokio::test]
async fn only_the_national_admin_decides_an_application_once_with_a_reason_to_reject() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let national = viewer(db, "admin@npto.example").await;
        let force_admin = viewer(db, "admin@kent.police.uk").await;

        service::register_supplier(db, &supplier_form("ada@acme.example", "7654321"), LINK_BASE)
            .await
            .unwrap();
        bluelamp_tests::confirm_by_mail(db, "ada@acme.example").await;
        let vendor =
            bluelamp_tests::viewer_with(db, "ada@acme.example", "orchard-lantern-42").await;
        let approve = DecideSupplierForm {
            decision: "approve".into(),
            reason: String::new(),
        };
        let e = service::decide_supplier(db, Some(&force_admin), vendor.org_id, &approve)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Forbidden));
        let e = service::decide_supplier(db, None, vendor.org_id, &approve)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Forbidden));

        let reject_no_reason = DecideSupplierForm {
            decision: "reject".into(),
            reason: "  ".into(),
        };
        let e = service::decide_supplier(db, Some(&national), vendor.org_id, &reject_no_reason)
            .await
            .unwrap_err();
        assert!(field_error(e, "reason").contains("reason"));

        let status = service::decide_supplier(db, Some(&national), vendor.org_id, &approve)
            .await
            .unwrap();
        assert_eq!(status, OrgStatus::Active);
        let again = service::decide_supplier(db, Some(&national), vendor.org_id, &approve)
            .await
            .unwrap_err();
        assert!(matches!(again, ServiceError::Conflict(_)));

        let v = load_viewer(db, vendor.user_id).await.unwrap().unwrap();
        assert_eq!(v.org_status, OrgStatus::Active);
    });
}

#[tokio::test]
async fn a_rejected_supplier_sees_the_reason() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut n = Client::signed_in(db, "admin@npto.example").await;
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
