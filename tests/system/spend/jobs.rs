//! The import job: a kill in the middle, two instances on one queue, one file twice at once.

use super::*;
use app::spend::service::job::{self, ChunkReader, Source};
use app::spend::types::ImportState;
use bluelamp_tests::on_each_backend;
use sea_orm::sea_query::Expr;

fn generated(rows: u64) -> (Vec<u8>, i64) {
    let mut buf = Vec::new();
    let total = app::spend::demo::write_force_file(&mut buf, "Kent Police", rows).unwrap();
    (buf, total)
}

#[tokio::test]
async fn an_import_killed_in_the_middle_leaves_nothing_counted_and_is_retried_once() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let (bytes, total) = generated(60_000);
        let id = upload_and_confirm(
            db,
            &w.kent,
            PublisherChoice::Force(w.kent.org_id),
            "big.csv",
            &bytes,
        )
        .await;
        let claimed = job::claim_next(db, "doomed").await.unwrap().unwrap();
        assert_eq!(claimed.id, id);
        let doomed_db = db.clone();
        let running = tokio::spawn(async move {
            let source: Source = Box::new(ChunkReader::new(doomed_db.clone(), id));
            job::run(&doomed_db, &claimed, "doomed", source).await
        });
        // Wait for the file to be read and the first payments written, then kill it where
        // it stands.
        loop {
            if import(db, id).await.rows_imported > 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        running.abort();
        let _ = running.await;
        let partial = import(db, id).await;
        assert_eq!(partial.state, ImportState::Running, "killed before the end");
        assert!(partial.rows_imported < 60_000);
        let written = payments_of(db, id).await;
        assert!(
            written > 0 && written < 60_000,
            "{written} payments written"
        );
        // Its rows are in the database but count for nothing: the import is not done.
        // Nobody else takes it while its lease runs...
        assert_eq!(job::run_queued(db, "rescuer").await.unwrap(), 0);
        // ...and once the lease has run out (as a minute after a kill), another instance does.
        app::spend::entity::spend_import::Entity::update_many()
            .col_expr(
                app::spend::entity::spend_import::Column::LeaseUntil,
                Expr::value(Some(chrono::Utc::now() - chrono::Duration::seconds(1))),
            )
            .filter(app::spend::entity::spend_import::Column::Id.eq(id))
            .exec(&db.conn)
            .await
            .unwrap();
        assert_eq!(job::run_queued(db, "rescuer").await.unwrap(), 1);
        let done = import(db, id).await;
        assert_eq!(done.state, ImportState::Done);
        assert_eq!(done.attempts, 2);
        assert_eq!(done.claimed_by.as_deref(), Some("rescuer"));
        assert_eq!((done.rows_read, done.rows_imported), (60_000, 60_000));
        assert_eq!(done.pence_imported, total, "every penny, once");
        assert_eq!(payments_of(db, id).await, 60_000);
    });
}

#[tokio::test]
async fn two_instances_share_the_queue_and_run_each_import_exactly_once() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let mut ids = Vec::new();
        let mut expected = 0;
        for rows in [3_000, 3_001, 3_002, 3_003] {
            let (bytes, _) = generated(rows);
            expected += rows;
            ids.push(
                upload_and_confirm(
                    db,
                    &w.kent,
                    PublisherChoice::Force(w.kent.org_id),
                    &format!("{rows}.csv"),
                    &bytes,
                )
                .await,
            );
        }
        let (a, b) = tokio::join!(
            job::run_queued(db, "instance-a"),
            job::run_queued(db, "instance-b")
        );
        assert_eq!(a.unwrap() + b.unwrap(), 4, "four imports, each run once");
        let mut payments = 0;
        for id in ids {
            let i = import(db, id).await;
            assert_eq!((i.state, i.attempts), (ImportState::Done, 1), "import {id}");
            assert_adds_up(&i);
            payments += payments_of(db, id).await;
        }
        assert_eq!(payments, expected);
    });
}

#[tokio::test]
async fn the_same_file_imported_twice_at_once_counts_each_payment_once() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let (bytes, total) = generated(8_000);
        let kent = PublisherChoice::Force(w.kent.org_id);
        let first = upload_and_confirm(db, &w.kent, kent.clone(), "one.csv", &bytes).await;
        let second = upload_and_confirm(db, &w.kent, kent, "two.csv", &bytes).await;
        let (a, b) = tokio::join!(job::run_queued(db, "a"), job::run_queued(db, "b"));
        a.unwrap();
        b.unwrap();
        let (i, j) = (import(db, first).await, import(db, second).await);
        assert_adds_up(&i);
        assert_adds_up(&j);
        assert_eq!(i.rows_imported + j.rows_imported, 8_000);
        assert_eq!(i.rows_duplicate + j.rows_duplicate, 8_000);
        assert_eq!(i.pence_imported + j.pence_imported, total);
        assert_eq!(
            payments_of(db, first).await + payments_of(db, second).await,
            8_000
        );
    });
}
