//! Evaluation onwards: the lead's evaluation board and moderation, an evaluator's score
//! sheet, the award with its standstill and challenges, and a bidder's assessment summary.
//! Plain form posts answered by a redirect, or by the same page with its messages.

use crate::procurement::form::Fields;
use crate::procurement::pages::*;
use crate::procurement::service::{awarding, evaluate, moderate};
use crate::validation::FieldErrors;
use crate::web::{outcome, Ctx, Outcome, PageResult};
use axum::extract::Path;
use axum::Form;
use leptos::prelude::*;

type Pairs = Vec<(String, String)>;

fn fields_of(pairs: &Pairs) -> Fields {
    pairs.iter().cloned().collect()
}

async fn board_view(
    ctx: &Ctx,
    id: i32,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let board = evaluate::board(ctx.db(), ctx.viewer(), id).await?;
    let status = super::status(&errors, &problem);
    Ok(ctx
        .page_with_status(
            status,
            "Evaluation",
            view! { <EvaluationBoardPage board=board errors=errors problem=problem /> },
        )
        .await)
}

pub async fn board(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    match outcome(evaluate::board(ctx.db(), ctx.viewer(), id).await)? {
        Outcome::Done(board) => Ok(ctx
            .page(
                "Evaluation",
                view! { <EvaluationBoardPage board=board errors=FieldErrors::new() problem=None /> },
            )
            .await),
        Outcome::Invalid(e) => super::procurements::show_view(&ctx, id, e, None).await,
        Outcome::Problem(m) => super::procurements::show_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn assign_submit(ctx: Ctx, Path(id): Path<i32>, Form(pairs): Form<Pairs>) -> PageResult {
    let user = pairs
        .iter()
        .find(|(k, _)| k == "evaluator")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let bids: Vec<i32> = pairs
        .iter()
        .filter(|(k, _)| k == "bids")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    match outcome(evaluate::assign(ctx.db(), ctx.viewer(), id, &user, &bids).await)? {
        Outcome::Done(n) => {
            ctx.flash(if n == 0 {
                "Those bids were already assigned to them".to_string()
            } else {
                format!("{n} bid{} assigned", if n == 1 { "" } else { "s" })
            })
            .await;
            Ok(ctx.redirect(&format!("/procurements/{id}/evaluation")))
        }
        Outcome::Invalid(e) => board_view(&ctx, id, e, None).await,
        Outcome::Problem(m) => board_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn unassign_submit(ctx: Ctx, Path((id, aid)): Path<(i32, i32)>) -> PageResult {
    match outcome(evaluate::unassign(ctx.db(), ctx.viewer(), id, aid).await)? {
        Outcome::Done(()) => {
            ctx.flash("The bid was taken back").await;
            Ok(ctx.redirect(&format!("/procurements/{id}/evaluation")))
        }
        Outcome::Invalid(e) => board_view(&ctx, id, e, None).await,
        Outcome::Problem(m) => board_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn moderator_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    let f = fields_of(&pairs);
    let user = f.get("moderator").cloned().unwrap_or_default();
    match outcome(evaluate::set_moderator(ctx.db(), ctx.viewer(), id, &user).await)? {
        Outcome::Done(()) => {
            ctx.flash("The moderator is saved").await;
            Ok(ctx.redirect(&format!("/procurements/{id}/evaluation")))
        }
        Outcome::Invalid(e) => board_view(&ctx, id, e, None).await,
        Outcome::Problem(m) => board_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn sheet(ctx: Ctx, Path((id, bid)): Path<(i32, i32)>) -> PageResult {
    let sheet = evaluate::sheet(ctx.db(), ctx.viewer(), id, bid).await?;
    let title = format!("Evaluate {}'s bid", sheet.bid.supplier);
    Ok(ctx
        .page(
            &title,
            view! { <ScoreSheetPage sheet=sheet errors=FieldErrors::new() problem=None /> },
        )
        .await)
}

pub async fn score_submit(
    ctx: Ctx,
    Path((id, bid)): Path<(i32, i32)>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    let f = fields_of(&pairs);
    let submit = f.get("action").map(String::as_str) == Some("submit");
    match outcome(evaluate::score(ctx.db(), ctx.viewer(), id, bid, &f, submit).await)? {
        Outcome::Done(Ok(())) => {
            let conflict = f.get("declaration").map(String::as_str) == Some("conflict");
            ctx.flash(if conflict {
                "Your conflict of interest is recorded: the lead will assign the bid to someone else"
            } else if submit {
                "Your scores are submitted to the moderator"
            } else {
                "Your scores are saved"
            })
            .await;
            Ok(ctx.redirect("/procurements#evaluate"))
        }
        Outcome::Done(Err(shown)) => {
            let (sheet, errors) = *shown;
            Ok(ctx
                .form_page(
                    true,
                    "Evaluate a bid",
                    view! { <ScoreSheetPage sheet=sheet errors=errors problem=None /> },
                )
                .await)
        }
        Outcome::Invalid(e) => {
            let sheet = evaluate::sheet(ctx.db(), ctx.viewer(), id, bid).await?;
            Ok(ctx
                .form_page(
                    true,
                    "Evaluate a bid",
                    view! { <ScoreSheetPage sheet=sheet errors=e problem=None /> },
                )
                .await)
        }
        Outcome::Problem(m) => {
            let sheet = evaluate::sheet(ctx.db(), ctx.viewer(), id, bid).await?;
            Ok(ctx
                .page_with_status(
                    axum::http::StatusCode::CONFLICT,
                    "Evaluate a bid",
                    view! { <ScoreSheetPage sheet=sheet errors=FieldErrors::new() problem=Some(m) /> },
                )
                .await)
        }
    }
}

async fn moderation_view(
    ctx: &Ctx,
    id: i32,
    fields: Fields,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let m = moderate::moderation(ctx.db(), ctx.viewer(), id).await?;
    let status = super::status(&errors, &problem);
    Ok(ctx
        .page_with_status(
            status,
            "Moderation",
            view! { <ModerationPage moderation=m fields=fields errors=errors problem=problem /> },
        )
        .await)
}

pub async fn moderation(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    match outcome(moderate::moderation(ctx.db(), ctx.viewer(), id).await)? {
        Outcome::Done(m) => Ok(ctx
            .page(
                "Moderation",
                view! {
                    <ModerationPage
                        moderation=m
                        fields=Fields::new()
                        errors=FieldErrors::new()
                        problem=None
                    />
                },
            )
            .await),
        Outcome::Invalid(e) => super::procurements::show_view(&ctx, id, e, None).await,
        Outcome::Problem(m) => {
            super::procurements::show_view(&ctx, id, FieldErrors::new(), Some(m)).await
        }
    }
}

pub async fn moderate_submit(
    ctx: Ctx,
    Path((id, bid)): Path<(i32, i32)>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    let f = fields_of(&pairs);
    match outcome(moderate::moderate(ctx.db(), ctx.viewer(), id, bid, &f).await)? {
        Outcome::Done(()) => {
            ctx.flash("The moderation is saved").await;
            Ok(ctx.redirect(&format!("/procurements/{id}/moderation")))
        }
        Outcome::Invalid(e) => moderation_view(&ctx, id, f, e, None).await,
        Outcome::Problem(m) => moderation_view(&ctx, id, f, FieldErrors::new(), Some(m)).await,
    }
}

async fn award_view(
    ctx: &Ctx,
    id: i32,
    fields: Fields,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let page = awarding::award_page(ctx.db(), ctx.viewer(), id).await?;
    let status = super::status(&errors, &problem);
    Ok(ctx
        .page_with_status(
            status,
            "Award",
            view! { <AwardDecisionPage page=page fields=fields errors=errors problem=problem /> },
        )
        .await)
}

pub async fn award_page(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    match outcome(awarding::award_page(ctx.db(), ctx.viewer(), id).await)? {
        Outcome::Done(page) => Ok(ctx
            .page(
                "Award",
                view! {
                    <AwardDecisionPage
                        page=page
                        fields=Fields::new()
                        errors=FieldErrors::new()
                        problem=None
                    />
                },
            )
            .await),
        Outcome::Invalid(e) => super::procurements::show_view(&ctx, id, e, None).await,
        Outcome::Problem(m) => {
            super::procurements::show_view(&ctx, id, FieldErrors::new(), Some(m)).await
        }
    }
}

pub async fn award_submit(ctx: Ctx, Path(id): Path<i32>, Form(pairs): Form<Pairs>) -> PageResult {
    let f = fields_of(&pairs);
    match outcome(awarding::award(ctx.db(), ctx.viewer(), id, &f).await)? {
        Outcome::Done(()) => {
            ctx.flash("Awarded: every bidder has been told, and the standstill has begun")
                .await;
            Ok(ctx.redirect(&format!("/procurements/{id}/award")))
        }
        Outcome::Invalid(e) => award_view(&ctx, id, f, e, None).await,
        Outcome::Problem(m) => award_view(&ctx, id, f, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn decide_submit(
    ctx: Ctx,
    Path((id, cid)): Path<(i32, i32)>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    let f = fields_of(&pairs);
    let outcome_typed = f
        .get(&format!("outcome-{cid}"))
        .cloned()
        .unwrap_or_default();
    let reason = f
        .get(&format!("outcome_reason-{cid}"))
        .cloned()
        .unwrap_or_default();
    match outcome(
        awarding::decide_challenge(ctx.db(), ctx.viewer(), id, cid, &outcome_typed, &reason).await,
    )? {
        Outcome::Done(()) => {
            ctx.flash("The decision is recorded and the bidder told")
                .await;
            Ok(ctx.redirect(&format!("/procurements/{id}/award")))
        }
        Outcome::Invalid(e) => award_view(&ctx, id, f, e, None).await,
        Outcome::Problem(m) => award_view(&ctx, id, f, FieldErrors::new(), Some(m)).await,
    }
}

pub async fn confirm_submit(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    match outcome(awarding::confirm(ctx.db(), ctx.viewer(), id).await)? {
        Outcome::Done(n) => {
            ctx.flash(format!(
                "The award is confirmed: {n} contracts are in the register"
            ))
            .await;
            Ok(ctx.redirect(&format!("/procurements/{id}")))
        }
        Outcome::Invalid(e) => award_view(&ctx, id, Fields::new(), e, None).await,
        Outcome::Problem(m) => {
            award_view(&ctx, id, Fields::new(), FieldErrors::new(), Some(m)).await
        }
    }
}

async fn assessment_view(
    ctx: &Ctx,
    id: i32,
    errors: FieldErrors,
    problem: Option<String>,
) -> PageResult {
    let a = awarding::assessment(ctx.db(), ctx.viewer(), id).await?;
    let status = super::status(&errors, &problem);
    Ok(ctx
        .page_with_status(
            status,
            "Your assessment summary",
            view! { <AssessmentPage a=a errors=errors problem=problem /> },
        )
        .await)
}

pub async fn assessment(ctx: Ctx, Path(id): Path<i32>) -> PageResult {
    assessment_view(&ctx, id, FieldErrors::new(), None).await
}

pub async fn challenge_submit(
    ctx: Ctx,
    Path(id): Path<i32>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    let f = fields_of(&pairs);
    let grounds = f.get("grounds").cloned().unwrap_or_default();
    match outcome(awarding::challenge(ctx.db(), ctx.viewer(), id, &grounds).await)? {
        Outcome::Done(()) => {
            ctx.flash("Your challenge is recorded: the award waits for the lead force's decision")
                .await;
            Ok(ctx.redirect(&format!("/opportunities/{id}/assessment")))
        }
        Outcome::Invalid(e) => assessment_view(&ctx, id, e, None).await,
        Outcome::Problem(m) => assessment_view(&ctx, id, FieldErrors::new(), Some(m)).await,
    }
}
