//! The catalogue's pages, one component per page, and the pieces they share: status tags and
//! a listing shown as a buyer reads it.

pub mod application;
pub mod compare;
pub mod contracts;
pub mod frameworks;
pub mod lists;
pub mod manage;
pub mod projects;
pub mod review;
#[cfg(feature = "ssr")]
pub mod search;
pub mod service;
pub mod supplier;

use crate::catalogue::rules::{self, Choices};
use crate::catalogue::types::*;
use crate::ui::forms::SummaryRow;
use crate::ui::time::show_london;
use leptos::prelude::*;

pub fn stage_tag(s: FrameworkStage) -> impl IntoView {
    let class = match s {
        FrameworkStage::Coming => "govuk-tag govuk-tag--grey",
        FrameworkStage::Open => "govuk-tag govuk-tag--blue",
        FrameworkStage::Live => "govuk-tag govuk-tag--green",
        FrameworkStage::Expired => "govuk-tag govuk-tag--red",
    };
    view! { <strong class=class>{s.label()}</strong> }
}

/// A service's standing as its supplier reads it: the status, or the state of the version in
/// progress when that says more.
pub fn service_tag(status: ServiceStatus, working: Option<VersionState>) -> impl IntoView {
    let (class, text) = match (status, working) {
        (ServiceStatus::Withdrawn, _) => ("govuk-tag govuk-tag--grey", "Withdrawn".to_string()),
        (ServiceStatus::Suspended, _) => ("govuk-tag govuk-tag--red", "Suspended".to_string()),
        (ServiceStatus::Published, None) => ("govuk-tag govuk-tag--green", "Published".to_string()),
        (ServiceStatus::Published, Some(VersionState::Submitted)) => (
            "govuk-tag govuk-tag--blue",
            "Published, edit in review".to_string(),
        ),
        (ServiceStatus::Published, Some(VersionState::Returned)) => (
            "govuk-tag govuk-tag--orange",
            "Published, edit returned".to_string(),
        ),
        (ServiceStatus::Published, Some(_)) => (
            "govuk-tag govuk-tag--yellow",
            "Published, edit in progress".to_string(),
        ),
        (ServiceStatus::Draft, Some(VersionState::Submitted)) => {
            ("govuk-tag govuk-tag--blue", "Submitted".to_string())
        }
        (ServiceStatus::Draft, Some(VersionState::Returned)) => (
            "govuk-tag govuk-tag--orange",
            "Returned with comments".to_string(),
        ),
        (ServiceStatus::Draft, _) => ("govuk-tag govuk-tag--grey", "Draft".to_string()),
    };
    view! { <strong class=class>{text}</strong> }
}

pub fn price_of(l: &Listing) -> String {
    rules::price_text(l.price_min, l.price_max, l.price_unit, l.price_interval)
}

fn list_items(items: Vec<String>) -> impl IntoView {
    if items.is_empty() {
        return view! { <span class="bl-secondary">"None"</span> }.into_any();
    }
    view! {
        <ul class="govuk-list govuk-list--bullet">
            {items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

fn link(url: String, text: &'static str) -> impl IntoView {
    if url.is_empty() {
        return view! { <span class="bl-secondary">"Not given"</span> }.into_any();
    }
    view! {
        <a class="govuk-link" href=url rel="noreferrer noopener external">
            {text}
        </a>
    }
    .into_any()
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Not given",
    }
}

/// A listing grouped as a buyer reads it: about, price, documents, security, police facts.
#[component]
pub fn ListingView(listing: Listing, choices: Choices) -> impl IntoView {
    let l = listing;
    let c = choices;
    let categories: Vec<String> = l.categories.iter().map(|id| c.category_name(*id)).collect();
    let works_with: Vec<String> = l.works_with.iter().map(|id| c.term_name(*id)).collect();
    let can_replace: Vec<String> = l.can_replace.iter().map(|id| c.term_name(*id)).collect();
    let standards: Vec<String> = rules::standards_held(&l.standards)
        .iter()
        .map(|s| s.label().to_string())
        .collect();
    let networks: Vec<String> = l.networks.iter().map(|s| s.label().to_string()).collect();
    let formats: Vec<String> = l
        .export_formats
        .iter()
        .map(|s| s.label().to_string())
        .collect();
    let extraction = if l.data_extraction.is_empty() {
        "Not given".to_string()
    } else {
        l.data_extraction.clone()
    };
    let price = price_of(&l);
    let api_docs = l.api_docs_url.clone();
    view! {
        <h2 class="govuk-heading-m">"Features and benefits"</h2>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-half">
                <h3 class="govuk-heading-s">"Features"</h3>
                {list_items(l.features.clone())}
            </div>
            <div class="govuk-grid-column-one-half">
                <h3 class="govuk-heading-s">"Benefits"</h3>
                {list_items(l.benefits.clone())}
            </div>
        </div>
        <h2 class="govuk-heading-m">"Pricing"</h2>
        <dl class="govuk-summary-list">
            <SummaryRow key="Price">{price}</SummaryRow>
            <SummaryRow key="Prices include VAT">{yes_no(l.vat_included)}</SummaryRow>
            <SummaryRow key="Free version or trial">{yes_no(l.free_trial)}</SummaryRow>
        </dl>
        <h2 class="govuk-heading-m">"Documents"</h2>
        <dl class="govuk-summary-list">
            <SummaryRow key="Service definition">
                {link(l.service_definition_url.clone(), "Service definition document")}
            </SummaryRow>
            <SummaryRow key="Terms and conditions">
                {link(l.terms_url.clone(), "Terms and conditions")}
            </SummaryRow>
            <SummaryRow key="Pricing">{link(l.pricing_url.clone(), "Pricing document")}</SummaryRow>
        </dl>
        <h2 class="govuk-heading-m">"Security and assurance"</h2>
        <dl class="govuk-summary-list">
            <SummaryRow key="Data stored and processed in">
                {l.data_location.map(|v| v.label()).unwrap_or("Not given")}
            </SummaryRow>
            <SummaryRow key="Staff security clearance (up to)">
                {l.clearance.map(|v| v.label()).unwrap_or("Not given")}
            </SummaryRow>
            <SummaryRow key="Police vetting (up to)">
                {l.vetting.map(|v| v.label()).unwrap_or("Not given")}
            </SummaryRow>
            <SummaryRow key="Standards">{list_items(standards)}</SummaryRow>
            <SummaryRow key="Networks">{list_items(networks)}</SummaryRow>
        </dl>
        <h2 class="govuk-heading-m">"Police facts and interoperability"</h2>
        <dl class="govuk-summary-list">
            <SummaryRow key="Works with national systems">{list_items(works_with)}</SummaryRow>
            <SummaryRow key="Can replace">{list_items(can_replace)}</SummaryRow>
            <SummaryRow key="Open API">
                {yes_no(l.open_api)}
                {(!api_docs.is_empty())
                    .then(|| {
                        view! {
                            " ("
                            {link(api_docs.clone(), "API documentation")}
                            ")"
                        }
                    })}
            </SummaryRow>
            <SummaryRow key="Data export formats">{list_items(formats)}</SummaryRow>
            <SummaryRow key="Getting data out at the end of the contract">{extraction}</SummaryRow>
        </dl>
        <h2 class="govuk-heading-m">"Categories"</h2>
        {list_items(categories)}
    }
}

/// "Version 3, written by A Person on 1 Dec 2026 09:00; reviewed by ...": who and when.
pub fn version_line(v: &VersionRow) -> String {
    let mut s = format!(
        "Version {}, written by {} on {}",
        v.number,
        v.created_by,
        show_london(v.created_at)
    );
    if let Some(at) = v.submitted_at {
        s.push_str(&format!("; submitted {}", show_london(at)));
    }
    if let (Some(by), Some(at)) = (&v.reviewed_by, v.reviewed_at) {
        s.push_str(&format!("; reviewed by {by} on {}", show_london(at)));
    }
    s
}

/// A diff as a table: field, before, after.
#[component]
pub fn ChangesTable(
    changes: Vec<FieldChange>,
    #[prop(into)] caption: String,
    #[prop(into, default = "Live version".into())] before: String,
    #[prop(into, default = "This version".into())] after: String,
) -> impl IntoView {
    if changes.is_empty() {
        return view! { <p class="govuk-body">"Nothing has changed from the live version."</p> }
            .into_any();
    }
    view! {
        <table class="govuk-table bl-diff">
            <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "Field"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        {before}
                    </th>
                    <th scope="col" class="govuk-table__header">
                        {after}
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {changes
                    .into_iter()
                    .map(|c| {
                        view! {
                            <tr class="govuk-table__row">
                                <th scope="row" class="govuk-table__header">
                                    {c.field}
                                </th>
                                <td class="govuk-table__cell">
                                    <del>{c.before}</del>
                                </td>
                                <td class="govuk-table__cell">
                                    <ins>{c.after}</ins>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// A service in a list of results: its name (linked), supplier, price (and lot, where the
/// list spans lots) and summary. Name and summary come as views so search can mark words.
pub fn service_result(
    s: &ServiceSummary,
    name: AnyView,
    summary: AnyView,
    with_lot: bool,
    // Buttons under the summary (search's "Add to compare").
    actions: Option<AnyView>,
) -> impl IntoView {
    let facts = if with_lot {
        format!(" · {} · {}", s.lot_name, price_of_summary(s))
    } else {
        format!(" · {}", price_of_summary(s))
    };
    view! {
        <li class="bl-result">
            <h2 class="govuk-heading-s">
                <a class="govuk-link" href=format!("/services/{}", s.id)>
                    {name}
                </a>
            </h2>
            <p class="govuk-body-s bl-secondary">
                <a class="govuk-link" href=format!("/suppliers/{}", s.supplier_id)>
                    {s.supplier_name.clone()}
                </a>
                {facts}
            </p>
            <p class="govuk-body-s">{summary}</p>
            {actions}
        </li>
    }
}

pub fn price_of_summary(s: &ServiceSummary) -> String {
    rules::price_text(s.price_min, None, s.price_unit, s.price_interval)
        .replace(" a ", " per ")
        .replace(" an ", " per ")
        .replace(" every ", " per ")
        .replacen("£", "from £", 1)
}
