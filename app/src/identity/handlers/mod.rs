//! The identity area's pages and form posts, one file per use case as in `service/`: read
//! who is signed in, call the service, render. Every change is a plain HTML form POST (works
//! with JavaScript off) answered by a redirect on success or, through `web::outcome`, the same
//! form with its errors on failure.

mod account;
mod forces;
mod invitations;
mod mfa;
mod registration;
mod sign_in;
mod suppliers;
mod users;

pub use account::{account, change_password_page, change_password_submit};
pub use forces::{force, force_submit, forces};
pub use invitations::{invitation_page, invitation_submit};
pub use mfa::{
    account_enrol_page, account_enrol_submit, code_page, code_submit, recovery_codes_page,
    sign_in_enrol_page, sign_in_enrol_submit,
};
pub use registration::{
    check_email_page, confirm_page, confirm_submit, register_force_page, register_force_submit,
    register_page, register_supplier_page, register_supplier_submit,
};
pub use sign_in::{home, sign_in_page, sign_in_submit, sign_out};
pub use suppliers::{supplier, supplier_submit, suppliers};
pub use users::{invite_page, invite_submit, user_page, user_submit, users};

use crate::access::Viewer;
use crate::web::{AppState, Ctx, PageResult};
use axum::routing::{get, post};
use axum::Router;

/// Signs a person into the account they have just made (through the second step, for those
/// who need an authenticator app) and greets them.
async fn welcome(ctx: &Ctx, viewer: &Viewer) -> PageResult {
    ctx.flash(format!(
        "Welcome to Bluelamp, {}. Your account is ready.",
        viewer.name
    ))
    .await;
    mfa::after_password(ctx, viewer, "/").await
}

/// The identity area's pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/sign-in", get(sign_in_page).post(sign_in_submit))
        .route("/sign-in/code", get(code_page).post(code_submit))
        .route(
            "/sign-in/authenticator",
            get(sign_in_enrol_page).post(sign_in_enrol_submit),
        )
        .route("/sign-out", post(sign_out))
        .route("/register", get(register_page))
        .route(
            "/register/force",
            get(register_force_page).post(register_force_submit),
        )
        .route(
            "/register/supplier",
            get(register_supplier_page).post(register_supplier_submit),
        )
        .route("/register/check-email", get(check_email_page))
        .route("/confirm/{token}", get(confirm_page).post(confirm_submit))
        .route("/account", get(account))
        .route(
            "/account/authenticator",
            get(account_enrol_page).post(account_enrol_submit),
        )
        .route("/account/recovery-codes", get(recovery_codes_page))
        .route(
            "/account/password",
            get(change_password_page).post(change_password_submit),
        )
        .route("/organisations/{org_id}/users", get(users))
        .route(
            "/organisations/{org_id}/users/invite",
            get(invite_page).post(invite_submit),
        )
        .route("/users/{user_id}", get(user_page).post(user_submit))
        .route(
            "/invitation/{token}",
            get(invitation_page).post(invitation_submit),
        )
        .route("/admin/suppliers", get(suppliers))
        .route(
            "/admin/suppliers/{org_id}",
            get(supplier).post(supplier_submit),
        )
        .route("/admin/forces", get(forces))
        .route("/admin/forces/{org_id}", get(force).post(force_submit))
}
