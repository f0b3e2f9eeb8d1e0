//! Spend's pages and form posts, one file per use case as in `service/`, and its routes.

mod dashboard;
mod imports;
mod names;
mod systems;

use crate::error::ServiceError;
use crate::web::{AppError, AppState, Ctx};
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/spend/imports", get(imports::list))
        .route(
            "/spend/imports/new",
            get(imports::new_page)
                .post(imports::new_submit)
                // The file itself: up to 1 GB, streamed to disk, never held in memory.
                .layer(DefaultBodyLimit::max(
                    crate::spend::service::MAX_FILE_BYTES as usize + 1024 * 1024,
                )),
        )
        .route(
            "/spend/imports/{id}",
            get(imports::import_page).post(imports::mapping_submit),
        )
        .route(
            "/spend/imports/{id}/roll-back",
            post(imports::roll_back_submit),
        )
        // The national body
        .route("/spend/buyers", get(names::buyers))
        .route("/spend/buyers/{id}", post(names::buyer_submit))
        .route("/spend/suppliers", get(names::suppliers))
        .route("/spend/suppliers/{id}", get(names::supplier))
        .route("/spend/suppliers/{id}/merge", post(names::merge_submit))
        .route("/spend/suppliers/{id}/split", post(names::split_submit))
        // The systems register and the duplication map
        .route("/spend/systems", get(systems::register))
        .route("/spend/systems.csv", get(systems::register_csv))
        .route(
            "/spend/systems/new",
            get(systems::new_page).post(systems::new_submit),
        )
        .route("/spend/systems/upload", post(systems::upload_submit))
        .route(
            "/spend/systems/{id}",
            get(systems::edit_page).post(systems::edit_submit),
        )
        .route("/spend/systems/{id}/remove", post(systems::remove_submit))
        .route("/spend/duplication", get(systems::duplication))
        // Classification, the dashboards, opportunities and the replacement planner
        .route("/spend/dashboard", get(dashboard::dashboard_page))
        .route("/spend/dashboard.csv", get(dashboard::dashboard_csv))
        .route("/spend/target", post(dashboard::target_submit))
        .route("/spend/rules", get(dashboard::rules_page))
        .route(
            "/spend/rules/new",
            get(dashboard::new_rule).post(dashboard::save_new),
        )
        .route("/spend/rules/new/preview", get(dashboard::preview_new))
        .route(
            "/spend/rules/{id}",
            get(dashboard::edit_rule).post(dashboard::save_edit),
        )
        .route("/spend/rules/{id}/preview", get(dashboard::preview_edit))
        .route(
            "/spend/rules/{id}/remove",
            get(dashboard::preview_remove).post(dashboard::save_remove),
        )
        .route("/spend/lines", get(dashboard::lines_page))
        .route("/spend/lines/override", post(dashboard::override_submit))
        .route("/spend/opportunities", get(dashboard::opportunities_page))
        .route("/spend/opportunities/start", post(dashboard::start_submit))
        .route("/spend/planner", get(dashboard::planner_page))
}

/// The force a page is about: the one asked for (`force` from the query), else the person's
/// own force (the national body, which has none, starts at the first force by name).
async fn force_of(ctx: &Ctx, force: &str) -> Result<i32, AppError> {
    if let Ok(id) = force.trim().parse() {
        return Ok(id);
    }
    let v = ctx.viewer().ok_or(ServiceError::Forbidden)?;
    if v.is_national() {
        if let Some((id, _)) = crate::spend::service::load::forces(&ctx.db().conn)
            .await?
            .first()
        {
            return Ok(*id);
        }
    }
    Ok(v.org_id)
}
