//! Evaluation onwards: the lead's evaluation board, an evaluator's score sheet, moderation,
//! the ranked results and award (with standstill and challenges), and a bidder's assessment
//! summary. Plain forms: each works without JavaScript.

use super::state_tag;
use crate::procurement::form::Fields;
use crate::procurement::service::awarding::{Assessment, AwardPage, ChallengeRow, SummaryBid};
use crate::procurement::service::evaluate::{Board, ScoreSheet};
use crate::procurement::service::moderate::{Moderation, RankedBid};
use crate::procurement::types::{ChallengeOutcome, Declaration, ProcurementState, RequirementKind};
use crate::ui::forms::{
    Button, Checkboxes, DateInput, ErrorSummary, ProblemBanner, Radios, Select, SummaryRow,
    TextInput, Textarea,
};
use crate::ui::time::deadline;
use crate::validation::FieldErrors;
use leptos::prelude::*;

fn back(id: i32) -> impl IntoView {
    view! {
        <a class="govuk-back-link" href=format!("/procurements/{id}")>
            "Back to the procurement"
        </a>
    }
}

fn th(text: &'static str) -> impl IntoView {
    view! {
        <th scope="col" class="govuk-table__header">
            {text}
        </th>
    }
}

fn th_num(text: &'static str) -> impl IntoView {
    view! {
        <th scope="col" class="govuk-table__header govuk-table__header--numeric">
            {text}
        </th>
    }
}

/// The lead's evaluation board: who evaluates which bid, and how far each has got.
#[component]
pub fn EvaluationBoardPage(
    board: Board,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let b = board;
    let id = b.id;
    let evaluators: Vec<(String, String)> =
        std::iter::once((String::new(), "Choose an evaluator".to_string()))
            .chain(
                b.candidates
                    .iter()
                    .map(|c| (c.user_id.to_string(), format!("{} ({})", c.name, c.force))),
            )
            .collect();
    let moderators: Vec<(String, String)> =
        std::iter::once((String::new(), "The lead force moderates".to_string()))
            .chain(
                b.candidates
                    .iter()
                    .map(|c| (c.user_id.to_string(), format!("{} ({})", c.name, c.force))),
            )
            .collect();
    let bid_options: Vec<(String, String, Option<String>)> = b
        .bids
        .iter()
        .map(|(i, s)| (i.to_string(), s.clone(), None))
        .collect();
    let all_bids: Vec<String> = b.bids.iter().map(|(i, _)| i.to_string()).collect();
    let no_candidates = b.candidates.is_empty();
    view! {
        {back(id)}
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{b.title.clone()}</span>
        <h1 class="govuk-heading-l">"Evaluation"</h1>
        <p class="govuk-body">{state_tag(b.state)}</p>
        <p class="govuk-body">
            "Evaluators score each bid on their own. Nobody sees another evaluator's scores: the moderator reads them side by side once they are submitted. You see here who has scored what, never the scores."
        </p>
        {b
            .evaluation_target
            .map(|t| {
                view! { <p class="govuk-body">{format!("Aim to finish by {}.", deadline(t))}</p> }
            })}
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">"Progress"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    {th("Evaluator")} {th("Bid")} {th("Declaration")} {th_num("Criteria scored")}
                    {th("Status")} {th("")}
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {b
                    .assignments
                    .iter()
                    .map(|a| {
                        let status = match (a.submitted_at, a.declaration) {
                            (Some(t), _) => format!("Submitted {}", deadline(t)),
                            (None, Some(Declaration::Conflict)) => {
                                format!(
                                    "Conflict of interest: {}",
                                    a.declaration_note.clone().unwrap_or_default(),
                                )
                            }
                            (None, _) => "Not submitted".to_string(),
                        };
                        let can_take_back = b.open && a.submitted_at.is_none();
                        let aid = a.id;
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">
                                    {format!("{} ({})", a.evaluator, a.force)}
                                </td>
                                <td class="govuk-table__cell">{a.supplier.clone()}</td>
                                <td class="govuk-table__cell">
                                    {a.declaration.map(|d| d.label()).unwrap_or("Not yet made")}
                                </td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">
                                    {format!("{} of {}", a.scored, a.of)}
                                </td>
                                <td class="govuk-table__cell">{status}</td>
                                <td class="govuk-table__cell">
                                    {can_take_back
                                        .then(|| {
                                            view! {
                                                <form
                                                    method="post"
                                                    action=format!("/procurements/{id}/evaluators/{aid}/remove")
                                                >
                                                    <button
                                                        type="submit"
                                                        class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                                                        data-module="govuk-button"
                                                    >
                                                        "Take back"
                                                        <span class="govuk-visually-hidden">
                                                            {format!(" {}'s bid from {}", a.supplier, a.evaluator)}
                                                        </span>
                                                    </button>
                                                </form>
                                            }
                                        })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {b
            .assignments
            .is_empty()
            .then(|| view! { <p class="govuk-body">"No bids are assigned yet."</p> })}
        {b
            .open
            .then(|| {
                view! {
                    <h2 class="govuk-heading-m">"Assign bids to an evaluator"</h2>
                    {if no_candidates {
                        view! {
                            <p class="govuk-body">
                                "Nobody in the forces taking part has the evaluator role yet. A force's administrator gives it on their Users page."
                            </p>
                        }
                            .into_any()
                    } else {
                        view! {
                            <form
                                method="post"
                                action=format!("/procurements/{id}/evaluators")
                                novalidate
                            >
                                <Select
                                    id="evaluator"
                                    label="Evaluator"
                                    hint="People with the evaluator role in the forces taking part"
                                    options=evaluators
                                    errors=errors.clone()
                                />
                                <Checkboxes
                                    id="bids"
                                    legend="Bids to evaluate"
                                    options=bid_options
                                    selected=all_bids
                                    errors=errors.clone()
                                />
                                <Button label="Assign" />
                            </form>
                            <h2 class="govuk-heading-m">"Moderator"</h2>
                            <form
                                method="post"
                                action=format!("/procurements/{id}/moderator")
                                novalidate
                            >
                                <Select
                                    id="moderator"
                                    label="Who agrees the final scores?"
                                    hint="The lead force, or an evaluator you name"
                                    options=moderators
                                    selected=b
                                        .moderator_id
                                        .map(|m| m.to_string())
                                        .unwrap_or_default()
                                    errors=errors.clone()
                                />
                                <Button label="Save moderator" secondary=true />
                            </form>
                        }
                            .into_any()
                    }}
                }
            })}
        <p class="govuk-body">
            <a class="govuk-link" href=format!("/procurements/{id}/moderation")>
                "Go to moderation"
            </a>
        </p>
    }
}

/// An evaluator's score sheet for one bid.
#[component]
pub fn ScoreSheetPage(
    sheet: ScoreSheet,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let s = sheet;
    let f = s.fields.clone();
    let get = move |k: &str| f.get(k).cloned().unwrap_or_default();
    let id = s.procurement_id;
    let bid = s.bid.clone();
    let requirements = s
        .spec
        .requirements
        .iter()
        .zip(bid.content.requirements.clone())
        .map(|(q, r)| {
            view! {
                <tr class="govuk-table__row">
                    <td class="govuk-table__cell">{format!("{}: {}", q.kind.label(), q.text)}</td>
                    <td class="govuk-table__cell">
                        {match r.meets {
                            Some(true) => "Meets it",
                            Some(false) => "Does not meet it",
                            None => "Not answered",
                        }}
                    </td>
                    <td class="govuk-table__cell">{r.text}</td>
                </tr>
            }
        })
        .collect_view();
    let fails = s
        .spec
        .requirements
        .iter()
        .zip(&bid.content.requirements)
        .filter(|(q, r)| q.kind == RequirementKind::Essential && r.meets == Some(false))
        .count();
    // The bid's answers to the criteria that are not price, in the spec's order.
    let answers: Vec<String> = bid.content.criteria.clone();
    let criteria = s
        .criteria
        .iter()
        .enumerate()
        .map(|(n, (i, c))| {
            let answer = answers.get(n).cloned().unwrap_or_default();
            let score_id = format!("score_{i}");
            let why_id = format!("justification_{i}");
            view! {
                <h3 class="govuk-heading-s">{format!("{} ({}%)", c.name, c.weight)}</h3>
                <div class="govuk-inset-text">
                    <p class="govuk-body govuk-!-font-weight-bold">"The bid's answer"</p>
                    <p class="govuk-body bl-pre">{answer}</p>
                </div>
                <TextInput
                    id=score_id.clone()
                    label=format!("Your score for “{}”, {}", c.name, c.scale)
                    hint=c.guidance.clone()
                    value=get(&score_id)
                    width="2"
                    errors=errors.clone()
                />
                <Textarea
                    id=why_id.clone()
                    label=format!("Why this score for “{}”", c.name)
                    value=get(&why_id)
                    rows=4
                    errors=errors.clone()
                />
            }
        })
        .collect_view();
    view! {
        {back(id)}
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{s.title.clone()}</span>
        <h1 class="govuk-heading-l">{format!("Evaluate {}'s bid", bid.supplier)}</h1>
        {s
            .due
            .map(|d| {
                view! { <p class="govuk-body">{format!("Scores are due by {}.", deadline(d))}</p> }
            })}
        <dl class="govuk-summary-list">
            <SummaryRow key="Bidder">{bid.supplier.clone()}</SummaryRow>
            <SummaryRow key="Essential requirements it says it does not meet">
                {fails.to_string()}
            </SummaryRow>
            <SummaryRow key="Receipt">{bid.receipt_hash.clone().unwrap_or_default()}</SummaryRow>
        </dl>
        <p class="govuk-body">
            "Price is scored by formula once the bids are moderated: you do not score it."
        </p>
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">"Requirements"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">{th("Requirement")} {th("Answer")} {th("How")}</tr>
            </thead>
            <tbody class="govuk-table__body">{requirements}</tbody>
        </table>
        {if s.editable {
            view! {
                <form
                    method="post"
                    action=format!("/procurements/{id}/evaluate/{}", s.bid_id)
                    novalidate
                >
                    <Radios
                        id="declaration"
                        legend="Do you have a conflict of interest with this bidder?"
                        options=vec![
                            (
                                "none".to_string(),
                                "No: I declare I have no conflict of interest".to_string(),
                                None,
                            ),
                            (
                                "conflict".to_string(),
                                "Yes: I have a conflict of interest".to_string(),
                                Some(
                                    "You will not score this bid; the lead assigns someone else"
                                        .to_string(),
                                ),
                            ),
                        ]
                        selected=get("declaration")
                        errors=errors.clone()
                    />
                    <Textarea
                        id="declaration_note"
                        label="If you have a conflict, describe it"
                        value=get("declaration_note")
                        rows=2
                        errors=errors.clone()
                    />
                    <Radios
                        id="compliant"
                        legend="Does the bid meet every essential requirement?"
                        options=vec![
                            ("yes".to_string(), "Yes".to_string(), None),
                            (
                                "no".to_string(),
                                "No".to_string(),
                                Some("The moderator decides; say why below".to_string()),
                            ),
                        ]
                        selected=get("compliant")
                        errors=errors.clone()
                    />
                    <Textarea
                        id="compliance_reason"
                        label="If not, which requirement does it fail, and why?"
                        value=get("compliance_reason")
                        rows=2
                        errors=errors.clone()
                    />
                    <h2 class="govuk-heading-m">"Scores"</h2>
                    {criteria}
                    <div class="govuk-button-group">
                        <Button
                            label="Submit scores to the moderator"
                            name="action"
                            value="submit"
                        />
                        <Button
                            label="Save and come back later"
                            secondary=true
                            name="action"
                            value="save"
                        />
                    </div>
                </form>
            }
                .into_any()
        } else {
            let f = s.fields.clone();
            view! {
                <div class="govuk-inset-text">
                    {match s.submitted_at {
                        Some(t) => format!("You submitted your scores {}.", deadline(t)),
                        None => "Evaluation is over.".to_string(),
                    }}
                </div>
                <dl class="govuk-summary-list">
                    {s
                        .criteria
                        .iter()
                        .map(|(i, c)| {
                            view! {
                                <SummaryRow key=c
                                    .name
                                    .clone()>
                                    {format!(
                                        "{} on {}: {}",
                                        f.get(&format!("score_{i}")).cloned().unwrap_or_default(),
                                        c.scale,
                                        f
                                            .get(&format!("justification_{i}"))
                                            .cloned()
                                            .unwrap_or_default(),
                                    )}
                                </SummaryRow>
                            }
                        })
                        .collect_view()}
                </dl>
            }
                .into_any()
        }}
    }
}

/// The ranked compliant bids, with every line's arithmetic.
#[component]
pub fn RankingTable(ranking: Vec<RankedBid>, formula: &'static str) -> impl IntoView {
    let tied = ranking.iter().any(|r| r.tied);
    view! {
        <table class="govuk-table" id="ranking">
            <caption class="govuk-table__caption govuk-table__caption--m">
                "Weighted totals, highest first"
            </caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    {th_num("Place")} {th("Bidder")} {th("How each criterion scored")}
                    {th_num("Total")}
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {ranking
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell govuk-table__cell--numeric">
                                    {r.place.to_string()}
                                    {r
                                        .tied
                                        .then(|| {
                                            view! {
                                                " "
                                                <strong class="govuk-tag govuk-tag--orange">"Tied"</strong>
                                            }
                                        })}
                                </td>
                                <td class="govuk-table__cell">
                                    {r.supplier.clone()} <br />
                                    <span class="govuk-hint">{format!("Price {}", r.price)}</span>
                                </td>
                                <td class="govuk-table__cell">
                                    <ul class="govuk-list govuk-!-margin-bottom-0">
                                        {r
                                            .lines
                                            .iter()
                                            .map(|l| {
                                                view! {
                                                    <li>
                                                        {format!("{} ({}%): {}", l.criterion, l.weight, l.working)}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">
                                    <strong>{r.total.to_string()}</strong>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <p class="govuk-body">{format!("Price is scored as {formula}.")}</p>
        {tied
            .then(|| {
                view! {
                    <div class="govuk-warning-text">
                        <span class="govuk-warning-text__icon" aria-hidden="true">
                            "!"
                        </span>
                        <strong class="govuk-warning-text__text">
                            <span class="govuk-visually-hidden">"Warning"</span>
                            "Bids are tied. Bluelamp does not break ties: record why you choose one."
                        </strong>
                    </div>
                }
            })}
    }
}

/// Moderation: every submitted score side by side, and one agreed score per criterion.
#[component]
pub fn ModerationPage(
    moderation: Moderation,
    /// As typed, when shown again with errors.
    fields: Fields,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let m = moderation;
    let id = m.id;
    let f = fields;
    let can_moderate = m.can_moderate;
    let bids = m
        .bids
        .clone()
        .into_iter()
        .map(|b| {
            let bid_id = b.bid_id;
            let key = |k: &str| format!("{k}-{bid_id}");
            let value = |k: &str| {
                f.get(&key(k)).cloned().unwrap_or_default()
            };
            let compliant_now = match b.compliant {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            };
            let selected = {
                let typed = value("compliant");
                if typed.is_empty() { compliant_now.to_string() } else { typed }
            };
            let reason = {
                let typed = value("compliance_reason");
                if typed.is_empty() { b.compliance_reason.clone().unwrap_or_default() } else { typed }
            };
            let rows = b
                .criteria
                .clone()
                .into_iter()
                .map(|c| {
                    let score_id = key(&format!("score_{}", c.place));
                    let why_id = key(&format!("rationale_{}", c.place));
                    let typed_score = f.get(&score_id).cloned();
                    let typed_why = f.get(&why_id).cloned();
                    let scores = c
                        .scores
                        .iter()
                        .map(|s| {
                            view! {
                                <li>
                                    <strong>{format!("{}: {}", s.evaluator, s.score)}</strong>
                                    {format!(" — {}", s.justification)}
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <h4 class="govuk-heading-s">
                            {format!(
                                "{} ({}%, {})",
                                c.criterion.name,
                                c.criterion.weight,
                                c.criterion.scale,
                            )}
                        </h4>
                        <ul class="govuk-list">{scores}</ul>
                        {can_moderate
                            .then(|| {
                                view! {
                                    <TextInput
                                        id=score_id.clone()
                                        label=format!("Agreed score for “{}”", c.criterion.name)
                                        value=typed_score
                                            .unwrap_or_else(|| {
                                                c.agreed
                                                    .as_ref()
                                                    .map(|a| a.0.to_string())
                                                    .unwrap_or_default()
                                            })
                                        width="2"
                                        errors=errors.clone()
                                    />
                                    <Textarea
                                        id=why_id.clone()
                                        label=format!("Rationale for “{}”", c.criterion.name)
                                        hint="The bidder reads this in its assessment summary"
                                        value=typed_why
                                            .unwrap_or_else(|| {
                                                c.agreed.as_ref().map(|a| a.1.clone()).unwrap_or_default()
                                            })
                                        rows=3
                                        errors=errors.clone()
                                    />
                                }
                            })}
                        {(!can_moderate)
                            .then(|| {
                                c.agreed
                                    .clone()
                                    .map(|(s, why)| {
                                        view! {
                                            <p class="govuk-body">{format!("Agreed: {s}. {why}")}</p>
                                        }
                                    })
                            })}
                    }
                })
                .collect_view();
            let status = if b.moderated() {
                ("Moderated", "govuk-tag govuk-tag--green")
            } else if !b.waiting.is_empty() {
                ("Waiting for scores", "govuk-tag govuk-tag--grey")
            } else {
                ("To moderate", "govuk-tag govuk-tag--blue")
            };
            view! {
                <section class="govuk-!-margin-bottom-8" id=format!("bid-{bid_id}")>
                    <h2 class="govuk-heading-m">
                        {b.supplier.clone()} " " <strong class=status.1>{status.0}</strong>
                    </h2>
                    <dl class="govuk-summary-list">
                        <SummaryRow key="Price">
                            {b.price.map(|p| p.to_string()).unwrap_or_else(|| "No price".into())}
                        </SummaryRow>
                        <SummaryRow key="Declarations">
                            {if b.declarations.is_empty() {
                                "None yet".to_string()
                            } else {
                                b.declarations
                                    .iter()
                                    .map(|(n, d)| format!("{n}: {}", d.label()))
                                    .collect::<Vec<_>>()
                                    .join("; ")
                            }}
                        </SummaryRow>
                        {(!b.waiting.is_empty())
                            .then(|| {
                                view! {
                                    <SummaryRow key="Not yet submitted">
                                        {b.waiting.join(", ")}
                                    </SummaryRow>
                                }
                            })}
                        {(!b.flags.is_empty())
                            .then(|| {
                                view! {
                                    <SummaryRow key="Evaluators say it fails an essential requirement">
                                        {b
                                            .flags
                                            .iter()
                                            .map(|(n, r)| format!("{n}: {r}"))
                                            .collect::<Vec<_>>()
                                            .join("; ")}
                                    </SummaryRow>
                                }
                            })}
                    </dl>
                    {if can_moderate {
                        view! {
                            <form
                                method="post"
                                action=format!("/procurements/{id}/moderation/{bid_id}")
                                novalidate
                            >
                                <Radios
                                    id=key("compliant")
                                    legend="Does the bid meet every essential requirement?"
                                    options=vec![
                                        ("yes".to_string(), "Yes: score it".to_string(), None),
                                        (
                                            "no".to_string(),
                                            "No: it is non-compliant".to_string(),
                                            Some("It is not ranked; the bidder is told why".to_string()),
                                        ),
                                    ]
                                    selected=selected
                                    errors=errors.clone()
                                />
                                <Textarea
                                    id=key("compliance_reason")
                                    label="If it is non-compliant, why?"
                                    value=reason
                                    rows=2
                                    errors=errors.clone()
                                />
                                <h3 class="govuk-heading-s">"Scores"</h3>
                                {rows}
                                <Button label=format!("Save moderation of {}'s bid", b.supplier) />
                            </form>
                        }
                            .into_any()
                    } else {
                        view! {
                            {b
                                .compliance_reason
                                .clone()
                                .map(|r| {
                                    view! {
                                        <p class="govuk-body">{format!("Non-compliant: {r}")}</p>
                                    }
                                })}
                            {rows}
                        }
                            .into_any()
                    }}
                </section>
            }
        })
        .collect_view();
    let ready = m.ranking.is_some();
    view! {
        {back(id)}
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{m.title.clone()}</span>
        <h1 class="govuk-heading-l">"Moderation"</h1>
        <p class="govuk-body">
            "Each evaluator's submitted scores are shown side by side. Agree one score and a rationale for each criterion of each bid; price is scored by formula."
        </p>
        {m.ranking.clone().map(|r| view! { <RankingTable ranking=r formula=m.formula /> })}
        {(ready && m.state == ProcurementState::Closed)
            .then(|| {
                view! {
                    <a class="govuk-button" href=format!("/procurements/{id}/award")>
                        "Continue to award"
                    </a>
                }
            })}
        {bids}
    }
}

fn challenge_rows(rows: &[ChallengeRow]) -> impl IntoView {
    rows.iter()
        .cloned()
        .map(|c| {
            view! {
                <dl class="govuk-summary-list">
                    <SummaryRow key="Challenged by">{c.supplier.clone()}</SummaryRow>
                    <SummaryRow key="Raised">{deadline(c.raised_at)}</SummaryRow>
                    <SummaryRow key="Grounds">
                        <span class="bl-pre">{c.grounds.clone()}</span>
                    </SummaryRow>
                    <SummaryRow key="Outcome">
                        {match c.outcome {
                            Some(o) => {
                                format!(
                                    "{}: {}",
                                    o.label(),
                                    c.outcome_reason.clone().unwrap_or_default(),
                                )
                            }
                            None => "Waiting for the lead's decision".to_string(),
                        }}
                    </SummaryRow>
                </dl>
            }
        })
        .collect_view()
}

/// The lead's results and award page: the ranking; the award form; once awarded, the
/// standstill, challenges to decide, and confirming the award.
#[component]
pub fn AwardDecisionPage(
    page: AwardPage,
    fields: Fields,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let a = page;
    let m = a.moderation.clone();
    let id = m.id;
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let ranking = m.ranking.clone().unwrap_or_default();
    let top = ranking
        .iter()
        .find(|r| r.place == 1)
        .map(|r| r.bid_id.to_string())
        .unwrap_or_default();
    let options: Vec<(String, String, Option<String>)> = ranking
        .iter()
        .map(|r| {
            (
                r.bid_id.to_string(),
                format!("{} ({} points, {})", r.supplier, r.total, r.price),
                (r.place == 1 && !r.tied).then(|| "The top-ranked bid".to_string()),
            )
        })
        .collect();
    let selected = {
        let typed = get("bid");
        if typed.is_empty() {
            top
        } else {
            typed
        }
    };
    let state = m.state;
    let standstill_over = a.standstill_ends_at.is_some_and(|e| a.now >= e);
    let waiting = a.challenges.iter().filter(|c| c.outcome.is_none()).count();
    let waiting_rows: Vec<ChallengeRow> = a
        .challenges
        .iter()
        .filter(|c| c.outcome.is_none())
        .cloned()
        .collect();
    view! {
        {back(id)}
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{m.title.clone()}</span>
        <h1 class="govuk-heading-l">"Award"</h1>
        <p class="govuk-body">{state_tag(state)}</p>
        {(!ranking.is_empty())
            .then(|| view! { <RankingTable ranking=ranking.clone() formula=m.formula /> })}
        {(!m.excluded.is_empty())
            .then(|| {
                view! {
                    <h2 class="govuk-heading-m">"Non-compliant bids"</h2>
                    <ul class="govuk-list govuk-list--bullet">
                        {m
                            .excluded
                            .iter()
                            .map(|(s, r)| view! { <li>{format!("{s}: {r}")}</li> })
                            .collect_view()}
                    </ul>
                }
            })}
        {match state {
            ProcurementState::Closed if m.ranking.is_none() => {
                view! {
                    <p class="govuk-body">
                        "Moderate every bid first: "
                        <a class="govuk-link" href=format!("/procurements/{id}/moderation")>
                            "go to moderation"
                        </a>
                    </p>
                }
                    .into_any()
            }
            ProcurementState::Closed if ranking.is_empty() => {
                view! {
                    <p class="govuk-body">
                        "No bid is compliant, so there is nothing to award. Cancel the procurement from its page, giving that as the reason: everyone taking part and every bidder is told."
                    </p>
                }
                    .into_any()
            }
            ProcurementState::Closed => {
                view! {
                    <form method="post" action=format!("/procurements/{id}/award") novalidate>
                        <Radios
                            id="bid"
                            legend="Award to"
                            options=options
                            selected=selected
                            errors=errors.clone()
                        />
                        <Textarea
                            id="reason"
                            label="Reasons for the award"
                            hint="Needed when you choose a bid that is not the top-ranked one, or one of tied bids"
                            value=get("reason")
                            rows=3
                            errors=errors.clone()
                        />
                        <DateInput
                            id="contract_start"
                            legend="When do the contracts start?"
                            hint="For example, 1 4 2027"
                            value=(
                                get("contract_start_day"),
                                get("contract_start_month"),
                                get("contract_start_year"),
                            )
                            errors=errors.clone()
                        />
                        <DateInput
                            id="contract_end"
                            legend="When do they end?"
                            value=(
                                get("contract_end_day"),
                                get("contract_end_month"),
                                get("contract_end_year"),
                            )
                            errors=errors.clone()
                        />
                        <p class="govuk-body">
                            "Every bidder is told at once and reads its assessment summary. A standstill of 8 working days follows, during which a bidder may challenge the award."
                        </p>
                        <Button label="Award and start the standstill" />
                    </form>
                }
                    .into_any()
            }
            ProcurementState::Standstill | ProcurementState::Awarded => {
                view! {
                    <dl class="govuk-summary-list">
                        <SummaryRow key="Awarded to">
                            {a.awarded_to.clone().unwrap_or_default()}
                        </SummaryRow>
                        {a
                            .award_reason
                            .clone()
                            .map(|r| view! { <SummaryRow key="Reasons">{r}</SummaryRow> })}
                        <SummaryRow key="Standstill ends">
                            {a.standstill_ends_at.map(deadline).unwrap_or_default()}
                        </SummaryRow>
                        {a
                            .contract_dates
                            .map(|(s, e)| {
                                view! {
                                    <SummaryRow key="Contracts run">
                                        {format!(
                                            "{} to {}",
                                            s.format("%-d %B %Y"),
                                            e.format("%-d %B %Y"),
                                        )}
                                    </SummaryRow>
                                }
                            })}
                    </dl>
                    {(!a.challenges.is_empty())
                        .then(|| {
                            view! {
                                <h2 class="govuk-heading-m">"Challenges"</h2>
                                {challenge_rows(&a.challenges)}
                            }
                        })}
                    {(state == ProcurementState::Standstill)
                        .then(|| {
                            view! {
                                {waiting_rows
                                    .iter()
                                    .map(|c| {
                                        let cid = c.id;
                                        view! {
                                            <form
                                                method="post"
                                                action=format!("/procurements/{id}/challenges/{cid}")
                                                novalidate
                                            >
                                                <Radios
                                                    id=format!("outcome-{cid}")
                                                    legend=format!(
                                                        "Your decision on {}'s challenge",
                                                        c.supplier,
                                                    )
                                                    options=ChallengeOutcome::ALL
                                                        .iter()
                                                        .map(|o| (
                                                            o.as_str().to_string(),
                                                            o.label().to_string(),
                                                            None,
                                                        ))
                                                        .collect()
                                                    errors=errors.clone()
                                                />
                                                <Textarea
                                                    id=format!("outcome_reason-{cid}")
                                                    label="Reasons for the decision"
                                                    hint="The bidder reads them"
                                                    rows=3
                                                    errors=errors.clone()
                                                />
                                                <Button label="Record the decision" />
                                            </form>
                                        }
                                    })
                                    .collect_view()}
                                {if waiting > 0 {
                                    view! {
                                        <p class="govuk-body">
                                            "The award cannot be confirmed while a challenge waits for your decision."
                                        </p>
                                    }
                                        .into_any()
                                } else if standstill_over {
                                    view! {
                                        <form
                                            method="post"
                                            action=format!("/procurements/{id}/confirm")
                                        >
                                            <p class="govuk-body">
                                                "The standstill is over and no challenge waits. Confirming makes one contract for every force taking part."
                                            </p>
                                            <Button label="Confirm the award and make the contracts" />
                                        </form>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <p class="govuk-body">
                                            {format!(
                                                "You can confirm the award once the standstill ends, {}.",
                                                a.standstill_ends_at.map(deadline).unwrap_or_default(),
                                            )}
                                        </p>
                                    }
                                        .into_any()
                                }}
                            }
                        })}
                    {(state == ProcurementState::Awarded)
                        .then(|| {
                            view! {
                                <p class="govuk-body">
                                    <a class="govuk-link" href="/contracts">
                                        "See the contracts in the register"
                                    </a>
                                </p>
                            }
                        })}
                }
                    .into_any()
            }
            _ => view! { <p class="govuk-body">"There is nothing to award."</p> }.into_any(),
        }}
    }
}

fn summary_table(caption: String, b: &SummaryBid) -> impl IntoView {
    if !b.compliant {
        return view! {
            <h2 class="govuk-heading-m">{caption}</h2>
            <p class="govuk-body">
                {format!(
                    "The bid was found non-compliant: {}",
                    b.compliance_reason.clone().unwrap_or_default(),
                )}
            </p>
        }
        .into_any();
    }
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    {th("Criterion")} {th("Score")} {th("How the points were worked out")}
                    {th("Rationale")}
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {b
                    .lines
                    .iter()
                    .map(|l| {
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">
                                    {format!("{} ({}%)", l.criterion, l.weight)}
                                </td>
                                <td class="govuk-table__cell">{l.score.clone()}</td>
                                <td class="govuk-table__cell">{l.working.clone()}</td>
                                <td class="govuk-table__cell">{l.rationale.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view()} <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">
                        "Total"
                    </th>
                    <td class="govuk-table__cell" colspan="3">
                        <strong>
                            {format!(
                                "{} points{}",
                                b.total,
                                b.place.map(|p| format!(", ranked {p}")).unwrap_or_default(),
                            )}
                        </strong>
                    </td>
                </tr>
            </tbody>
        </table>
    }
    .into_any()
}

/// A bidder's assessment summary, and its challenge form during the standstill.
#[component]
pub fn AssessmentPage(
    a: Assessment,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let id = a.id;
    view! {
        <a class="govuk-back-link" href=format!("/opportunities/{id}")>
            "Back to the opportunity"
        </a>
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{a.title.clone()}</span>
        <h1 class="govuk-heading-l">"Your assessment summary"</h1>
        <p class="govuk-body">{state_tag(a.state)}</p>
        {if a.won {
            view! {
                <div class="govuk-panel govuk-panel--confirmation">
                    <h2 class="govuk-panel__title">"Your bid won"</h2>
                    <div class="govuk-panel__body">
                        {if a.state == ProcurementState::Awarded {
                            "The award is confirmed: each force's contract is in its register"
                                .to_string()
                        } else {
                            format!(
                                "The award is confirmed after the standstill, {}",
                                a.standstill_ends_at.map(deadline).unwrap_or_default(),
                            )
                        }}
                    </div>
                </div>
            }
                .into_any()
        } else {
            view! {
                <p class="govuk-body">
                    "Your bid did not win. Below are your scores and the reasons for them, and the winning bid's, as the Procurement Act 2023 asks."
                </p>
            }
                .into_any()
        }}
        {summary_table("Your bid".to_string(), &a.yours)}
        {a.winner.as_ref().map(|w| summary_table(format!("The winning bid: {}", w.supplier), w))}
        <p class="govuk-body">{format!("Price is scored as {}.", a.formula)}</p>
        {(!a.challenges.is_empty())
            .then(|| {
                view! {
                    <h2 class="govuk-heading-m">"Your challenges"</h2>
                    {challenge_rows(&a.challenges)}
                }
            })}
        {a
            .can_challenge
            .then(|| {
                view! {
                    <h2 class="govuk-heading-m">"Challenge the award"</h2>
                    <p class="govuk-body">
                        {format!(
                            "You may challenge until the standstill ends, {}. The award waits until the lead force records its decision.",
                            a.standstill_ends_at.map(deadline).unwrap_or_default(),
                        )}
                    </p>
                    <form method="post" action=format!("/opportunities/{id}/challenge") novalidate>
                        <Textarea
                            id="grounds"
                            label="Your grounds"
                            hint="What you believe was wrong in the evaluation or the award, and why"
                            rows=6
                            errors=errors.clone()
                        />
                        <Button label="Challenge the award" warning=true />
                    </form>
                }
            })}
    }
}
