//! Inviting someone, and the one-time invitation link.

use super::field_error;
use app::error::ServiceError;
use app::identity::seed::seed_demo;
use app::identity::service::{self};
use app::identity::types::*;
use bluelamp_tests::LINK_BASE;
use bluelamp_tests::{on_each_backend, viewer};

#[tokio::test]
async fn invitations_are_on_the_force_domain_and_work_once() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let admin = viewer(db, "admin@kent.police.uk").await;
        let buyer = viewer(db, "buyer@kent.police.uk").await;

        // Invitations: only on the force's domain; the link works once.
        let bad = InviteForm {
            name: "New Person".into(),
            email: "new@gmail.com".into(),
            ..Default::default()
        };
        let e = service::invite_user(db, Some(&admin), admin.org_id, &bad, LINK_BASE)
            .await
            .unwrap_err();
        assert!(field_error(e, "email").contains("kent.police.uk"));
        let good = InviteForm {
            name: "New Person".into(),
            email: "new@kent.police.uk".into(),
            admin: "on".into(),
            ..Default::default()
        };
        assert!(matches!(
            service::invite_user(db, Some(&buyer), admin.org_id, &good, LINK_BASE).await,
            Err(ServiceError::Forbidden)
        ));
        let (_, token) = service::invite_user(db, Some(&admin), admin.org_id, &good, LINK_BASE)
            .await
            .unwrap();
        let (email, org) = service::invitation(db, &token).await.unwrap();
        assert_eq!(
            (email.as_str(), org.as_str()),
            ("new@kent.police.uk", "Kent Police")
        );
        let accept = AcceptInvitationForm {
            password: "quiet-harbour-lights".into(),
            confirm_password: "quiet-harbour-lights".into(),
        };
        let v = service::accept_invitation(db, &token, &accept)
            .await
            .unwrap();
        assert_eq!(v.roles, vec![Role::Member, Role::Admin]);
        assert!(matches!(
            service::accept_invitation(db, &token, &accept).await,
            Err(ServiceError::Conflict(_))
        ));
        assert!(matches!(
            service::invitation(db, "no-such-token").await,
            Err(ServiceError::Conflict(_))
        ));
    });
}
