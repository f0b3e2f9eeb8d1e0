//! A supplier's application to a framework (its form, then its decision), the national
//! body's list of applications, and its decision form.

use crate::catalogue::types::*;
use crate::ui::forms::{
    Button, Checkboxes, ErrorSummary, ProblemBanner, Radios, SummaryRow, Textarea,
};
use crate::ui::time::show_london;
use crate::validation::FieldErrors;
use leptos::prelude::*;

pub fn application_tag(s: ApplicationStatus) -> impl IntoView {
    let class = match s {
        ApplicationStatus::Draft => "govuk-tag govuk-tag--grey",
        ApplicationStatus::Submitted => "govuk-tag govuk-tag--blue",
        ApplicationStatus::Decided => "govuk-tag govuk-tag--green",
    };
    view! { <strong class=class>{s.label()}</strong> }
}

fn decision_tag(d: Option<LotDecision>) -> impl IntoView {
    let (class, text) = match d {
        Some(LotDecision::Approved) => ("govuk-tag govuk-tag--green", "Approved"),
        Some(LotDecision::Rejected) => ("govuk-tag govuk-tag--red", "Rejected"),
        _ => ("govuk-tag govuk-tag--yellow", "Waiting for a decision"),
    };
    view! { <strong class=class>{text}</strong> }
}

/// The lots applied for, each with its decision and any reason.
#[component]
fn LotDecisions(lots: Vec<ApplicationLotRow>) -> impl IntoView {
    view! {
        <dl class="govuk-summary-list">
            {lots
                .into_iter()
                .filter(|l| l.applied)
                .map(|l| {
                    view! {
                        <SummaryRow key=l
                            .lot
                            .name
                            .clone()>
                            {decision_tag(l.decision)}
                            {l
                                .reason
                                .clone()
                                .map(|r| {
                                    view! { <p class="govuk-body">{format!("Reason: {r}")}</p> }
                                })}
                        </SummaryRow>
                    }
                })
                .collect_view()}
        </dl>
    }
}

fn yes_no_options() -> Vec<(String, String, Option<String>)> {
    vec![
        ("yes".into(), "Yes".into(), None),
        ("no".into(), "No".into(), None),
    ]
}

/// The answers, read-only: after submission, and for the national body. The questions are
/// long, so each is a numbered item with its answer under it rather than a summary-list key.
#[component]
fn AnswersView(app: ApplicationDetail) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Declaration"</h2>
        <ol class="govuk-list govuk-list--number bl-answers">
            {app
                .answers
                .into_iter()
                .map(|a| {
                    let answer = match a.answer {
                        Some(true) => "Yes",
                        Some(false) => "No",
                        None => "Not answered",
                    };
                    view! {
                        <li>
                            <p class="govuk-body">{a.question.text.clone()}</p>
                            <p class="govuk-body">"Answer: " <strong>{answer}</strong></p>
                            {(!a.details.is_empty())
                                .then(|| {
                                    view! {
                                        <p class="govuk-body">
                                            {format!("Details: {}", a.details)}
                                        </p>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
pub fn ApplicationPage(
    app: ApplicationDetail,
    form: Pairs,
    errors: FieldErrors,
    problem: Option<String>,
    can_edit: bool,
) -> impl IntoView {
    let action = format!("/frameworks/{}/application", app.framework.id);
    let editable = can_edit
        && app.status == ApplicationStatus::Draft
        && app.framework.stage == FrameworkStage::Open;
    let lots_view = app.clone();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ProblemBanner message=problem />
                <ErrorSummary errors=errors.clone() />
                <span class="govuk-caption-l">{app.framework.name.clone()}</span>
                <h1 class="govuk-heading-l">{format!("{}’s application", app.supplier_name)}</h1>
                <p class="govuk-body">{application_tag(app.status)}</p>
                {app
                    .submitted_at
                    .map(|t| {
                        view! {
                            <p class="govuk-body">{format!("Submitted {}", show_london(t))}</p>
                        }
                    })}
                {if editable {
                    view! {
                        <form method="post" action=action novalidate>
                            <h2 class="govuk-heading-m">"Declaration"</h2>
                            {app
                                .answers
                                .iter()
                                .map(|a| {
                                    let q = &a.question;
                                    view! {
                                        <Radios
                                            id=format!("answer-{}", q.id)
                                            legend=format!("{}. {}", q.position, q.text)
                                            options=yes_no_options()
                                            selected=form.one(&format!("answer-{}", q.id)).to_string()
                                            errors=errors.clone()
                                        />
                                        <Textarea
                                            id=format!("details-{}", q.id)
                                            label="Details"
                                            hint=format!(
                                                "Needed if you answer “{}”",
                                                if q.details_when { "yes" } else { "no" },
                                            )
                                            value=form.one(&format!("details-{}", q.id)).to_string()
                                            errors=errors.clone()
                                            rows=3
                                        />
                                    }
                                })
                                .collect_view()}
                            <h2 class="govuk-heading-m">"Lots"</h2>
                            <Checkboxes
                                id="lots"
                                legend="Which lots are you applying for?"
                                options=app
                                    .lots
                                    .iter()
                                    .map(|l| (
                                        l.lot.id.to_string(),
                                        l.lot.name.clone(),
                                        Some(l.lot.description.clone()),
                                    ))
                                    .collect()
                                selected=form.all("lots").into_iter().map(str::to_string).collect()
                                errors=errors.clone()
                            />
                            <div class="govuk-button-group">
                                <Button label="Submit application" name="intent" value="submit" />
                                <Button
                                    label="Save as draft"
                                    secondary=true
                                    name="intent"
                                    value="save"
                                />
                            </div>
                        </form>
                    }
                        .into_any()
                } else {
                    view! {
                        <AnswersView app=app.clone() />
                        <h2 class="govuk-heading-m">"Lots"</h2>
                        <LotDecisions lots=lots_view.lots.clone() />
                    }
                        .into_any()
                }}
                <p class="govuk-body">
                    <a class="govuk-link" href=format!("/frameworks/{}", app.framework.id)>
                        "Back to the framework"
                    </a>
                </p>
            </div>
        </div>
    }
}

#[component]
pub fn ApplicationsPage(applications: Vec<ApplicationSummary>) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">"Framework applications"</h1>
        {if applications.is_empty() {
            view! { <p class="govuk-body">"No applications have been submitted."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table">
                    <caption class="govuk-visually-hidden">"Applications, waiting first"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">
                                "Supplier"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Framework"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Submitted"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Status"
                            </th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {applications
                            .into_iter()
                            .map(|a| {
                                view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell">
                                            <a
                                                class="govuk-link"
                                                href=format!("/admin/applications/{}", a.id)
                                            >
                                                {a.supplier_name}
                                            </a>
                                        </td>
                                        <td class="govuk-table__cell">{a.framework_name}</td>
                                        <td class="govuk-table__cell">
                                            {a.submitted_at.map(show_london).unwrap_or_default()}
                                        </td>
                                        <td class="govuk-table__cell">
                                            {application_tag(a.status)}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
    }
}

#[component]
pub fn DecideApplicationPage(
    app: ApplicationDetail,
    can_decide: bool,
    form: Pairs,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let action = format!("/admin/applications/{}", app.id);
    let decide = can_decide && app.status == ApplicationStatus::Submitted;
    let lots = app.lots.clone();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ProblemBanner message=problem />
                <ErrorSummary errors=errors.clone() />
                <span class="govuk-caption-l">{app.framework.name.clone()}</span>
                <h1 class="govuk-heading-l">{app.supplier_name.clone()}</h1>
                <p class="govuk-body">{application_tag(app.status)}</p>
                <p class="govuk-body">
                    <a class="govuk-link" href=format!("/admin/suppliers/{}", app.supplier_id)>
                        "The supplier’s registration details"
                    </a>
                </p>
                <AnswersView app=app.clone() />
                <h2 class="govuk-heading-m">"Lots"</h2>
                {if decide {
                    view! {
                        <form method="post" action=action novalidate>
                            {lots
                                .into_iter()
                                .filter(|l| l.applied)
                                .map(|l| {
                                    let id = l.lot.id;
                                    view! {
                                        <Radios
                                            id=format!("decision-{id}")
                                            legend=l.lot.name.clone()
                                            options=vec![
                                                (
                                                    "approve".into(),
                                                    "Approve".into(),
                                                    Some("The supplier can list services on this lot".into()),
                                                ),
                                                (
                                                    "reject".into(),
                                                    "Reject".into(),
                                                    Some("The supplier sees your reason".into()),
                                                ),
                                            ]
                                            selected=form.one(&format!("decision-{id}")).to_string()
                                            errors=errors.clone()
                                        />
                                        <Textarea
                                            id=format!("reason-{id}")
                                            label=format!("Reason ({})", l.lot.name)
                                            hint="Required when rejecting"
                                            value=form.one(&format!("reason-{id}")).to_string()
                                            errors=errors.clone()
                                            rows=2
                                        />
                                    }
                                })
                                .collect_view()}
                            <Button label="Save decisions" />
                        </form>
                    }
                        .into_any()
                } else {
                    view! { <LotDecisions lots=lots.clone() /> }.into_any()
                }}
                <p class="govuk-body">
                    <a class="govuk-link" href="/admin/applications">
                        "Back to applications"
                    </a>
                </p>
            </div>
        </div>
    }
}
