//! Shared procurements' pages and form posts, and their routes.

mod evaluation;
mod opportunities;
mod other;
mod procurements;

use crate::validation::FieldErrors;
use crate::web::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        // Forces (and the national body, reading)
        .route("/procurements", get(procurements::list))
        .route(
            "/procurements/new",
            get(procurements::new_page).post(procurements::new_submit),
        )
        .route("/procurements/{id}", get(procurements::show))
        .route(
            "/procurements/{id}/edit",
            get(procurements::edit_page).post(procurements::edit_submit),
        )
        .route(
            "/procurements/{id}/collaborators",
            post(procurements::collaborator_submit),
        )
        .route("/procurements/{id}/open", post(procurements::open_submit))
        .route(
            "/procurements/{id}/publish",
            post(procurements::publish_submit),
        )
        .route(
            "/procurements/{id}/amend",
            get(procurements::amend_page).post(procurements::amend_submit),
        )
        .route(
            "/procurements/{id}/cancel",
            post(procurements::cancel_submit),
        )
        .route(
            "/procurements/{id}/join",
            get(procurements::join_page).post(procurements::join_submit),
        )
        .route(
            "/procurements/{id}/withdraw",
            post(procurements::withdraw_submit),
        )
        .route(
            "/procurements/{id}/questions/{qid}/answer",
            post(procurements::answer_submit),
        )
        .route("/procurements/{id}/bids", get(procurements::bids_page))
        // Evaluation, moderation, award (the lead; evaluators score their bids)
        .route("/procurements/{id}/evaluation", get(evaluation::board))
        .route(
            "/procurements/{id}/evaluators",
            post(evaluation::assign_submit),
        )
        .route(
            "/procurements/{id}/evaluators/{aid}/remove",
            post(evaluation::unassign_submit),
        )
        .route(
            "/procurements/{id}/moderator",
            post(evaluation::moderator_submit),
        )
        .route(
            "/procurements/{id}/evaluate/{bid}",
            get(evaluation::sheet).post(evaluation::score_submit),
        )
        .route("/procurements/{id}/moderation", get(evaluation::moderation))
        .route(
            "/procurements/{id}/moderation/{bid}",
            post(evaluation::moderate_submit),
        )
        .route(
            "/procurements/{id}/award",
            get(evaluation::award_page).post(evaluation::award_submit),
        )
        .route(
            "/procurements/{id}/challenges/{cid}",
            post(evaluation::decide_submit),
        )
        .route(
            "/procurements/{id}/confirm",
            post(evaluation::confirm_submit),
        )
        // Suppliers
        .route("/opportunities", get(opportunities::list))
        .route("/opportunities/{id}", get(opportunities::show))
        .route(
            "/opportunities/{id}/questions",
            post(opportunities::ask_submit),
        )
        .route(
            "/opportunities/{id}/bid",
            get(opportunities::bid_page).post(opportunities::bid_submit),
        )
        .route(
            "/opportunities/{id}/bid/withdraw",
            post(opportunities::withdraw_submit),
        )
        .route(
            "/opportunities/{id}/assessment",
            get(evaluation::assessment),
        )
        .route(
            "/opportunities/{id}/challenge",
            post(evaluation::challenge_submit),
        )
        // Everyone signed in; the national body; the demo
        .route("/notifications", get(other::notifications))
        .route(
            "/notifications/preferences",
            post(other::preferences_submit),
        )
        .route(
            "/admin/tender-period",
            get(other::tender_period).post(other::tender_period_submit),
        )
        .route("/dev/clock", get(other::clock).post(other::clock_submit))
}

/// A page shown again after a post: 409 when a rule refused it in the record's present state,
/// 422 when the input was wrong, else 200.
fn status(errors: &FieldErrors, problem: &Option<String>) -> axum::http::StatusCode {
    if problem.is_some() {
        axum::http::StatusCode::CONFLICT
    } else if !errors.is_empty() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    }
}
