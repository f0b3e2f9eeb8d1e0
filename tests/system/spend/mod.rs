//! Spend imports: exact reports, duplicates across files, repeated payments kept, the real
//! Crown Commercial Service file, a kill in the middle, two instances sharing the queue, two
//! imports of one file at once, rollback and who may do what. One file per use case, as in
//! `app/src/spend/service/`.

mod classification;
mod imports;
mod jobs;
mod names;
mod systems;

use app::access::Viewer;
use app::db::Db;
use app::spend::entity::{spend_import, spend_payment};
use app::spend::service::{self, MappingForm, NewUpload, PublisherChoice};
use bluelamp_tests::viewer;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

pub(crate) struct World {
    pub kent: Viewer,
    pub essex: Viewer,
    pub national: Viewer,
    pub analyst: Viewer,
}

pub(crate) async fn world(db: &Db) -> World {
    app::seed::demo(db).await.unwrap();
    World {
        kent: viewer(db, "buyer@kent.police.uk").await,
        essex: viewer(db, "buyer@essex.police.uk").await,
        national: viewer(db, "admin@npto.example").await,
        analyst: viewer(db, "analyst@npto.example").await,
    }
}

/// A Kent file as Excel on Windows saves it: Windows-1252 (the £ is byte 0xA3), CRLF, a
/// title line above the header, a blank row, a credit note, amounts written four ways, and two
/// bad rows (31 February, and "one thousand").
pub(crate) fn kent_file() -> Vec<u8> {
    let text = "Kent Police - payments over \u{a3}500, April 2024\r\n\
Payment Date,Supplier Name,Net Amount,Description,Invoice Date\r\n\
02/04/2024,Microsoft Ltd,\"\u{a3}1,234.56\",Licences,28/03/2024\r\n\
03/04/2024,MICROSOFT LIMITED, 5616.65 ,Support,29/03/2024\r\n\
,,,,\r\n\
04/04/2024,Caf\u{e9} Systems Ltd,(123.45),Credit note,01/04/2024\r\n\
31/02/2024,Acme Ltd,100.00,Bad date,01/04/2024\r\n\
05/04/2024,Acme Ltd,one thousand,Bad amount,01/04/2024\r\n\
06/04/2024,Acme Ltd,734.9,Hardware,01/04/2024\r\n";
    // Every character here is in Windows-1252: encode it as Excel would.
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// Uploads `bytes` for `publisher` as `who`: the new import's id, waiting for its columns.
pub(crate) async fn upload(
    db: &Db,
    who: &Viewer,
    publisher: PublisherChoice,
    name: &str,
    bytes: &[u8],
) -> Result<i32, app::error::ServiceError> {
    service::upload(
        db,
        Some(who),
        NewUpload {
            publisher: Some(publisher),
            file_name: name.into(),
            encoding: String::new(),
        },
        bytes,
        bytes.len() as u64,
    )
    .await
}

/// Confirms the columns as the mapping step shows them (guessed, or remembered).
pub(crate) async fn confirm_as_shown(db: &Db, who: &Viewer, id: i32) {
    let step = service::mapping_step(db, Some(who), id).await.unwrap();
    let columns = step
        .mapping
        .0
        .iter()
        .map(|f| f.map(|f| f.as_str().to_string()).unwrap_or_default())
        .collect();
    service::confirm_mapping(
        db,
        Some(who),
        id,
        MappingForm {
            columns,
            encoding: String::new(),
            reread: false,
        },
    )
    .await
    .unwrap();
}

/// Uploads and confirms the columns as shown: the queued import's id.
pub(crate) async fn upload_and_confirm(
    db: &Db,
    who: &Viewer,
    publisher: PublisherChoice,
    name: &str,
    bytes: &[u8],
) -> i32 {
    let id = upload(db, who, publisher, name, bytes).await.unwrap();
    confirm_as_shown(db, who, id).await;
    id
}

pub(crate) async fn import(db: &Db, id: i32) -> spend_import::Model {
    spend_import::Entity::find_by_id(id)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
}

pub(crate) async fn payments_of(db: &Db, id: i32) -> u64 {
    spend_payment::Entity::find()
        .filter(spend_payment::Column::ImportId.eq(id))
        .count(&db.conn)
        .await
        .unwrap()
}

/// Every row read is imported, a duplicate or rejected, and so is every penny.
pub(crate) fn assert_adds_up(i: &spend_import::Model) {
    assert_eq!(
        i.rows_imported + i.rows_duplicate + i.rows_rejected,
        i.rows_read,
        "import {}",
        i.id
    );
}
