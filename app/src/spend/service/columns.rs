//! The column-mapping step: the start of the file previewed with the mapping guessed from its
//! header (or remembered from the publisher's last file), checked and fixed by the person,
//! then confirmed, which queues the import.

use super::{job, load};
use crate::access::{authorise, Viewer};
use crate::audit::service::{record, NewEvent};
use crate::audit::types::actions;
use crate::db::Db;
use crate::error::{ServiceError, ServiceResult};
use crate::spend::entity::{spend_import, spend_import_chunk, spend_publisher};
use crate::spend::parse::decode;
use crate::spend::parse::mapping::{guess, Field, Mapping};
use crate::spend::parse::row::Columns;
use crate::spend::parse::stream::{delimiter_label, sniff, SNIFF_BYTES};
use crate::spend::types::ImportState;
use crate::validation::FieldErrors;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Set};

/// What the mapping page shows.
#[derive(Clone, Debug)]
pub struct MappingStep {
    pub import_id: i32,
    pub file_name: String,
    pub publisher: String,
    pub encoding: String,
    pub encoding_label: &'static str,
    pub delimiter: &'static str,
    pub title: Vec<String>,
    pub header: Vec<String>,
    pub header_line: u64,
    pub preview: Vec<(u64, Vec<String>)>,
    pub mapping: Mapping,
    /// The mapping came from the publisher's last file.
    pub remembered: bool,
    /// The file is not a force's own: it must say who paid.
    pub buyer_required: bool,
}

/// A line above the header as it read, its cells joined as the file had them.
pub(crate) fn title_line(r: &crate::spend::parse::table::Record, delimiter: u8) -> String {
    let cells: Vec<&str> = r
        .cells
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty())
        .collect();
    match delimiter {
        b',' | b';' => cells.join(&format!("{} ", delimiter as char)),
        _ => cells.join(" "),
    }
}

async fn first_chunk(conn: &impl ConnectionTrait, import_id: i32) -> ServiceResult<Vec<u8>> {
    Ok(spend_import_chunk::Entity::find_by_id((import_id, 0))
        .one(conn)
        .await?
        .map(|c| c.data)
        .unwrap_or_default())
}

async fn step_for(
    db: &Db,
    import: &spend_import::Model,
    publisher: &spend_publisher::Model,
) -> ServiceResult<MappingStep> {
    let sample = first_chunk(&db.conn, import.id).await?;
    let chosen = import.encoding_chosen.then_some(import.encoding.as_str());
    let s = sniff(&sample[..sample.len().min(SNIFF_BYTES)], chosen)
        .map_err(|e| ServiceError::Conflict(format!("The file cannot be read: {e}")))?;
    let header = s.header.cells.clone();
    let remembered = load::remembered_mapping(publisher, &header);
    let stored = import
        .mapping
        .as_deref()
        .and_then(|m| serde_json::from_str::<Mapping>(m).ok())
        .filter(|m| m.0.len() == header.len());
    Ok(MappingStep {
        import_id: import.id,
        file_name: import.file_name.clone(),
        publisher: publisher.name.clone(),
        encoding: s.encoding.name().to_string(),
        encoding_label: decode::label(s.encoding),
        delimiter: delimiter_label(s.delimiter),
        title: s
            .title
            .iter()
            .map(|r| title_line(r, s.delimiter))
            .filter(|t| !t.is_empty())
            .collect(),
        header_line: s.header.line,
        preview: s.preview.into_iter().map(|r| (r.line, r.cells)).collect(),
        remembered: stored.is_none() && remembered.is_some(),
        mapping: stored.or(remembered).unwrap_or_else(|| guess(&header)),
        header,
        buyer_required: publisher.organisation_id.is_none(),
    })
}

/// The mapping step of an uploaded file.
pub async fn mapping_step(
    db: &Db,
    viewer: Option<&Viewer>,
    import_id: i32,
) -> ServiceResult<MappingStep> {
    let (_, import, publisher) = load::visible_import(&db.conn, viewer, import_id).await?;
    if import.state != ImportState::Uploaded {
        return Err(ServiceError::Conflict(
            "This file's columns have already been confirmed.".into(),
        ));
    }
    step_for(db, &import, &publisher).await
}

/// The person's choices: one per column ("" for none), and the encoding to read it in.
pub struct MappingForm {
    pub columns: Vec<String>,
    pub encoding: String,
    /// Read the file again in the chosen encoding instead of starting the import.
    pub reread: bool,
}

/// What confirming did.
#[derive(Debug, PartialEq, Eq)]
pub enum Confirmed {
    /// The file is to be read again in another encoding: show the step again.
    Reread,
    /// The import is queued.
    Queued,
}

/// Confirms the mapping (every needed field in one column, no field twice) and queues the
/// import; or, when asked, only changes the encoding the file is read in. The mapping is
/// remembered for the publisher's next file.
pub async fn confirm_mapping(
    db: &Db,
    viewer: Option<&Viewer>,
    import_id: i32,
    form: MappingForm,
) -> ServiceResult<Confirmed> {
    let (v, import, publisher) = load::visible_import(&db.conn, viewer, import_id).await?;
    authorise(Some(v), load::import_action(&publisher))?;
    if import.state != ImportState::Uploaded {
        return Err(ServiceError::Conflict(
            "This file's columns have already been confirmed.".into(),
        ));
    }
    let encoding = form.encoding.trim().to_string();
    if form.reread {
        if !decode::CHOICES.iter().any(|(l, _)| *l == encoding) {
            return Err(ServiceError::invalid(
                "encoding",
                "Choose an encoding from the list",
            ));
        }
        let txn = db.write().await?;
        let mut m = import.into_active_model();
        m.encoding_chosen = Set(true);
        m.encoding = Set(encoding_rs::Encoding::for_label(encoding.as_bytes())
            .map(|e| e.name().to_string())
            .unwrap_or(encoding));
        m.mapping = Set(None);
        m.update(&*txn).await?;
        txn.commit().await?;
        return Ok(Confirmed::Reread);
    }
    let step = step_for(db, &import, &publisher).await?;
    let width = step.header.len();
    let mut errors = FieldErrors::default();
    let mut chosen: Vec<Option<Field>> = Vec::with_capacity(width);
    for i in 0..width {
        let raw = form.columns.get(i).map(|s| s.trim()).unwrap_or("");
        if raw.is_empty() {
            chosen.push(None);
            continue;
        }
        match Field::parse(raw) {
            Some(f) if chosen.contains(&Some(f)) => {
                errors.add(
                    &format!("column-{i}"),
                    format!(
                        "“{}” is already chosen for another column: choose it for one column only",
                        f.label()
                    ),
                );
                chosen.push(None);
            }
            Some(f) => chosen.push(Some(f)),
            None => {
                errors.add(
                    &format!("column-{i}"),
                    "Choose what this column holds from the list",
                );
                chosen.push(None);
            }
        }
    }
    let mapping = Mapping(chosen);
    if errors.is_empty() {
        if let Err(missing) = Columns::new(&mapping, width, step.buyer_required) {
            for f in missing {
                errors.add(
                    "column-0",
                    format!(
                        "Choose the column that holds the {}",
                        f.label().to_lowercase()
                    ),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    let txn = db.write().await?;
    let mut p = publisher.clone().into_active_model();
    p.mapping = Set(Some(load::mapping_to_remember(&mapping, &step.header)));
    p.update(&*txn).await?;
    let mut m = import.clone().into_active_model();
    m.mapping = Set(Some(serde_json::to_string(&mapping).unwrap_or_default()));
    m.state = Set(ImportState::Queued);
    m.queued_at = Set(Some(Utc::now()));
    m.update(&*txn).await?;
    record(
        &txn,
        NewEvent::by(
            v,
            actions::SPEND_IMPORT_STARTED,
            "spend_import",
            import.id,
            serde_json::json!({
                "publisher": publisher.name,
                "file": import.file_name,
                "columns": step.header.iter().zip(&mapping.0)
                    .filter_map(|(h, f)| f.map(|f| format!("{h}: {}", f.label())))
                    .collect::<Vec<_>>(),
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    job::wake();
    Ok(Confirmed::Queued)
}
