//! Uploading a file, checking its columns, watching the import and reading its report.

use crate::access::{can, SpendAction};
use crate::error::ServiceError;
use crate::spend::pages::*;
use crate::spend::service::{self, load, Confirmed, MappingForm, NewUpload, PublisherChoice};
use crate::spend::types::ImportState;
use crate::validation::FieldErrors;
use crate::web::{outcome, AppError, Ctx, Outcome, PageResult};
use axum::extract::{Multipart, Path, Query};
use axum::Form;
use leptos::prelude::*;
use std::collections::HashMap;
use tokio::io::AsyncWriteExt;

pub async fn list(ctx: Ctx) -> PageResult {
    let rows = service::list_imports(ctx.db(), ctx.viewer()).await?;
    let national = can(ctx.viewer(), SpendAction::MapBuyers);
    Ok(ctx
        .page(
            "Spend imports",
            view! { <ImportsPage rows=rows national=national /> },
        )
        .await)
}

/// The publishers a person may upload for: their own force, or (the national body) every
/// force and the Crown Commercial Service.
async fn publishers(ctx: &Ctx) -> Result<Vec<(String, String)>, AppError> {
    let v = ctx.viewer().ok_or(ServiceError::Forbidden)?;
    let mut out = Vec::new();
    if can(Some(v), SpendAction::ImportFrameworkSpend) {
        out.push((PublisherChoice::Ccs.as_value(), load::CCS.to_string()));
    }
    for (id, name) in load::forces(&ctx.db().conn).await? {
        if can(Some(v), SpendAction::ImportSpend { org_id: id }) {
            out.push((PublisherChoice::Force(id).as_value(), name));
        }
    }
    if out.is_empty() {
        return Err(ServiceError::Forbidden.into());
    }
    Ok(out)
}

async fn upload_view(ctx: &Ctx, values: UploadValues, errors: FieldErrors) -> PageResult {
    let publishers = publishers(ctx).await?;
    let invalid = !errors.is_empty();
    Ok(ctx
        .form_page(
            invalid,
            "Upload a spend file",
            view! { <UploadPage publishers=publishers values=values errors=errors /> },
        )
        .await)
}

pub async fn new_page(ctx: Ctx) -> PageResult {
    upload_view(&ctx, UploadValues::default(), FieldErrors::new()).await
}

/// A temporary file that is removed when dropped.
struct Spooled(std::path::PathBuf);

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Reads the form, streaming the file to a temporary file as it arrives.
async fn read_upload(
    mut multipart: Multipart,
) -> Result<(UploadValues, String, Option<(Spooled, u64)>), String> {
    let mut values = UploadValues::default();
    let mut file_name = String::new();
    let mut file = None;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| format!("The upload was interrupted: {e}"))?
    {
        match field.name().unwrap_or("") {
            "file" => {
                file_name = field.file_name().unwrap_or("").to_string();
                let path = std::env::temp_dir().join(format!("bluelamp-upload-{}", uuid_like()));
                let spooled = Spooled(path.clone());
                let mut out = tokio::fs::File::create(&path)
                    .await
                    .map_err(|e| format!("The file could not be stored: {e}"))?;
                let mut size: u64 = 0;
                while let Some(chunk) = field
                    .chunk()
                    .await
                    .map_err(|e| format!("The upload was interrupted: {e}"))?
                {
                    size += chunk.len() as u64;
                    if size > service::MAX_FILE_BYTES {
                        return Err("The selected file must be smaller than 1 GB".into());
                    }
                    out.write_all(&chunk)
                        .await
                        .map_err(|e| format!("The file could not be stored: {e}"))?;
                }
                out.flush()
                    .await
                    .map_err(|e| format!("The file could not be stored: {e}"))?;
                file = Some((spooled, size));
            }
            name => {
                let name = name.to_string();
                let text = field
                    .text()
                    .await
                    .map_err(|e| format!("The upload was interrupted: {e}"))?;
                if text.contains('\0') {
                    return Err("The form contains a NUL character, which cannot be saved".into());
                }
                match name.as_str() {
                    "publisher" => values.publisher = text,
                    "encoding" => values.encoding = text,
                    _ => {}
                }
            }
        }
    }
    Ok((values, file_name, file))
}

fn uuid_like() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

pub async fn new_submit(ctx: Ctx, multipart: Multipart) -> PageResult {
    let (values, file_name, file) = match read_upload(multipart).await {
        Ok(r) => r,
        Err(message) => {
            return upload_view(
                &ctx,
                UploadValues::default(),
                FieldErrors::single("file", message),
            )
            .await
        }
    };
    // With no file chosen, browsers still send the field, empty and nameless.
    let Some((spooled, size)) = file.filter(|(_, size)| *size > 0 || !file_name.is_empty()) else {
        return upload_view(
            &ctx,
            values,
            FieldErrors::single("file", "Select a spend file"),
        )
        .await;
    };
    let reader = std::fs::File::open(&spooled.0).map_err(AppError::internal)?;
    let form = NewUpload {
        publisher: PublisherChoice::parse(&values.publisher),
        file_name,
        encoding: values.encoding.clone(),
    };
    match outcome(service::upload(ctx.db(), ctx.viewer(), form, reader, size).await)? {
        Outcome::Done(id) => Ok(ctx.redirect(&format!("/spend/imports/{id}"))),
        Outcome::Invalid(errors) => upload_view(&ctx, values, errors).await,
        Outcome::Problem(m) => upload_view(&ctx, values, FieldErrors::single("file", m)).await,
    }
}

async fn mapping_view(
    ctx: &Ctx,
    id: i32,
    chosen: Option<Vec<String>>,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let step = service::mapping_step(ctx.db(), ctx.viewer(), id).await?;
    let chosen = chosen.unwrap_or_else(|| {
        step.mapping
            .0
            .iter()
            .map(|f| f.map(|f| f.as_str().to_string()).unwrap_or_default())
            .collect()
    });
    let invalid = !errors.is_empty() || problem.is_some();
    Ok(ctx
        .form_page(
            invalid,
            "Check the columns",
            view! { <MappingPage step=step chosen=chosen errors=errors problem=problem /> },
        )
        .await)
}

#[derive(serde::Deserialize, Default)]
pub struct PageQuery {
    page: Option<u64>,
}

/// One address for an import whatever its state: the mapping step, the progress, or the
/// report.
pub async fn import_page(ctx: Ctx, Path(id): Path<i32>, Query(q): Query<PageQuery>) -> PageResult {
    let (_, import, publisher) = load::visible_import(&ctx.db().conn, ctx.viewer(), id)
        .await
        .map_err(AppError::from)?;
    match import.state {
        ImportState::Uploaded => mapping_view(&ctx, id, None, FieldErrors::new(), None).await,
        ImportState::Queued | ImportState::Running => {
            let progress = service::progress_of(&import);
            let body = view! {
                <ProgressPage
                    id=id
                    file_name=import.file_name.clone()
                    publisher=publisher.name.clone()
                    progress=progress
                />
            };
            Ok(ctx.page("Importing", body).await)
        }
        _ => {
            let report =
                service::import_report(ctx.db(), ctx.viewer(), id, q.page.unwrap_or(1)).await?;
            Ok(ctx
                .page("Import report", view! { <ReportPage report=report /> })
                .await)
        }
    }
}

pub async fn mapping_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult {
    let mut columns = Vec::new();
    while let Some(v) = form.get(&format!("column-{}", columns.len())) {
        columns.push(v.clone());
    }
    let reread = form.get("reread").is_some_and(|v| v == "1");
    let choice = MappingForm {
        columns: columns.clone(),
        encoding: form.get("encoding").cloned().unwrap_or_default(),
        reread,
    };
    match outcome(service::confirm_mapping(ctx.db(), ctx.viewer(), id, choice).await)? {
        Outcome::Done(Confirmed::Reread) => Ok(ctx.redirect(&format!("/spend/imports/{id}"))),
        Outcome::Done(Confirmed::Queued) => Ok(ctx.redirect(&format!("/spend/imports/{id}"))),
        Outcome::Invalid(errors) => {
            let chosen = (!reread).then_some(columns);
            mapping_view(&ctx, id, chosen, errors, None).await
        }
        Outcome::Problem(m) => {
            // Already confirmed (a second tab, a double click): the import's page says where
            // it is.
            if m.contains("already been confirmed") {
                return Ok(ctx.redirect(&format!("/spend/imports/{id}")));
            }
            mapping_view(&ctx, id, Some(columns), FieldErrors::new(), Some(m)).await
        }
    }
}

pub async fn roll_back_submit(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    match outcome(service::roll_back(ctx.db(), ctx.viewer(), id).await)? {
        Outcome::Done(()) => {
            ctx.flash("Import rolled back: its payments have been removed")
                .await;
            Ok(ctx.redirect(&format!("/spend/imports/{id}")))
        }
        Outcome::Invalid(_) => Ok(ctx.redirect(&format!("/spend/imports/{id}"))),
        // Not finished, or rolled back already: the import's page shows which.
        Outcome::Problem(_) => Ok(ctx.redirect(&format!("/spend/imports/{id}"))),
    }
}
