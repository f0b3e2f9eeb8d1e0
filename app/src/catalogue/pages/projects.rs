//! Projects: the list, saving a search, a project's task list and record, the assessment and
//! outcome forms; and the contract register an award feeds.

use super::frameworks::show_date;
use crate::catalogue::rules::RECORD_MAX;
use crate::catalogue::types::*;
use crate::ui::forms::{
    Button, DateInput, ErrorSummary, ProblemBanner, Radios, SummaryRow, TextInput, Textarea,
    WarningText,
};
use crate::ui::time::show_london;
use crate::validation::FieldErrors;
use leptos::prelude::*;

pub fn project_tag(status: ProjectStatus, outcome: Option<ProjectOutcome>) -> impl IntoView {
    let (class, text) = match (status, outcome) {
        (ProjectStatus::Searching, _) => ("govuk-tag govuk-tag--blue", "Searching"),
        (ProjectStatus::Ended, _) => ("govuk-tag govuk-tag--yellow", "Assessing"),
        (ProjectStatus::Closed, Some(ProjectOutcome::Awarded)) => {
            ("govuk-tag govuk-tag--green", "Awarded")
        }
        (ProjectStatus::Closed, Some(ProjectOutcome::NoSuitable)) => {
            ("govuk-tag govuk-tag--grey", "No suitable service")
        }
        (ProjectStatus::Closed, _) => ("govuk-tag govuk-tag--grey", "Cancelled"),
    };
    view! { <strong class=class>{text}</strong> }
}

#[component]
pub fn ProjectsPage(projects: Vec<ProjectRow>, national: bool) -> impl IntoView {
    let rows = projects
        .into_iter()
        .map(|p| {
            view! {
                <tr class="govuk-table__row">
                    <td class="govuk-table__cell">
                        <a class="govuk-link" href=format!("/projects/{}", p.id)>
                            {p.name.clone()}
                        </a>
                    </td>
                    {national
                        .then(|| {
                            view! { <td class="govuk-table__cell">{p.force_name.clone()}</td> }
                        })}
                    <td class="govuk-table__cell">{project_tag(p.status, p.outcome)}</td>
                    <td class="govuk-table__cell">{show_london(p.updated_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1 class="govuk-heading-l">"Projects"</h1>
        <p class="govuk-body">
            {if national {
                "Every force's projects: the searches they saved, the records of their fair searches and their outcomes."
            } else {
                "Your force's projects. Save a search into a project, narrow it to 30 or fewer services, end it to freeze the record, assess the services and record the outcome."
            }}
        </p>
        <p class="govuk-body">
            <a class="govuk-link" href="/services">
                "Find services"
            </a>
            " · "
            <a class="govuk-link" href="/contracts">
                "Contracts"
            </a>
        </p>
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-visually-hidden">"Projects"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "Project"
                    </th>
                    {national
                        .then(|| {
                            view! {
                                <th scope="col" class="govuk-table__header">
                                    "Force"
                                </th>
                            }
                        })}
                    <th scope="col" class="govuk-table__header">
                        "Stage"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Last changed"
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">{rows}</tbody>
        </table>
    }
}

#[component]
pub fn SaveSearchPage(
    form: SaveSearchForm,
    /// The search as people read it ("Words: …").
    words: String,
    projects: Vec<(i32, String)>,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let mut options: Vec<(String, String, Option<String>)> = projects
        .into_iter()
        .map(|(id, name)| (id.to_string(), name, None))
        .collect();
    options.push((
        "new".into(),
        "A new project".into(),
        Some("Give it a name below".into()),
    ));
    let selected = if form.project.is_empty() {
        "new".to_string()
    } else {
        form.project.clone()
    };
    let back = format!("/services?{}", form.search);
    view! {
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <h1 class="govuk-heading-l">"Save this search to a project"</h1>
        <div class="govuk-inset-text">{words}</div>
        <form method="post" action="/projects/save" novalidate>
            <input type="hidden" name="search" value=form.search.clone() />
            <Radios
                id="project"
                legend="Which project?"
                options=options
                selected=selected
                errors=errors.clone()
            />
            <TextInput
                id="name"
                label="Name of the new project"
                hint="For example, Body-worn video replacement 2027"
                value=form.name.clone()
                errors=errors
            />
            <Button label="Save search" />
        </form>
        <p class="govuk-body">
            <a class="govuk-link" href=back>
                "Back to the search"
            </a>
        </p>
    }
}

/// A task's status cell, as GOV.UK's task list writes it.
fn task_status(id: &str, status: &str) -> impl IntoView {
    let id = format!("{id}-status");
    match status {
        "Completed" => view! {
            <div class="govuk-task-list__status" id=id>
                "Completed"
            </div>
        }
        .into_any(),
        "Cannot start yet" => view! {
            <div class="govuk-task-list__status govuk-task-list__status--cannot-start-yet" id=id>
                "Cannot start yet"
            </div>
        }
        .into_any(),
        other => {
            let other = other.to_string();
            view! {
                <div class="govuk-task-list__status" id=id>
                    <strong class="govuk-tag govuk-tag--blue">{other}</strong>
                </div>
            }
            .into_any()
        }
    }
}

fn task(
    id: &'static str,
    title: &'static str,
    href: Option<String>,
    hint: String,
    status: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let status_id = format!("{id}-status");
    let name = match href {
        Some(h) => view! {
            <a
                class="govuk-link govuk-task-list__link"
                href=h
                aria-describedby=format!("{hint_id} {status_id}")
            >
                {title}
            </a>
        }
        .into_any(),
        None => view! { {title} }.into_any(),
    };
    view! {
        <li class="govuk-task-list__item govuk-task-list__item--with-link">
            <div class="govuk-task-list__name-and-hint">
                {name} <div id=hint_id class="govuk-task-list__hint">
                    {hint}
                </div>
            </div>
            {task_status(id, status)}
        </li>
    }
}

fn plural(n: u64) -> String {
    format!("{n} {}", if n == 1 { "service" } else { "services" })
}

#[component]
pub fn ProjectPage(detail: ProjectDetail, problem: Option<String>) -> impl IntoView {
    let d = detail;
    let id = d.id;
    let search_href = format!("/services?{}", d.search);
    let searching = d.status == ProjectStatus::Searching;
    let total = d.current_total.unwrap_or(0);
    let small_enough = total <= RECORD_MAX;
    let assessed = d.assessment.is_some();
    let run = d.can_run;
    let save_task = task(
        "save",
        "Save your search",
        (searching && run).then(|| search_href.clone()),
        if searching {
            format!(
                "Saved {}. It finds {} now.",
                show_london(d.saved_at),
                plural(total)
            )
        } else {
            format!("Saved {}.", show_london(d.saved_at))
        },
        "Completed",
    );
    let end_task = task(
        "end",
        "End the search and download the record",
        (searching && small_enough && run)
            .then(|| "#end".to_string())
            .or((!searching).then(|| "#record".to_string())),
        if searching && !small_enough {
            format!("Narrow your search to {RECORD_MAX} or fewer services (it finds {total}).")
        } else if searching {
            "Freeze the services your search finds as the record of a fair search.".into()
        } else {
            format!(
                "Ended {} by {}: {}.",
                d.ended_at.map(show_london).unwrap_or_default(),
                d.ended_by.clone().unwrap_or_default(),
                plural(d.items.len() as u64)
            )
        },
        match (searching, small_enough) {
            (false, _) => "Completed",
            (true, true) => "Not yet started",
            (true, false) => "Cannot start yet",
        },
    );
    let assess_task = task(
        "assess",
        "Assess the services",
        (d.status == ProjectStatus::Ended && run).then(|| format!("/projects/{id}/assessment")),
        match (&d.assessed_by, d.assessed_at) {
            (Some(by), Some(at)) => format!("Recorded by {by}, {}.", show_london(at)),
            _ => "Say how you judged each service against your needs.".into(),
        },
        match (searching, assessed) {
            (true, _) => "Cannot start yet",
            (false, true) => "Completed",
            (false, false) => "Not yet started",
        },
    );
    let outcome_task = task(
        "outcome",
        "Record the outcome",
        (d.status == ProjectStatus::Ended && assessed && run)
            .then(|| format!("/projects/{id}/outcome")),
        match (&d.outcome, &d.outcome_by) {
            (Some(o), Some(by)) => format!("{} – recorded by {by}.", o.label()),
            _ => "Awarded, no suitable service, or cancelled.".into(),
        },
        match (d.status, assessed) {
            (ProjectStatus::Closed, _) => "Completed",
            (ProjectStatus::Ended, true) => "Not yet started",
            _ => "Cannot start yet",
        },
    );
    let end_form = (searching && run).then(|| {
        if small_enough {
            view! {
                <h2 class="govuk-heading-m" id="end">
                    "End the search"
                </h2>
                <WarningText text=format!(
                    "Ending the search freezes the {} it finds as they are now. You cannot change the search afterwards.",
                    plural(total),
                ) />
                <form method="post" action=format!("/projects/{id}/end")>
                    <Button label="End the search" />
                </form>
            }
            .into_any()
        } else {
            view! {
                <p class="govuk-body">
                    <a class="govuk-link" href=search_href.clone()>
                        "Narrow the search"
                    </a>
                    {format!(
                        " – it finds {}; save it again when it finds {RECORD_MAX} or fewer.",
                        plural(total),
                    )}
                </p>
            }
            .into_any()
        }
    });
    let record = (!searching).then(|| {
        let rows = d
            .items
            .iter()
            .map(|i| {
                view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell">{i.position}</td>
                        <td class="govuk-table__cell">
                            <a class="govuk-link" href=format!("/services/{}", i.service_id)>
                                {i.service_name.clone()}
                            </a>
                        </td>
                        <td class="govuk-table__cell">{i.supplier_name.clone()}</td>
                        <td class="govuk-table__cell">{i.price_text.clone()}</td>
                        <td class="govuk-table__cell">{i.version_number}</td>
                    </tr>
                }
            })
            .collect_view();
        let filters = d
            .filters
            .iter()
            .map(|f| {
                let (k, v) = f.split_once(": ").unwrap_or(("Search", f.as_str()));
                let (k, v) = (k.to_string(), v.to_string());
                view! { <SummaryRow key=k>{v}</SummaryRow> }
            })
            .collect_view();
        view! {
            <h2 class="govuk-heading-m" id="record">
                "The record"
            </h2>
            <dl class="govuk-summary-list">
                {filters}
                <SummaryRow key="Ended">
                    {format!(
                        "{} by {}",
                        d.ended_at.map(show_london).unwrap_or_default(),
                        d.ended_by.clone().unwrap_or_default(),
                    )}
                </SummaryRow>
            </dl>
            <p class="govuk-body">
                <a class="govuk-link" href=format!("/projects/{id}/record.csv") download="">
                    "Download the record (CSV)"
                </a>
                " · "
                <a class="govuk-link" href=format!("/projects/{id}/record.xlsx") download="">
                    "Download the record (Excel)"
                </a>
            </p>
            <table class="govuk-table">
                <caption class="govuk-table__caption govuk-table__caption--s">
                    {format!("The {} the search found when it ended", plural(d.items.len() as u64))}
                </caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">
                            "#"
                        </th>
                        <th scope="col" class="govuk-table__header">
                            "Service"
                        </th>
                        <th scope="col" class="govuk-table__header">
                            "Supplier"
                        </th>
                        <th scope="col" class="govuk-table__header">
                            "Price"
                        </th>
                        <th scope="col" class="govuk-table__header">
                            "Version"
                        </th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">{rows}</tbody>
            </table>
        }
    });
    let assessment = d.assessment.clone().map(|a| {
        view! {
            <h2 class="govuk-heading-m">"Assessment"</h2>
            <p class="govuk-body bl-pre">{a}</p>
        }
    });
    let outcome = d.outcome.map(|o| {
        let contract = d.contract.clone().map(|c| {
            view! {
                <SummaryRow key="Contract">
                    <a class="govuk-link" href="/contracts">
                        {c.reference.clone()}
                    </a>
                    {format!(
                        ": {} with {}, {} from {} to {}",
                        c.title,
                        c.supplier_name,
                        c.value,
                        show_date(c.start_date),
                        show_date(c.end_date),
                    )}
                </SummaryRow>
            }
        });
        view! {
            <h2 class="govuk-heading-m">"Outcome"</h2>
            <dl class="govuk-summary-list">
                <SummaryRow key="Outcome">{o.label()}</SummaryRow>
                {d
                    .outcome_reason
                    .clone()
                    .map(|r| view! { <SummaryRow key="Reason">{r}</SummaryRow> })}
                {contract}
                <SummaryRow key="Recorded">
                    {format!(
                        "{} by {}",
                        d.outcome_at.map(show_london).unwrap_or_default(),
                        d.outcome_by.clone().unwrap_or_default(),
                    )}
                </SummaryRow>
            </dl>
        }
    });
    view! {
        <ProblemBanner message=problem />
        <span class="govuk-caption-l">{d.force_name.clone()}</span>
        <h1 class="govuk-heading-l">{d.name.clone()}</h1>
        <p class="govuk-body">
            {project_tag(d.status, d.outcome)}
            {format!(" Started by {} on {}.", d.created_by, show_london(d.created_at))}
        </p>
        <ul class="govuk-task-list">{save_task} {end_task} {assess_task} {outcome_task}</ul>
        {end_form}
        {record}
        {assessment}
        {outcome}
        <p class="govuk-body">
            <a class="govuk-link" href="/projects">
                "All projects"
            </a>
        </p>
    }
}

#[component]
pub fn AssessmentPage(
    id: i32,
    name: String,
    items: Vec<RecordItem>,
    value: String,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    view! {
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{name}</span>
        <h1 class="govuk-heading-l">"Assess the services"</h1>
        <p class="govuk-body">
            {format!(
                "Your record holds {}. Say how you judged each against your needs: what you looked at, and why the one you chose (if any) was the best value.",
                plural(items.len() as u64),
            )}
        </p>
        <form method="post" action=format!("/projects/{id}/assessment") novalidate>
            <Textarea
                id="assessment"
                label="How you assessed the services"
                value=value
                errors=errors
                rows=10
            />
            <Button label="Save assessment" />
        </form>
        <p class="govuk-body">
            <a class="govuk-link" href=format!("/projects/{id}")>
                "Back to the project"
            </a>
        </p>
    }
}

#[component]
pub fn OutcomePage(
    id: i32,
    name: String,
    items: Vec<RecordItem>,
    form: OutcomeForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let outcomes = vec![
        (
            "awarded".to_string(),
            ProjectOutcome::Awarded.label().to_string(),
            Some("Fill in the contract below".to_string()),
        ),
        (
            "no_suitable".to_string(),
            ProjectOutcome::NoSuitable.label().to_string(),
            Some("Say why below".to_string()),
        ),
        (
            "cancelled".to_string(),
            ProjectOutcome::Cancelled.label().to_string(),
            Some("Say why below".to_string()),
        ),
    ];
    let services: Vec<(String, String, Option<String>)> = items
        .iter()
        .map(|i| {
            (
                i.service_id.to_string(),
                i.service_name.clone(),
                Some(format!("{} · {}", i.supplier_name, i.price_text)),
            )
        })
        .collect();
    let has_services = !services.is_empty();
    view! {
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{name}</span>
        <h1 class="govuk-heading-l">"Record the outcome"</h1>
        <form method="post" action=format!("/projects/{id}/outcome") novalidate>
            <Radios
                id="outcome"
                legend="How did the project end?"
                options=outcomes
                selected=form.outcome.clone()
                errors=errors.clone()
            />
            {has_services
                .then(|| {
                    view! {
                        <h2 class="govuk-heading-m">"The contract, if you awarded one"</h2>
                        <Radios
                            id="service"
                            legend="Which service did you award the contract to?"
                            options=services
                            selected=form.service.clone()
                            errors=errors.clone()
                        />
                        <TextInput
                            id="value"
                            label="Contract value, in pounds"
                            hint="The whole contract, for example 125000 or £125,000.00"
                            value=form.value.clone()
                            errors=errors.clone()
                            width="10"
                        />
                        <DateInput
                            id="start"
                            legend="Start date"
                            hint="For example, 1 4 2027"
                            value=(
                                form.start_day.clone(),
                                form.start_month.clone(),
                                form.start_year.clone(),
                            )
                            errors=errors.clone()
                        />
                        <DateInput
                            id="end"
                            legend="End date"
                            hint="For example, 31 3 2029"
                            value=(
                                form.end_day.clone(),
                                form.end_month.clone(),
                                form.end_year.clone(),
                            )
                            errors=errors.clone()
                        />
                        <TextInput
                            id="reference"
                            label="Contract reference"
                            hint="Your force's reference for the contract"
                            value=form.reference.clone()
                            errors=errors.clone()
                            width="20"
                        />
                    }
                })}
            <Textarea
                id="reason"
                label="If no service was suitable, or the project was cancelled: why"
                value=form.reason.clone()
                errors=errors
                rows=4
            />
            <Button label="Record outcome" />
        </form>
        <p class="govuk-body">
            <a class="govuk-link" href=format!("/projects/{id}")>
                "Back to the project"
            </a>
        </p>
    }
}
