//! `bluelamp import spend FILE --publisher NAME`: the same job as an upload, reading the file
//! from disk. The columns are the publisher's remembered mapping when it fits the header, or
//! the guess from the header; when neither finds every needed field, nothing is imported and
//! the message says which columns were found.

use super::job::{self, Source};
use super::load;
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::spend::entity::spend_import;
use crate::spend::parse::mapping::guess;
use crate::spend::parse::row::Columns;
use crate::spend::parse::stream::{sniff, SNIFF_BYTES};
use crate::spend::rules::match_force;
use crate::spend::types::ImportState;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, Set};
use std::io::Read;
use std::path::Path;

/// A temporary CSV, removed when dropped.
struct TempCsv(std::path::PathBuf);

impl Drop for TempCsv {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// When `path` is a spreadsheet, its first sheet as a temporary CSV file.
fn spreadsheet_as_csv(path: &Path) -> ServiceResult<Option<TempCsv>> {
    let mut head = [0u8; 4];
    let mut f = std::fs::File::open(path).map_err(|e| {
        ServiceError::invalid("file", format!("cannot open {}: {e}", path.display()))
    })?;
    let n = f.read(&mut head).unwrap_or(0);
    if !crate::spend::parse::sheet::is_spreadsheet(&head[..n]) {
        return Ok(None);
    }
    let bytes = std::fs::read(path).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let (csv, _) = crate::spend::parse::sheet::to_csv(bytes)
        .map_err(|e| ServiceError::invalid("file", format!("the file cannot be read: {e}")))?;
    let tmp = std::env::temp_dir().join(format!(
        "bluelamp-sheet-{}-{:016x}.csv",
        std::process::id(),
        rand::random::<u64>()
    ));
    std::fs::write(&tmp, csv).map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(Some(TempCsv(tmp)))
}

/// Imports a file from disk for `publisher` (a force's name, or "ccs"), as `worker`; answers
/// the finished import, whose counts are its report.
pub async fn import_file(
    db: &Db,
    path: &Path,
    publisher: &str,
    encoding: Option<&str>,
    worker: &str,
) -> ServiceResult<spend_import::Model> {
    // A spreadsheet's first sheet is imported as CSV, written beside the system's temporary
    // files for the job to stream.
    let converted = spreadsheet_as_csv(path)?;
    let shown_path = path;
    let path: &Path = converted.as_ref().map(|c| c.0.as_path()).unwrap_or(path);
    let mut file = std::fs::File::open(path).map_err(|e| {
        ServiceError::invalid("file", format!("cannot open {}: {e}", path.display()))
    })?;
    let size = file
        .metadata()
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        .len();
    let mut sample = vec![0u8; SNIFF_BYTES];
    let mut n = 0;
    while n < sample.len() {
        match file.read(&mut sample[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => return Err(ServiceError::Internal(e.to_string())),
        }
    }
    sample.truncate(n);
    let sniffed = sniff(&sample, encoding)
        .map_err(|e| ServiceError::invalid("file", format!("the file cannot be read: {e}")))?;
    let txn = db.write().await?;
    let publisher = if publisher.eq_ignore_ascii_case("ccs") || publisher == load::CCS {
        load::publisher_named(&*txn, load::CCS, None).await?
    } else {
        let forces = load::forces(&*txn).await?;
        let none: [(i32, &str); 0] = [];
        let id = match_force(
            publisher,
            forces.iter().map(|(id, n)| (*id, n.as_str())),
            none,
        )
        .ok_or_else(|| {
            ServiceError::invalid(
                "publisher",
                format!("no force is called “{publisher}”: give a force's name, or ccs for the Crown Commercial Service"),
            )
        })?;
        load::publisher_for_force(&*txn, id).await?
    };
    let header = sniffed.header.cells.clone();
    let mapping = load::remembered_mapping(&publisher, &header).unwrap_or_else(|| guess(&header));
    if let Err(missing) = Columns::new(&mapping, header.len(), publisher.organisation_id.is_none())
    {
        let names: Vec<String> = missing.iter().map(|f| f.label().to_lowercase()).collect();
        return Err(ServiceError::invalid(
            "mapping",
            format!(
                "no column was recognised as the {} (the header is: {}); import one file of this publisher in the browser to choose the columns, and they are remembered",
                names.join(", "),
                header.join(" | ")
            ),
        ));
    }
    let now = Utc::now();
    let import = spend_import::ActiveModel {
        publisher_id: Set(publisher.id),
        file_name: Set(shown_path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()),
        byte_size: Set(size as i64),
        encoding: Set(sniffed.encoding.name().to_string()),
        encoding_chosen: Set(encoding.is_some()),
        delimiter: Set((sniffed.delimiter as char).to_string()),
        mapping: Set(Some(serde_json::to_string(&mapping).unwrap_or_default())),
        // Claimed by this process from the start: a server sharing the database must not
        // take it (it has no copy of the file).
        state: Set(ImportState::Running),
        claimed_by: Set(Some(worker.to_string())),
        lease_until: Set(Some(now + chrono::Duration::seconds(job::LEASE_SECONDS))),
        attempts: Set(1),
        created_at: Set(now),
        queued_at: Set(Some(now)),
        started_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    record(
        &txn,
        NewEvent {
            user_id: None,
            organisation_id: None,
            action: actions::SPEND_FILE_UPLOADED,
            object_type: "spend_import",
            object_id: import.id.to_string(),
            details: serde_json::json!({
                "publisher": publisher.name,
                "file": import.file_name,
                "bytes": size,
                "from": "command line",
            }),
        },
    )
    .await?;
    txn.commit().await?;
    let source: Source = Box::new(std::io::BufReader::with_capacity(
        256 * 1024,
        std::fs::File::open(path).map_err(|e| ServiceError::Internal(e.to_string()))?,
    ));
    job::run(db, &import, worker, source)
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    load::find_import(&db.conn, import.id)
        .await?
        .ok_or(ServiceError::NotFound)
}
