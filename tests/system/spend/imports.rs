//! Uploading, checking the columns, the report: exact, idempotent, and only one's own.

use super::*;
use app::error::ServiceError;
use app::spend::entity::{spend_buyer, spend_rejected_row, spend_supplier_name};
use app::spend::parse::mapping::Field;
use app::spend::service::job;
use app::spend::types::{BuyerStatus, ImportState};
use bluelamp_tests::on_each_backend;
use sea_orm::QueryOrder;

#[tokio::test]
async fn a_force_file_imports_exactly_and_the_same_file_again_is_all_duplicates() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let bytes = kent_file();
        let id = upload(
            db,
            &w.kent,
            PublisherChoice::Force(w.kent.org_id),
            "kent-april.csv",
            &bytes,
        )
        .await
        .unwrap();
        // The mapping step: the encoding, the title line and the header found; the payment
        // date told from the invoice date.
        let step = service::mapping_step(db, Some(&w.kent), id).await.unwrap();
        assert_eq!(step.encoding_label, "Windows-1252");
        assert_eq!(step.title, ["Kent Police - payments over £500, April 2024"]);
        assert_eq!(step.header_line, 2);
        assert_eq!(
            step.mapping.0,
            [
                Some(Field::PaymentDate),
                Some(Field::Supplier),
                Some(Field::Amount),
                Some(Field::Description),
                None
            ]
        );
        assert_eq!(step.preview[2].1[1], "Café Systems Ltd");
        // Nothing is imported before the columns are confirmed.
        assert_eq!(job::run_queued(db, "w").await.unwrap(), 0);
        let columns: Vec<String> = step
            .mapping
            .0
            .iter()
            .map(|f| f.map(|f| f.as_str().to_string()).unwrap_or_default())
            .collect();
        // A field chosen twice is refused, column by column.
        let mut twice = columns.clone();
        twice[4] = "payment_date".into();
        let err = service::confirm_mapping(
            db,
            Some(&w.kent),
            id,
            MappingForm {
                columns: twice,
                encoding: String::new(),
                reread: false,
            },
        )
        .await
        .unwrap_err();
        let ServiceError::Invalid(fields) = err else {
            panic!("{err:?}")
        };
        assert!(fields.get("column-4").unwrap().contains("already chosen"));
        service::confirm_mapping(
            db,
            Some(&w.kent),
            id,
            MappingForm {
                columns,
                encoding: String::new(),
                reread: false,
            },
        )
        .await
        .unwrap();
        assert_eq!(job::run_queued(db, "w").await.unwrap(), 1);

        let i = import(db, id).await;
        assert_eq!(i.state, ImportState::Done);
        assert_eq!(
            (
                i.rows_read,
                i.rows_imported,
                i.rows_duplicate,
                i.rows_rejected,
                i.rows_blank
            ),
            (6, 4, 0, 2, 1)
        );
        // £1,234.56 + 5,616.65 - 123.45 + 734.90, to the penny; the bad date's £100 rejected.
        assert_eq!(i.pence_imported, 123_456 + 561_665 - 12_345 + 73_490);
        assert_eq!(i.pence_rejected, 10_000);
        assert_eq!(payments_of(db, id).await, 4);
        let rejected = spend_rejected_row::Entity::find()
            .filter(spend_rejected_row::Column::ImportId.eq(id))
            .order_by_asc(spend_rejected_row::Column::Line)
            .all(&db.conn)
            .await
            .unwrap();
        let lines: Vec<(i64, &str)> = rejected
            .iter()
            .map(|r| (r.line, r.reason.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (7, "payment date: “31/02/2024” is not a real date"),
                (
                    8,
                    "amount: “one thousand” is not an amount in pounds and pence"
                ),
            ]
        );
        assert!(rejected[1].raw.contains("one thousand"));
        // "Microsoft Ltd" and "MICROSOFT LIMITED" are one supplier; the é decoded.
        let names = spend_supplier_name::Entity::find()
            .all(&db.conn)
            .await
            .unwrap();
        let ms: Vec<i32> = names
            .iter()
            .filter(|n| n.name.to_lowercase().starts_with("microsoft"))
            .map(|n| n.supplier_id)
            .collect();
        assert_eq!(ms.len(), 2);
        assert_eq!(ms[0], ms[1]);
        assert!(names.iter().any(|n| n.name == "Café Systems Ltd"));

        // The same file again: the mapping is remembered, every payment a duplicate.
        let bytes = kent_file();
        let again = upload(
            db,
            &w.kent,
            PublisherChoice::Force(w.kent.org_id),
            "kent-april.csv",
            &bytes,
        )
        .await
        .unwrap();
        let step = service::mapping_step(db, Some(&w.kent), again)
            .await
            .unwrap();
        assert!(step.remembered);
        confirm_as_shown(db, &w.kent, again).await;
        job::run_queued(db, "w").await.unwrap();
        let j = import(db, again).await;
        assert_eq!(
            (
                j.rows_read,
                j.rows_imported,
                j.rows_duplicate,
                j.rows_rejected
            ),
            (6, 0, 4, 2)
        );
        assert_eq!(j.pence_duplicate, i.pence_imported);
        assert_eq!(payments_of(db, id).await + payments_of(db, again).await, 4);
        assert_adds_up(&i);
        assert_adds_up(&j);
    });
}

#[tokio::test]
async fn identical_payments_in_one_file_are_kept_and_overlapping_files_count_once() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let kent = PublisherChoice::Force(w.kent.org_id);
        let header = "Date,Supplier,Amount\n";
        let a = format!(
            "{header}01/04/2024,Acme,10.00\n01/04/2024,Acme,10.00\n02/04/2024,Beta,20.00\n"
        );
        let first = upload_and_confirm(db, &w.kent, kent.clone(), "a.csv", a.as_bytes()).await;
        job::run_queued(db, "w").await.unwrap();
        let i = import(db, first).await;
        assert_eq!(
            (i.rows_imported, i.rows_duplicate),
            (3, 0),
            "both £10 payments kept"
        );
        // The next month's file repeats one payment of the last: it counts once.
        let b = format!("{header}01/04/2024,Acme,10.00\n03/04/2024,Gamma,30.00\n");
        let id = upload_and_confirm(db, &w.kent, kent.clone(), "b.csv", b.as_bytes()).await;
        job::run_queued(db, "w").await.unwrap();
        let j = import(db, id).await;
        assert_eq!((j.rows_imported, j.rows_duplicate), (1, 1));
        assert_eq!(payments_of(db, first).await + payments_of(db, id).await, 4);
    });
}

#[tokio::test]
async fn a_force_sees_and_imports_only_its_own_spend() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let bytes = kent_file();
        let id = upload_and_confirm(
            db,
            &w.kent,
            PublisherChoice::Force(w.kent.org_id),
            "kent.csv",
            &bytes,
        )
        .await;
        let forbidden = |r: Result<_, ServiceError>| matches!(r, Err(ServiceError::Forbidden));
        assert!(forbidden(
            service::import_report(db, Some(&w.essex), id, 1)
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            service::progress(db, Some(&w.essex), id).await.map(|_| ())
        ));
        async fn upload_as(
            db: &Db,
            who: &Viewer,
            publisher: PublisherChoice,
            bytes: &[u8],
        ) -> Result<(), ServiceError> {
            service::upload(
                db,
                Some(who),
                NewUpload {
                    publisher: Some(publisher),
                    file_name: "x.csv".into(),
                    encoding: String::new(),
                },
                bytes,
                bytes.len() as u64,
            )
            .await
            .map(|_| ())
        }
        assert!(forbidden(
            upload_as(db, &w.essex, PublisherChoice::Force(w.kent.org_id), &bytes).await
        ));
        assert!(forbidden(
            upload_as(db, &w.kent, PublisherChoice::Ccs, &bytes).await
        ));
        let listed = |rows: Vec<service::ImportRow>| rows.iter().any(|r| r.import.id == id);
        assert!(!listed(
            service::list_imports(db, Some(&w.essex)).await.unwrap()
        ));
        assert!(listed(
            service::list_imports(db, Some(&w.kent)).await.unwrap()
        ));
        // The national body sees every force's imports, and the framework files.
        let all = service::list_imports(db, Some(&w.analyst)).await.unwrap();
        assert!(listed(all.clone()));
        assert!(all
            .iter()
            .any(|r| r.publisher == "Crown Commercial Service"));
        assert!(!service::list_imports(db, Some(&w.kent))
            .await
            .unwrap()
            .iter()
            .any(|r| r.publisher == "Crown Commercial Service"));
        // A missing import looks the same as someone else's to a force.
        assert!(forbidden(
            service::import_report(db, Some(&w.essex), 999_999, 1)
                .await
                .map(|_| ())
        ));
        assert!(matches!(
            service::import_report(db, Some(&w.analyst), 999_999, 1).await,
            Err(ServiceError::NotFound)
        ));
    });
}

#[tokio::test]
async fn the_national_body_rolls_an_import_back_and_its_report_stays() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let bytes = kent_file();
        let kent = PublisherChoice::Force(w.kent.org_id);
        let id = upload_and_confirm(db, &w.kent, kent.clone(), "kent.csv", &bytes).await;
        job::run_queued(db, "w").await.unwrap();
        for who in [&w.kent, &w.analyst] {
            assert!(matches!(
                service::roll_back(db, Some(who), id).await,
                Err(ServiceError::Forbidden)
            ));
        }
        service::roll_back(db, Some(&w.national), id).await.unwrap();
        let i = import(db, id).await;
        assert_eq!(i.state, ImportState::RolledBack);
        assert_eq!(i.rows_imported, 4, "the report keeps what was imported");
        assert_eq!(payments_of(db, id).await, 0);
        assert!(matches!(
            service::roll_back(db, Some(&w.national), id).await,
            Err(ServiceError::Conflict(_))
        ));
        let report = service::import_report(db, Some(&w.kent), id, 1)
            .await
            .unwrap();
        assert_eq!(report.rejected.len(), 2, "its rejected rows are kept");
        // Importing the file again brings the payments back.
        let again = upload_and_confirm(db, &w.kent, kent, "kent.csv", &bytes).await;
        job::run_queued(db, "w").await.unwrap();
        assert_eq!(import(db, again).await.rows_imported, 4);
    });
}

#[tokio::test]
async fn files_that_are_not_spend_files_are_refused_with_the_reason() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let try_upload = |bytes: &'static [u8]| {
            service::upload(
                db,
                Some(&w.kent),
                NewUpload {
                    publisher: Some(PublisherChoice::Force(w.kent.org_id)),
                    file_name: "x.csv".into(),
                    encoding: String::new(),
                },
                bytes,
                bytes.len() as u64,
            )
        };
        let message = |r: Result<i32, ServiceError>| match r {
            Err(ServiceError::Invalid(f)) => f.get("file").unwrap_or_default().to_string(),
            other => panic!("{other:?}"),
        };
        assert!(message(try_upload(b"").await).contains("empty"));
        assert!(
            message(try_upload(b"\x7fELF\x02\x01\x01\x00binary").await).contains("not a text file")
        );
        // A zip file is taken for a spreadsheet, and said not to be one.
        assert!(
            message(try_upload(b"PK\x03\x04\x00\x00\x08\x00not a workbook").await)
                .contains("the spreadsheet cannot be read")
        );
        assert!(message(try_upload(b"1,2,3\n4,5,6\n").await).contains("no header row"));
        // A header and no rows: imported, with nothing in it.
        let id = upload_and_confirm(
            db,
            &w.kent,
            PublisherChoice::Force(w.kent.org_id),
            "empty.csv",
            b"Date,Supplier,Amount\r\n",
        )
        .await;
        job::run_queued(db, "w").await.unwrap();
        let i = import(db, id).await;
        assert_eq!((i.state, i.rows_read), (ImportState::Done, 0));
    });
}

#[tokio::test]
async fn the_real_g_cloud_spend_file_imports_without_editing() {
    on_each_backend!(|db| {
        app::seed::demo(db).await.unwrap();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/spend/gcloud-spend-2012-2014.csv");
        let i = service::import_file(db, &path, "ccs", None, "cli")
            .await
            .unwrap();
        assert_eq!(i.state, ImportState::Done, "{:?}", i.error);
        assert!(i.rows_read > 13_000, "{}", i.rows_read);
        assert_adds_up(&i);
        assert_eq!(i.rows_rejected, 0, "every row of the real file reads");
        // Police buyers, by old and variant names, are their forces.
        // One buyer row per name key: "Avon and Somerset Police Authority" and "Avon and
        // Somerset Constabulary" are one.
        let buyer = |name: &'static str| async move {
            let mut key = app::spend::rules::buyer_key(name);
            if key.is_empty() {
                key = format!("={}", name.to_lowercase());
            }
            spend_buyer::Entity::find()
                .filter(spend_buyer::Column::Key.eq(key))
                .one(&db.conn)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("{name} seen"))
        };
        let force_named = |id: Option<i32>| async move {
            app::identity::entity::organisation::Entity::find_by_id(id.unwrap())
                .one(&db.conn)
                .await
                .unwrap()
                .unwrap()
                .name
        };
        let hants = buyer("Hampshire Constabulary").await;
        assert_eq!(hants.status, BuyerStatus::Force);
        assert!(force_named(hants.force_id).await.starts_with("Hampshire"));
        let avon = buyer("Avon and Somerset Police Authority").await;
        assert_eq!(
            force_named(avon.force_id).await,
            "Avon and Somerset Constabulary"
        );
        // Not police at all: kept, outside every force's figures.
        assert_eq!(
            buyer("Public Health England").await.status,
            BuyerStatus::NotAForce
        );
        // Police-sounding but no force of the 43: waits for the national body.
        assert_eq!(
            buyer("Mayors Office for Policing and Crime").await.status,
            BuyerStatus::Unknown
        );
        let police_rows = spend_payment::Entity::find()
            .filter(spend_payment::Column::ForceId.is_not_null())
            .count(&db.conn)
            .await
            .unwrap();
        assert!(police_rows >= 60, "{police_rows}");
        // The same file again: every row a duplicate.
        let j = service::import_file(db, &path, "ccs", None, "cli")
            .await
            .unwrap();
        // (The demo imported this file's police rows already: those were duplicates then.)
        assert_eq!(j.rows_duplicate, i.rows_imported + i.rows_duplicate);
        assert_eq!(j.rows_imported, 0);
    });
}

#[tokio::test]
async fn spreadsheets_import_like_the_files_forces_publish() {
    on_each_backend!(|db| {
        let w = world(db).await;
        let xlsx = include_bytes!("../../fixtures/spend/kent-april-2024.xlsx");
        let id = upload(
            db,
            &w.kent,
            PublisherChoice::Force(w.kent.org_id),
            "kent-april-2024.xlsx",
            xlsx,
        )
        .await
        .unwrap();
        let step = service::mapping_step(db, Some(&w.kent), id).await.unwrap();
        assert_eq!(step.title, ["Kent Police - payments over £500, April 2024"]);
        assert_eq!(step.header[0], "Payment Date");
        confirm_as_shown(db, &w.kent, id).await;
        job::run_queued(db, "w").await.unwrap();
        let i = import(db, id).await;
        assert_eq!(i.state, ImportState::Done, "{:?}", i.error);
        assert_eq!((i.rows_read, i.rows_imported, i.rows_rejected), (6, 5, 1));
        // 0.1 + 0.2 as the spreadsheet saved it is 30p; the totals row agrees with the rows.
        assert_eq!(i.pence_imported, 123_456 + 561_665 - 12_345 + 30 + 73_490);
        assert_eq!(
            i.file_total_pence,
            Some(i.pence_imported + i.pence_rejected)
        );
        // An ODS file through the command line.
        let ods = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/spend/essex-may-2024.ods");
        let j = service::import_file(db, &ods, "Essex Police", None, "cli")
            .await
            .unwrap();
        assert_eq!(
            (j.state, j.rows_imported),
            (ImportState::Done, 3),
            "{:?}",
            j.error
        );
        assert_eq!(j.file_name, "essex-may-2024.ods");
        assert_eq!(j.pence_imported, 2_500_000 + 30 - 5_050);
    });
}
