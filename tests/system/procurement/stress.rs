//! The stress command at a small size, over real HTTP against the real router: 20 suppliers
//! submitting and revising in the last second before the deadline. Every bid accepted before
//! it is stored once with its last revision; every one after it is refused; nothing else.

use bluelamp_server::stress::{run, StressBidsArgs};
use bluelamp_tests::on_each_backend;
use std::net::SocketAddr;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_suppliers_bidding_at_the_deadline_lose_and_duplicate_nothing() {
    on_each_backend!(|db| {
        app::seed::demo(db).await.unwrap();
        let router = bluelamp_server::router::build(
            db.clone(),
            bluelamp_server::router::RouterConfig {
                site_root: "target/site".into(),
                public_url: None,
                trust_forwarded_for: false,
                link_base: "http://127.0.0.1".into(),
                demo: true,
                anonymous_posts_per_minute: 30,
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
        });
        let report = run(
            db,
            &StressBidsArgs {
                url: format!("http://{addr}"),
                suppliers: 20,
                window_ms: 5000,
            },
        )
        .await
        .unwrap();
        server.abort();
        report.print();
        // Clean: no errors, and each supplier's stored bid is exactly the revision it last had
        // accepted (none stored where none was accepted), none stored twice or late. How many
        // suppliers got a bid in before the deadline depends on the machine's speed, so it is
        // only required that some did and some were refused.
        assert!(report.clean(), "{report:?}");
        assert!(report.stored.bids > 0, "some bids went in: {report:?}");
        assert!(
            report.refused_late > 0,
            "bids were tried after the deadline: {report:?}"
        );
    });
}
