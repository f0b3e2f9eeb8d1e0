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

/// Each organisation invites only on its own domains: a supplier cannot bring in an address
/// on a force's domain, and not even the national body can put one into a supplier.
#[tokio::test]
async fn invitations_stay_on_the_organisations_own_domains() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let supplier = viewer(db, "admin@beacon-analytics.example").await;
        let national = viewer(db, "admin@npto.example").await;
        let invite = |email: &str| InviteForm {
            name: "Someone New".into(),
            email: email.into(),
            ..Default::default()
        };
        for (who, email, says) in [
            (&supplier, "new@kent.police.uk", "beacon-analytics.example"),
            (&supplier, "new@gmail.com", "beacon-analytics.example"),
            (&national, "new@kent.police.uk", "beacon-analytics.example"),
        ] {
            let e = service::invite_user(db, Some(who), supplier.org_id, &invite(email), LINK_BASE)
                .await
                .unwrap_err();
            assert!(field_error(e, "email").contains(says), "{email}");
        }
        service::invite_user(
            db,
            Some(&supplier),
            supplier.org_id,
            &invite("colleague@beacon-analytics.example"),
            LINK_BASE,
        )
        .await
        .unwrap();
        // The national body may invite into a force, on the force's domain only.
        let kent = viewer(db, "admin@kent.police.uk").await.org_id;
        assert!(service::invite_user(
            db,
            Some(&national),
            kent,
            &invite("x@npto.example"),
            LINK_BASE
        )
        .await
        .is_err());
        service::invite_user(
            db,
            Some(&national),
            kent,
            &invite("x@kent.police.uk"),
            LINK_BASE,
        )
        .await
        .unwrap();
        // The invitation went by mail, with the link.
        let token = bluelamp_tests::token_mailed_to(db, "x@kent.police.uk", "/invitation/").await;
        assert!(service::invitation(db, &token).await.is_ok());
    });
}
