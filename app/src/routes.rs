//! Every page route, in one place.

use crate::audit::handlers as audit;
use crate::identity::handlers as identity;
use crate::web::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/", get(identity::home))
        .route(
            "/sign-in",
            get(identity::sign_in_page).post(identity::sign_in_submit),
        )
        .route("/sign-out", post(identity::sign_out))
        .route("/register", get(identity::register_page))
        .route(
            "/register/force",
            get(identity::register_force_page).post(identity::register_force_submit),
        )
        .route(
            "/register/supplier",
            get(identity::register_supplier_page).post(identity::register_supplier_submit),
        )
        .route("/account", get(identity::account))
        .route(
            "/account/password",
            get(identity::change_password_page).post(identity::change_password_submit),
        )
        .route("/organisations/{org_id}/users", get(identity::users))
        .route(
            "/organisations/{org_id}/users/invite",
            get(identity::invite_page).post(identity::invite_submit),
        )
        .route(
            "/users/{user_id}",
            get(identity::user_page).post(identity::user_submit),
        )
        .route(
            "/invitation/{token}",
            get(identity::invitation_page).post(identity::invitation_submit),
        )
        .route("/admin/suppliers", get(identity::suppliers))
        .route(
            "/admin/suppliers/{org_id}",
            get(identity::supplier).post(identity::supplier_submit),
        )
        .route("/admin/forces", get(identity::forces))
        .route(
            "/admin/forces/{org_id}",
            get(identity::force).post(identity::force_submit),
        )
        .route("/admin/audit", get(audit::log))
        .route("/admin/audit.csv", get(audit::csv))
}
