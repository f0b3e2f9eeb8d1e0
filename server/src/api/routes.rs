use app::audit::types::AuditFilter;
use app::error::ServiceError;
use app::identity::service;
use app::identity::types::{DecideSupplierForm, OrgKind, OrgStatus, SignInForm};
use app::web::Ctx;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

/// An API failure, as JSON with the right status.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ApiError(#[from] ServiceError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self.0 {
            ServiceError::Invalid(fields) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "error": "invalid input", "fields": fields.0 }),
            ),
            ServiceError::Forbidden => (StatusCode::FORBIDDEN, json!({ "error": "forbidden" })),
            ServiceError::NotFound => (StatusCode::NOT_FOUND, json!({ "error": "not found" })),
            ServiceError::Conflict(m) => (StatusCode::CONFLICT, json!({ "error": m })),
            ServiceError::Locked { message } => {
                (StatusCode::TOO_MANY_REQUESTS, json!({ "error": message }))
            }
            other => {
                tracing::error!(error = %other, "API request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({ "error": "internal error" }),
                )
            }
        };
        (status, Json(body)).into_response()
    }
}

type ApiResult = Result<Response, ApiError>;

pub fn routes() -> Router<app::web::AppState> {
    Router::new()
        .route("/sign-in", post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/me", get(me))
        .route("/suppliers", get(suppliers))
        .route("/suppliers/{id}/decision", post(decide))
        .route("/audit-events", get(audit_events))
}

async fn sign_in(ctx: Ctx, Json(form): Json<SignInForm>) -> ApiResult {
    let viewer = service::sign_in(&ctx.state.db, &form, &ctx.client).await?;
    ctx.sign_in(&viewer)
        .await
        .map_err(|e| ApiError(ServiceError::Internal(e.to_string())))?;
    Ok(Json(viewer).into_response())
}

async fn sign_out(ctx: Ctx) -> ApiResult {
    if let Some(v) = ctx.viewer() {
        service::sign_out(&ctx.state.db, v).await?;
    }
    ctx.sign_out().await;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn me(ctx: Ctx) -> ApiResult {
    match ctx.viewer() {
        Some(v) => Ok(Json(v).into_response()),
        None => Err(ApiError(ServiceError::Forbidden)),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StatusQuery {
    status: String,
}

async fn suppliers(ctx: Ctx, Query(q): Query<StatusQuery>) -> ApiResult {
    let list = service::list_organisations(
        &ctx.state.db.conn,
        ctx.viewer(),
        OrgKind::Supplier,
        OrgStatus::parse(&q.status),
    )
    .await?;
    Ok(Json(list).into_response())
}

async fn decide(ctx: Ctx, Path(id): Path<i32>, Json(form): Json<DecideSupplierForm>) -> ApiResult {
    let status = service::decide_supplier(&ctx.state.db, ctx.viewer(), id, &form).await?;
    Ok(Json(json!({ "status": status })).into_response())
}

async fn audit_events(ctx: Ctx, Query(filter): Query<AuditFilter>) -> ApiResult {
    let page = app::audit::service::list(&ctx.state.db.conn, ctx.viewer(), &filter).await?;
    Ok(Json(page).into_response())
}
