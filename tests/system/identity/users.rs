//! The users of an organisation: roles, disabling and enabling.

use super::field_error;
use app::error::ServiceError;
use app::identity::entity::web_session;
use app::identity::seed::seed_demo;
use app::identity::service::{self, load_viewer};
use app::identity::types::*;
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
            service::manage_user(db, Some(&essex), buyer.user_id, &disable).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            service::manage_user(db, Some(&admin), admin.user_id, &disable).await,
            Err(ServiceError::Conflict(_))
        ));

        service::manage_user(db, Some(&admin), buyer.user_id, &disable)
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
        service::manage_user(db, Some(&admin), buyer.user_id, &roles)
            .await
            .unwrap();
        let v = load_viewer(db, buyer.user_id).await.unwrap().unwrap();
        assert_eq!(v.roles, vec![Role::Member, Role::Evaluator]);
        assert!(matches!(
            service::manage_user(db, Some(&admin), admin.user_id, &roles).await,
            Err(ServiceError::Conflict(_))
        ));
        // A member cannot change roles.
        assert!(matches!(
            service::manage_user(db, Some(&buyer), admin.user_id, &roles).await,
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
            service::manage_user(db, Some(&kent_admin), nobody, &disable).await,
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
