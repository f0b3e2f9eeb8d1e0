use app::audit::types::AuditFilter;
use app::error::ServiceError;
use app::identity::service;
use app::identity::types::{DecideSupplierForm, OrgKind, OrgStatus, SignInForm};
use app::web::context::CurrentViewer;
use app::web::Ctx;
use axum::extract::{Path, Query, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

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

/// Every route with its OpenAPI description: `routes!` takes the path and method from each
/// handler's `#[utoipa::path]`, so serving a route documents it.
pub fn documented() -> (Router<app::web::AppState>, utoipa::openapi::OpenApi) {
    use super::catalogue;
    OpenApiRouter::with_openapi(super::doc::ApiDoc::openapi())
        .routes(routes!(sign_in))
        .routes(routes!(sign_out))
        .routes(routes!(me))
        .routes(routes!(catalogue::search))
        .routes(routes!(catalogue::service))
        .routes(routes!(catalogue::suppliers))
        .routes(routes!(catalogue::frameworks))
        .routes(routes!(super::procurement::procurement))
        .routes(routes!(super::procurement::opportunities))
        .routes(routes!(super::ocds::releases))
        .routes(routes!(super::ocds::process))
        .routes(routes!(super::ocds::record))
        .routes(routes!(suppliers))
        .routes(routes!(decide))
        .routes(routes!(audit_events))
        .routes(routes!(super::doc::openapi_json))
        .split_for_parts()
}

pub fn routes() -> Router<app::web::AppState> {
    documented()
        .0
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

#[utoipa::path(
    post,
    path = "/sign-in",
    tag = "account",
    request_body = super::doc::SignInBody,
    responses(
        (status = 200, description = "Signed in: the session cookie is set", body = super::doc::PersonBody),
        (status = 422, description = "Wrong email or password, or a code is needed", body = super::doc::ErrorBody),
        (status = 409, description = "The account must set up an authenticator app in a browser first", body = super::doc::ErrorBody),
        (status = 423, description = "Too many failed attempts: locked until the time given", body = super::doc::ErrorBody),
    )
)]
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

#[utoipa::path(
    post,
    path = "/sign-out",
    tag = "account",
    responses((status = 204, description = "Signed out: the session ended"))
)]
async fn sign_out(ctx: Ctx) -> ApiResult {
    if let Some(v) = ctx.viewer() {
        service::sign_out(ctx.db(), v).await?;
    }
    ctx.sign_out().await;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(
    get,
    path = "/me",
    tag = "account",
    responses(
        (status = 200, description = "The signed-in person", body = super::doc::PersonBody),
        (status = 401, description = "Nobody is signed in", body = super::doc::ErrorBody),
    )
)]
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

#[utoipa::path(
    get,
    path = "/admin/suppliers",
    tag = "administration",
    params(("status" = Option<String>, Query, description = "pending, active or rejected; all when absent")),
    responses(
        (status = 200, description = "Supplier organisations (the national body)", body = Vec<super::doc::OrganisationBody>),
        (status = 401, description = "Nobody is signed in", body = super::doc::ErrorBody),
        (status = 403, description = "Not the national body", body = super::doc::ErrorBody),
    )
)]
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

#[utoipa::path(
    post,
    path = "/suppliers/{id}/decision",
    tag = "administration",
    params(("id" = i32, Path, description = "The supplier organisation")),
    request_body = super::doc::DecisionBody,
    responses(
        (status = 200, description = "Decided", body = super::doc::DecisionAnswer),
        (status = 401, description = "Nobody is signed in", body = super::doc::ErrorBody),
        (status = 403, description = "Not a national administrator", body = super::doc::ErrorBody),
        (status = 409, description = "Already decided", body = super::doc::ErrorBody),
        (status = 422, description = "A rejection with no reason", body = super::doc::ErrorBody),
    )
)]
async fn decide(ctx: Ctx, Path(id): Path<i32>, Json(form): Json<DecideSupplierForm>) -> ApiResult {
    let status = service::decide_supplier(ctx.db(), ctx.viewer(), id, &form).await?;
    Ok(Json(json!({ "status": status })).into_response())
}

#[utoipa::path(
    get,
    path = "/audit-events",
    tag = "administration",
    params(
        ("organisation" = Option<String>, Query, description = "An organisation id"),
        ("user" = Option<String>, Query, description = "Part of the user's email address"),
        ("action" = Option<String>, Query, description = "An action code, like catalogue.service.published"),
        ("from" = Option<String>, Query, description = "YYYY-MM-DD, inclusive, UK time"),
        ("to" = Option<String>, Query, description = "YYYY-MM-DD, inclusive, UK time"),
        ("page" = Option<String>, Query, description = "1 or more"),
    ),
    responses(
        (status = 200, description = "One page of the audit log, newest first", body = super::doc::AuditPageBody),
        (status = 401, description = "Nobody is signed in", body = super::doc::ErrorBody),
        (status = 403, description = "Not the national body", body = super::doc::ErrorBody),
    )
)]
async fn audit_events(ctx: Ctx, Query(filter): Query<AuditFilter>) -> ApiResult {
    let page = app::audit::service::list(ctx.db(), ctx.viewer(), &filter).await?;
    Ok(Json(page).into_response())
}
