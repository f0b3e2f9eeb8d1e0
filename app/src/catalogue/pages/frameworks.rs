use super::{service_result, stage_tag};
use crate::catalogue::types::*;
use crate::ui::forms::{Button, ErrorSummary, ProblemBanner, SummaryRow, TextInput, Textarea};
use crate::ui::pagination::Pagination;
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use leptos::prelude::*;

pub fn show_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

#[component]
pub fn FrameworksPage(frameworks: Vec<FrameworkSummary>, can_manage: bool) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">"Frameworks"</h1>
        <p class="govuk-body">
            "A framework is a set of suppliers the national body has approved, lot by lot. Buyers can choose services on a live framework without running their own procurement."
        </p>
        {can_manage
            .then(|| {
                view! {
                    <p class="govuk-body">
                        <a class="govuk-button govuk-button--secondary" href="/frameworks/new">
                            "Create a framework"
                        </a>
                    </p>
                }
            })}
        {if frameworks.is_empty() {
            view! { <p class="govuk-body">"There are no frameworks yet."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table">
                    <caption class="govuk-visually-hidden">"Frameworks"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">
                                "Framework"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Applications open"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Live"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Expires"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Stage"
                            </th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {frameworks
                            .into_iter()
                            .map(|f| {
                                view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell">
                                            <a class="govuk-link" href=format!("/frameworks/{}", f.id)>
                                                {f.name}
                                            </a>
                                        </td>
                                        <td class="govuk-table__cell">
                                            {show_date(f.applications_open)}
                                        </td>
                                        <td class="govuk-table__cell">{show_date(f.goes_live)}</td>
                                        <td class="govuk-table__cell">{show_date(f.expires)}</td>
                                        <td class="govuk-table__cell">{stage_tag(f.stage)}</td>
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

/// What the viewer may do from a framework's page.
#[derive(Clone, Debug, Default)]
pub struct FrameworkLinks {
    pub manage: bool,
    /// The supplier's application: (its status if started), when the viewer may apply.
    pub apply: Option<Option<ApplicationStatus>>,
}

#[component]
pub fn FrameworkPage(detail: FrameworkDetail, links: FrameworkLinks) -> impl IntoView {
    let f = detail.framework.clone();
    let id = f.id;
    view! {
        <span class="govuk-caption-l">"Framework"</span>
        <h1 class="govuk-heading-l">{f.name.clone()}</h1>
        <p class="govuk-body">{stage_tag(f.stage)}</p>
        <p class="govuk-body">{f.description.clone()}</p>
        <dl class="govuk-summary-list">
            <SummaryRow key="Applications open">{show_date(f.applications_open)}</SummaryRow>
            <SummaryRow key="Goes live">{show_date(f.goes_live)}</SummaryRow>
            <SummaryRow key="Expires">{show_date(f.expires)}</SummaryRow>
        </dl>
        {links
            .apply
            .map(|status| {
                let (text, button) = match status {
                    None => ("Your organisation has not applied to this framework.", "Apply"),
                    Some(ApplicationStatus::Draft) => {
                        ("Your application is saved as a draft.", "Continue your application")
                    }
                    Some(ApplicationStatus::Submitted) => {
                        (
                            "Your application is waiting for the national body's decision.",
                            "View your application",
                        )
                    }
                    Some(ApplicationStatus::Decided) => {
                        ("The national body has decided your application.", "View the decision")
                    }
                };
                view! {
                    <div class="govuk-inset-text">
                        <p class="govuk-body">{text}</p>
                        <a class="govuk-button" href=format!("/frameworks/{id}/application")>
                            {button}
                        </a>
                    </div>
                }
            })}
        {links
            .manage
            .then(|| {
                view! {
                    <h2 class="govuk-heading-m">"Run this framework"</h2>
                    <ul class="govuk-list">
                        <li>
                            <a class="govuk-link" href=format!("/frameworks/{id}/edit")>
                                "Change its name, description, dates or stage"
                            </a>
                        </li>
                        <li>
                            <a class="govuk-link" href=format!("/frameworks/{id}/declaration")>
                                "Edit the declaration suppliers answer"
                            </a>
                        </li>
                        <li>
                            <a class="govuk-link" href="/admin/applications">
                                "Decide applications"
                            </a>
                        </li>
                    </ul>
                }
            })}
        <h2 class="govuk-heading-m">"Lots"</h2>
        {detail
            .lots
            .into_iter()
            .map(|l| {
                let lot_id = l.lot.id;
                let is_group = |id: i32| l.categories.iter().any(|x| x.parent_id == Some(id));
                let groups = l.categories.iter().filter(|c| is_group(c.id)).count();
                let leaves = l.categories.iter().filter(|c| !c.retired && !is_group(c.id)).count();
                // A group is a category with sub-categories; the rest are what services pick.
                view! {
                    <h3 class="govuk-heading-s">
                        <a class="govuk-link" href=format!("/frameworks/{id}/lots/{lot_id}")>
                            {l.lot.name.clone()}
                        </a>
                        {format!(" ({} published services)", l.services)}
                    </h3>
                    <p class="govuk-body">{l.lot.description.clone()}</p>
                    {links
                        .manage
                        .then(|| {
                            view! {
                                <p class="govuk-body">
                                    <a
                                        class="govuk-link"
                                        href=format!("/frameworks/{id}/lots/{lot_id}/categories")
                                    >
                                        {format!("Edit the categories of {}", l.lot.name)}
                                    </a>
                                </p>
                            }
                        })}
                    <details class="govuk-details">
                        <summary class="govuk-details__summary">
                            <span class="govuk-details__summary-text">
                                {format!(
                                    "{leaves} categories{}",
                                    if groups > 0 {
                                        format!(" in {groups} groups")
                                    } else {
                                        String::new()
                                    },
                                )}
                            </span>
                        </summary>
                        <div class="govuk-details__text">
                            <ul class="govuk-list">
                                {l
                                    .categories
                                    .iter()
                                    .filter(|c| !c.retired)
                                    .map(|c| {
                                        let href = format!(
                                            "/frameworks/{id}/lots/{lot_id}?category={}",
                                            c.id,
                                        );
                                        let text = format!("{} ({})", c.name, c.services);
                                        if c.parent_id.is_none()
                                            && l.categories.iter().any(|x| x.parent_id == Some(c.id))
                                        {
                                            view! {
                                                <li class="bl-category-parent">
                                                    <a class="govuk-link" href=href>
                                                        <strong>{text}</strong>
                                                    </a>
                                                </li>
                                            }
                                                .into_any()
                                        } else {
                                            let class = if c.parent_id.is_some() {
                                                "bl-category-child"
                                            } else {
                                                ""
                                            };
                                            view! {
                                                <li class=class>
                                                    <a class="govuk-link" href=href>
                                                        {text}
                                                    </a>
                                                </li>
                                            }
                                                .into_any()
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    </details>
                }
            })
            .collect_view()}
        {(!detail.questions.is_empty())
            .then(|| {
                view! {
                    <h2 class="govuk-heading-m">"Declaration suppliers make"</h2>
                    <ol class="govuk-list govuk-list--number">
                        {detail
                            .questions
                            .into_iter()
                            .map(|q| view! { <li>{q.text}</li> })
                            .collect_view()}
                    </ol>
                }
            })}
    }
}

#[component]
pub fn FrameworkFormPage(
    #[prop(into)] title: String,
    #[prop(into)] action: String,
    form: FrameworkForm,
    errors: FieldErrors,
    problem: Option<String>,
    /// For an existing framework: its stage and the next one, for the "move now" button.
    stage: Option<(FrameworkStage, Option<FrameworkStage>)>,
    #[prop(into)] back: String,
) -> impl IntoView {
    let stage_action = format!("{back}/stage");
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ProblemBanner message=problem />
                <ErrorSummary errors=errors.clone() />
                <h1 class="govuk-heading-l">{title}</h1>
                <form method="post" action=action novalidate>
                    <TextInput id="name" label="Name" value=form.name errors=errors.clone() />
                    <Textarea
                        id="description"
                        label="Description"
                        hint="What the framework is for: buyers and suppliers read it."
                        value=form.description
                        errors=errors.clone()
                        rows=4
                    />
                    <TextInput
                        id="applications_open"
                        label="Applications open"
                        hint="As YYYY-MM-DD, for example 2027-04-01"
                        value=form.applications_open
                        errors=errors.clone()
                        width="10"
                        input_type="date"
                    />
                    <TextInput
                        id="goes_live"
                        label="Goes live"
                        hint="Buyers see its services from this date"
                        value=form.goes_live
                        errors=errors.clone()
                        width="10"
                        input_type="date"
                    />
                    <TextInput
                        id="expires"
                        label="Expires"
                        value=form.expires
                        errors=errors.clone()
                        width="10"
                        input_type="date"
                    />
                    <Button label="Save" />
                </form>
                {stage
                    .map(|(now, next)| {
                        view! {
                            <h2 class="govuk-heading-m">"Stage"</h2>
                            <p class="govuk-body">"It is now: " {stage_tag(now)}</p>
                            {next
                                .map(|n| {
                                    view! {
                                        <form method="post" action=stage_action.clone() novalidate>
                                            <p class="govuk-body">
                                                {format!(
                                                    "Moving it on by hand sets the date it becomes “{}” to today.",
                                                    n.label(),
                                                )}
                                            </p>
                                            <Button
                                                label=format!("Make it “{}” today", n.label())
                                                secondary=true
                                            />
                                        </form>
                                    }
                                })}
                        }
                    })}
                <p class="govuk-body">
                    <a class="govuk-link" href=back>
                        "Back"
                    </a>
                </p>
            </div>
        </div>
    }
}

#[component]
pub fn LotServicesPage(
    framework: FrameworkSummary,
    lot: LotWithCategories,
    category: Option<CategoryRow>,
    services: Vec<ServiceSummary>,
    total: u64,
    page: u64,
    pages: u64,
) -> impl IntoView {
    let base = format!("/frameworks/{}/lots/{}", framework.id, lot.lot.id);
    let query = match &category {
        Some(c) => format!("category={}&", c.id),
        None => String::new(),
    };
    view! {
        <span class="govuk-caption-l">{framework.name.clone()}</span>
        <h1 class="govuk-heading-l">
            {match &category {
                Some(c) => format!("{}: {}", lot.lot.name, c.name),
                None => lot.lot.name.clone(),
            }}
        </h1>
        <p class="govuk-body">
            {format!("{total} published services")}
            {category
                .as_ref()
                .map(|_| {
                    view! {
                        " ("
                        <a
                            class="govuk-link"
                            href=format!("/frameworks/{}/lots/{}", framework.id, lot.lot.id)
                        >
                            "all categories"
                        </a>
                        ")"
                    }
                })}
        </p>
        {(framework.stage != FrameworkStage::Live)
            .then(|| {
                view! {
                    <div class="govuk-inset-text">
                        "This framework is not live: buyers cannot see its services yet."
                    </div>
                }
            })}
        <ul class="govuk-list bl-results">
            {services
                .into_iter()
                .map(|s| {
                    let name = s.name.clone().into_any();
                    let summary = s.summary.clone().into_any();
                    service_result(&s, name, summary, false, None)
                })
                .collect_view()}
        </ul>
        <Pagination base=base query=query page=page pages=pages />
    }
}
