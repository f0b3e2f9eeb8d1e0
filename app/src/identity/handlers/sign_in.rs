//! Home, signing in and signing out.

use crate::access::{can, IdentityAction};
use crate::identity::pages::home::{AnonymousHome, SignedInHome};
use crate::identity::pages::sign_in::SignInPage;
use crate::identity::rules::safe_next;
use crate::identity::service;
use crate::identity::types::*;
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::extract::Query;
use axum::Form;
use leptos::prelude::*;
use serde::Deserialize;

pub async fn home(ctx: Ctx) -> PageResult {
    let Some(viewer) = ctx.viewer().cloned() else {
        return Ok(ctx
            .page(
                "Buy police technology together",
                view! { <AnonymousHome /> },
            )
            .await);
    };
    let pending = if can(Some(&viewer), IdentityAction::ListSuppliers) {
        Some(service::count_pending_suppliers(ctx.db(), Some(&viewer)).await?)
    } else {
        None
    };
    // A rejected supplier is told why.
    let rejection = if viewer.org_status == OrgStatus::Rejected {
        service::own_organisation(ctx.db(), &viewer)
            .await?
            .status_reason
    } else {
        None
    };
    let ending_soon = if viewer.org_kind == OrgKind::Force && viewer.is_active() {
        Some(crate::catalogue::service::register::ending_soon(ctx.db(), Some(&viewer), 6).await?)
    } else {
        None
    };
    Ok(ctx
        .page(
            "Home",
            view! {
                <SignedInHome
                    viewer=viewer
                    pending_suppliers=pending
                    rejection=rejection
                    ending_soon=ending_soon
                />
            },
        )
        .await)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

pub async fn sign_in_page(ctx: Ctx, Query(q): Query<NextQuery>) -> PageResult {
    if ctx.viewer().is_some() {
        return Ok(ctx.redirect("/"));
    }
    let next = safe_next(&q.next).unwrap_or("").to_string();
    Ok(ctx
        .page("Sign in", view! { <SignInPage email=String::new() next=next errors=FieldErrors::new() locked=None /> })
        .await)
}

pub async fn sign_in_submit(ctx: Ctx, Form(form): Form<SignInForm>) -> PageResult {
    let next = safe_next(&form.next).unwrap_or("/").to_string();
    match outcome(service::sign_in(ctx.db(), &form, ctx.client()).await)? {
        Outcome::Done(viewer) => super::mfa::after_password(&ctx, &viewer, &next).await,
        Outcome::Invalid(errors) => {
            let email = form.email.clone();
            Ok(ctx
                .invalid_page(
                    "Sign in",
                    view! { <SignInPage email=email next=form.next errors=errors locked=None /> },
                )
                .await)
        }
        Outcome::Problem(message) => Ok(ctx
            .page_with_status(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                "Error: Sign in",
                view! {
                    <SignInPage
                        email=form.email
                        next=form.next
                        errors=FieldErrors::new()
                        locked=Some(message)
                    />
                },
            )
            .await),
    }
}

pub async fn sign_out(ctx: Ctx) -> PageResult {
    if let Some(v) = ctx.viewer() {
        service::sign_out(ctx.db(), v).await?;
    }
    ctx.sign_out().await;
    Ok(ctx.redirect("/sign-in"))
}
