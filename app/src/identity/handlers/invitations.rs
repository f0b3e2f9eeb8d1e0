//! Following an invitation link to set up an account.

use crate::identity::pages::invitation::{InvitationPage, InvitationProblemPage};
use crate::identity::service;
use crate::identity::types::*;
use crate::validation::FieldErrors;
use crate::web::{outcome, AppError, Ctx, Outcome, PageResult};
use axum::extract::Path;
use axum::Form;
use leptos::prelude::*;

pub async fn invitation_page(ctx: Ctx, Path(token): Path<String>) -> PageResult {
    match outcome(service::invitation(ctx.db(), &token).await)? {
        Outcome::Done((email, org_name)) => Ok(ctx
            .page("Set up your account", view! { <InvitationPage token=token email=email org_name=org_name errors=FieldErrors::new() /> })
            .await),
        Outcome::Problem(m) => Ok(ctx.page("This invitation cannot be used", view! { <InvitationProblemPage message=m /> }).await),
        Outcome::Invalid(e) => Err(AppError::internal(e)),
    }
}

pub async fn invitation_submit(
    ctx: Ctx,
    Path(token): Path<String>,
    Form(form): Form<AcceptInvitationForm>,
) -> PageResult {
    match outcome(service::accept_invitation(ctx.db(), &token, &form).await)? {
        Outcome::Done(viewer) => super::welcome(&ctx, &viewer).await,
        Outcome::Invalid(errors) => {
            let (email, org_name) = service::invitation(ctx.db(), &token).await?;
            Ok(ctx
                .invalid_page("Set up your account", view! { <InvitationPage token=token email=email org_name=org_name errors=errors /> })
                .await)
        }
        Outcome::Problem(m) => Ok(ctx
            .page(
                "This invitation cannot be used",
                view! { <InvitationProblemPage message=m /> },
            )
            .await),
    }
}
