//! The identity area's pages and form posts: read who is signed in, call the service, render.
//! Every change is a plain HTML form POST (works with JavaScript off) answered by a redirect
//! on success or the same form, with its errors, on failure.

use super::pages::{
    account::AccountPage,
    change_password::ChangePasswordPage,
    force::ForcePage,
    forces::ForcesPage,
    home::{AnonymousHome, SignedInHome},
    invitation::{InvitationPage, InvitationProblemPage},
    invite::InvitePage,
    register::RegisterPage,
    register_force::RegisterForcePage,
    register_supplier::RegisterSupplierPage,
    sign_in::SignInPage,
    supplier::SupplierPage,
    suppliers::SuppliersPage,
    user::UserPage,
    users::UsersPage,
};
use super::rules::{can, safe_next, Action};
use super::service;
use super::types::*;
use crate::error::ServiceError;
use crate::validation::FieldErrors;
use crate::web::{AppError, Ctx, PageResult};
use axum::extract::{Path, Query};
use axum::Form;
use leptos::prelude::*;
use serde::Deserialize;

/// Splits a service result into "show the form again with these errors" and real failures.
enum Outcome<T> {
    Done(T),
    Invalid(FieldErrors),
    Problem(String),
}

fn outcome<T>(r: Result<T, ServiceError>) -> Result<Outcome<T>, AppError> {
    match r {
        Ok(v) => Ok(Outcome::Done(v)),
        Err(ServiceError::Invalid(e)) => Ok(Outcome::Invalid(e)),
        Err(ServiceError::Conflict(m)) | Err(ServiceError::Locked { message: m }) => {
            Ok(Outcome::Problem(m))
        }
        Err(e) => Err(e.into()),
    }
}

fn require(ctx: &Ctx, action: Action) -> Result<(), AppError> {
    if can(ctx.viewer(), action) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden.into())
    }
}

// ------------------------------------------------------------------ home, sign in and out

pub async fn home(ctx: Ctx) -> PageResult {
    let Some(viewer) = ctx.viewer.clone() else {
        return Ok(ctx
            .page(
                "Buy police technology together",
                view! { <AnonymousHome /> },
            )
            .await);
    };
    let pending = if can(Some(&viewer), Action::ListSuppliers) {
        Some(service::count_pending_suppliers(&ctx.state.db.conn, Some(&viewer)).await?)
    } else {
        None
    };
    // A rejected supplier is told why.
    let rejection = if viewer.org_status == OrgStatus::Rejected {
        service::own_organisation(&ctx.state.db.conn, &viewer)
            .await?
            .status_reason
    } else {
        None
    };
    Ok(ctx
        .page(
            "Home",
            view! { <SignedInHome viewer=viewer pending_suppliers=pending rejection=rejection /> },
        )
        .await)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

pub async fn sign_in_page(ctx: Ctx, Query(q): Query<NextQuery>) -> PageResult {
    if ctx.viewer.is_some() {
        return Ok(ctx.redirect("/"));
    }
    let next = safe_next(&q.next).unwrap_or("").to_string();
    Ok(ctx
        .page("Sign in", view! { <SignInPage email=String::new() next=next errors=FieldErrors::new() locked=None /> })
        .await)
}

pub async fn sign_in_submit(ctx: Ctx, Form(form): Form<SignInForm>) -> PageResult {
    let next = safe_next(&form.next).unwrap_or("/").to_string();
    match outcome(service::sign_in(&ctx.state.db, &form, &ctx.client).await)? {
        Outcome::Done(viewer) => {
            ctx.sign_in(&viewer).await?;
            Ok(ctx.redirect(&next))
        }
        Outcome::Invalid(errors) => {
            let email = form.email.clone();
            Ok(ctx
                .invalid_page("Sign in", view! { <SignInPage email=email next=form.next errors=errors locked=None /> })
                .await)
        }
        Outcome::Problem(message) => Ok(ctx
            .page_with_status(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                "Error: Sign in",
                view! { <SignInPage email=form.email next=form.next errors=FieldErrors::new() locked=Some(message) /> },
            )
            .await),
    }
}

pub async fn sign_out(ctx: Ctx) -> PageResult {
    if let Some(v) = ctx.viewer() {
        service::sign_out(&ctx.state.db, v).await?;
    }
    ctx.sign_out().await;
    Ok(ctx.redirect("/sign-in"))
}

// ------------------------------------------------------------------ registration

pub async fn register_page(ctx: Ctx) -> PageResult {
    if ctx.viewer.is_some() {
        return Ok(ctx.redirect("/"));
    }
    Ok(ctx.page("Register", view! { <RegisterPage /> }).await)
}

pub async fn register_force_page(ctx: Ctx) -> PageResult {
    require(&ctx, Action::Register)?;
    Ok(ctx
        .page("Register as police force staff", view! { <RegisterForcePage form=RegisterForceForm::default() errors=FieldErrors::new() /> })
        .await)
}

pub async fn register_force_submit(ctx: Ctx, Form(form): Form<RegisterForceForm>) -> PageResult {
    require(&ctx, Action::Register)?;
    match outcome(service::register_force_user(&ctx.state.db, &form).await)? {
        Outcome::Done(viewer) => {
            ctx.sign_in(&viewer).await?;
            ctx.flash(format!(
                "Welcome to Bluelamp, {}. Your account is ready.",
                viewer.name
            ))
            .await;
            Ok(ctx.redirect("/"))
        }
        Outcome::Invalid(errors) => {
            let form = RegisterForceForm {
                password: String::new(),
                confirm_password: String::new(),
                ..form
            };
            Ok(ctx
                .invalid_page(
                    "Register as police force staff",
                    view! { <RegisterForcePage form=form errors=errors /> },
                )
                .await)
        }
        Outcome::Problem(m) => Err(AppError::Internal(m)),
    }
}

pub async fn register_supplier_page(ctx: Ctx) -> PageResult {
    require(&ctx, Action::Register)?;
    Ok(ctx
        .page("Register a supplier", view! { <RegisterSupplierPage form=RegisterSupplierForm::default() errors=FieldErrors::new() /> })
        .await)
}

pub async fn register_supplier_submit(
    ctx: Ctx,
    Form(form): Form<RegisterSupplierForm>,
) -> PageResult {
    require(&ctx, Action::Register)?;
    match outcome(service::register_supplier(&ctx.state.db, &form).await)? {
        Outcome::Done(viewer) => {
            ctx.sign_in(&viewer).await?;
            ctx.flash(format!(
                "Application sent for {}. The national body will review it.",
                viewer.org_name
            ))
            .await;
            Ok(ctx.redirect("/"))
        }
        Outcome::Invalid(errors) => {
            let form = RegisterSupplierForm {
                password: String::new(),
                confirm_password: String::new(),
                ..form
            };
            Ok(ctx
                .invalid_page(
                    "Register a supplier",
                    view! { <RegisterSupplierPage form=form errors=errors /> },
                )
                .await)
        }
        Outcome::Problem(m) => Err(AppError::Internal(m)),
    }
}

// ------------------------------------------------------------------ own account

pub async fn account(ctx: Ctx) -> PageResult {
    require(&ctx, Action::ViewAccount)?;
    let viewer = ctx.viewer.clone().ok_or(ServiceError::Forbidden)?;
    Ok(ctx
        .page("Your account", view! { <AccountPage viewer=viewer /> })
        .await)
}

pub async fn change_password_page(ctx: Ctx) -> PageResult {
    require(&ctx, Action::ChangeOwnPassword)?;
    Ok(ctx
        .page(
            "Change your password",
            view! { <ChangePasswordPage errors=FieldErrors::new() /> },
        )
        .await)
}

pub async fn change_password_submit(ctx: Ctx, Form(form): Form<ChangePasswordForm>) -> PageResult {
    let current = ctx.session.id().map(|id| id.to_string());
    let changed = service::change_password(
        &ctx.state.db,
        ctx.viewer(),
        &form,
        current.as_deref(),
        &ctx.client,
    )
    .await;
    match outcome(changed)? {
        Outcome::Done(()) => {
            ctx.flash("Your password has been changed").await;
            Ok(ctx.redirect("/account"))
        }
        Outcome::Invalid(errors) => Ok(ctx
            .invalid_page(
                "Change your password",
                view! { <ChangePasswordPage errors=errors /> },
            )
            .await),
        // Too many wrong current passwords: said beside the field it is about.
        Outcome::Problem(m) => {
            let errors = FieldErrors::single("current_password", m);
            Ok(ctx
                .invalid_page(
                    "Change your password",
                    view! { <ChangePasswordPage errors=errors /> },
                )
                .await)
        }
    }
}

// ------------------------------------------------------------------ users of an organisation

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InvitedQuery {
    invited: String,
}

pub async fn users(ctx: Ctx, Path(org_id): Path<i32>) -> PageResult {
    let (org, users) = service::list_users(&ctx.state.db.conn, ctx.viewer(), org_id).await?;
    // The invitation link is shown once, straight after inviting, from the session.
    let link: Option<String> = ctx.session.remove(INVITE_LINK_KEY).await.ok().flatten();
    Ok(ctx
        .page(
            "Users",
            view! { <UsersPage org=org users=users invitation_link=link /> },
        )
        .await)
}

const INVITE_LINK_KEY: &str = "invitation_link";

pub async fn invite_page(ctx: Ctx, Path(org_id): Path<i32>) -> PageResult {
    require(&ctx, Action::InviteUser { org_id })?;
    let org = service::get_organisation(&ctx.state.db.conn, ctx.viewer(), org_id).await?;
    Ok(ctx
        .page(
            "Invite a user",
            view! { <InvitePage org=org form=InviteForm::default() errors=FieldErrors::new() /> },
        )
        .await)
}

pub async fn invite_submit(
    ctx: Ctx,
    Path(org_id): Path<i32>,
    Form(form): Form<InviteForm>,
) -> PageResult {
    require(&ctx, Action::InviteUser { org_id })?;
    match outcome(service::invite_user(&ctx.state.db, ctx.viewer(), org_id, &form).await)? {
        Outcome::Done((_, token)) => {
            let _ = ctx
                .session
                .insert(
                    INVITE_LINK_KEY,
                    format!("{}/invitation/{token}", ctx.origin()),
                )
                .await;
            ctx.flash(format!("Invitation created for {}", form.email.trim()))
                .await;
            Ok(ctx.redirect(&format!("/organisations/{org_id}/users")))
        }
        Outcome::Invalid(errors) => {
            let org = service::get_organisation(&ctx.state.db.conn, ctx.viewer(), org_id).await?;
            Ok(ctx
                .invalid_page(
                    "Invite a user",
                    view! { <InvitePage org=org form=form errors=errors /> },
                )
                .await)
        }
        Outcome::Problem(m) => Err(AppError::Internal(m)),
    }
}

pub async fn user_page(ctx: Ctx, Path(user_id): Path<i32>) -> PageResult {
    let (user, kind) = service::get_user(&ctx.state.db.conn, ctx.viewer(), user_id).await?;
    let is_self = ctx.viewer().is_some_and(|v| v.user_id == user.id);
    let title = user.name.clone();
    Ok(ctx
        .page(
            &title,
            view! { <UserPage user=user kind=kind is_self=is_self problem=None /> },
        )
        .await)
}

pub async fn user_submit(
    ctx: Ctx,
    Path(user_id): Path<i32>,
    Form(form): Form<ManageUserForm>,
) -> PageResult {
    match outcome(service::manage_user(&ctx.state.db, ctx.viewer(), user_id, &form).await)? {
        Outcome::Done(message) => {
            ctx.flash(message).await;
            Ok(ctx.redirect(&format!("/users/{user_id}")))
        }
        Outcome::Invalid(e) => {
            let message = e.0.first().map(|f| f.message.clone()).unwrap_or_default();
            user_problem(&ctx, user_id, message).await
        }
        Outcome::Problem(m) => user_problem(&ctx, user_id, m).await,
    }
}

/// The user page again, with a problem that belongs to no single field.
async fn user_problem(ctx: &Ctx, user_id: i32, message: String) -> PageResult {
    let (user, kind) = service::get_user(&ctx.state.db.conn, ctx.viewer(), user_id).await?;
    let is_self = ctx.viewer().is_some_and(|v| v.user_id == user.id);
    let title = user.name.clone();
    Ok(ctx
        .invalid_page(
            &title,
            view! { <UserPage user=user kind=kind is_self=is_self problem=Some(message) /> },
        )
        .await)
}

pub async fn invitation_page(ctx: Ctx, Path(token): Path<String>) -> PageResult {
    match outcome(service::invitation(&ctx.state.db.conn, &token).await)? {
        Outcome::Done((email, org_name)) => Ok(ctx
            .page("Set up your account", view! { <InvitationPage token=token email=email org_name=org_name errors=FieldErrors::new() /> })
            .await),
        Outcome::Problem(m) => Ok(ctx.page("This invitation cannot be used", view! { <InvitationProblemPage message=m /> }).await),
        Outcome::Invalid(e) => Err(AppError::Internal(e.to_string())),
    }
}

pub async fn invitation_submit(
    ctx: Ctx,
    Path(token): Path<String>,
    Form(form): Form<AcceptInvitationForm>,
) -> PageResult {
    match outcome(service::accept_invitation(&ctx.state.db, &token, &form).await)? {
        Outcome::Done(viewer) => {
            ctx.sign_in(&viewer).await?;
            ctx.flash(format!(
                "Welcome to Bluelamp, {}. Your account is ready.",
                viewer.name
            ))
            .await;
            Ok(ctx.redirect("/"))
        }
        Outcome::Invalid(errors) => {
            let (email, org_name) = service::invitation(&ctx.state.db.conn, &token).await?;
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

// ------------------------------------------------------------------ national body: suppliers and forces

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusQuery {
    status: String,
}

pub async fn suppliers(ctx: Ctx, Query(q): Query<StatusQuery>) -> PageResult {
    let status = OrgStatus::parse(&q.status);
    let list =
        service::list_organisations(&ctx.state.db.conn, ctx.viewer(), OrgKind::Supplier, status)
            .await?;
    Ok(ctx
        .page(
            "Suppliers",
            view! { <SuppliersPage suppliers=list status=status /> },
        )
        .await)
}

async fn supplier_view(
    ctx: &Ctx,
    org_id: i32,
    form: DecideSupplierForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    require(ctx, Action::ListSuppliers)?;
    let supplier = service::get_organisation(&ctx.state.db.conn, ctx.viewer(), org_id).await?;
    if supplier.kind != OrgKind::Supplier {
        return Err(ServiceError::NotFound.into());
    }
    let can_decide = can(ctx.viewer(), Action::DecideSupplier);
    let title = supplier.name.clone();
    let invalid = !errors.is_empty() || problem.is_some();
    let body = view! { <SupplierPage supplier=supplier can_decide=can_decide form=form errors=errors problem=problem /> };
    Ok(if invalid {
        ctx.invalid_page(&title, body).await
    } else {
        ctx.page(&title, body).await
    })
}

pub async fn supplier(ctx: Ctx, Path(org_id): Path<i32>) -> PageResult {
    supplier_view(
        &ctx,
        org_id,
        DecideSupplierForm::default(),
        FieldErrors::new(),
        None,
    )
    .await
}

pub async fn supplier_submit(
    ctx: Ctx,
    Path(org_id): Path<i32>,
    Form(form): Form<DecideSupplierForm>,
) -> PageResult {
    match outcome(service::decide_supplier(&ctx.state.db, ctx.viewer(), org_id, &form).await)? {
        Outcome::Done(status) => {
            let verb = if status == OrgStatus::Active {
                "approved"
            } else {
                "rejected"
            };
            ctx.flash(format!("Supplier {verb}")).await;
            Ok(ctx.redirect(&format!("/admin/suppliers/{org_id}")))
        }
        Outcome::Invalid(errors) => supplier_view(&ctx, org_id, form, errors, None).await,
        Outcome::Problem(m) => supplier_view(&ctx, org_id, form, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn forces(ctx: Ctx) -> PageResult {
    let list =
        service::list_organisations(&ctx.state.db.conn, ctx.viewer(), OrgKind::Force, None).await?;
    Ok(ctx
        .page("Forces", view! { <ForcesPage forces=list /> })
        .await)
}

async fn force_view(
    ctx: &Ctx,
    org_id: i32,
    form: Option<ForceDomainsForm>,
    errors: FieldErrors,
) -> PageResult {
    require(ctx, Action::ListForces)?;
    let force = service::get_organisation(&ctx.state.db.conn, ctx.viewer(), org_id).await?;
    if force.kind != OrgKind::Force {
        return Err(ServiceError::NotFound.into());
    }
    let form = form.unwrap_or_else(|| ForceDomainsForm {
        domains: force.domains.join("\n"),
    });
    let can_edit = can(ctx.viewer(), Action::EditForceDomains);
    let title = force.name.clone();
    let invalid = !errors.is_empty();
    let body = view! { <ForcePage force=force can_edit=can_edit form=form errors=errors /> };
    Ok(if invalid {
        ctx.invalid_page(&title, body).await
    } else {
        ctx.page(&title, body).await
    })
}

pub async fn force(ctx: Ctx, Path(org_id): Path<i32>) -> PageResult {
    force_view(&ctx, org_id, None, FieldErrors::new()).await
}

pub async fn force_submit(
    ctx: Ctx,
    Path(org_id): Path<i32>,
    Form(form): Form<ForceDomainsForm>,
) -> PageResult {
    match outcome(service::set_force_domains(&ctx.state.db, ctx.viewer(), org_id, &form).await)? {
        Outcome::Done(_) => {
            ctx.flash("Email domains saved").await;
            Ok(ctx.redirect(&format!("/admin/forces/{org_id}")))
        }
        Outcome::Invalid(errors) => force_view(&ctx, org_id, Some(form), errors).await,
        Outcome::Problem(m) => Err(AppError::Internal(m)),
    }
}
