//! One's own account: changing one's password.

use super::field_error;
use app::identity::entity::web_session;
use app::identity::seed::seed_demo;
use app::identity::service::{self};
use app::identity::types::*;
use bluelamp_tests::{insert_session, on_each_backend, viewer, PASSWORD};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn changing_a_password_needs_the_current_one_and_ends_other_sessions() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let buyer = viewer(db, "buyer@kent.police.uk").await;

        // Password change needs the current password.
        let wrong = ChangePasswordForm {
            current_password: "nope".into(),
            new_password: "bright-meadow-river".into(),
            confirm_password: "bright-meadow-river".into(),
        };
        let e = service::change_password(db, Some(&buyer), &wrong, None, "10.0.0.4")
            .await
            .unwrap_err();
        assert!(field_error(e, "current_password").contains("not correct"));
        let right = ChangePasswordForm {
            current_password: PASSWORD.into(),
            ..wrong
        };
        for id in ["this-browser", "another-browser"] {
            insert_session(db, id, buyer.user_id).await;
        }
        service::change_password(db, Some(&buyer), &right, Some("this-browser"), "10.0.0.4")
            .await
            .unwrap();
        // Other sessions end; this one stays.
        let left: Vec<String> = web_session::Entity::find()
            .filter(web_session::Column::UserId.eq(buyer.user_id))
            .all(&db.conn)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(left, vec!["this-browser".to_string()]);
        let form = SignInForm {
            email: "buyer@kent.police.uk".into(),
            password: "bright-meadow-river".into(),
            next: String::new(),
        };
        service::sign_in(db, &form, "10.0.0.3").await.unwrap();
    });
}
