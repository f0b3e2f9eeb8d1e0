//! Notifications (everyone signed in), the minimum tender period (the national body) and the
//! demo's clock (demo mode only).

use crate::procurement::pages::*;
use crate::procurement::service::{self, notify};
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::Form;
use leptos::prelude::*;

pub async fn notifications(ctx: Ctx) -> PageResult {
    let inbox = notify::inbox(ctx.db(), ctx.viewer()).await?;
    let links = match ctx.viewer() {
        Some(v) => inbox
            .items
            .iter()
            .map(|n| notify::link_for(&n.link, v))
            .collect(),
        None => vec![],
    };
    Ok(ctx
        .page(
            "Notifications",
            view! { <NotificationsPage items=inbox.items links=links preferences=inbox.preferences /> },
        )
        .await)
}

pub async fn preferences_submit(ctx: Ctx, Form(pairs): Form<Vec<(String, String)>>) -> PageResult {
    let email: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "email")
        .map(|(_, v)| v)
        .collect();
    notify::set_preferences(ctx.db(), ctx.viewer(), &email).await?;
    ctx.flash("Your email choices are saved").await;
    Ok(ctx.redirect("/notifications"))
}

pub async fn tender_period(ctx: Ctx) -> PageResult {
    let days = service::tender_period(ctx.db(), ctx.viewer()).await?;
    Ok(ctx
        .page(
            "Minimum tender period",
            view! { <TenderPeriodPage days=days.to_string() errors=FieldErrors::new() /> },
        )
        .await)
}

#[derive(serde::Deserialize)]
pub struct DaysForm {
    #[serde(default)]
    days: String,
}

pub async fn tender_period_submit(ctx: Ctx, Form(f): Form<DaysForm>) -> PageResult {
    let errors = match outcome(service::set_tender_period(ctx.db(), ctx.viewer(), &f.days).await)? {
        Outcome::Done(d) => {
            ctx.flash(format!("The minimum tender period is now {d} days"))
                .await;
            return Ok(ctx.redirect("/admin/tender-period"));
        }
        Outcome::Invalid(e) => e,
        Outcome::Problem(m) => FieldErrors::single("days", m),
    };
    Ok(ctx
        .form_page(
            true,
            "Minimum tender period",
            view! { <TenderPeriodPage days=f.days errors=errors /> },
        )
        .await)
}

fn demo_only(ctx: &Ctx) -> Result<(), crate::web::AppError> {
    // Outside demo mode the clock is the real one and this page does not exist.
    if ctx.state().demo {
        Ok(())
    } else {
        Err(crate::error::ServiceError::NotFound.into())
    }
}

pub async fn clock(ctx: Ctx) -> PageResult {
    demo_only(&ctx)?;
    crate::access::permit(
        ctx.viewer(),
        crate::access::ProcurementAction::MoveDemoClock,
    )?;
    let now = crate::ui::time::show_london(ctx.db().now());
    Ok(ctx
        .page(
            "The demo's clock",
            view! { <DemoClockPage now=now errors=FieldErrors::new() problem=None /> },
        )
        .await)
}

#[derive(serde::Deserialize)]
pub struct HoursForm {
    #[serde(default)]
    hours: String,
}

pub async fn clock_submit(ctx: Ctx, Form(f): Form<HoursForm>) -> PageResult {
    demo_only(&ctx)?;
    let errors = match outcome(service::move_demo_clock(ctx.db(), ctx.viewer(), &f.hours).await)? {
        Outcome::Done(()) => {
            ctx.flash("The clock has moved on").await;
            return Ok(ctx.redirect("/dev/clock"));
        }
        Outcome::Invalid(e) => e,
        Outcome::Problem(m) => FieldErrors::single("hours", m),
    };
    let now = crate::ui::time::show_london(ctx.db().now());
    Ok(ctx
        .form_page(
            true,
            "The demo's clock",
            view! { <DemoClockPage now=now errors=errors problem=None /> },
        )
        .await)
}
