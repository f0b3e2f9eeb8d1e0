//! The catalogue's pages and form posts, one file per use case as in `service/`, and its
//! routes. Every change is a plain form POST answered by a redirect, or by the same form with
//! its errors.

mod applications;
mod browse;
mod compare;
mod frameworks;
mod listings;
mod lists;
mod projects;
mod review;
mod search;

use crate::web::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        // Everyone
        .route("/frameworks", get(frameworks::frameworks))
        .route("/frameworks/{id}", get(frameworks::framework))
        .route("/frameworks/{id}/lots/{lot_id}", get(frameworks::lot))
        .route("/services", get(search::search_page))
        .route("/services/{id}", get(browse::service_page))
        .route("/suppliers/{id}", get(browse::supplier))
        .route(
            "/compare",
            get(compare::compare_page).post(compare::basket_submit),
        )
        // Force staff save searches into projects and end them in a record and an award
        .route("/projects", get(projects::list))
        .route(
            "/projects/save",
            get(projects::save_page).post(projects::save_submit),
        )
        .route("/projects/{id}", get(projects::project))
        .route("/projects/{id}/end", post(projects::end_submit))
        .route("/projects/{id}/record.csv", get(projects::record_csv))
        .route("/projects/{id}/record.xlsx", get(projects::record_xlsx))
        .route(
            "/projects/{id}/assessment",
            get(projects::assessment_page).post(projects::assessment_submit),
        )
        .route(
            "/projects/{id}/outcome",
            get(projects::outcome_page).post(projects::outcome_submit),
        )
        .route("/contracts", get(projects::contracts))
        .route("/contracts.csv", get(projects::contracts_csv))
        .route("/contracts/{id}", get(projects::contract))
        // The national body runs frameworks
        .route(
            "/frameworks/new",
            get(frameworks::new_page).post(frameworks::new_submit),
        )
        .route(
            "/frameworks/{id}/edit",
            get(frameworks::edit_page).post(frameworks::edit_submit),
        )
        .route("/frameworks/{id}/stage", post(frameworks::stage_submit))
        .route(
            "/frameworks/{id}/lots/{lot_id}/categories",
            get(lists::categories).post(lists::categories_submit),
        )
        .route(
            "/frameworks/{id}/declaration",
            get(lists::declaration).post(lists::declaration_submit),
        )
        .route(
            "/admin/catalogue-lists/{kind}",
            get(lists::terms).post(lists::terms_submit),
        )
        .route("/admin/applications", get(applications::applications))
        .route(
            "/admin/applications/{id}",
            get(applications::decide).post(applications::decide_submit),
        )
        .route("/admin/reviews", get(review::queue))
        .route(
            "/admin/reviews/{id}",
            get(review::review).post(review::review_submit),
        )
        .route("/services/{id}/suspension", post(review::suspension_submit))
        .route(
            "/suppliers/{id}/suspend",
            post(review::suspend_supplier_submit),
        )
        // Suppliers apply and list
        .route(
            "/frameworks/{id}/application",
            get(applications::application).post(applications::application_submit),
        )
        .route("/supplier/services", get(listings::dashboard))
        .route(
            "/supplier/services/new",
            get(listings::new_page).post(listings::new_submit),
        )
        .route(
            "/supplier/services/import",
            get(listings::import_page).post(listings::import_submit),
        )
        .route(
            "/services/{id}/manage",
            get(listings::manage).post(listings::manage_submit),
        )
        .route(
            "/services/{id}/manage/{section}",
            get(listings::section_page).post(listings::section_submit),
        )
        .route("/services/{id}/versions", get(listings::versions))
        .route("/services/{id}/versions/{number}", get(listings::version))
}
