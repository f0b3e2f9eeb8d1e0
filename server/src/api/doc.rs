//! The OpenAPI 3.1 document of /api/v1 (utoipa). The routes are registered through
//! `utoipa_axum`'s `routes!`, which takes each route's path and method from its
//! `#[utoipa::path]`, so a route cannot be served without being documented. The shapes the
//! API shares with the pages (a person, an organisation, an audit page, a framework, a
//! supplier) are written here as schema-only mirrors; a test compares them with real answers.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Bluelamp API",
        version = "1",
        description = "Bluelamp's REST API. The catalogue's routes are public and read-only; the others act for the signed-in person (the session cookie from POST /sign-in) and are authorised by the same rules as the pages. Errors are JSON: {\"error\": message, \"fields\"?: [{field, message}]}. Money is a decimal string of pounds (\"4.50\"), never a number."
    ),
    servers((url = "/api/v1")),
    tags(
        (name = "catalogue", description = "Published services, suppliers and frameworks: public"),
        (name = "account", description = "Signing in and out, and who is signed in"),
        (name = "administration", description = "The national body's suppliers and audit log"),
        (name = "open data", description = "OCDS 1.1 release and record packages of every shared procurement and catalogue direct award, open to anyone"),
        (name = "procurement", description = "Shared procurements for forces and the national body, and suppliers' opportunities: never a bid's content"),
        (name = "meta", description = "This document")
    )
)]
pub struct ApiDoc;

/// Every error: a message, and for input that failed validation, each field's.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: String,
    pub fields: Option<Vec<FieldErrorBody>>,
}

#[derive(Serialize, ToSchema)]
pub struct FieldErrorBody {
    pub field: String,
    pub message: String,
}

/// POST /sign-in.
#[derive(Serialize, ToSchema)]
pub struct SignInBody {
    pub email: String,
    pub password: String,
    /// The code from an authenticator app (or a recovery code), for an account that has one.
    pub code: Option<String>,
}

/// The signed-in person.
#[derive(Serialize, ToSchema)]
pub struct PersonBody {
    pub user_id: i32,
    pub name: String,
    pub email: String,
    pub org_id: i32,
    pub org_name: String,
    /// force | national | supplier
    pub org_kind: String,
    /// pending | active | rejected
    pub org_status: String,
    /// member | admin | evaluator
    pub roles: Vec<String>,
}

/// A supplier organisation as the national body sees it.
#[derive(Serialize, ToSchema)]
pub struct OrganisationBody {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub region: Option<String>,
    pub companies_house_number: Option<String>,
    pub supplier_size: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub status_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub domains: Vec<String>,
}

/// POST /suppliers/{id}/decision.
#[derive(Serialize, ToSchema)]
pub struct DecisionBody {
    /// approve | reject
    pub decision: String,
    /// Required to reject: the supplier reads it.
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct DecisionAnswer {
    /// The supplier's status now.
    pub status: String,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEventBody {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub user: String,
    pub organisation: String,
    pub action: String,
    pub object: String,
    /// The event's details as JSON text.
    pub details: String,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPageBody {
    pub rows: Vec<AuditEventBody>,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}

#[derive(Serialize, ToSchema)]
pub struct FrameworkBody {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub applications_open: NaiveDate,
    pub goes_live: NaiveDate,
    pub expires: NaiveDate,
    /// coming | open | live | expired
    pub stage: String,
}

#[derive(Serialize, ToSchema)]
pub struct SupplierBody {
    pub id: i32,
    pub name: String,
    /// sme | large
    pub size: Option<String>,
    /// How many published services it has on live frameworks.
    pub services: u64,
}

/// GET /openapi.json: this document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json"))
)]
pub async fn openapi_json() -> axum::response::Response {
    use axum::response::IntoResponse;
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let body = DOC.get_or_init(|| {
        super::routes::documented()
            .1
            .to_pretty_json()
            .unwrap_or_default()
    });
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body.clone(),
    )
        .into_response()
}
