//! A service's record, for its supplier and the national body: where it stands, the task list
//! of its sections, what can be done next; and the form for one section.

use super::{service_tag, ListingView};
use crate::catalogue::rules::{self, Choices, SectionStatus};
use crate::catalogue::types::*;
use crate::ui::forms::{
    Button, Checkboxes, ErrorSummary, ProblemBanner, Radios, Select, TextInput, Textarea,
    WarningText,
};
use crate::validation::FieldErrors;
use leptos::prelude::*;

/// What the viewer may do on a service's record page.
#[derive(Clone, Copy, Debug, Default)]
pub struct ManageRights {
    pub edit: bool,
    pub review: bool,
    pub suspend: bool,
}

fn section_tag(s: SectionStatus, id: String) -> impl IntoView {
    match s {
        SectionStatus::Completed => view! {
            <div class="govuk-task-list__status" id=id>
                "Completed"
            </div>
        }
        .into_any(),
        SectionStatus::Incomplete => view! {
            <div class="govuk-task-list__status" id=id>
                <strong class="govuk-tag govuk-tag--light-blue">"Incomplete"</strong>
            </div>
        }
        .into_any(),
        SectionStatus::NotStarted => view! {
            <div class="govuk-task-list__status" id=id>
                <strong class="govuk-tag govuk-tag--blue">"Not yet started"</strong>
            </div>
        }
        .into_any(),
    }
}

#[component]
pub fn ManagePage(
    detail: ServiceDetail,
    choices: Choices,
    rights: ManageRights,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let id = detail.id;
    let action = format!("/services/{id}/manage");
    let working = detail.working.clone();
    let editable = rights.edit
        && matches!(
            working.as_ref().map(|w| w.state),
            Some(VersionState::Draft | VersionState::Returned)
        );
    let listing = detail
        .current()
        .map(|v| v.listing.clone())
        .unwrap_or_default();
    let complete = rules::check_listing(&listing, &choices).is_empty();
    let statuses: Vec<(Section, SectionStatus)> = Section::ALL
        .iter()
        .map(|s| (*s, rules::section_status(*s, &listing, &choices)))
        .collect();
    let done = statuses
        .iter()
        .filter(|(_, s)| *s == SectionStatus::Completed)
        .count();
    view! {
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">
            {format!("{}: {}", detail.framework.name, detail.lot.lot.name)}
        </span>
        <h1 class="govuk-heading-l">{detail.name()}</h1>
        <p class="govuk-body">{service_tag(detail.status, working.as_ref().map(|w| w.state))}</p>
        {detail
            .status_reason
            .clone()
            .filter(|_| detail.status == ServiceStatus::Suspended)
            .map(|r| view! { <WarningText text=format!("Suspended by the national body: {r}") /> })}
        {working
            .as_ref()
            .filter(|w| w.state == VersionState::Returned)
            .and_then(|w| w.review_comment.clone())
            .map(|c| {
                view! {
                    <div
                        class="govuk-notification-banner"
                        role="region"
                        aria-labelledby="returned-title"
                    >
                        <div class="govuk-notification-banner__header">
                            <h2 class="govuk-notification-banner__title" id="returned-title">
                                "Returned with comments"
                            </h2>
                        </div>
                        <div class="govuk-notification-banner__content">
                            <p class="govuk-body">{c}</p>
                        </div>
                    </div>
                }
            })}
        {working
            .as_ref()
            .filter(|w| w.state == VersionState::Submitted)
            .map(|_| {
                view! {
                    <div class="govuk-inset-text">
                        "Submitted: the national body is reviewing this version."
                        {rights
                            .review
                            .then(|| {
                                view! {
                                    " "
                                    <a class="govuk-link" href=format!("/admin/reviews/{id}")>
                                        "Review it"
                                    </a>
                                }
                            })}
                    </div>
                }
            })}
        {(detail.live.is_some() && working.is_some())
            .then(|| {
                view! {
                    <p class="govuk-body">
                        "Buyers see the published version until this edit is approved."
                    </p>
                }
            })}
        {editable
            .then(|| {
                view! {
                    <h2 class="govuk-heading-m">"Your listing"</h2>
                    <p class="govuk-body">
                        {format!("You have completed {done} of {} sections.", statuses.len())}
                    </p>
                    <ul class="govuk-task-list">
                        {statuses
                            .iter()
                            .map(|(section, status)| {
                                let href = format!("/services/{id}/manage/{}", section.as_str());
                                let status_id = format!("{}-status", section.as_str());
                                view! {
                                    <li class="govuk-task-list__item govuk-task-list__item--with-link">
                                        <div class="govuk-task-list__name-and-hint">
                                            <a
                                                class="govuk-link govuk-task-list__link"
                                                href=href
                                                aria-describedby=status_id.clone()
                                            >
                                                {section.label()}
                                            </a>
                                        </div>
                                        {section_tag(*status, status_id)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <form method="post" action=action.clone() novalidate>
                        {if complete {
                            view! {
                                <p class="govuk-body">
                                    "Submit the listing for the national body to review. You cannot change it while it is being reviewed."
                                </p>
                            }
                                .into_any()
                        } else {
                            view! {
                                <p class="govuk-body">
                                    "Complete every section, then submit it for review."
                                </p>
                            }
                                .into_any()
                        }}
                        <div class="govuk-button-group">
                            <Button label="Submit for review" name="intent" value="submit" />
                            {(detail.live.is_some())
                                .then(|| {
                                    view! {
                                        <Button
                                            label="Discard this edit"
                                            secondary=true
                                            name="intent"
                                            value="discard"
                                        />
                                    }
                                })}
                        </div>
                    </form>
                }
            })}
        {(rights.edit && detail.status == ServiceStatus::Published && working.is_none())
            .then(|| {
                view! {
                    <form method="post" action=action.clone() novalidate>
                        <p class="govuk-body">
                            "An edit is a new version: the national body reviews it, and buyers see this version until then."
                        </p>
                        <Button label="Edit this service" name="intent" value="edit" />
                    </form>
                }
            })}
        <h2 class="govuk-heading-m">"More"</h2>
        <ul class="govuk-list">
            {(detail.status == ServiceStatus::Published && detail.live.is_some())
                .then(|| {
                    view! {
                        <li>
                            <a class="govuk-link" href=format!("/services/{id}")>
                                "See the published service as buyers do"
                            </a>
                        </li>
                    }
                })} <li>
                <a class="govuk-link" href=format!("/services/{id}/versions")>
                    "Versions and what changed"
                </a>
            </li>
        </ul>
        {(rights.suspend
            && matches!(detail.status, ServiceStatus::Published | ServiceStatus::Suspended))
            .then(|| {
                let suspended = detail.status == ServiceStatus::Suspended;
                view! {
                    <form method="post" action=format!("/services/{id}/suspension") novalidate>
                        <h2 class="govuk-heading-m">
                            {if suspended { "Lift the suspension" } else { "Suspend this service" }}
                        </h2>
                        {(!suspended)
                            .then(|| {
                                view! {
                                    <Textarea
                                        id="reason"
                                        label="Reason"
                                        hint="The supplier and buyers will see it"
                                        errors=errors.clone()
                                        rows=3
                                    />
                                }
                            })}
                        {if suspended {
                            view! {
                                <Button
                                    label="Lift the suspension"
                                    secondary=true
                                    name="intent"
                                    value="reinstate"
                                />
                            }
                                .into_any()
                        } else {
                            view! {
                                <Button
                                    label="Suspend"
                                    warning=true
                                    name="intent"
                                    value="suspend"
                                />
                            }
                                .into_any()
                        }}
                    </form>
                }
            })}
        {(rights.edit && detail.status != ServiceStatus::Withdrawn)
            .then(|| {
                view! {
                    <form method="post" action=action.clone() novalidate>
                        <h2 class="govuk-heading-m">"Withdraw this service"</h2>
                        <WarningText text="Withdrawing is final: buyers can no longer see or buy the service." />
                        <Button
                            label="Withdraw this service"
                            warning=true
                            name="intent"
                            value="withdraw"
                        />
                    </form>
                }
            })}
        {detail
            .current()
            .map(|v| {
                view! {
                    <h2 class="govuk-heading-l bl-preview-heading">
                        {format!("Preview of version {}", v.number)}
                    </h2>
                    <p class="govuk-body-l">{v.listing.summary.clone()}</p>
                    <ListingView listing=v.listing.clone() choices=choices.clone() />
                }
            })}
    }
}

fn yes_no() -> Vec<(String, String, Option<String>)> {
    vec![
        ("yes".into(), "Yes".into(), None),
        ("no".into(), "No".into(), None),
    ]
}

fn options<T: Copy>(
    all: &[T],
    value: fn(&T) -> &'static str,
    label: fn(&T) -> &'static str,
) -> Vec<(String, String, Option<String>)> {
    all.iter()
        .map(|v| (value(v).to_string(), label(v).to_string(), None))
        .collect()
}

fn owned(v: Vec<&str>) -> Vec<String> {
    v.into_iter().map(str::to_string).collect()
}

/// The categories of a lot, grouped under their parents, as one group of checkboxes.
#[component]
fn CategoryBoxes(choices: Choices, selected: Vec<String>, errors: FieldErrors) -> impl IntoView {
    let error = errors.get("categories").map(str::to_string);
    // (parent name, its leaves (id, name)), in the lot's order.
    type Group = (Option<String>, Vec<(i32, String)>);
    let mut groups: Vec<Group> = Vec::new();
    for (id, name, parent, retired) in &choices.categories {
        // A retired category is offered only to the listing that already has it.
        if *retired && !selected.contains(&id.to_string()) {
            continue;
        }
        match groups.iter_mut().find(|(p, _)| p == parent) {
            Some((_, list)) => list.push((*id, name.clone())),
            None => groups.push((parent.clone(), vec![(*id, name.clone())])),
        }
    }
    let mut first = true;
    let class = if error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    };
    view! {
        <div class=class>
            <fieldset class="govuk-fieldset" aria-describedby="categories-hint">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                    "Categories"
                </legend>
                <div id="categories-hint" class="govuk-hint">
                    {format!(
                        "Select up to {} categories that describe the service. Buyers browse by them.",
                        choices.max_categories,
                    )}
                </div>
                {error
                    .map(|e| {
                        view! {
                            <p id="categories-error" class="govuk-error-message">
                                <span class="govuk-visually-hidden">"Error: "</span>
                                {e}
                            </p>
                        }
                    })}
                {groups
                    .into_iter()
                    .map(|(parent, list)| {
                        view! {
                            {parent
                                .map(|p| {
                                    view! { <h3 class="govuk-heading-s bl-category-group">{p}</h3> }
                                })}
                            <div
                                class="govuk-checkboxes govuk-checkboxes--small"
                                data-module="govuk-checkboxes"
                            >
                                {list
                                    .into_iter()
                                    .map(|(id, name)| {
                                        let input_id = if first {
                                            first = false;
                                            "categories".to_string()
                                        } else {
                                            format!("categories-{id}")
                                        };
                                        let checked = selected.contains(&id.to_string());
                                        view! {
                                            <div class="govuk-checkboxes__item">
                                                <input
                                                    class="govuk-checkboxes__input"
                                                    id=input_id.clone()
                                                    name="categories"
                                                    type="checkbox"
                                                    value=id.to_string()
                                                    checked=checked
                                                />
                                                <label
                                                    class="govuk-label govuk-checkboxes__label"
                                                    for=input_id
                                                >
                                                    {name}
                                                </label>
                                            </div>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </div>
    }
}

#[component]
pub fn SectionPage(
    service_id: i32,
    service_name: String,
    section: Section,
    form: Pairs,
    choices: Choices,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let action = format!("/services/{service_id}/manage/{}", section.as_str());
    let back = format!("/services/{service_id}/manage");
    let e = errors.clone();
    let terms = |kind: TermKind| -> Vec<(String, String, Option<String>)> {
        let chosen = form.all(match kind {
            TermKind::NationalSystem => "works_with",
            TermKind::LegacyFunction => "can_replace",
        });
        choices
            .terms
            .iter()
            .filter(|(id, k, _, retired)| {
                *k == kind && (!retired || chosen.contains(&id.to_string().as_str()))
            })
            .map(|(id, _, name, _)| (id.to_string(), name.clone(), None))
            .collect()
    };
    let fields = match section {
        Section::About => view! {
            <TextInput
                id="name"
                label="Service name"
                hint="The name only: 100 characters or fewer, no extra keywords"
                value=form.one("name").to_string()
                errors=e.clone()
            />
            <Textarea
                id="summary"
                label="Summary"
                hint="What the service is and does: 50 words or fewer"
                value=form.one("summary").to_string()
                errors=e.clone()
                rows=4
            />
            <Textarea
                id="features"
                label="Features"
                hint="1 to 10 features, one a line, each 10 words or fewer"
                value=form.one("features").to_string()
                errors=e.clone()
                rows=6
            />
            <Textarea
                id="benefits"
                label="Benefits"
                hint="1 to 10 benefits, one a line, each 10 words or fewer"
                value=form.one("benefits").to_string()
                errors=e.clone()
                rows=6
            />
            <CategoryBoxes
                choices=choices.clone()
                selected=owned(form.all("categories"))
                errors=e.clone()
            />
        }
        .into_any(),
        Section::Pricing => view! {
            <TextInput
                id="price_min"
                label="Minimum price (£)"
                hint="In pounds and pence, for example 4.50"
                value=form.one("price_min").to_string()
                errors=e.clone()
                width="10"
            />
            <TextInput
                id="price_max"
                label="Maximum price (£, optional)"
                value=form.one("price_max").to_string()
                errors=e.clone()
                width="10"
            />
            <Select
                id="price_unit"
                label="Price per"
                hint="If none apply, choose unit"
                options=std::iter::once((String::new(), "Choose a unit".to_string()))
                    .chain(
                        PriceUnit::ALL
                            .iter()
                            .map(|u| (u.as_str().to_string(), u.label().to_string())),
                    )
                    .collect()
                selected=form.one("price_unit").to_string()
                errors=e.clone()
            />
            <Select
                id="price_interval"
                label="How often"
                options=std::iter::once((
                        String::new(),
                        "No interval (a one-off price)".to_string(),
                    ))
                    .chain(
                        PriceInterval::ALL
                            .iter()
                            .map(|u| (u.as_str().to_string(), format!("Per {}", u.label()))),
                    )
                    .collect()
                selected=form.one("price_interval").to_string()
                errors=e.clone()
            />
            <Radios
                id="vat_included"
                legend="Do the prices include VAT?"
                options=yes_no()
                selected=form.one("vat_included").to_string()
                errors=e.clone()
            />
            <Radios
                id="free_trial"
                legend="Is there a free version or trial?"
                options=yes_no()
                selected=form.one("free_trial").to_string()
                errors=e.clone()
            />
        }
        .into_any(),
        Section::Documents => view! {
            <p class="govuk-body">"Links to documents on your own website, starting https://"</p>
            <TextInput
                id="service_definition_url"
                label="Service definition"
                value=form.one("service_definition_url").to_string()
                errors=e.clone()
                input_type="url"
                spellcheck_off=true
            />
            <TextInput
                id="terms_url"
                label="Terms and conditions"
                value=form.one("terms_url").to_string()
                errors=e.clone()
                input_type="url"
                spellcheck_off=true
            />
            <TextInput
                id="pricing_url"
                label="Pricing document"
                value=form.one("pricing_url").to_string()
                errors=e.clone()
                input_type="url"
                spellcheck_off=true
            />
        }
        .into_any(),
        Section::Assurance => view! {
            <Radios
                id="data_location"
                legend="Where is buyers' data stored and processed?"
                options=options(DataLocation::ALL, DataLocation::as_str, DataLocation::label)
                selected=form.one("data_location").to_string()
                errors=e.clone()
            />
            <Radios
                id="clearance"
                legend="Highest government security clearance the service's staff hold"
                options=options(Clearance::ALL, Clearance::as_str, Clearance::label)
                selected=form.one("clearance").to_string()
                errors=e.clone()
            />
            <Radios
                id="vetting"
                legend="Highest police vetting the service's staff hold"
                options=options(Vetting::ALL, Vetting::as_str, Vetting::label)
                selected=form.one("vetting").to_string()
                errors=e.clone()
            />
            <Checkboxes
                id="standards"
                legend="Standards the service is certified to"
                hint="Select all that apply"
                options=options(Standard::ALL, Standard::as_str, Standard::label)
                selected=owned(form.all("standards"))
                errors=e.clone()
            />
            <Checkboxes
                id="networks"
                legend="Networks the service connects to"
                hint="Select all that apply"
                options=options(Network::ALL, Network::as_str, Network::label)
                selected=owned(form.all("networks"))
                errors=e.clone()
            />
        }
        .into_any(),
        Section::Police => view! {
            <Checkboxes
                id="works_with"
                legend="National systems the service works with"
                hint="Select all that apply"
                options=terms(TermKind::NationalSystem)
                selected=owned(form.all("works_with"))
                errors=e.clone()
                small=true
            />
            <Checkboxes
                id="can_replace"
                legend="Legacy system functions the service can replace"
                hint="Select all that apply"
                options=terms(TermKind::LegacyFunction)
                selected=owned(form.all("can_replace"))
                errors=e.clone()
                small=true
            />
            <Radios
                id="open_api"
                legend="Does the service have an open API?"
                options=yes_no()
                selected=form.one("open_api").to_string()
                errors=e.clone()
            />
            <TextInput
                id="api_docs_url"
                label="API documentation (if it has one)"
                value=form.one("api_docs_url").to_string()
                errors=e.clone()
                input_type="url"
                spellcheck_off=true
            />
            <Checkboxes
                id="export_formats"
                legend="Formats buyers can export their data in"
                hint="Select all that apply"
                options=options(ExportFormat::ALL, ExportFormat::as_str, ExportFormat::label)
                selected=owned(form.all("export_formats"))
                errors=e.clone()
            />
            <Textarea
                id="data_extraction"
                label="How buyers get their data out at the end of the contract"
                hint="200 words or fewer"
                value=form.one("data_extraction").to_string()
                errors=e.clone()
                rows=5
            />
        }
        .into_any(),
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ProblemBanner message=problem />
                <ErrorSummary errors=errors.clone() />
                <span class="govuk-caption-l">{service_name}</span>
                <h1 class="govuk-heading-l">{section.label()}</h1>
                <form method="post" action=action novalidate>
                    {fields}
                    <div class="govuk-button-group">
                        <Button label="Save and continue" />
                        <a class="govuk-link" href=back.clone()>
                            "Cancel"
                        </a>
                    </div>
                </form>
            </div>
        </div>
    }
}
