//! Identity services against a real database.

use app::error::ServiceError;
use app::identity::entity::{app_user, web_session};
use app::identity::seed::seed_demo;
use app::identity::service::{self, load_viewer};
use app::identity::types::*;
use bluelamp_tests::{on_each_backend, PASSWORD};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn viewer(db: &app::db::Db, email: &str) -> Viewer {
    let form = SignInForm {
        email: email.into(),
        password: PASSWORD.into(),
        next: String::new(),
    };
    service::sign_in(db, &form, "10.0.0.1")
        .await
        .expect("demo user signs in")
}

/// A live session row for a user, as a signed-in browser would have.
async fn insert_session(db: &app::db::Db, id: &str, user_id: i32) {
    web_session::Entity::insert(web_session::ActiveModel {
        id: sea_orm::Set(id.into()),
        user_id: sea_orm::Set(Some(user_id)),
        data: sea_orm::Set("{}".into()),
        expires_at: sea_orm::Set(chrono::Utc::now() + chrono::Duration::hours(1)),
    })
    .exec(&db.conn)
    .await
    .unwrap();
}

fn force_form(email: &str) -> RegisterForceForm {
    RegisterForceForm {
        name: "Jo Bloggs".into(),
        email: email.into(),
        password: "orchard-lantern-42".into(),
        confirm_password: "orchard-lantern-42".into(),
    }
}

fn supplier_form(email: &str, ch: &str) -> RegisterSupplierForm {
    RegisterSupplierForm {
        company_name: "Acme Policing Software Ltd".into(),
        companies_house_number: ch.into(),
        supplier_size: "sme".into(),
        contact_phone: "01632 960 001".into(),
        name: "Ada Vendor".into(),
        email: email.into(),
        password: "orchard-lantern-42".into(),
        confirm_password: "orchard-lantern-42".into(),
    }
}

fn field_error(e: ServiceError, field: &str) -> String {
    match e {
        ServiceError::Invalid(errors) => errors
            .get(field)
            .unwrap_or_else(|| panic!("no error for {field}: {errors}"))
            .to_string(),
        other => panic!("expected invalid {field}, got {other:?}"),
    }
}

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
async fn supplier_registration_approval_and_rejection() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let national = viewer(db, "admin@npto.example").await;
        let force_admin = viewer(db, "admin@kent.police.uk").await;

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

        let v = load_viewer(&db.conn, vendor.user_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(v.org_status, OrgStatus::Active);
    });
}

#[tokio::test]
async fn five_failures_lock_an_account_and_an_address() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let wrong = |email: &str| SignInForm {
            email: email.into(),
            password: "not-the-password".into(),
            next: String::new(),
        };
        for i in 0..4 {
            let e = service::sign_in(db, &wrong("buyer@kent.police.uk"), &format!("10.1.0.{i}"))
                .await
                .unwrap_err();
            assert!(field_error(e, "email").contains("correct email address and password"));
        }
        // The fifth failure locks, from any address.
        let e = service::sign_in(db, &wrong("buyer@kent.police.uk"), "10.1.0.9")
            .await
            .unwrap_err();
        assert!(
            matches!(&e, ServiceError::Locked { message } if message.contains("15 minutes")),
            "{e:?}"
        );
        let right = SignInForm {
            email: "buyer@kent.police.uk".into(),
            password: PASSWORD.into(),
            next: String::new(),
        };
        let e = service::sign_in(db, &right, "10.2.0.1").await.unwrap_err();
        assert!(matches!(e, ServiceError::Locked { .. }));
        // Another account is unaffected.
        service::sign_in(
            db,
            &SignInForm {
                email: "admin@kent.police.uk".into(),
                ..right.clone()
            },
            "10.2.0.1",
        )
        .await
        .unwrap();

        // Five failures from one address lock that address, whatever the account.
        for (i, who) in [
            "a@x.example",
            "b@x.example",
            "c@x.example",
            "d@x.example",
            "e@x.example",
        ]
        .iter()
        .enumerate()
        {
            let r = service::sign_in(db, &wrong(who), "10.3.3.3").await;
            assert_eq!(
                matches!(r, Err(ServiceError::Locked { .. })),
                i == 4,
                "attempt {i}"
            );
        }
        let e = service::sign_in(
            db,
            &SignInForm {
                email: "admin@npto.example".into(),
                ..right.clone()
            },
            "10.3.3.3",
        )
        .await
        .unwrap_err();
        assert!(matches!(e, ServiceError::Locked { .. }));
    });
}

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
        assert!(load_viewer(&db.conn, buyer.user_id)
            .await
            .unwrap()
            .is_none());
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
async fn roles_invitations_and_passwords() {
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
        let v = load_viewer(&db.conn, buyer.user_id).await.unwrap().unwrap();
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

        // Invitations: only on the force's domain; the link works once.
        let bad = InviteForm {
            name: "New Person".into(),
            email: "new@gmail.com".into(),
            ..Default::default()
        };
        let e = service::invite_user(db, Some(&admin), admin.org_id, &bad)
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
            service::invite_user(db, Some(&buyer), admin.org_id, &good).await,
            Err(ServiceError::Forbidden)
        ));
        let (_, token) = service::invite_user(db, Some(&admin), admin.org_id, &good)
            .await
            .unwrap();
        let (email, org) = service::invitation(&db.conn, &token).await.unwrap();
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
            service::invitation(&db.conn, "no-such-token").await,
            Err(ServiceError::Conflict(_))
        ));

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

#[tokio::test]
async fn national_body_edits_force_domains() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let national = viewer(db, "admin@npto.example").await;
        let member = viewer(db, "analyst@npto.example").await;
        let kent = load_viewer(&db.conn, viewer(db, "admin@kent.police.uk").await.user_id)
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
        service::register_force_user(db, &force_form("pat@kent.pnn.police.uk"))
            .await
            .unwrap();
    });
}

#[tokio::test]
async fn parallel_guesses_each_count_against_the_limit() {
    on_each_backend!(|db| {
        seed_demo(db).await.unwrap();
        let mut tasks = Vec::new();
        for i in 0..12 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                let form = SignInForm {
                    email: "evaluator@kent.police.uk".into(),
                    password: format!("wrong-guess-number-{i}"),
                    next: String::new(),
                };
                service::sign_in(&db, &form, &format!("10.5.{i}.1")).await
            }));
        }
        let mut checked = 0;
        for t in tasks {
            if let Err(ServiceError::Invalid(_)) = t.await.unwrap() {
                checked += 1;
            }
        }
        // Only the first guesses get a password check; the rest are refused as locked.
        assert!(checked <= 4, "{checked} guesses were checked");
    });
}

#[tokio::test]
async fn a_deleted_session_is_not_written_back() {
    use tower_sessions::session::{Id, Record};
    use tower_sessions::SessionStore;
    on_each_backend!(|db| {
        let store = app::identity::session_store::DbSessionStore::new(db.clone());
        let mut record = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
        };
        store.create(&mut record).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_some());
        // Signed out elsewhere while this request was running...
        web_session::Entity::delete_many()
            .exec(&db.conn)
            .await
            .unwrap();
        // ...then the request finishes and saves: the session stays gone.
        store.save(&record).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_none());
    });
}
