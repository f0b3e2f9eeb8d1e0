//! Forces' email domains.

use super::{field_error, force_form};
use app::error::ServiceError;
use app::identity::seed::seed_demo;
use app::identity::service::{self, load_viewer};
use app::identity::types::*;
use bluelamp_tests::LINK_BASE;
use bluelamp_tests::{on_each_backend, viewer};

#[tokio::test]
async fn national_body_edits_force_domains() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let national = viewer(db, "admin@npto.example").await;
        let member = viewer(db, "analyst@npto.example").await;
        let kent = load_viewer(db, viewer(db, "admin@kent.police.uk").await.user_id)
            .await
            .unwrap()
            .unwrap()
            .org_id;

        let form = ForceDomainsForm {
            domains: "kent.police.uk\n@KENT.pnn.police.uk\n\n".into(),
        };
        assert!(matches!(
            service::set_force_domains(db, Some(&member), kent, &form).await,
            Err(ServiceError::Forbidden)
        ));
        let saved = service::set_force_domains(db, Some(&national), kent, &form)
            .await
            .unwrap();
        assert_eq!(
            saved,
            vec![
                "kent.pnn.police.uk".to_string(),
                "kent.police.uk".to_string()
            ]
        );

        let taken = ForceDomainsForm {
            domains: "essex.police.uk".into(),
        };
        let e = service::set_force_domains(db, Some(&national), kent, &taken)
            .await
            .unwrap_err();
        assert!(field_error(e, "domains").contains("Essex Police"));
        let invalid = ForceDomainsForm {
            domains: "not a domain".into(),
        };
        let e = service::set_force_domains(db, Some(&national), kent, &invalid)
            .await
            .unwrap_err();
        assert!(field_error(e, "domains").contains("not an email domain"));

        // Registration follows the new list.
        service::register_force_user(db, &force_form("pat@kent.pnn.police.uk"), LINK_BASE)
            .await
            .unwrap();
    });
}
