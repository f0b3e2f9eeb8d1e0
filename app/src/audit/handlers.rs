//! The audit log page and its CSV download.

use super::pages::log::AuditLogPage;
use super::service;
use super::types::{AuditFilter, AuditPage};
use crate::access::{authorise, AuditAction};
use crate::error::ServiceError;
use crate::validation::FieldErrors;
use crate::web::AppState;
use crate::web::{Ctx, PageResult};
use axum::extract::Query;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;

pub async fn log(ctx: Ctx, Query(filter): Query<AuditFilter>) -> PageResult {
    authorise(ctx.viewer(), AuditAction::ViewLog)?;
    let organisations = crate::identity::service::organisation_names(ctx.db()).await?;
    let query = ctx.query().to_string();
    match service::list(ctx.db(), ctx.viewer(), &filter).await {
        Ok(result) => Ok(ctx
            .page(
                "Audit log",
                view! {
                    <AuditLogPage
                        filter=filter
                        organisations=organisations
                        result=result
                        errors=FieldErrors::new()
                        query=query
                    />
                },
            )
            .await),
        Err(ServiceError::Invalid(errors)) => {
            let empty = AuditPage {
                rows: vec![],
                page: 1,
                pages: 1,
                total: 0,
            };
            Ok(ctx
                .invalid_page(
                    "Audit log",
                    view! {
                        <AuditLogPage
                            filter=filter
                            organisations=organisations
                            result=empty
                            errors=errors
                            query=query
                        />
                    },
                )
                .await)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn csv(ctx: Ctx, Query(filter): Query<AuditFilter>) -> PageResult {
    let body = service::export_csv(ctx.db(), ctx.viewer(), &filter).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit-log.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// The audit area's pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/audit", get(log))
        .route("/admin/audit.csv", get(csv))
}
