//! The dashboards, the classification rules and their previews, a force's payments and their
//! overrides, the aggregation opportunities and the replacement planner.

use super::force_of;
use crate::error::ServiceError;
use crate::spend::pages::classification::*;
use crate::spend::pages::dashboard::DashboardPage;
use crate::spend::pages::opportunities::{OpportunitiesPage, PlannerPage};
use crate::spend::service::classification::{self as rules, RuleChange, RuleForm};
use crate::spend::service::{dashboard, lines, opportunities};
use crate::spend::types::SpendClass;
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::extract::{Path, Query, RawForm};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Form;
use leptos::prelude::*;

/// A GET parameter that is not one of the choices (a link edited by hand): the messages, at
/// 400, with the way back.
async fn refused(
    ctx: &Ctx,
    title: &'static str,
    errors: FieldErrors,
    back: &'static str,
) -> PageResult {
    Ok(ctx
        .page_made(axum::http::StatusCode::BAD_REQUEST, title, move || {
            view! {
                <crate::ui::forms::ErrorSummary errors=errors />
                <h1 class="govuk-heading-l">{title}</h1>
                <p class="govuk-body">
                    <a class="govuk-link" href=back>
                        "Start again"
                    </a>
                </p>
            }
        })
        .await)
}

async fn dashboard_view(
    ctx: &Ctx,
    q: &dashboard::DashboardQuery,
    errors: FieldErrors,
) -> PageResult {
    let filter = match dashboard::read_query(q) {
        Ok(f) => f,
        Err(e) => return refused(ctx, "Technology spend", e, "/spend/dashboard").await,
    };
    let d = match dashboard::dashboard(ctx.db(), ctx.viewer(), filter).await {
        Ok(d) => d,
        Err(ServiceError::Invalid(e)) => {
            return refused(ctx, "Technology spend", e, "/spend/dashboard").await
        }
        Err(e) => return Err(e.into()),
    };
    let invalid = !errors.is_empty();
    Ok(ctx
        .form_page(
            invalid,
            "Technology spend",
            view! { <DashboardPage d=d errors=errors /> },
        )
        .await)
}

pub async fn dashboard_page(ctx: Ctx, Query(q): Query<dashboard::DashboardQuery>) -> PageResult {
    dashboard_view(&ctx, &q, FieldErrors::new()).await
}

#[derive(serde::Deserialize, Default)]
pub struct CsvQuery {
    #[serde(default)]
    table: String,
    #[serde(flatten)]
    q: dashboard::DashboardQuery,
}

pub async fn dashboard_csv(ctx: Ctx, Query(q): Query<CsvQuery>) -> PageResult {
    let filter = match dashboard::read_query(&q.q) {
        Ok(f) => f,
        Err(e) => return refused(&ctx, "Technology spend", e, "/spend/dashboard").await,
    };
    let d = match dashboard::dashboard(ctx.db(), ctx.viewer(), filter).await {
        Ok(d) => d,
        Err(ServiceError::Invalid(e)) => {
            return refused(&ctx, "Technology spend", e, "/spend/dashboard").await
        }
        Err(e) => return Err(e.into()),
    };
    let body = dashboard::csv(&d, &q.table)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"technology-spend-{}.csv\"", q.table),
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct TargetForm {
    #[serde(default)]
    percent: String,
    #[serde(default)]
    by_year: String,
}

pub async fn target_submit(ctx: Ctx, Form(form): Form<TargetForm>) -> PageResult {
    match outcome(
        dashboard::set_target(ctx.db(), ctx.viewer(), &form.percent, &form.by_year).await,
    )? {
        Outcome::Done(()) => {
            ctx.flash("The target is set").await;
            Ok(ctx.redirect("/spend/dashboard"))
        }
        Outcome::Invalid(errors) => {
            dashboard_view(&ctx, &dashboard::DashboardQuery::default(), errors).await
        }
        Outcome::Problem(m) => {
            dashboard_view(
                &ctx,
                &dashboard::DashboardQuery::default(),
                FieldErrors::single("percent", m),
            )
            .await
        }
    }
}

pub async fn rules_page(ctx: Ctx) -> PageResult {
    let page = rules::rules_page(ctx.db(), ctx.viewer()).await?;
    Ok(ctx
        .page("How spend is classified", view! { <RulesPage page=page /> })
        .await)
}

async fn form_view(ctx: &Ctx, id: Option<i32>, form: RuleForm, errors: FieldErrors) -> PageResult {
    let page = rules::rules_page(ctx.db(), ctx.viewer()).await?;
    if !page.can_edit {
        return Err(ServiceError::Forbidden.into());
    }
    let (preview, title, remove) = match id {
        Some(id) => (
            format!("/spend/rules/{id}/preview"),
            "Change a rule",
            Some(format!("/spend/rules/{id}/remove")),
        ),
        None => ("/spend/rules/new/preview".to_string(), "Add a rule", None),
    };
    let count = page.rules.len() - usize::from(id.is_some());
    let invalid = !errors.is_empty();
    Ok(ctx
        .form_page(
            invalid,
            title,
            view! {
                <RuleFormPage
                    preview=preview
                    title=title
                    form=form
                    suppliers=page.suppliers
                    systems=page.systems
                    functions=page.functions
                    lots=page.lots
                    count=count
                    errors=errors
                    remove=remove
                />
            },
        )
        .await)
}

pub async fn new_rule(ctx: Ctx) -> PageResult {
    form_view(&ctx, None, RuleForm::default(), FieldErrors::new()).await
}

pub async fn edit_rule(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    let (m, position) = rules::rule(ctx.db(), ctx.viewer(), id).await?;
    form_view(
        &ctx,
        Some(id),
        RuleForm::of(&m, position),
        FieldErrors::new(),
    )
    .await
}

async fn preview_view(ctx: &Ctx, id: Option<i32>, change: RuleChange) -> PageResult {
    let form = match &change {
        RuleChange::Save { form, .. } => Some(form.as_ref().clone()),
        RuleChange::Remove { .. } => None,
    };
    match outcome(rules::preview(ctx.db(), ctx.viewer(), &change).await)? {
        Outcome::Done(preview) => {
            let (title, save, back) = match (&change, id) {
                (RuleChange::Remove { id }, _) => (
                    "Check what removing the rule moves",
                    format!("/spend/rules/{id}/remove"),
                    format!("/spend/rules/{id}"),
                ),
                (_, Some(id)) => (
                    "Check what the change moves",
                    format!("/spend/rules/{id}"),
                    format!("/spend/rules/{id}"),
                ),
                (_, None) => (
                    "Check what the new rule moves",
                    "/spend/rules/new".to_string(),
                    "/spend/rules/new".to_string(),
                ),
            };
            Ok(ctx
                .page(
                    title,
                    view! { <PreviewPage title=title save=save back=back form=form preview=preview /> },
                )
                .await)
        }
        Outcome::Invalid(errors) => form_view(ctx, id, form.unwrap_or_default(), errors).await,
        Outcome::Problem(m) => {
            form_view(
                ctx,
                id,
                form.unwrap_or_default(),
                FieldErrors::single("name", m),
            )
            .await
        }
    }
}

pub async fn preview_new(ctx: Ctx, Query(form): Query<RuleForm>) -> PageResult {
    preview_view(
        &ctx,
        None,
        RuleChange::Save {
            id: None,
            form: Box::new(form),
        },
    )
    .await
}

pub async fn preview_edit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(form): Query<RuleForm>,
) -> PageResult {
    preview_view(
        &ctx,
        Some(id),
        RuleChange::Save {
            id: Some(id),
            form: Box::new(form),
        },
    )
    .await
}

pub async fn preview_remove(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    preview_view(&ctx, Some(id), RuleChange::Remove { id }).await
}

async fn save(ctx: &Ctx, id: Option<i32>, change: RuleChange) -> PageResult {
    let form = match &change {
        RuleChange::Save { form, .. } => form.as_ref().clone(),
        RuleChange::Remove { .. } => RuleForm::default(),
    };
    match outcome(rules::save(ctx.db(), ctx.viewer(), change).await)? {
        Outcome::Done(applied) => {
            let legacy = applied.preview.legacy_change();
            ctx.flash(format!(
                "Saved. {} payments were reclassified; legacy maintenance {} by {}.",
                crate::money::group_thousands(applied.preview.lines_moved().max(0) as u64),
                if legacy.pence() >= 0 {
                    "went up"
                } else {
                    "went down"
                },
                crate::money::Money::from_pence(legacy.pence().abs())
            ))
            .await;
            Ok(ctx.redirect("/spend/rules"))
        }
        Outcome::Invalid(errors) => form_view(ctx, id, form, errors).await,
        Outcome::Problem(m) => form_view(ctx, id, form, FieldErrors::single("name", m)).await,
    }
}

pub async fn save_new(ctx: Ctx, Form(form): Form<RuleForm>) -> PageResult {
    save(
        &ctx,
        None,
        RuleChange::Save {
            id: None,
            form: Box::new(form),
        },
    )
    .await
}

pub async fn save_edit(ctx: Ctx, Path(id): Path<i32>, Form(form): Form<RuleForm>) -> PageResult {
    save(
        &ctx,
        Some(id),
        RuleChange::Save {
            id: Some(id),
            form: Box::new(form),
        },
    )
    .await
}

pub async fn save_remove(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    save(&ctx, Some(id), RuleChange::Remove { id }).await
}

#[derive(serde::Deserialize, Default)]
pub struct LinesQuery {
    #[serde(default)]
    force: String,
    #[serde(default)]
    class: String,
    #[serde(default)]
    page: String,
}

fn class_of(s: &str) -> Result<Option<SpendClass>, ServiceError> {
    match s.trim() {
        "" => Ok(None),
        t => SpendClass::parse(t).map(Some).ok_or_else(|| {
            ServiceError::invalid("class", format!("“{t}” is not a class of spend"))
        }),
    }
}

async fn lines_view(
    ctx: &Ctx,
    force: i32,
    class: Option<SpendClass>,
    page: u64,
    errors: FieldErrors,
    reason: String,
) -> PageResult {
    let p = lines::lines(ctx.db(), ctx.viewer(), force, class, page).await?;
    let invalid = !errors.is_empty();
    Ok(ctx
        .form_page(
            invalid,
            "Classified payments",
            view! { <LinesPage page=p errors=errors reason=reason /> },
        )
        .await)
}

pub async fn lines_page(ctx: Ctx, Query(q): Query<LinesQuery>) -> PageResult {
    let force = force_of(&ctx, &q.force).await?;
    let class = match class_of(&q.class) {
        Ok(c) => c,
        Err(ServiceError::Invalid(e)) => {
            return refused(&ctx, "Classified payments", e, "/spend/lines").await
        }
        Err(e) => return Err(e.into()),
    };
    let page = q.page.trim().parse().unwrap_or(1);
    lines_view(&ctx, force, class, page, FieldErrors::new(), String::new()).await
}

/// The override form: repeated `lines` checkboxes, so read as pairs.
pub async fn override_submit(
    ctx: Ctx,
    Query(q): Query<LinesQuery>,
    RawForm(body): RawForm,
) -> PageResult {
    let force = force_of(&ctx, &q.force).await?;
    let mut ids = Vec::new();
    let mut class = String::new();
    let mut reason = String::new();
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "lines" => ids.extend(v.trim().parse::<i32>().ok()),
            "new_class" => class = v.into_owned(),
            "reason" => reason = v.into_owned(),
            _ => {}
        }
    }
    let chosen = SpendClass::parse(class.trim());
    match outcome(
        lines::override_lines(ctx.db(), ctx.viewer(), force, &ids, chosen, &reason).await,
    )? {
        Outcome::Done(n) => {
            ctx.flash(format!(
                "{n} payments are now {}",
                chosen.map(|c| c.label().to_lowercase()).unwrap_or_default()
            ))
            .await;
            Ok(ctx.redirect(&format!("/spend/lines?force={force}&class=unclassified")))
        }
        Outcome::Invalid(errors) => {
            lines_view(
                &ctx,
                force,
                Some(SpendClass::Unclassified),
                1,
                errors,
                reason,
            )
            .await
        }
        Outcome::Problem(m) => {
            lines_view(
                &ctx,
                force,
                Some(SpendClass::Unclassified),
                1,
                FieldErrors::single("lines", m),
                reason,
            )
            .await
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    year: String,
}

pub async fn opportunities_page(ctx: Ctx, Query(q): Query<YearQuery>) -> PageResult {
    let year = match q.year.trim() {
        "" => None,
        t => match t.parse::<i32>() {
            Ok(y) => Some(y),
            Err(_) => {
                let e = FieldErrors::single("year", format!("“{t}” is not a financial year"));
                let title = "Where forces pay separately for the same thing";
                return refused(&ctx, title, e, "/spend/opportunities").await;
            }
        },
    };
    opportunities_view(&ctx, year, FieldErrors::new()).await
}

async fn opportunities_view(ctx: &Ctx, year: Option<i32>, errors: FieldErrors) -> PageResult {
    let o = opportunities::opportunities(ctx.db(), ctx.viewer(), year).await?;
    let invalid = !errors.is_empty();
    Ok(ctx
        .form_page(
            invalid,
            "Where forces pay separately for the same thing",
            view! { <OpportunitiesPage o=o errors=errors /> },
        )
        .await)
}

#[derive(serde::Deserialize, Default)]
pub struct StartForm {
    #[serde(default)]
    supplier: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    function: String,
    #[serde(default)]
    product: String,
}

impl StartForm {
    /// The opportunity the form names, if it names one.
    fn opportunity(&self, year: Option<i32>) -> Option<opportunities::StartFrom> {
        use opportunities::StartFrom;
        if let Ok(id) = self.supplier.trim().parse() {
            Some(StartFrom::Supplier { id, year })
        } else if let Ok(id) = self.function.trim().parse() {
            Some(StartFrom::Function { id, year })
        } else {
            Some(self.product.trim())
                .filter(|p| !p.is_empty())
                .map(|p| StartFrom::Product(p.to_string()))
        }
    }
}

pub async fn start_submit(ctx: Ctx, Form(f): Form<StartForm>) -> PageResult {
    let year = f.year.trim().parse().ok();
    let Some(from) = f.opportunity(year) else {
        let e = FieldErrors::single(
            "opportunity",
            "Choose the opportunity to start a shared procurement from",
        );
        return opportunities_view(&ctx, year, e).await;
    };
    match outcome(opportunities::start_procurement(ctx.db(), ctx.viewer(), from).await)? {
        Outcome::Done(id) => {
            ctx.flash(
                "A draft shared procurement is started, with the forces that pay separately named in it: finish the form, then open it to join",
            )
            .await;
            Ok(ctx.redirect(&format!("/procurements/{id}/edit")))
        }
        Outcome::Invalid(errors) => opportunities_view(&ctx, year, errors).await,
        Outcome::Problem(m) => {
            opportunities_view(&ctx, year, FieldErrors::single("opportunity", m)).await
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct PlannerQuery {
    #[serde(default)]
    force: String,
    #[serde(default)]
    function: String,
}

pub async fn planner_page(ctx: Ctx, Query(q): Query<PlannerQuery>) -> PageResult {
    let force = q.force.trim().parse().ok();
    let function = q.function.trim().parse().ok();
    let p = opportunities::planner(ctx.db(), ctx.viewer(), force, function).await?;
    Ok(ctx
        .page("Replacement planner", view! { <PlannerPage p=p /> })
        .await)
}
