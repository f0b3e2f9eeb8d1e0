//! Uploading a spend file: its start read for the mapping step (so a file that is empty,
//! binary or has no header is refused at once, with the reason), the whole file stored in
//! pieces for the job, and the upload audited. Nothing is imported until the columns are
//! confirmed.

use super::job::CHUNK_BYTES;
use super::load;
use crate::access::{authorise, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::spend::entity::{spend_import, spend_import_chunk};
use crate::spend::parse::stream::{sniff, SniffError, SNIFF_BYTES};
use crate::spend::parse::{decode, sheet};
use crate::spend::types::ImportState;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use std::io::Read;

/// The largest file accepted: 1 GiB.
pub const MAX_FILE_BYTES: u64 = 1 << 30;
/// The largest spreadsheet accepted: one is read whole (a zip cannot be streamed), so 100 MB.
pub const MAX_SHEET_BYTES: u64 = 100 << 20;

/// The file as uploaded, or a spreadsheet's first sheet as CSV.
enum Upload<R> {
    File(R),
    Sheet(std::io::Cursor<Vec<u8>>),
}

impl<R: Read> Read for Upload<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Upload::File(r) => r.read(buf),
            Upload::Sheet(c) => c.read(buf),
        }
    }
}

/// Who publishes the file: a force, or the Crown Commercial Service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublisherChoice {
    Force(i32),
    Ccs,
}

impl PublisherChoice {
    /// "force-12" or "ccs", as the upload form sends it.
    pub fn parse(s: &str) -> Option<PublisherChoice> {
        if s == "ccs" {
            return Some(PublisherChoice::Ccs);
        }
        s.strip_prefix("force-")?
            .parse()
            .ok()
            .map(PublisherChoice::Force)
    }

    pub fn as_value(&self) -> String {
        match self {
            PublisherChoice::Force(id) => format!("force-{id}"),
            PublisherChoice::Ccs => "ccs".into(),
        }
    }
}

pub struct NewUpload {
    pub publisher: Option<PublisherChoice>,
    pub file_name: String,
    /// An encoding label chosen by the person, or empty to detect it.
    pub encoding: String,
}

fn sniff_message(e: &SniffError) -> String {
    match e {
        SniffError::Decode(d) => format!("The file cannot be read: {d}"),
        SniffError::Table(t) => format!("The file cannot be read: {t}"),
    }
}

/// Stores an uploaded file (already spooled to `file`, of `size` bytes) as a new import
/// waiting for its columns to be checked; answers its id. A person of a force uploads for
/// their force; the national body for any force or for the Crown Commercial Service.
pub async fn upload(
    db: &Db,
    viewer: Option<&Viewer>,
    form: NewUpload,
    file: impl Read + Send,
    size: u64,
) -> ServiceResult<i32> {
    let mut file = Upload::File(file);
    let mut size = size;
    let v = viewer.ok_or(ServiceError::Forbidden)?;
    let Some(choice) = form.publisher else {
        return Err(ServiceError::invalid(
            "publisher",
            "Choose who published the file",
        ));
    };
    let publisher = {
        let txn = db.write().await?;
        let p = match choice {
            PublisherChoice::Force(org_id) => load::publisher_for_force(&*txn, org_id).await?,
            PublisherChoice::Ccs => load::publisher_named(&*txn, load::CCS, None).await?,
        };
        authorise(Some(v), load::import_action(&p))?;
        txn.commit().await?;
        p
    };
    if size == 0 {
        return Err(ServiceError::invalid("file", "The selected file is empty"));
    }
    if size > MAX_FILE_BYTES {
        return Err(ServiceError::invalid(
            "file",
            "The selected file must be smaller than 1 GB",
        ));
    }
    let encoding = form.encoding.trim();
    if !encoding.is_empty() && !decode::CHOICES.iter().any(|(l, _)| *l == encoding) {
        return Err(ServiceError::invalid(
            "encoding",
            "Choose an encoding from the list",
        ));
    }
    let mut first = vec![0u8; CHUNK_BYTES];
    let n = read_full(&mut file, &mut first)?;
    first.truncate(n);
    // XLSX or ODS: its first sheet becomes CSV here, and is stored and imported as one.
    let spreadsheet = sheet::is_spreadsheet(&first);
    if spreadsheet {
        if size > MAX_SHEET_BYTES {
            return Err(ServiceError::invalid(
                "file",
                "A spreadsheet must be smaller than 100 MB: save it as CSV to upload more",
            ));
        }
        let mut whole = first;
        file.read_to_end(&mut whole)
            .map_err(|e| ServiceError::Internal(format!("reading the upload: {e}")))?;
        let (mut csv, _) = sheet::to_csv(whole)
            .map_err(|e| ServiceError::invalid("file", format!("The file cannot be read: {e}")))?;
        size = csv.len() as u64;
        let rest = csv.split_off(csv.len().min(CHUNK_BYTES));
        first = csv;
        file = Upload::Sheet(std::io::Cursor::new(rest));
    }
    let n = first.len();
    let encoding = if spreadsheet { "" } else { encoding };
    let sniffed = sniff(
        &first[..n.min(SNIFF_BYTES)],
        Some(encoding).filter(|e| !e.is_empty()),
    )
    .map_err(|e| ServiceError::invalid("file", sniff_message(&e)))?;
    let file_name: String = form
        .file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let txn = db.write().await?;
    let import = spend_import::ActiveModel {
        publisher_id: Set(publisher.id),
        file_name: Set(if file_name.trim().is_empty() {
            "spend.csv".into()
        } else {
            file_name
        }),
        byte_size: Set(size as i64),
        encoding: Set(sniffed.encoding.name().to_string()),
        encoding_chosen: Set(!encoding.is_empty()),
        delimiter: Set((sniffed.delimiter as char).to_string()),
        mapping: Set(None),
        state: Set(ImportState::Uploaded),
        uploaded_by: Set(Some(v.user_id)),
        created_at: Set(Utc::now()),
        attempts: Set(0),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let mut seq = 0;
    let mut chunk = first;
    loop {
        if !chunk.is_empty() {
            spend_import_chunk::Entity::insert(spend_import_chunk::ActiveModel {
                import_id: Set(import.id),
                seq: Set(seq),
                data: Set(std::mem::take(&mut chunk)),
            })
            .exec_without_returning(&*txn)
            .await?;
            seq += 1;
        }
        let mut next = vec![0u8; CHUNK_BYTES];
        let n = read_full(&mut file, &mut next)?;
        if n == 0 {
            break;
        }
        next.truncate(n);
        chunk = next;
    }
    record(
        &txn,
        NewEvent::by(
            v,
            actions::SPEND_FILE_UPLOADED,
            "spend_import",
            import.id,
            serde_json::json!({
                "publisher": publisher.name,
                "file": import.file_name,
                "bytes": size,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(import.id)
}

/// Fills `buf` unless the file ends first; how much was read.
fn read_full(file: &mut impl Read, buf: &mut [u8]) -> ServiceResult<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ServiceError::Internal(format!("reading the upload: {e}"))),
        }
    }
    Ok(n)
}
