//! Outgoing mail: sent over real SMTP (a sink in the test crate) from the outbox; an outage
//! loses nothing; two senders on one database never send a message twice.

use app::identity::service;
use app::mail::entity::mail_message;
use app::mail::sender::{deliver_due, Sender};
use app::mail::{outbox, templates};
use bluelamp_tests::smtp::SmtpSink;
use bluelamp_tests::{on_each_backend, outbox_to, LINK_BASE};
use sea_orm::{ConnectionTrait, EntityTrait};

const FROM: &str = "Bluelamp <no-reply@bluelamp.test>";

fn force_form(email: &str) -> app::identity::types::RegisterForceForm {
    app::identity::types::RegisterForceForm {
        name: "Jo Bloggs".into(),
        email: email.into(),
        password: "orchard-lantern-42".into(),
        confirm_password: "orchard-lantern-42".into(),
    }
}

#[tokio::test]
async fn mail_goes_over_smtp_and_a_sent_link_is_not_kept() {
    on_each_backend!(|db| {
        let sink = SmtpSink::start().await;
        let email = "jo@kent.police.uk";
        service::register_force_user(db, &force_form(email), LINK_BASE)
            .await
            .unwrap();
        let sender = Sender::new(&sink.url(), FROM).unwrap();
        let delivery = deliver_due(db, &sender).await.unwrap();
        assert_eq!((delivery.sent, delivery.failed), (1, 0));

        let got = sink.to(email);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].subject, "Confirm your email address");
        let link = got[0]
            .link(&format!("{LINK_BASE}/confirm/"))
            .expect("a link");
        assert!(
            got[0].html.contains(&link),
            "the HTML body has the link too"
        );
        // The link works, straight from the mail that crossed the wire.
        let token = link.rsplit('/').next().unwrap();
        service::confirm_email(db, token).await.unwrap();

        // Sent, and the body with the live link is gone from the database.
        let row = &outbox_to(db, email).await[0];
        assert!(row.sent_at.is_some());
        assert!(row.body_text.is_empty() && row.body_html.is_empty());
        // Nothing is sent twice.
        assert_eq!(deliver_due(db, &sender).await.unwrap().sent, 0);
        assert_eq!(sink.to(email).len(), 1);
    });
}

#[tokio::test]
async fn a_mail_server_outage_loses_nothing() {
    on_each_backend!(|db| {
        let email = "jo@kent.police.uk";
        service::register_force_user(db, &force_form(email), LINK_BASE)
            .await
            .unwrap();
        // Nothing listens on this port.
        let closed = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap()
        };
        let down = Sender::new(&format!("smtp://{closed}"), FROM).unwrap();
        let delivery = deliver_due(db, &down).await.unwrap();
        assert_eq!((delivery.sent, delivery.failed), (0, 1));
        let row = outbox_to(db, email).await.remove(0);
        assert_eq!(row.attempts, 1);
        assert!(row.sent_at.is_none());
        assert!(row.last_error.is_some());
        assert!(
            !row.body_text.is_empty(),
            "the message is kept for the retry"
        );
        assert!(row.next_attempt_at > chrono::Utc::now());

        // The server is back, but the retry is not due yet.
        let sink = SmtpSink::start().await;
        let up = Sender::new(&sink.url(), FROM).unwrap();
        assert_eq!(deliver_due(db, &up).await.unwrap().sent, 0);
        // Time passes.
        db.conn
            .execute_unprepared(&format!(
                "UPDATE mail_message SET next_attempt_at = '{}'",
                (chrono::Utc::now() - chrono::Duration::seconds(1)).format("%Y-%m-%d %H:%M:%S%:z")
            ))
            .await
            .unwrap();
        assert_eq!(deliver_due(db, &up).await.unwrap().sent, 1);
        assert_eq!(sink.to(email).len(), 1);
        assert_eq!(outbox_to(db, email).await[0].attempts, 2);
    });
}

#[tokio::test]
async fn two_senders_on_one_database_never_send_a_message_twice() {
    on_each_backend!(|db| {
        let txn = db.write().await.unwrap();
        for i in 0..30 {
            outbox::enqueue(
                &txn,
                templates::already_registered(&format!("p{i}@example.test"), "http://x/sign-in"),
            )
            .await
            .unwrap();
        }
        txn.commit().await.unwrap();
        let sink = SmtpSink::start().await;
        let (a, b) = (
            Sender::new(&sink.url(), FROM).unwrap(),
            Sender::new(&sink.url(), FROM).unwrap(),
        );
        let (db1, db2) = (db.clone(), db.clone());
        let (ra, rb) = tokio::join!(
            async move { deliver_due(&db1, &a).await.unwrap() },
            async move { deliver_due(&db2, &b).await.unwrap() },
        );
        assert_eq!(ra.sent + rb.sent, 30, "{ra:?} {rb:?}");
        let mut to: Vec<String> = sink.received().into_iter().map(|m| m.to).collect();
        assert_eq!(to.len(), 30);
        to.sort();
        to.dedup();
        assert_eq!(to.len(), 30, "a message went twice");
        let unsent = mail_message::Entity::find()
            .all(&db.conn)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.sent_at.is_none())
            .count();
        assert_eq!(unsent, 0);
    });
}
