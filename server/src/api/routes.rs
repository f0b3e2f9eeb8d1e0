use app::audit::types::AuditFilter;
use app::error::ServiceError;
use app::identity::service;
use app::identity::types::{DecideSupplierForm, OrgKind, OrgStatus, SignInForm};
use app::web::context::CurrentViewer;
use app::web::Ctx;
use axum::extract::{Path, Query, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

/// An API failure, as JSON with the right status.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ApiError(#[from] pub ServiceError);

/// The policy for what each error shows is `app::error`'s; this only writes it as JSON.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let public = self.0.public();
        let status =
            StatusCode::from_u16(public.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut r = (status, Json(public)).into_response();
        if let Some(seconds) = self.0.retry_after() {
            r.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        r
    }
}

pub type ApiResult = Result<Response, ApiError>;

/// An error of the API's own (a body that does not parse, an unknown route), in the same
/// JSON shape as the services' errors.
pub fn json_error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// Every API error is JSON in the one shape, whatever produced it: a service (already JSON),
/// or axum itself (a body that does not parse, a path or query of the wrong type: plain text,
/// rewritten here with the same status). And a signed-out caller refused by a service is told
/// to authenticate (401), not that it is forbidden (403): pages send such a visitor to sign in.
async fn errors_as_json(req: Request, next: axum::middleware::Next) -> Response {
    let viewer = req
        .extensions()
        .get::<CurrentViewer>()
        .and_then(|v| v.0.as_ref().map(|v| (v.user_id, v.org_id)));
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    let status = res.status();
    match viewer {
        None if status == StatusCode::FORBIDDEN => {
            return json_error(StatusCode::UNAUTHORIZED, "sign in first");
        }
        // A signed-in caller refused is worth a line in the log (ASVS 16.3.2).
        Some((user, organisation)) if status == StatusCode::FORBIDDEN => {
            tracing::warn!(user, organisation, path = %path, "authorisation refused");
        }
        _ => {}
    }
    let is_json = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let body = axum::body::to_bytes(res.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&body).trim().to_string();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    } else {
        text
    };
    json_error(status, message)
}

pub fn routes() -> Router<app::web::AppState> {
    Router::new()
        .route("/sign-in", post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/me", get(me))
        .route("/services", get(super::catalogue::search))
        .route("/services/{id}", get(super::catalogue::service))
        .route("/suppliers", get(super::catalogue::suppliers))
        .route("/frameworks", get(super::catalogue::frameworks))
        .route("/admin/suppliers", get(suppliers))
        .route("/suppliers/{id}/decision", post(decide))
        .route("/audit-events", get(audit_events))
        .fallback(|| async { json_error(StatusCode::NOT_FOUND, "not found") })
        .method_not_allowed_fallback(|| async {
            json_error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed")
        })
        .layer(axum::middleware::from_fn(errors_as_json))
}

/// `{email, password, code?}`: the code from an authenticator app (or a recovery code) for an
/// account that has one; the same two factors as the pages.
#[derive(serde::Deserialize)]
struct ApiSignIn {
    #[serde(flatten)]
    form: SignInForm,
    #[serde(default)]
    code: String,
}

async fn sign_in(ctx: Ctx, Json(body): Json<ApiSignIn>) -> ApiResult {
    let viewer = service::sign_in(ctx.db(), &body.form, ctx.client()).await?;
    let viewer = match service::second_step(ctx.db(), &viewer).await? {
        service::SecondStep::None => viewer,
        service::SecondStep::Code if body.code.trim().is_empty() => {
            return Err(ApiError(ServiceError::invalid(
                "code",
                "This account signs in with a code from an authenticator app: send it as \"code\"",
            )))
        }
        service::SecondStep::Code => {
            service::verify_second_factor(ctx.db(), viewer.user_id, &body.code, ctx.client())
                .await?
        }
        service::SecondStep::Enrol => {
            return Err(ApiError(ServiceError::Conflict(
                "This account must set up an authenticator app first: sign in once in a browser"
                    .into(),
            )))
        }
    };
    ctx.sign_in(&viewer)
        .await
        .map_err(|e| ApiError(ServiceError::internal(e)))?;
    Ok(Json(viewer).into_response())
}

async fn sign_out(ctx: Ctx) -> ApiResult {
    if let Some(v) = ctx.viewer() {
        service::sign_out(ctx.db(), v).await?;
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
        ctx.db(),
        ctx.viewer(),
        OrgKind::Supplier,
        OrgStatus::parse(&q.status),
    )
    .await?;
    Ok(Json(list).into_response())
}

async fn decide(ctx: Ctx, Path(id): Path<i32>, Json(form): Json<DecideSupplierForm>) -> ApiResult {
    let status = service::decide_supplier(ctx.db(), ctx.viewer(), id, &form).await?;
    Ok(Json(json!({ "status": status })).into_response())
}

async fn audit_events(ctx: Ctx, Query(filter): Query<AuditFilter>) -> ApiResult {
    let page = app::audit::service::list(ctx.db(), ctx.viewer(), &filter).await?;
    Ok(Json(page).into_response())
}
