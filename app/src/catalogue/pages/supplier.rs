//! A supplier's public page, its own dashboard of services, and the two ways to start a
//! listing: a blank draft on a lot, or a copy of its G-Cloud records.

use super::application::application_tag;
use super::{price_of_summary, service_tag};
use crate::catalogue::types::*;
use crate::ui::forms::{Button, ErrorSummary, ProblemBanner, Radios, Select, Textarea};
use crate::ui::time::show_london;
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn SupplierCataloguePage(
    name: String,
    size: Option<String>,
    supplier_id: i32,
    services: Vec<ServiceSummary>,
    can_suspend: bool,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    view! {
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">"Supplier"</span>
        <h1 class="govuk-heading-l">{name}</h1>
        {size.map(|s| view! { <p class="govuk-body">{s}</p> })}
        <h2 class="govuk-heading-m">{format!("{} published services", services.len())}</h2>
        <ul class="govuk-list bl-results">
            {services
                .iter()
                .map(|s| {
                    view! {
                        <li class="bl-result">
                            <h3 class="govuk-heading-s">
                                <a class="govuk-link" href=format!("/services/{}", s.id)>
                                    {s.name.clone()}
                                </a>
                            </h3>
                            <p class="govuk-body-s bl-secondary">
                                {format!("{} · {}", s.lot_name, price_of_summary(s))}
                            </p>
                            <p class="govuk-body-s">{s.summary.clone()}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        {(can_suspend && !services.is_empty())
            .then(|| {
                view! {
                    <form
                        method="post"
                        action=format!("/suppliers/{supplier_id}/suspend")
                        novalidate
                    >
                        <h2 class="govuk-heading-m">"Suspend every service of this supplier"</h2>
                        <Textarea
                            id="reason"
                            label="Reason"
                            hint="The supplier and buyers will see it"
                            errors=errors.clone()
                            rows=3
                        />
                        <input type="hidden" name="intent" value="suspend" />
                        <Button label="Suspend all services" warning=true />
                    </form>
                }
            })}
    }
}

/// The supplier dashboard: applications, then services grouped by where they stand.
#[component]
pub fn DashboardPage(
    services: Vec<ServiceSummary>,
    applications: Vec<ApplicationSummary>,
    open_frameworks: Vec<FrameworkSummary>,
    can_list: bool,
) -> impl IntoView {
    let groups: Vec<(&'static str, Vec<ServiceSummary>)> = vec![
        (
            "Returned with comments",
            services
                .iter()
                .filter(|s| s.working_state == Some(VersionState::Returned))
                .cloned()
                .collect(),
        ),
        (
            "Drafts",
            services
                .iter()
                .filter(|s| {
                    s.working_state == Some(VersionState::Draft)
                        && s.status != ServiceStatus::Withdrawn
                })
                .cloned()
                .collect(),
        ),
        (
            "Submitted for review",
            services
                .iter()
                .filter(|s| s.working_state == Some(VersionState::Submitted))
                .cloned()
                .collect(),
        ),
        (
            "Published",
            services
                .iter()
                .filter(|s| s.status == ServiceStatus::Published && s.working_state.is_none())
                .cloned()
                .collect(),
        ),
        (
            "Suspended",
            services
                .iter()
                .filter(|s| s.status == ServiceStatus::Suspended)
                .cloned()
                .collect(),
        ),
        (
            "Withdrawn",
            services
                .iter()
                .filter(|s| s.status == ServiceStatus::Withdrawn)
                .cloned()
                .collect(),
        ),
    ];
    view! {
        <h1 class="govuk-heading-l">"Your services"</h1>
        {can_list
            .then(|| {
                view! {
                    <div class="govuk-button-group">
                        <a class="govuk-button" href="/supplier/services/new">
                            "Add a service"
                        </a>
                        <a
                            class="govuk-button govuk-button--secondary"
                            href="/supplier/services/import"
                        >
                            "Copy services from G-Cloud"
                        </a>
                    </div>
                }
            })}
        <h2 class="govuk-heading-m">"Framework applications"</h2>
        {open_frameworks
            .into_iter()
            .filter(|f| !applications.iter().any(|a| a.framework_id == f.id))
            .map(|f| {
                view! {
                    <div class="govuk-inset-text">
                        {format!("{} is open for applications. ", f.name)}
                        <a class="govuk-link" href=format!("/frameworks/{}/application", f.id)>
                            {format!("Apply to {}", f.name)}
                        </a>
                    </div>
                }
            })
            .collect_view()}
        {if applications.is_empty() {
            view! { <p class="govuk-body">"You have not applied to a framework yet."</p> }
                .into_any()
        } else {
            view! {
                <ul class="govuk-list">
                    {applications
                        .into_iter()
                        .map(|a| {
                            view! {
                                <li>
                                    <a
                                        class="govuk-link"
                                        href=format!("/frameworks/{}/application", a.framework_id)
                                    >
                                        {a.framework_name}
                                    </a>
                                    " "
                                    {application_tag(a.status)}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        {groups
            .into_iter()
            .filter(|(_, list)| !list.is_empty())
            .map(|(title, list)| {
                view! {
                    <table class="govuk-table">
                        <caption class="govuk-table__caption govuk-table__caption--m">
                            {format!("{title} ({})", list.len())}
                        </caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">
                                    "Service"
                                </th>
                                <th scope="col" class="govuk-table__header">
                                    "Lot"
                                </th>
                                <th scope="col" class="govuk-table__header">
                                    "Last changed"
                                </th>
                                <th scope="col" class="govuk-table__header">
                                    "Status"
                                </th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {list
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <tr class="govuk-table__row">
                                            <td class="govuk-table__cell">
                                                <a
                                                    class="govuk-link"
                                                    href=format!("/services/{}/manage", s.id)
                                                >
                                                    {s.name.clone()}
                                                </a>
                                            </td>
                                            <td class="govuk-table__cell">{s.lot_name.clone()}</td>
                                            <td class="govuk-table__cell">
                                                {show_london(s.updated_at)}
                                            </td>
                                            <td class="govuk-table__cell">
                                                {service_tag(s.status, s.working_state)}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
            })
            .collect_view()}
        {services
            .is_empty()
            .then(|| view! { <p class="govuk-body">"You have no services yet."</p> })}
    }
}

fn lot_options(lots: &[(FrameworkSummary, LotSummary)]) -> Vec<(String, String, Option<String>)> {
    lots.iter()
        .map(|(f, l)| {
            (
                l.id.to_string(),
                format!("{}: {}", f.name, l.name),
                Some(l.description.clone()),
            )
        })
        .collect()
}

#[component]
pub fn NewServicePage(
    lots: Vec<(FrameworkSummary, LotSummary)>,
    selected: String,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ProblemBanner message=problem />
                <ErrorSummary errors=errors.clone() />
                <h1 class="govuk-heading-l">"Add a service"</h1>
                {if lots.is_empty() {
                    view! {
                        <p class="govuk-body">
                            "You can list services on a lot once the national body has approved your application for it."
                        </p>
                        <p class="govuk-body">
                            <a class="govuk-link" href="/frameworks">
                                "See the frameworks"
                            </a>
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <form method="post" action="/supplier/services/new" novalidate>
                            <Radios
                                id="lot"
                                legend="Which lot is the service for?"
                                options=lot_options(&lots)
                                selected=selected
                                errors=errors.clone()
                            />
                            <Button label="Start the listing" />
                        </form>
                    }
                        .into_any()
                }}
            </div>
        </div>
    }
}

#[component]
pub fn ImportPage(
    lots: Vec<(FrameworkSummary, LotSummary)>,
    form: ImportForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let options: Vec<(String, String)> = std::iter::once((
        "auto".to_string(),
        "The lot each G-Cloud service was on".to_string(),
    ))
    .chain(
        lots.iter()
            .map(|(f, l)| (l.id.to_string(), format!("{}: {}", f.name, l.name))),
    )
    .collect();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ProblemBanner message=problem />
                <ErrorSummary errors=errors.clone() />
                <h1 class="govuk-heading-l">"Copy services from G-Cloud"</h1>
                <p class="govuk-body">
                    "Start drafts from the services you already list on the Digital Marketplace. Paste the JSON its API gave you for a service, or for a page of search results (up to 200 services). What fits is filled in; the rest is listed for you to complete. Nothing is published until the national body reviews it."
                </p>
                <form method="post" action="/supplier/services/import" novalidate>
                    <Select
                        id="lot"
                        label="Lot to copy them to"
                        options=options
                        selected=form.lot
                        errors=errors.clone()
                    />
                    <Textarea
                        id="json"
                        label="G-Cloud JSON"
                        hint="For example {\"services\": {\"serviceName\": …}}"
                        value=form.json
                        errors=errors.clone()
                        rows=12
                    />
                    <Button label="Copy to drafts" />
                </form>
            </div>
        </div>
    }
}

#[component]
pub fn ImportedPage(drafts: Vec<ImportedDraft>) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">{format!("{} drafts copied from G-Cloud", drafts.len())}</h1>
        <p class="govuk-body">
            "Each draft lists what is still to complete. Nothing is published until you submit it and the national body reviews it."
        </p>
        {drafts
            .into_iter()
            .map(|d| {
                view! {
                    <h2 class="govuk-heading-s">
                        <a class="govuk-link" href=format!("/services/{}/manage", d.service_id)>
                            {if d.name.is_empty() {
                                format!("Untitled service {}", d.service_id)
                            } else {
                                d.name.clone()
                            }}
                        </a>
                    </h2>
                    {if d.to_complete.is_empty() {
                        view! { <p class="govuk-body">"Nothing left to complete."</p> }.into_any()
                    } else {
                        view! {
                            <p class="govuk-body">"To complete:"</p>
                            <ul class="govuk-list govuk-list--bullet">
                                {d
                                    .to_complete
                                    .into_iter()
                                    .map(|t| view! { <li>{t}</li> })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                }
            })
            .collect_view()}
        <p class="govuk-body">
            <a class="govuk-link" href="/supplier/services">
                "Back to your services"
            </a>
        </p>
    }
}
