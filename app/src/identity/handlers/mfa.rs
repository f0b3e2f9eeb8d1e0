//! The second step of signing in, setting up an authenticator app, and recovery codes.
//!
//! Between a correct password and the second factor the person is *pending*: the session holds
//! their id under [`PENDING_USER_KEY`] (not the signed-in key), so every page still treats them
//! as signed out. The pending state lasts ten minutes and five wrong codes.

use crate::access::{authorise, permit, IdentityAction, Viewer};
use crate::identity::mfa::{grouped, new_secret, otpauth_url, qr_svg};
use crate::identity::pages::mfa::{EnrolPage, RecoveryCodesPage, SignInCodePage};
use crate::identity::service::{self, SecondStep};
use crate::validation::FieldErrors;
use crate::web::{outcome, AppError, Ctx, Outcome, PageResult};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use leptos::prelude::*;
use serde::Deserialize;

const PENDING_USER_KEY: &str = "mfa_pending_user";
const PENDING_AT_KEY: &str = "mfa_pending_at";
const PENDING_NEXT_KEY: &str = "mfa_pending_next";
const FAILURES_KEY: &str = "mfa_failures";
const ENROL_SECRET_KEY: &str = "mfa_enrol_secret";
const SHOW_CODES_KEY: &str = "mfa_recovery_codes";
/// Where the recovery-codes page goes on to: the page the person asked for before signing in.
const CODES_NEXT_KEY: &str = "mfa_recovery_codes_next";

const PENDING_SECONDS: i64 = 600;
const MAX_FAILURES: u32 = 5;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CodeForm {
    code: String,
    /// Asked on the account page, where someone signed in sets up or replaces their app.
    current_password: String,
}

async fn set<T: serde::Serialize + Send + Sync>(
    ctx: &Ctx,
    key: &str,
    value: T,
) -> Result<(), AppError> {
    ctx.session()
        .insert(key, value)
        .await
        .map_err(AppError::internal)
}

async fn get<T: serde::de::DeserializeOwned>(ctx: &Ctx, key: &str) -> Option<T> {
    ctx.session().get::<T>(key).await.ok().flatten()
}

async fn clear_pending(ctx: &Ctx) {
    for key in [
        PENDING_USER_KEY,
        PENDING_AT_KEY,
        PENDING_NEXT_KEY,
        FAILURES_KEY,
        ENROL_SECRET_KEY,
    ] {
        let _ = ctx.session().remove::<serde_json::Value>(key).await;
    }
}

/// After a correct password: sign in, or hold the person pending until their second step.
pub(super) async fn after_password(ctx: &Ctx, viewer: &Viewer, next: &str) -> PageResult {
    let step = service::second_step(ctx.db(), viewer).await?;
    if step == SecondStep::None {
        ctx.sign_in(viewer).await?;
        return Ok(ctx.redirect(next));
    }
    // A new session id now too: whatever id the browser had before the password is dropped.
    ctx.renew_session_id().await?;
    set(ctx, PENDING_USER_KEY, viewer.user_id).await?;
    set(ctx, PENDING_AT_KEY, chrono::Utc::now().timestamp()).await?;
    set(ctx, PENDING_NEXT_KEY, next.to_string()).await?;
    set(ctx, FAILURES_KEY, 0u32).await?;
    Ok(ctx.redirect(match step {
        SecondStep::Enrol => "/sign-in/authenticator",
        _ => "/sign-in/code",
    }))
}

/// The pending person's id, if their password was right within the last ten minutes.
async fn pending_user(ctx: &Ctx) -> Option<i32> {
    let at: i64 = get(ctx, PENDING_AT_KEY).await?;
    if chrono::Utc::now().timestamp() - at > PENDING_SECONDS {
        clear_pending(ctx).await;
        return None;
    }
    get(ctx, PENDING_USER_KEY).await
}

async fn finish_sign_in(ctx: &Ctx, viewer: &Viewer) -> Result<String, AppError> {
    let next: String = get(ctx, PENDING_NEXT_KEY)
        .await
        .unwrap_or_else(|| "/".to_string());
    clear_pending(ctx).await;
    // sign_in gives the session a new id: the one that was pending is never signed in.
    ctx.sign_in(viewer).await?;
    Ok(next)
}

pub async fn code_page(ctx: Ctx) -> PageResult {
    permit(ctx.viewer(), IdentityAction::CompleteSignIn)?;
    if pending_user(&ctx).await.is_none() {
        return Ok(ctx.redirect("/sign-in"));
    }
    Ok(ctx
        .page(
            "Enter your sign-in code",
            view! { <SignInCodePage errors=FieldErrors::new() locked=None /> },
        )
        .await)
}

pub async fn code_submit(ctx: Ctx, Form(form): Form<CodeForm>) -> PageResult {
    permit(ctx.viewer(), IdentityAction::CompleteSignIn)?;
    let Some(user_id) = pending_user(&ctx).await else {
        return Ok(ctx.redirect("/sign-in"));
    };
    let result = service::verify_second_factor(ctx.db(), user_id, &form.code, ctx.client()).await;
    match outcome(result)? {
        Outcome::Done(viewer) => {
            let next = finish_sign_in(&ctx, &viewer).await?;
            Ok(ctx.redirect(&next))
        }
        Outcome::Invalid(errors) => {
            let failures = get::<u32>(&ctx, FAILURES_KEY).await.unwrap_or(0) + 1;
            if failures >= MAX_FAILURES {
                clear_pending(&ctx).await;
                ctx.flash("Too many wrong codes: sign in again.").await;
                return Ok(ctx.redirect("/sign-in"));
            }
            set(&ctx, FAILURES_KEY, failures).await?;
            Ok(ctx
                .invalid_page(
                    "Enter your sign-in code",
                    view! { <SignInCodePage errors=errors locked=None /> },
                )
                .await)
        }
        Outcome::Problem(message) => {
            clear_pending(&ctx).await;
            Ok(ctx
                .page_with_status(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Error: Enter your sign-in code",
                    view! { <SignInCodePage errors=FieldErrors::new() locked=Some(message) /> },
                )
                .await)
        }
    }
}

/// The secret being set up lives in the session until a code from it is typed.
async fn enrol_secret(ctx: &Ctx) -> Result<String, AppError> {
    match get::<String>(ctx, ENROL_SECRET_KEY).await {
        Some(s) => Ok(s),
        None => {
            let s = new_secret();
            set(ctx, ENROL_SECRET_KEY, s.clone()).await?;
            Ok(s)
        }
    }
}

async fn enrol_page(
    ctx: &Ctx,
    email: &str,
    action: &str,
    required: bool,
    errors: FieldErrors,
) -> Response {
    let secret = match enrol_secret(ctx).await {
        Ok(s) => s,
        Err(e) => return axum::response::IntoResponse::into_response(e),
    };
    let svg = qr_svg(&otpauth_url(&secret, email));
    // The SVG's own XML prologue is not wanted inside HTML; it is named for screen readers.
    let svg = svg
        .find("<svg")
        .map(|i| svg[i..].to_string())
        .unwrap_or_default()
        .replacen(
            "<svg",
            r#"<svg role="img" aria-label="QR code for adding Bluelamp to an authenticator app""#,
            1,
        );
    let (key, action) = (grouped(&secret), action.to_string());
    let invalid = !errors.is_empty();
    let body =
        view! { <EnrolPage qr_svg=svg key=key action=action required=required errors=errors /> };
    if invalid {
        ctx.invalid_page("Set up an authenticator app", body).await
    } else {
        ctx.page("Set up an authenticator app", body).await
    }
}

/// Sets up the app whose secret this session was shown, keeping this session and ending the
/// person's others.
async fn enrol_with_session_secret(
    ctx: &Ctx,
    user_id: i32,
    form: &CodeForm,
    reauthenticate: bool,
) -> Result<crate::error::ServiceResult<(Viewer, Vec<String>)>, AppError> {
    let secret = enrol_secret(ctx).await?;
    let current = ctx.session_id();
    Ok(service::enrol_mfa(
        ctx.db(),
        service::Enrolment {
            user_id,
            secret: &secret,
            code: &form.code,
            current_password: reauthenticate.then_some(form.current_password.as_str()),
        },
        ctx.client(),
        current.as_deref(),
    )
    .await)
}

pub async fn sign_in_enrol_page(ctx: Ctx) -> PageResult {
    permit(ctx.viewer(), IdentityAction::CompleteSignIn)?;
    let Some(user_id) = pending_user(&ctx).await else {
        return Ok(ctx.redirect("/sign-in"));
    };
    let Some(v) = service::load_viewer(ctx.db(), user_id)
        .await
        .map_err(AppError::internal)?
    else {
        return Ok(ctx.redirect("/sign-in"));
    };
    Ok(enrol_page(
        &ctx,
        &v.email,
        "/sign-in/authenticator",
        true,
        FieldErrors::new(),
    )
    .await)
}

pub async fn sign_in_enrol_submit(ctx: Ctx, Form(form): Form<CodeForm>) -> PageResult {
    permit(ctx.viewer(), IdentityAction::CompleteSignIn)?;
    let Some(user_id) = pending_user(&ctx).await else {
        return Ok(ctx.redirect("/sign-in"));
    };
    match outcome(enrol_with_session_secret(&ctx, user_id, &form, false).await?)? {
        Outcome::Done((viewer, codes)) => {
            let next = finish_sign_in(&ctx, &viewer).await?;
            set(&ctx, SHOW_CODES_KEY, codes).await?;
            set(&ctx, CODES_NEXT_KEY, next).await?;
            Ok(ctx.redirect("/account/recovery-codes"))
        }
        Outcome::Invalid(errors) => {
            let email = service::load_viewer(ctx.db(), user_id)
                .await
                .map_err(AppError::internal)?
                .map(|v| v.email)
                .unwrap_or_default();
            Ok(enrol_page(&ctx, &email, "/sign-in/authenticator", true, errors).await)
        }
        Outcome::Problem(message) => {
            clear_pending(&ctx).await;
            ctx.flash(message).await;
            Ok(ctx.redirect("/sign-in"))
        }
    }
}

/// Someone signed in sets up (or replaces) their app from their account page.
pub async fn account_enrol_page(ctx: Ctx) -> PageResult {
    let viewer = authorise(ctx.viewer(), IdentityAction::ManageOwnMfa)?.clone();
    Ok(enrol_page(
        &ctx,
        &viewer.email,
        "/account/authenticator",
        false,
        FieldErrors::new(),
    )
    .await)
}

pub async fn account_enrol_submit(ctx: Ctx, Form(form): Form<CodeForm>) -> PageResult {
    let viewer = authorise(ctx.viewer(), IdentityAction::ManageOwnMfa)?.clone();
    match outcome(enrol_with_session_secret(&ctx, viewer.user_id, &form, true).await?)? {
        Outcome::Done((_, codes)) => {
            let _ = ctx.session().remove::<String>(ENROL_SECRET_KEY).await;
            // A new session id after enrolment, as after a password change.
            ctx.renew_session_id().await?;
            set(&ctx, SHOW_CODES_KEY, codes).await?;
            Ok(ctx.redirect("/account/recovery-codes"))
        }
        Outcome::Invalid(errors) => {
            Ok(enrol_page(&ctx, &viewer.email, "/account/authenticator", false, errors).await)
        }
        Outcome::Problem(message) => {
            ctx.flash(message).await;
            Ok(ctx.redirect("/account"))
        }
    }
}

/// The new recovery codes, once.
pub async fn recovery_codes_page(ctx: Ctx) -> PageResult {
    authorise(ctx.viewer(), IdentityAction::ManageOwnMfa)?;
    let codes: Option<Vec<String>> = ctx
        .session()
        .remove(SHOW_CODES_KEY)
        .await
        .map_err(AppError::internal)?;
    let Some(codes) = codes else {
        return Ok(ctx.redirect("/account"));
    };
    let next: String = ctx
        .session()
        .remove(CODES_NEXT_KEY)
        .await
        .map_err(AppError::internal)?
        .and_then(|n: String| crate::identity::rules::safe_next(&n).map(str::to_string))
        .unwrap_or_else(|| "/".to_string());
    Ok(ctx
        .page(
            "Save your recovery codes",
            view! { <RecoveryCodesPage codes=codes next=next /> },
        )
        .await)
}
