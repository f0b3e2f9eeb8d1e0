//! The users of an organisation: roles, disabling and enabling.

use super::field_error;
use app::error::ServiceError;
use app::identity::entity::web_session;
use app::identity::seed::seed_demo;
use app::identity::service::{self, load_viewer};
use app::identity::types::*;
use bluelamp_tests::LINK_BASE;
use bluelamp_tests::{insert_session, on_each_backend, viewer, PASSWORD};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_and_sign_in() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let admin = viewer(db, "admin@kent.police.uk").await;
        let buyer = viewer(db, "buyer@kent.police.uk").await;
        let essex = viewer(db, "buyer@essex.police.uk").await;
        insert_session(db, "s1", buyer.user_id).await;

        let disable = ManageUserForm {
            intent: "disable".into(),
            ..Default::default()
        };
        // Another force's member, and the admin themselves, cannot.
        assert!(matches!(
            service::manage_user(db, Some(&essex), buyer.user_id, &disable, LINK_BASE).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            service::manage_user(db, Some(&admin), admin.user_id, &disable, LINK_BASE).await,
            Err(ServiceError::Conflict(_))
        ));

        service::manage_user(db, Some(&admin), buyer.user_id, &disable, LINK_BASE)
            .await
            .unwrap();
        let left = web_session::Entity::find()
            .filter(web_session::Column::UserId.eq(buyer.user_id))
            .count(&db.conn)
            .await
            .unwrap();
        assert_eq!(left, 0);
        assert!(load_viewer(db, buyer.user_id).await.unwrap().is_none());
        let form = SignInForm {
            email: "buyer@kent.police.uk".into(),
            password: PASSWORD.into(),
            next: String::new(),
        };
        let e = service::sign_in(db, &form, "10.0.0.2").await.unwrap_err();
        assert!(field_error(e, "email").contains("disabled"));

        service::manage_user(
            db,
            Some(&admin),
            buyer.user_id,
            &ManageUserForm {
                intent: "enable".into(),
                ..Default::default()
            },
            LINK_BASE,
        )
        .await
        .unwrap();
        service::sign_in(db, &form, "10.0.0.2").await.unwrap();
    });
}

#[tokio::test]
async fn an_admin_changes_roles_but_not_their_own_admin_role() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let admin = viewer(db, "admin@kent.police.uk").await;
        let buyer = viewer(db, "buyer@kent.police.uk").await;

        // Roles: add evaluator; an admin cannot remove their own admin role.
        let roles = ManageUserForm {
            intent: "roles".into(),
            admin: String::new(),
            evaluator: "on".into(),
        };
        service::manage_user(db, Some(&admin), buyer.user_id, &roles, LINK_BASE)
            .await
            .unwrap();
        let v = load_viewer(db, buyer.user_id).await.unwrap().unwrap();
        assert_eq!(v.roles, vec![Role::Member, Role::Evaluator]);
        assert!(matches!(
            service::manage_user(db, Some(&admin), admin.user_id, &roles, LINK_BASE).await,
            Err(ServiceError::Conflict(_))
        ));
        // A member cannot change roles.
        assert!(matches!(
            service::manage_user(db, Some(&buyer), admin.user_id, &roles, LINK_BASE).await,
            Err(ServiceError::Forbidden)
        ));
    });
}

/// Someone who may not see users elsewhere cannot tell a missing user from another
/// organisation's: both are refused (403), so ids cannot be probed. The national admin, who
/// may see every organisation's users, is told a missing one is not there (404).
#[tokio::test]
async fn missing_and_foreign_users_look_the_same_to_a_force_admin() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let kent_admin = viewer(db, "admin@kent.police.uk").await;
        let national = viewer(db, "admin@npto.example").await;
        let essex = viewer(db, "buyer@essex.police.uk").await;
        let nobody = 999_999;
        assert!(matches!(
            service::get_user(db, Some(&kent_admin), essex.user_id).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            service::get_user(db, Some(&kent_admin), nobody).await,
            Err(ServiceError::Forbidden)
        ));
        let disable = ManageUserForm {
            intent: "disable".into(),
            ..Default::default()
        };
        assert!(matches!(
            service::manage_user(db, Some(&kent_admin), nobody, &disable, LINK_BASE).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            service::get_user(db, Some(&national), nobody).await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            service::get_organisation(db, Some(&kent_admin), nobody).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            service::get_organisation(db, Some(&national), nobody).await,
            Err(ServiceError::NotFound)
        ));
    });
}

/// What the national body disabled, only the national body enables again.
#[tokio::test]
async fn only_the_national_body_enables_whom_it_disabled() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let national = viewer(db, "admin@npto.example").await;
        let kent_admin = viewer(db, "admin@kent.police.uk").await;
        let buyer = viewer(db, "buyer@kent.police.uk").await;
        let intent = |i: &str| ManageUserForm {
            intent: i.into(),
            ..Default::default()
        };
        service::manage_user(
            db,
            Some(&national),
            buyer.user_id,
            &intent("disable"),
            LINK_BASE,
        )
        .await
        .unwrap();
        let e = service::manage_user(
            db,
            Some(&kent_admin),
            buyer.user_id,
            &intent("enable"),
            LINK_BASE,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&e, ServiceError::Conflict(m) if m.contains("national body")),
            "{e:?}"
        );
        assert!(load_viewer(db, buyer.user_id).await.unwrap().is_none());
        service::manage_user(
            db,
            Some(&national),
            buyer.user_id,
            &intent("enable"),
            LINK_BASE,
        )
        .await
        .unwrap();
        assert!(load_viewer(db, buyer.user_id).await.unwrap().is_some());
        // What the force disabled, the force may enable.
        service::manage_user(
            db,
            Some(&kent_admin),
            buyer.user_id,
            &intent("disable"),
            LINK_BASE,
        )
        .await
        .unwrap();
        service::manage_user(
            db,
            Some(&kent_admin),
            buyer.user_id,
            &intent("enable"),
            LINK_BASE,
        )
        .await
        .unwrap();
    });
}

/// Disabling an invited person kills their link; enabling them again issues a new one, and
/// the old one stays dead.
#[tokio::test]
async fn enabling_an_invited_person_never_revives_the_old_link() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let admin = viewer(db, "admin@kent.police.uk").await;
        let invite = InviteForm {
            name: "New Person".into(),
            email: "new@kent.police.uk".into(),
            ..Default::default()
        };
        let (user_id, old) =
            service::invite_user(db, Some(&admin), admin.org_id, &invite, LINK_BASE)
                .await
                .unwrap();
        let intent = |i: &str| ManageUserForm {
            intent: i.into(),
            ..Default::default()
        };
        service::manage_user(db, Some(&admin), user_id, &intent("disable"), LINK_BASE)
            .await
            .unwrap();
        assert!(matches!(
            service::invitation(db, &old).await,
            Err(ServiceError::Conflict(_))
        ));
        let enabled = service::manage_user(db, Some(&admin), user_id, &intent("enable"), LINK_BASE)
            .await
            .unwrap();
        let new = enabled.invitation_token.expect("a new invitation link");
        assert_ne!(new, old);
        assert!(matches!(
            service::invitation(db, &old).await,
            Err(ServiceError::Conflict(_))
        ));
        let (email, _) = service::invitation(db, &new).await.unwrap();
        assert_eq!(email, "new@kent.police.uk");
    });
}

/// Through the pages: the invitation goes only by email (the admin never sees the link), and
/// enabling an invited person again mails a new link; the old one stays dead.
#[tokio::test]
async fn enabling_an_invited_person_again_mails_a_new_link() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let admin = viewer(db, "admin@kent.police.uk").await;
        let mut c = bluelamp_tests::Client::signed_in(db, "admin@kent.police.uk").await;
        let users = format!("/organisations/{}/users", admin.org_id);
        let r = c
            .post_form(
                &format!("{users}/invite"),
                &[("name", "New Person"), ("email", "new@kent.police.uk")],
            )
            .await;
        assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER);
        let page = c.get(&users).await.body;
        assert!(page.contains("Invitation emailed to new@kent.police.uk"));
        assert!(
            !page.contains("/invitation/"),
            "the admin must not see the link"
        );
        let id = bluelamp_tests::link_id(&page, "/users/", "New Person");
        let first = bluelamp_tests::token_mailed_to(db, "new@kent.police.uk", "/invitation/").await;
        c.post_form(&format!("/users/{id}"), &[("intent", "disable")])
            .await;
        let r = c
            .post_form(&format!("/users/{id}"), &[("intent", "enable")])
            .await;
        assert_eq!(r.location, Some(format!("/users/{id}")));
        let page = c.get(&format!("/users/{id}")).await.body;
        assert!(page.contains("a new invitation has been emailed"), "{page}");
        let second =
            bluelamp_tests::token_mailed_to(db, "new@kent.police.uk", "/invitation/").await;
        assert_ne!(first, second);
        assert!(service::invitation(db, &first).await.is_err());
        assert!(service::invitation(db, &second).await.is_ok());
    });
}
