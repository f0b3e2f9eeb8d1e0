//! A force's side: the lists, raising and opening a draft, joining, publishing, amending,
//! answering questions, cancelling, and reading the bids after the deadline.

use crate::access::ProcurementAction;
use crate::error::ServiceError;
use crate::procurement::form::{self, fields_from, timeline_fields, Fields};
use crate::procurement::pages::*;
use crate::procurement::service::{self, load, AnswerForm, Detail, JoinForm};
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::extract::Path;
use axum::Form;
use leptos::prelude::*;

pub async fn list(ctx: Ctx) -> PageResult {
    let lists = service::my_procurements(ctx.db(), ctx.viewer()).await?;
    let national = ctx.viewer().is_some_and(|v| v.is_national());
    Ok(ctx
        .page(
            "Shared procurements",
            view! { <MyProcurementsPage lists=lists national=national /> },
        )
        .await)
}

pub async fn new_page(ctx: Ctx) -> PageResult {
    crate::access::authorise(
        ctx.viewer(),
        ProcurementAction::RunProcurement {
            org_id: ctx.viewer().map(|v| v.org_id).unwrap_or(0),
        },
    )?;
    Ok(ctx
        .page(
            "Raise a procurement",
            view! { <NewDraftPage title=String::new() errors=FieldErrors::new() /> },
        )
        .await)
}

#[derive(serde::Deserialize)]
pub struct TitleForm {
    #[serde(default)]
    title: String,
}

pub async fn new_submit(ctx: Ctx, Form(f): Form<TitleForm>) -> PageResult {
    let errors = match outcome(service::create_draft(ctx.db(), ctx.viewer(), &f.title).await)? {
        Outcome::Done(id) => return Ok(ctx.redirect(&format!("/procurements/{id}/edit"))),
        Outcome::Invalid(errors) => errors,
        Outcome::Problem(m) => FieldErrors::single("title", m),
    };
    Ok(ctx
        .form_page(
            true,
            "Raise a procurement",
            view! { <NewDraftPage title=f.title errors=errors /> },
        )
        .await)
}

pub(super) async fn show_view(
    ctx: &Ctx,
    id: i32,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let detail = service::detail(ctx.db(), ctx.viewer(), id).await?;
    let remaining = if detail.state == crate::procurement::types::ProcurementState::Draft {
        let min = detail.minimum_tender_days;
        form::read_spec(&detail.fields, detail.now, min, true)
            .err()
            .unwrap_or_default()
    } else {
        FieldErrors::new()
    };
    let title = detail.title.clone();
    let status = super::status(&errors, &problem);
    Ok(ctx
        .page_with_status(
            status,
            &title,
            view! { <ProcurementPage detail=detail remaining=remaining errors=errors problem=problem /> },
        )
        .await)
}

pub async fn show(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    show_view(&ctx, id, FieldErrors::new(), None).await
}

async fn form_view(
    ctx: &Ctx,
    id: i32,
    fields: Fields,
    errors: FieldErrors,
    amend: bool,
    reason: String,
) -> PageResult {
    let lots = load::lot_choices(&ctx.db().conn).await?;
    let invalid = !errors.is_empty();
    Ok(ctx
        .form_page(
            invalid,
            if amend {
                "Amend a procurement"
            } else {
                "Raise a procurement"
            },
            view! {
                <ProcurementFormPage
                    id=id
                    fields=fields
                    lots=lots
                    errors=errors
                    amend=amend
                    reason=reason
                />
            },
        )
        .await)
}

pub async fn edit_page(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    let d = service::detail(ctx.db(), ctx.viewer(), id).await?;
    if !d.can_run {
        return Err(ServiceError::Forbidden.into());
    }
    if d.state != crate::procurement::types::ProcurementState::Draft {
        return Ok(ctx.redirect(&format!("/procurements/{id}/amend")));
    }
    form_view(&ctx, id, d.fields, FieldErrors::new(), false, String::new()).await
}

pub async fn edit_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let fields = fields_from(pairs);
    match outcome(service::save_draft(ctx.db(), ctx.viewer(), id, fields.clone()).await)? {
        Outcome::Done(remaining) => {
            ctx.flash(if remaining.is_empty() {
                "Saved: the draft is ready to open".to_string()
            } else {
                "Saved. Some sections are not complete yet".to_string()
            })
            .await;
            Ok(ctx.redirect(&format!("/procurements/{id}")))
        }
        Outcome::Invalid(errors) => form_view(&ctx, id, fields, errors, false, String::new()).await,
        Outcome::Problem(m) => show_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

#[derive(serde::Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

pub async fn collaborator_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(f): Form<EmailForm>,
) -> PageResult {
    match outcome(service::add_collaborator(ctx.db(), ctx.viewer(), id, &f.email).await)? {
        Outcome::Done(name) => {
            ctx.flash(format!("{name} is a collaborator")).await;
            Ok(ctx.redirect(&format!("/procurements/{id}")))
        }
        Outcome::Invalid(errors) => show_view(&ctx, id, errors, None).await,
        Outcome::Problem(m) => show_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn open_submit(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    match outcome(service::open_to_join(ctx.db(), ctx.viewer(), id).await)? {
        Outcome::Done(()) => {
            ctx.flash("Opened: every other force can now join").await;
            Ok(ctx.redirect(&format!("/procurements/{id}")))
        }
        Outcome::Invalid(_) => {
            ctx.flash("Complete every section before opening it").await;
            Ok(ctx.redirect(&format!("/procurements/{id}/edit")))
        }
        Outcome::Problem(m) => show_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn publish_submit(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    match outcome(service::publish(ctx.db(), ctx.viewer(), id).await)? {
        Outcome::Done(n) => {
            ctx.flash(format!("Published to the lot's {n} suppliers"))
                .await;
            Ok(ctx.redirect(&format!("/procurements/{id}")))
        }
        Outcome::Invalid(errors) => show_view(&ctx, id, errors, None).await,
        Outcome::Problem(m) => show_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn amend_page(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    let d = service::detail(ctx.db(), ctx.viewer(), id).await?;
    if !d.can_run {
        return Err(ServiceError::Forbidden.into());
    }
    let mut fields = d.fields.clone();
    if let Some(t) = d.timeline {
        fields.extend(timeline_fields(&t));
    }
    form_view(&ctx, id, fields, FieldErrors::new(), true, String::new()).await
}

pub async fn amend_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let reason = pairs
        .iter()
        .find(|(k, _)| k == "reason")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let fields = fields_from(pairs);
    match outcome(service::amend(ctx.db(), ctx.viewer(), id, fields.clone(), &reason).await)? {
        Outcome::Done(n) => {
            ctx.flash(format!("Amendment {n} published")).await;
            Ok(ctx.redirect(&format!("/procurements/{id}")))
        }
        Outcome::Invalid(errors) => form_view(&ctx, id, fields, errors, true, reason).await,
        Outcome::Problem(m) => show_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

#[derive(serde::Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

pub async fn cancel_submit(ctx: Ctx, Path(id): Path<i32>, Form(f): Form<ReasonForm>) -> PageResult {
    match outcome(service::cancel(ctx.db(), ctx.viewer(), id, &f.reason).await)? {
        Outcome::Done(()) => {
            ctx.flash("Cancelled").await;
            Ok(ctx.redirect(&format!("/procurements/{id}")))
        }
        Outcome::Invalid(errors) => show_view(&ctx, id, errors, None).await,
        Outcome::Problem(m) => show_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

/// The join form; `detail` when the caller has already read the procurement.
async fn join_view(
    ctx: &Ctx,
    id: i32,
    detail: Option<Detail>,
    values: (String, String, String, String),
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let detail = match detail {
        Some(d) => d,
        None => service::detail(ctx.db(), ctx.viewer(), id).await?,
    };
    if !crate::access::can(
        ctx.viewer(),
        ProcurementAction::JoinProcurement {
            org_id: ctx.viewer().map(|v| v.org_id).unwrap_or(0),
        },
    ) {
        return Err(ServiceError::Forbidden.into());
    }
    let invalid = !errors.is_empty() || problem.is_some();
    Ok(ctx
        .form_page(
            invalid,
            "Your force's demand",
            view! { <JoinPage detail=detail values=values errors=errors problem=problem /> },
        )
        .await)
}

pub async fn join_page(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    let d = service::detail(ctx.db(), ctx.viewer(), id).await?;
    let values = match (&d.my_demand, ctx.viewer()) {
        (Some(m), _) => (
            m.demand.quantity.map(|q| q.to_string()).unwrap_or_default(),
            m.demand
                .value
                .map(|v| v.decimal().to_string())
                .unwrap_or_default(),
            m.contact_name.clone(),
            m.contact_email.clone(),
        ),
        (None, Some(v)) => (
            String::new(),
            String::new(),
            v.name.clone(),
            v.email.clone(),
        ),
        (None, None) => Default::default(),
    };
    join_view(&ctx, id, Some(d), values, FieldErrors::new(), None).await
}

pub async fn join_submit(ctx: Ctx, Path(id): Path<i32>, Form(f): Form<JoinForm>) -> PageResult {
    let values = (
        f.quantity.clone(),
        f.value.clone(),
        f.contact_name.clone(),
        f.contact_email.clone(),
    );
    match outcome(service::join(ctx.db(), ctx.viewer(), id, &f).await)? {
        Outcome::Done(joined) => {
            ctx.flash(if joined {
                "Your force has joined"
            } else {
                "Your force's demand is changed"
            })
            .await;
            Ok(ctx.redirect(&format!("/procurements/{id}")))
        }
        Outcome::Invalid(errors) => join_view(&ctx, id, None, values, errors, None).await,
        Outcome::Problem(m) => join_view(&ctx, id, None, values, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn withdraw_submit(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    match outcome(service::withdraw(ctx.db(), ctx.viewer(), id).await)? {
        Outcome::Done(()) => {
            ctx.flash("Your force has withdrawn").await;
            Ok(ctx.redirect(&format!("/procurements/{id}")))
        }
        Outcome::Invalid(errors) => show_view(&ctx, id, errors, None).await,
        Outcome::Problem(m) => show_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn answer_submit(
    ctx: Ctx,
    Path((id, qid)): Path<(i32, i32)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    // The form's fields carry the question's id, so several answer forms share one page.
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| *n == format!("{k}-{qid}"))
            .map(|(_, v)| v.clone())
    };
    let f = AnswerForm {
        answer: get("answer").unwrap_or_default(),
        private: get("private"),
        private_reason: get("private_reason").unwrap_or_default(),
    };
    match outcome(service::answer(ctx.db(), ctx.viewer(), id, qid, &f).await)? {
        Outcome::Done(()) => {
            ctx.flash("Answered").await;
            Ok(ctx.redirect(&format!("/procurements/{id}#questions")))
        }
        Outcome::Invalid(errors) => {
            let errors = FieldErrors(
                errors
                    .0
                    .into_iter()
                    .map(|mut e| {
                        e.field = format!("{}-{qid}", e.field);
                        e
                    })
                    .collect(),
            );
            show_view(&ctx, id, errors, None).await
        }
        Outcome::Problem(m) => show_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn bids_page(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    match outcome(service::opened_bids(ctx.db(), ctx.viewer(), id).await)? {
        Outcome::Done(bids) => {
            let d = service::detail(ctx.db(), ctx.viewer(), id).await?;
            let spec = d.spec.clone().ok_or(ServiceError::NotFound)?;
            let forces = d
                .demands
                .iter()
                .map(|r| (r.force_id, r.force.clone()))
                .collect::<Vec<_>>();
            Ok(ctx
                .page(
                    "Bids",
                    view! { <OpenedBidsPage id=id title=d.title spec=spec forces=forces bids=bids /> },
                )
                .await)
        }
        Outcome::Invalid(errors) => show_view(&ctx, id, errors, None).await,
        Outcome::Problem(m) => show_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}
