//! The procurement API: one procurement as a force or the national body sees it, and a
//! supplier's opportunities. Read-only; the same services as the pages. It never carries a
//! bid's content: only the count of bids received (bids are read on the pages, by the lead,
//! after the deadline). Money is a decimal string of pounds.

use super::routes::ApiResult;
use app::catalogue::search::request::pounds;
use app::procurement::service::{self as procurement, OpportunityFilter};
use app::web::Ctx;
use axum::extract::{Path, Query};
use axum::response::IntoResponse;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiDemand {
    pub force: String,
    pub quantity: Option<u64>,
    /// Pounds ("20000.00").
    pub value: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiProcurement {
    pub id: i32,
    pub title: String,
    pub lead: String,
    /// draft | open_to_join | published | closed | cancelled
    pub state: String,
    pub lot: String,
    pub join_deadline: Option<DateTime<Utc>>,
    pub clarification_deadline: Option<DateTime<Utc>>,
    pub bid_deadline: Option<DateTime<Utc>>,
    pub demand: Vec<ApiDemand>,
    pub total_quantity: u64,
    pub total_value: String,
    /// How many bids are in: all anyone may know before the bid deadline.
    pub bids_received: u64,
}

/// `GET /api/v1/procurements/{id}`: a procurement, for forces and the national body.
#[utoipa::path(
    get,
    path = "/procurements/{id}",
    tag = "procurement",
    params(("id" = i32, Path, description = "The procurement's number")),
    responses(
        (status = 200, description = "The procurement", body = ApiProcurement),
        (status = 403, description = "Not a force or the national body", body = super::doc::ErrorBody),
        (status = 404, description = "No such procurement (or another force's draft)", body = super::doc::ErrorBody),
    )
)]
pub async fn procurement(ctx: Ctx, Path(id): Path<i32>) -> ApiResult {
    let d = procurement::detail(ctx.db(), ctx.viewer(), id).await?;
    Ok(Json(ApiProcurement {
        id: d.id,
        title: d.title,
        lead: d.lead,
        state: d.state.as_str().to_string(),
        lot: d.lot,
        join_deadline: d.timeline.map(|t| t.join),
        clarification_deadline: d.timeline.map(|t| t.clarification),
        bid_deadline: d.timeline.map(|t| t.bid),
        demand: d
            .demands
            .into_iter()
            .map(|r| ApiDemand {
                force: r.force,
                quantity: r.demand.quantity,
                value: r.demand.value.map(pounds),
            })
            .collect(),
        total_quantity: d.total.quantity,
        total_value: pounds(d.total.value),
        bids_received: d.bids_in,
    })
    .into_response())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiOpportunity {
    pub id: i32,
    pub title: String,
    pub lead: String,
    pub lot_id: i32,
    pub lot: String,
    pub bid_deadline: DateTime<Utc>,
    pub forces: usize,
    pub url: String,
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct OpportunityQuery {
    /// A lot's number: only its opportunities.
    pub lot: Option<String>,
    /// open (the default), closing_7, closed or all
    pub closing: Option<String>,
}

/// `GET /api/v1/opportunities`: the opportunities on the lots a supplier is approved on.
#[utoipa::path(
    get,
    path = "/opportunities",
    tag = "procurement",
    params(OpportunityQuery),
    responses(
        (status = 200, description = "The supplier's opportunities", body = Vec<ApiOpportunity>),
        (status = 403, description = "Not an approved supplier", body = super::doc::ErrorBody),
    )
)]
pub async fn opportunities(ctx: Ctx, Query(q): Query<OpportunityQuery>) -> ApiResult {
    let filter = OpportunityFilter {
        lot: q.lot,
        closing: q.closing,
    };
    let (rows, _) = procurement::opportunities(ctx.db(), ctx.viewer(), &filter).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| ApiOpportunity {
                url: format!("/opportunities/{}", r.id),
                id: r.id,
                title: r.title,
                lead: r.lead,
                lot_id: r.lot_id,
                lot: r.lot,
                bid_deadline: r.bid_deadline,
                forces: r.forces,
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}
