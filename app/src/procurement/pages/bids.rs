use super::detail::{total_text, AmendmentsView, QuestionsView, SpecView};
use super::state_tag;
use crate::procurement::form::quality_criteria;
use crate::procurement::service::{OpenedBid, OpportunityDetail, OwnBid};
use crate::procurement::types::{BidStatus, ProcurementState, RequirementKind, Spec};
use crate::ui::forms::{Button, ErrorSummary, ProblemBanner, Radios, TextInput, Textarea};
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn OpportunityPage(
    o: OpportunityDetail,
    bid: Option<OwnBid>,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let id = o.id;
    let open = o.state == ProcurementState::Published;
    let asking = open && o.now < o.spec.timeline.clarification;
    view! {
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{format!("Led by {}", o.lead)}</span>
        <h1 class="govuk-heading-l">{o.title.clone()}</h1>
        <p class="govuk-body">{state_tag(o.state)}</p>
        {o
            .cancelled_reason
            .clone()
            .map(|r| view! { <div class="govuk-inset-text">{format!("Cancelled: {r}")}</div> })}
        <div class="govuk-inset-text">
            {match &bid {
                Some(b) if b.status == BidStatus::Submitted => {
                    format!(
                        "Your bid (version {}) was received {}. Receipt: SHA-256 {}",
                        b.version,
                        b.submitted_at.map(crate::ui::time::show_london).unwrap_or_default(),
                        b.receipt_hash.clone().unwrap_or_default(),
                    )
                }
                Some(b) if b.status == BidStatus::Draft => {
                    "Your bid is a draft: it is not submitted.".to_string()
                }
                Some(_) => "You withdrew your bid.".to_string(),
                None => "You have not started a bid.".to_string(),
            }}
        </div>
        {(matches!(o.state, ProcurementState::Standstill | ProcurementState::Awarded)
            && bid.as_ref().is_some_and(|b| b.status == BidStatus::Submitted))
            .then(|| {
                view! {
                    <a class="govuk-button" href=format!("/opportunities/{id}/assessment")>
                        "Read your assessment summary"
                    </a>
                }
            })}
        {open
            .then(|| {
                view! {
                    <a class="govuk-button" href=format!("/opportunities/{id}/bid")>
                        {if bid.is_some() { "Change your bid" } else { "Start your bid" }}
                    </a>
                }
            })}
        <p class="govuk-body">
            {format!(
                "Forces taking part: {}. ",
                o.forces.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(", "),
            )} {format!("Combined demand: {}.", total_text(&o.total, &o.spec.unit))}
        </p>
        <SpecView spec=o.spec.clone() lot=o.lot.clone() />
        <QuestionsView id=id questions=o.questions.clone() answer=false />
        {asking
            .then(|| {
                view! {
                    <form method="post" action=format!("/opportunities/{id}/questions") novalidate>
                        <Textarea
                            id="question"
                            label="Ask a question"
                            hint="The answer is published to every supplier without naming you."
                            rows=4
                            errors=errors.clone()
                        />
                        <Button label="Send the question" secondary=true />
                    </form>
                }
            })}
        <AmendmentsView amendments=o.amendments.clone() />
    }
}

fn get(pairs: &[(String, String)], k: &str) -> String {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// The bid form, filled from the bid saved (or what was just typed).
#[component]
pub fn BidFormPage(
    id: i32,
    title: String,
    spec: Spec,
    forces: Vec<(i32, String)>,
    /// The form's values by field name.
    values: Vec<(String, String)>,
    submitted: bool,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let yes_no = vec![
        ("yes".to_string(), "Meets it".to_string(), None),
        ("no".to_string(), "Does not meet it".to_string(), None),
    ];
    view! {
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">"Your bid"</span>
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body">
            {format!(
                "Bids close {}. Nobody but your company can read your bid before then.",
                crate::ui::time::deadline(spec.timeline.bid),
            )}
        </p>
        <form method="post" action=format!("/opportunities/{id}/bid") novalidate>
            <h2 class="govuk-heading-m">"Price"</h2>
            <TextInput
                id="total"
                label="Total price, in pounds"
                width="10"
                value=get(&values, "total")
                errors=errors.clone()
            />
            {spec
                .per_force_prices
                .then(|| {
                    forces
                        .iter()
                        .map(|(fid, name)| {
                            let field = format!("price_{fid}");
                            view! {
                                <TextInput
                                    id=field.clone()
                                    label=format!("Price for {name}, in pounds")
                                    width="10"
                                    value=get(&values, &field)
                                    errors=errors.clone()
                                />
                            }
                        })
                        .collect_view()
                })}
            <h2 class="govuk-heading-m">"Requirements"</h2>
            {spec
                .requirements
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let n = i + 1;
                    let kind = if r.kind == RequirementKind::Essential {
                        "Essential"
                    } else {
                        "Nice to have"
                    };
                    view! {
                        <Radios
                            id=format!("requirement_{n}_meets")
                            legend=format!("{n}. {kind}: {}", r.text)
                            options=yes_no.clone()
                            selected=get(&values, &format!("requirement_{n}_meets"))
                            errors=errors.clone()
                        />
                        <Textarea
                            id=format!("requirement_{n}_text")
                            label=format!(
                                "How your service meets requirement {n} (up to 500 words)",
                            )
                            rows=3
                            value=get(&values, &format!("requirement_{n}_text"))
                            errors=errors.clone()
                        />
                    }
                })
                .collect_view()}
            <h2 class="govuk-heading-m">"Quality and social value"</h2>
            {quality_criteria(&spec)
                .enumerate()
                .map(|(i, c)| {
                    let n = i + 1;
                    view! {
                        <Textarea
                            id=format!("criterion_{n}")
                            label=format!("{}: {} (weight {}%)", n, c.name, c.weight)
                            hint=format!("Scored {}: {}", c.scale, c.guidance)
                            rows=5
                            value=get(&values, &format!("criterion_{n}"))
                            errors=errors.clone()
                        />
                    }
                })
                .collect_view()}
            <Textarea
                id="links"
                label="Links to further material (optional)"
                hint="One web address a line, up to 10"
                rows=3
                value=get(&values, "links")
                errors=errors.clone()
            />
            <div class="govuk-button-group">
                <Button
                    label=if submitted { "Submit the revised bid" } else { "Submit the bid" }
                    name="action"
                    value="submit"
                />
                {(!submitted)
                    .then(|| {
                        view! {
                            <Button
                                label="Save as draft"
                                secondary=true
                                name="action"
                                value="save"
                            />
                        }
                    })}
            </div>
        </form>
        {submitted
            .then(|| {
                view! {
                    <form method="post" action=format!("/opportunities/{id}/bid/withdraw")>
                        <Button label="Withdraw the bid" warning=true />
                    </form>
                }
            })}
    }
}

/// The form's values from a stored bid.
pub fn bid_values(b: &OwnBid) -> Vec<(String, String)> {
    let c = &b.content;
    let mut out = vec![
        (
            "total".to_string(),
            c.total.map(|m| m.decimal().to_string()).unwrap_or_default(),
        ),
        ("links".to_string(), c.links.join("\n")),
    ];
    for (f, p) in &c.per_force {
        out.push((format!("price_{f}"), p.decimal().to_string()));
    }
    for (i, r) in c.requirements.iter().enumerate() {
        let n = i + 1;
        out.push((
            format!("requirement_{n}_meets"),
            match r.meets {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
        ));
        out.push((format!("requirement_{n}_text"), r.text.clone()));
    }
    for (i, t) in c.criteria.iter().enumerate() {
        out.push((format!("criterion_{}", i + 1), t.clone()));
    }
    out
}

#[component]
pub fn OpenedBidsPage(
    id: i32,
    title: String,
    spec: Spec,
    /// (force id, name) of the forces taking part, for prices given per force.
    forces: Vec<(i32, String)>,
    bids: Vec<OpenedBid>,
) -> impl IntoView {
    view! {
        <span class="govuk-caption-l">"Bids opened after the deadline"</span>
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body">
            <a class="govuk-link" href=format!("/procurements/{id}")>
                "Back to the procurement"
            </a>
        </p>
        {if bids.is_empty() {
            view! { <p class="govuk-body">"No bids were received."</p> }.into_any()
        } else {
            bids.into_iter()
                .map(|b| {
                    let essential_fails = b
                        .content
                        .requirements
                        .iter()
                        .zip(&spec.requirements)
                        .filter(|(r, q)| {
                            q.kind == RequirementKind::Essential && r.meets == Some(false)
                        })
                        .count();
                    view! {
                        <h2 class="govuk-heading-m">{b.supplier.clone()}</h2>
                        <dl class="govuk-summary-list">
                            <crate::ui::forms::SummaryRow key="Total price">
                                {b.content.total.map(|t| t.to_string()).unwrap_or_default()}
                            </crate::ui::forms::SummaryRow>
                            <crate::ui::forms::SummaryRow key="Submitted">
                                {format!(
                                    "{} (version {})",
                                    b
                                        .submitted_at
                                        .map(crate::ui::time::show_london)
                                        .unwrap_or_default(),
                                    b.version,
                                )}
                            </crate::ui::forms::SummaryRow>
                            <crate::ui::forms::SummaryRow key="Essential requirements not met">
                                {essential_fails.to_string()}
                            </crate::ui::forms::SummaryRow>
                            <crate::ui::forms::SummaryRow key="Receipt">
                                {b.receipt_hash.clone().unwrap_or_default()}
                            </crate::ui::forms::SummaryRow>
                        </dl>
                        {(!b.content.per_force.is_empty())
                            .then(|| {
                                view! {
                                    <ul class="govuk-list">
                                        {b
                                            .content
                                            .per_force
                                            .iter()
                                            .map(|(f, p)| {
                                                let name = forces
                                                    .iter()
                                                    .find(|(i, _)| i == f)
                                                    .map(|(_, n)| n.clone())
                                                    .unwrap_or_else(|| format!("Force {f}"));
                                                view! { <li>{format!("{name}: {p}")}</li> }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                            })}
                        <table class="govuk-table">
                            <caption class="govuk-table__caption govuk-table__caption--s">
                                "Requirements"
                            </caption>
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">
                                        "Requirement"
                                    </th>
                                    <th scope="col" class="govuk-table__header">
                                        "Answer"
                                    </th>
                                    <th scope="col" class="govuk-table__header">
                                        "How"
                                    </th>
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">
                                {spec
                                    .requirements
                                    .iter()
                                    .zip(b.content.requirements.clone())
                                    .map(|(q, r)| {
                                        view! {
                                            <tr class="govuk-table__row">
                                                <td class="govuk-table__cell">
                                                    {format!("{}: {}", q.kind.label(), q.text)}
                                                </td>
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
                                    .collect_view()}
                            </tbody>
                        </table>
                        {quality_criteria(&spec)
                            .zip(b.content.criteria.clone())
                            .map(|(c, t)| {
                                view! {
                                    <h3 class="govuk-heading-s">{c.name.clone()}</h3>
                                    <p class="govuk-body bl-pre">{t}</p>
                                }
                            })
                            .collect_view()}
                    }
                })
                .collect_view()
                .into_any()
        }}
    }
}
