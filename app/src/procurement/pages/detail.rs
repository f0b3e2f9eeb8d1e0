use super::{state_tag, when};
use crate::procurement::form::{section_done, SECTIONS};
use crate::procurement::service::views::{AmendmentRow, EventRow, QuestionRow};
use crate::procurement::service::Detail;
use crate::procurement::types::{DemandTotal, ProcurementState, RequirementKind, Spec};
use crate::ui::forms::{
    Button, Checkbox, ErrorSummary, ProblemBanner, SummaryRow, TextInput, Textarea,
};
use crate::validation::FieldErrors;
use leptos::prelude::*;

pub fn demand_text(q: Option<u64>, unit: &str, v: Option<crate::money::Money>) -> String {
    match (q, v) {
        (Some(q), Some(v)) => format!("{q} {unit}, about {v}"),
        (Some(q), None) => format!("{q} {unit}"),
        (None, Some(v)) => format!("about {v}"),
        (None, None) => String::new(),
    }
}

pub fn total_text(t: &DemandTotal, unit: &str) -> String {
    let mut parts = vec![format!("{} forces", t.forces)];
    if t.quantity > 0 {
        parts.push(format!("{} {unit}", t.quantity));
    }
    if t.value.pence() > 0 {
        parts.push(format!("about {}", t.value));
    }
    parts.join(", ")
}

/// The specification: summary, requirements and criteria (every door shows it the same way).
#[component]
pub fn SpecView(spec: Spec, lot: String) -> impl IntoView {
    let essential: Vec<String> = spec
        .requirements
        .iter()
        .filter(|r| r.kind == RequirementKind::Essential)
        .map(|r| r.text.clone())
        .collect();
    let nice: Vec<String> = spec
        .requirements
        .iter()
        .filter(|r| r.kind == RequirementKind::NiceToHave)
        .map(|r| r.text.clone())
        .collect();
    let t = spec.timeline;
    view! {
        <p class="govuk-body-l">{spec.summary.clone()}</p>
        <dl class="govuk-summary-list">
            <SummaryRow key="Framework lot">{lot}</SummaryRow>
            <SummaryRow key="Join deadline">{crate::ui::time::deadline(t.join)}</SummaryRow>
            <SummaryRow key="Questions until">
                {crate::ui::time::deadline(t.clarification)}
            </SummaryRow>
            <SummaryRow key="Bid deadline">{crate::ui::time::deadline(t.bid)}</SummaryRow>
            <SummaryRow key="Evaluation target">
                {crate::ui::time::deadline(t.evaluation)}
            </SummaryRow>
            <SummaryRow key="Award target">{crate::ui::time::deadline(t.award)}</SummaryRow>
            <SummaryRow key="Prices">
                {if spec.per_force_prices {
                    "Broken down by force, adding up to the total"
                } else {
                    "One total price"
                }}
            </SummaryRow>
        </dl>
        <h2 class="govuk-heading-m">"Description"</h2>
        <p class="govuk-body bl-pre">{spec.description.clone()}</p>
        <h2 class="govuk-heading-m">"Essential requirements"</h2>
        <ol class="govuk-list govuk-list--number">
            {essential.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
        </ol>
        {(!nice.is_empty())
            .then(|| {
                view! {
                    <h2 class="govuk-heading-m">"Nice-to-have requirements"</h2>
                    <ol class="govuk-list govuk-list--number">
                        {nice.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                    </ol>
                }
            })}
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">
                "Evaluation criteria"
            </caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "Criterion"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Kind"
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "Weight"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "How it is scored"
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {spec
                    .criteria
                    .iter()
                    .map(|c| {
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{c.name.clone()}</td>
                                <td class="govuk-table__cell">{c.kind.label()}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">
                                    {format!("{}%", c.weight)}
                                </td>
                                <td class="govuk-table__cell">
                                    {if c.scale.is_empty() {
                                        "Lowest price scores highest".to_string()
                                    } else {
                                        format!("{}: {}", c.scale, c.guidance)
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn QuestionsView(
    id: i32,
    questions: Vec<QuestionRow>,
    /// The lead: every question, with a form to answer each unanswered one.
    answer: bool,
) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m" id="questions">
            "Questions and answers"
        </h2>
        {if questions.is_empty() {
            view! { <p class="govuk-body">"No questions have been answered yet."</p> }.into_any()
        } else {
            questions
                .into_iter()
                .map(|q| {
                    let qid = q.id;
                    view! {
                        <div class="bl-question">
                            <h3 class="govuk-heading-s">
                                {if q.yours { "Your question" } else { "Question" }}
                            </h3>
                            <p class="govuk-body bl-pre">{q.question}</p>
                            {match q.answer {
                                Some(a) => {
                                    view! {
                                        <p class="govuk-body">
                                            <strong>
                                                {if q.private {
                                                    "Answer (to the asker alone)"
                                                } else {
                                                    "Answer (to every supplier)"
                                                }}
                                            </strong>
                                        </p>
                                        <p class="govuk-body bl-pre">{a}</p>
                                        {q
                                            .private_reason
                                            .map(|r| {
                                                view! {
                                                    <p class="govuk-body-s">
                                                        {format!("Answered privately because: {r}")}
                                                    </p>
                                                }
                                            })}
                                    }
                                        .into_any()
                                }
                                None if answer => {
                                    view! {
                                        <form
                                            method="post"
                                            action=format!("/procurements/{id}/questions/{qid}/answer")
                                            novalidate
                                        >
                                            <Textarea
                                                id=format!("answer-{qid}")
                                                label="Your answer"
                                                rows=3
                                            />
                                            <div class="govuk-form-group">
                                                <div class="govuk-checkboxes govuk-checkboxes--small">
                                                    <Checkbox
                                                        id=format!("private-{qid}")
                                                        label="Answer the asker alone: the question is commercially sensitive"
                                                        checked=false
                                                    />
                                                </div>
                                            </div>
                                            <TextInput
                                                id=format!("private_reason-{qid}")
                                                label="Why it is commercially sensitive (if answered privately)"
                                            />
                                            <Button label="Answer" secondary=true />
                                        </form>
                                    }
                                        .into_any()
                                }
                                None => {
                                    view! { <p class="govuk-body">"Not answered yet."</p> }
                                        .into_any()
                                }
                            }}
                        </div>
                    }
                })
                .collect_view()
                .into_any()
        }}
    }
}

#[component]
pub fn AmendmentsView(amendments: Vec<AmendmentRow>) -> impl IntoView {
    (!amendments.is_empty()).then(|| {
        view! {
            <h2 class="govuk-heading-m">"Amendments"</h2>
            {amendments
                .into_iter()
                .map(|a| {
                    view! {
                        <h3 class="govuk-heading-s">
                            {format!("Amendment {}, {}", a.number, crate::ui::time::deadline(a.at))}
                        </h3>
                        <p class="govuk-body">{a.reason}</p>
                        <ul class="govuk-list govuk-list--bullet">
                            {a.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                        </ul>
                    }
                })
                .collect_view()}
        }
    })
}

fn events_view(events: Vec<EventRow>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Timeline"</h2>
        <ol class="govuk-list bl-timeline">
            {events
                .into_iter()
                .map(|e| {
                    view! {
                        <li>
                            <span class="govuk-body-s">{crate::ui::time::show_london(e.at)}</span>
                            " "
                            {e.message}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// One task of the lead's list: its name, a hint (what is due and when), its status (a tag's
/// class, or None for "Completed" in plain text) and an optional link.
fn task(
    i: usize,
    name: &'static str,
    hint: String,
    status: (&'static str, Option<&'static str>),
    link: Option<String>,
) -> impl IntoView {
    let status_id = format!("stage-{i}-status");
    let hint_id = format!("stage-{i}-hint");
    let described = format!("{hint_id} {status_id}");
    let class = if link.is_some() {
        "govuk-task-list__item govuk-task-list__item--with-link"
    } else {
        "govuk-task-list__item"
    };
    view! {
        <li class=class>
            <div class="govuk-task-list__name-and-hint">
                {match link {
                    Some(href) => {
                        view! {
                            <a
                                class="govuk-link govuk-task-list__link"
                                href=href
                                aria-describedby=described
                            >
                                {name}
                            </a>
                        }
                            .into_any()
                    }
                    None => view! { <div>{name}</div> }.into_any(),
                }} <div id=hint_id class="govuk-task-list__hint">
                    {hint}
                </div>
            </div>
            <div class="govuk-task-list__status" id=status_id>
                {match status.1 {
                    None => view! { {status.0} }.into_any(),
                    Some(class) => view! { <strong class=class>{status.0}</strong> }.into_any(),
                }}
            </div>
        </li>
    }
}

/// Evaluation, moderation, award, standstill and contracts, as the lead follows them.
fn evaluation_tasks(d: &Detail) -> impl IntoView {
    let Some(t) = d.timeline else {
        return ().into_any();
    };
    let when = crate::ui::time::deadline;
    const DONE: (&str, Option<&str>) = ("Completed", None);
    const TODO: (&str, Option<&str>) = ("To do", Some("govuk-tag govuk-tag--blue"));
    const LATER: (&str, Option<&str>) = ("Cannot start yet", Some("govuk-tag govuk-tag--grey"));
    const OPEN: (&str, Option<&str>) = ("In progress", Some("govuk-tag govuk-tag--light-blue"));
    let id = d.id;
    let p = d.progress.clone().unwrap_or_default();
    let evaluating = d.state == ProcurementState::Closed;
    let awarded = matches!(
        d.state,
        ProcurementState::Standstill | ProcurementState::Awarded
    );
    let confirmed = d.state == ProcurementState::Awarded;
    let all_scored = p.assignments > 0 && p.submitted + p.conflicts >= p.assignments;
    let all_moderated = p.bids > 0 && p.moderated == p.bids;
    let standstill_over = d.standstill_ends_at.is_some_and(|e| d.now >= e);
    view! {
        {task(
            6,
            "Evaluate the bids",
            if evaluating || awarded {
                format!(
                    "{} of {} assigned bids scored{}; aim to finish by {}",
                    p.submitted,
                    p.assignments,
                    if p.conflicts > 0 {
                        format!(", {} conflicts of interest declared", p.conflicts)
                    } else {
                        String::new()
                    },
                    when(t.evaluation),
                )
            } else {
                format!("Once the bids close; aim to finish by {}", when(t.evaluation))
            },
            if awarded || (evaluating && all_scored) {
                DONE
            } else if evaluating && p.assignments > 0 {
                OPEN
            } else if evaluating {
                TODO
            } else {
                LATER
            },
            (evaluating || awarded).then(|| format!("/procurements/{id}/evaluation")),
        )}
        {task(
            7,
            "Moderate the scores",
            format!("{} of {} bids moderated", p.moderated, p.bids),
            if awarded || (evaluating && all_moderated) {
                DONE
            } else if evaluating && p.submitted > 0 {
                TODO
            } else {
                LATER
            },
            (evaluating || awarded).then(|| format!("/procurements/{id}/moderation")),
        )}
        {task(
            8,
            "Award",
            match &d.awarded_to {
                Some(s) => format!("Awarded to {s}"),
                None => format!("Aim to award by {}", when(t.award)),
            },
            if awarded { DONE } else if evaluating && all_moderated { TODO } else { LATER },
            (awarded || (evaluating && all_moderated)).then(|| format!("/procurements/{id}/award")),
        )}
        {task(
            9,
            "Standstill",
            match d.standstill_ends_at {
                Some(e) if p.challenges_waiting > 0 => {
                    format!(
                        "{} challenge{} waiting for your decision; the standstill ends {}",
                        p.challenges_waiting,
                        if p.challenges_waiting == 1 { "" } else { "s" },
                        when(e),
                    )
                }
                Some(e) => format!("Bidders may challenge until {}", when(e)),
                None => "8 working days after the award".to_string(),
            },
            if confirmed {
                DONE
            } else if awarded && (p.challenges_waiting > 0 || standstill_over) {
                TODO
            } else if awarded {
                OPEN
            } else {
                LATER
            },
            awarded.then(|| format!("/procurements/{id}/award")),
        )}
        {task(
            10,
            "Contracts for every force",
            if confirmed {
                format!("{} contracts in the register", d.contracts)
            } else {
                "Made when the award is confirmed".to_string()
            },
            if confirmed { DONE } else { LATER },
            confirmed.then(|| "/contracts".to_string()),
        )}
    }
    .into_any()
}

/// The lead's list once it is open: what is done, what is due and when.
fn lead_tasks(d: &Detail) -> impl IntoView {
    let Some(t) = d.timeline else {
        return ().into_any();
    };
    let when = crate::ui::time::deadline;
    let now = d.now;
    let published = matches!(
        d.state,
        ProcurementState::Published
            | ProcurementState::Closed
            | ProcurementState::Standstill
            | ProcurementState::Awarded
    );
    let closed = matches!(
        d.state,
        ProcurementState::Closed | ProcurementState::Standstill | ProcurementState::Awarded
    );
    let waiting = d.questions.iter().filter(|q| q.answer.is_none()).count();
    const DONE: (&str, Option<&str>) = ("Completed", None);
    const TODO: (&str, Option<&str>) = ("To do", Some("govuk-tag govuk-tag--blue"));
    const LATER: (&str, Option<&str>) = ("Cannot start yet", Some("govuk-tag govuk-tag--grey"));
    const OPEN: (&str, Option<&str>) = ("In progress", Some("govuk-tag govuk-tag--light-blue"));
    let id = d.id;
    view! {
        <h2 class="govuk-heading-m">"What is done and what is due"</h2>
        <ul class="govuk-task-list">
            {task(1, "Open it to other forces", "Every other force can see it".into(), DONE, None)}
            {task(
                2,
                "Forces join with their demand",
                format!(
                    "{} forces taking part; they can join until {}",
                    d.total.forces,
                    when(t.join),
                ),
                if now >= t.join { DONE } else { OPEN },
                None,
            )}
            {task(
                3,
                "Publish to suppliers",
                if published {
                    "Published to every supplier approved on the lot".to_string()
                } else {
                    format!("After the join deadline, {}", when(t.join))
                },
                if published { DONE } else if now >= t.join { TODO } else { LATER },
                (!published && now >= t.join).then(|| format!("/procurements/{id}#publish")),
            )}
            {task(
                4,
                "Answer suppliers' questions",
                format!(
                    "{waiting} waiting for an answer; suppliers can ask until {}",
                    when(t.clarification),
                ),
                if !published {
                    LATER
                } else if waiting > 0 {
                    TODO
                } else if now >= t.clarification {
                    DONE
                } else {
                    OPEN
                },
                (waiting > 0).then(|| format!("/procurements/{id}#questions")),
            )}
            {task(
                5,
                "Receive bids",
                format!("{} received; bids close {}", d.bids_in, when(t.bid)),
                if closed || (published && now >= t.bid) {
                    DONE
                } else if published {
                    OPEN
                } else {
                    LATER
                },
                d.can_open_bids.then(|| format!("/procurements/{id}/bids")),
            )} {evaluation_tasks(d)}
        </ul>
    }
    .into_any()
}

fn task_list(id: i32, remaining: &FieldErrors) -> impl IntoView {
    view! {
        <ul class="govuk-task-list">
            {SECTIONS
                .iter()
                .enumerate()
                .map(|(i, (name, fields))| {
                    let done = section_done(fields, remaining);
                    let status_id = format!("task-{i}-status");
                    view! {
                        <li class="govuk-task-list__item govuk-task-list__item--with-link">
                            <div class="govuk-task-list__name-and-hint">
                                <a
                                    class="govuk-link govuk-task-list__link"
                                    href=format!("/procurements/{id}/edit")
                                    aria-describedby=status_id.clone()
                                >
                                    {*name}
                                </a>
                            </div>
                            <div class="govuk-task-list__status" id=status_id>
                                {if done {
                                    view! { "Completed" }.into_any()
                                } else {
                                    view! {
                                        <strong class="govuk-tag govuk-tag--light-blue">
                                            "Incomplete"
                                        </strong>
                                    }
                                        .into_any()
                                }}
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn ProcurementPage(
    detail: Detail,
    /// A draft's remaining messages (its task list).
    remaining: FieldErrors,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let d = detail;
    let id = d.id;
    let unit = d.spec.as_ref().map(|s| s.unit.clone()).unwrap_or_default();
    let join_passed = d.timeline.is_some_and(|t| d.now >= t.join);
    view! {
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{format!("Led by {}", d.lead)}</span>
        <h1 class="govuk-heading-l">{d.title.clone()}</h1>
        <p class="govuk-body">{state_tag(d.state)}</p>
        {d
            .cancelled_reason
            .clone()
            .map(|r| {
                view! { <div class="govuk-inset-text">{format!("Cancelled: {r}")}</div> }
            })}
        {(d.can_run && d.state == ProcurementState::Draft)
            .then(|| {
                let ready = remaining.is_empty();
                view! {
                    <h2 class="govuk-heading-m">"Get it ready to open"</h2>
                    {task_list(id, &remaining)}
                    {if ready {
                        view! {
                            <form method="post" action=format!("/procurements/{id}/open")>
                                <p class="govuk-body">
                                    "Opening it shows it to every other force, who can join with their demand until the join deadline."
                                </p>
                                <Button label="Open it to other forces" />
                            </form>
                        }
                            .into_any()
                    } else {
                        view! {
                            <p class="govuk-body">
                                "Complete every section to open it to other forces."
                            </p>
                        }
                            .into_any()
                    }}
                    <h2 class="govuk-heading-m">"Collaborators"</h2>
                    <p class="govuk-body">
                        {if d.collaborators.is_empty() {
                            "None yet.".to_string()
                        } else {
                            d.collaborators.join(", ")
                        }}
                    </p>
                    <form
                        method="post"
                        action=format!("/procurements/{id}/collaborators")
                        novalidate
                    >
                        <TextInput
                            id="email"
                            label="Add a colleague by email address"
                            input_type="email"
                            errors=errors.clone()
                        />
                        <Button label="Add collaborator" secondary=true />
                    </form>
                }
            })}
        {(d.can_run && !matches!(d.state, ProcurementState::Draft | ProcurementState::Cancelled))
            .then(|| lead_tasks(&d))}
        {d
            .spec
            .clone()
            .filter(|_| d.state != ProcurementState::Draft)
            .map(|s| view! { <SpecView spec=s lot=d.lot.clone() /> })}
        {(d.state != ProcurementState::Draft)
            .then(|| {
                view! {
                    <table class="govuk-table">
                        <caption class="govuk-table__caption govuk-table__caption--m">
                            {format!("Demand: {}", total_text(&d.total, &unit))}
                        </caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">
                                    "Force"
                                </th>
                                <th scope="col" class="govuk-table__header">
                                    "Demand"
                                </th>
                                <th scope="col" class="govuk-table__header">
                                    "Contact"
                                </th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {d
                                .demands
                                .iter()
                                .map(|r| {
                                    view! {
                                        <tr class="govuk-table__row">
                                            <td class="govuk-table__cell">{r.force.clone()}</td>
                                            <td class="govuk-table__cell">
                                                {demand_text(r.demand.quantity, &unit, r.demand.value)}
                                            </td>
                                            <td class="govuk-table__cell">
                                                {format!("{} ({})", r.contact_name, r.contact_email)}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
            })}
        {d
            .can_join
            .then(|| {
                let (label, withdraw) = if d.my_demand.is_some() {
                    ("Change your force's demand", true)
                } else {
                    ("Join with your force's demand", false)
                };
                view! {
                    <div class="govuk-button-group">
                        <a class="govuk-button" href=format!("/procurements/{id}/join")>
                            {label}
                        </a>
                    </div>
                    {withdraw
                        .then(|| {
                            view! {
                                <form method="post" action=format!("/procurements/{id}/withdraw")>
                                    <Button label="Withdraw your force" warning=true />
                                </form>
                            }
                        })}
                }
            })}
        {(d.my_demand.is_some() && !d.can_join
            && d.lead_force_id != d.my_demand.as_ref().map(|m| m.force_id).unwrap_or_default())
            .then(|| {
                view! {
                    <p class="govuk-body">
                        "Your force has joined and is locked in: the join deadline has passed."
                    </p>
                }
            })}
        {(d.state != ProcurementState::Draft && d.state != ProcurementState::OpenToJoin)
            .then(|| {
                view! {
                    <h2 class="govuk-heading-m">"Bids"</h2>
                    <p class="govuk-body">
                        {match d.bids_in {
                            0 => "No bids received yet.".to_string(),
                            1 => "1 bid received.".to_string(),
                            n => format!("{n} bids received."),
                        }}
                        {(d.state != ProcurementState::Closed)
                            .then_some(
                                " Bids are sealed until the bid deadline: nobody can read them before it.",
                            )}
                    </p>
                    {d
                        .can_open_bids
                        .then(|| {
                            view! {
                                <a class="govuk-button" href=format!("/procurements/{id}/bids")>
                                    "Read the bids"
                                </a>
                            }
                        })}
                }
            })}
        {(d.can_run && d.state == ProcurementState::OpenToJoin)
            .then(|| {
                view! {
                    <h2 class="govuk-heading-m" id="publish">
                        "Publish to suppliers"
                    </h2>
                    {if join_passed {
                        view! {
                            <form method="post" action=format!("/procurements/{id}/publish")>
                                <p class="govuk-body">
                                    "The forces taking part are fixed. Publishing sends it to every supplier approved on the lot."
                                </p>
                                <Button label="Publish to suppliers" />
                            </form>
                        }
                            .into_any()
                    } else {
                        view! {
                            <p class="govuk-body">
                                {format!(
                                    "Forces can join until {}; publish after that.",
                                    when(d.timeline.map(|t| t.join)),
                                )}
                            </p>
                        }
                            .into_any()
                    }}
                }
            })}
        {(d.state != ProcurementState::Draft)
            .then(|| {
                view! {
                    <QuestionsView
                        id=id
                        questions=d.questions.clone()
                        answer=d.can_run && d.state == ProcurementState::Published
                    />
                    <AmendmentsView amendments=d.amendments.clone() />
                }
            })}
        {(d.can_run
            && matches!(d.state, ProcurementState::OpenToJoin | ProcurementState::Published))
            .then(|| {
                view! {
                    <p class="govuk-body">
                        <a class="govuk-link" href=format!("/procurements/{id}/amend")>
                            "Amend the procurement"
                        </a>
                    </p>
                }
            })}
        {events_view(d.events.clone())}
        {(d.can_run && !matches!(d.state, ProcurementState::Cancelled | ProcurementState::Awarded))
            .then(|| {
                view! {
                    <details class="govuk-details">
                        <summary class="govuk-details__summary">
                            <span class="govuk-details__summary-text">
                                "Cancel the procurement"
                            </span>
                        </summary>
                        <div class="govuk-details__text">
                            <form
                                method="post"
                                action=format!("/procurements/{id}/cancel")
                                novalidate
                            >
                                <Textarea
                                    id="reason"
                                    label="Why is it cancelled?"
                                    hint="For example, no bid met the essential requirements. Everyone taking part, and every supplier it was published to, is told."
                                    rows=3
                                    errors=errors.clone()
                                />
                                <Button label="Cancel the procurement" warning=true />
                            </form>
                        </div>
                    </details>
                }
            })}
    }
}
