//! The contract register (a force's own, or the national body's of every force), filtered by
//! GET parameters, with its CSV download; and one contract's page, linking the search record
//! or the shared procurement it came from.

use super::frameworks::show_date;
use crate::catalogue::types::{ContractFilter, ContractRow, ContractSource, Register};
use crate::ui::forms::{Button, ErrorSummary, Select, SummaryRow, TextInput};
use leptos::prelude::*;

fn query(f: &ContractFilter) -> String {
    let enc = crate::ui::url::encode_component;
    [
        ("force", &f.force),
        ("supplier", &f.supplier),
        ("lot", &f.lot),
        ("min", &f.min),
        ("max", &f.max),
        ("ending", &f.ending),
        ("source", &f.source),
    ]
    .iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| format!("{k}={}", enc(v.trim())))
    .collect::<Vec<_>>()
    .join("&")
}

fn choices(first: &str, items: &[(i32, String)]) -> Vec<(String, String)> {
    std::iter::once((String::new(), first.to_string()))
        .chain(items.iter().map(|(i, n)| (i.to_string(), n.clone())))
        .collect()
}

fn origin(c: &ContractRow) -> AnyView {
    match (c.source, c.project_id, c.procurement_id) {
        (ContractSource::DirectAward, Some(p), _) => view! {
            <a class="govuk-link" href=format!("/projects/{p}")>
                "Direct award: the search record"
            </a>
        }
        .into_any(),
        (ContractSource::SharedProcurement, _, Some(p)) => view! {
            <a class="govuk-link" href=format!("/procurements/{p}")>
                "Shared procurement"
            </a>
        }
        .into_any(),
        (s, _, _) => view! { {s.label()} }.into_any(),
    }
}

#[component]
pub fn RegisterPage(register: Register, filter: ContractFilter) -> impl IntoView {
    let r = register;
    let q = query(&filter);
    let csv = if q.is_empty() {
        "/contracts.csv".to_string()
    } else {
        format!("/contracts.csv?{q}")
    };
    let national = r.national;
    let count = r.rows.len();
    let rows = r
        .rows
        .iter()
        .map(|c| {
            view! {
                <tr class="govuk-table__row">
                    <td class="govuk-table__cell">
                        <a class="govuk-link" href=format!("/contracts/{}", c.id)>
                            {c.reference.clone()}
                        </a>
                    </td>
                    {national
                        .then(|| {
                            view! { <td class="govuk-table__cell">{c.force_name.clone()}</td> }
                        })}
                    <td class="govuk-table__cell">{c.title.clone()}</td>
                    <td class="govuk-table__cell">{c.supplier_name.clone()}</td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">
                        {c.value.to_string()}
                    </td>
                    <td class="govuk-table__cell">
                        {format!("{} to {}", show_date(c.start_date), show_date(c.end_date))}
                    </td>
                    <td class="govuk-table__cell">{origin(c)}</td>
                </tr>
            }
        })
        .collect_view();
    let sources: Vec<(String, String)> = std::iter::once((String::new(), "Any source".to_string()))
        .chain(
            ContractSource::ALL
                .iter()
                .map(|s| (s.as_str().to_string(), s.label().to_string())),
        )
        .collect();
    view! {
        <h1 class="govuk-heading-l">
            {if national { "Contract register" } else { "Your force's contracts" }}
        </h1>
        <p class="govuk-body">
            "Every contract made by a direct award from the catalogue or by a shared procurement's award."
        </p>
        <ErrorSummary errors=r.errors.clone() />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-third">
                <form method="get" action="/contracts" class="bl-filters">
                    <h2 class="govuk-heading-m">"Filter"</h2>
                    {national
                        .then(|| {
                            view! {
                                <Select
                                    id="force"
                                    label="Force"
                                    options=choices("Every force", &r.forces)
                                    selected=filter.force.clone()
                                    errors=r.errors.clone()
                                />
                            }
                        })}
                    <Select
                        id="supplier"
                        label="Supplier"
                        options=choices("Every supplier", &r.suppliers)
                        selected=filter.supplier.clone()
                        errors=r.errors.clone()
                    />
                    <Select
                        id="lot"
                        label="Framework lot"
                        options=choices("Every lot", &r.lots)
                        selected=filter.lot.clone()
                        errors=r.errors.clone()
                    />
                    <TextInput
                        id="min"
                        label="Value from, in pounds"
                        value=filter.min.clone()
                        width="10"
                        errors=r.errors.clone()
                    />
                    <TextInput
                        id="max"
                        label="Value up to, in pounds"
                        value=filter.max.clone()
                        width="10"
                        errors=r.errors.clone()
                    />
                    <TextInput
                        id="ending"
                        label="Ending within, in months"
                        value=filter.ending.clone()
                        width="3"
                        errors=r.errors.clone()
                    />
                    <Select
                        id="source"
                        label="Source"
                        options=sources
                        selected=filter.source.clone()
                        errors=r.errors.clone()
                    />
                    <Button label="Apply filters" secondary=true />
                </form>
            </div>
            <div class="govuk-grid-column-two-thirds">
                <p class="govuk-body">
                    {format!(
                        "{count} contract{} worth {} in all. ",
                        if count == 1 { "" } else { "s" },
                        r.total,
                    )} <a class="govuk-link" href=csv download>
                        "Download these contracts (CSV)"
                    </a>
                </p>
                {if count == 0 {
                    view! { <p class="govuk-body">"No contracts match."</p> }.into_any()
                } else {
                    view! {
                        <table class="govuk-table bl-table-s">
                            <caption class="govuk-table__caption govuk-visually-hidden">
                                "Contracts"
                            </caption>
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">
                                        "Reference"
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
                                        "Title"
                                    </th>
                                    <th scope="col" class="govuk-table__header">
                                        "Supplier"
                                    </th>
                                    <th
                                        scope="col"
                                        class="govuk-table__header govuk-table__header--numeric"
                                    >
                                        "Value"
                                    </th>
                                    <th scope="col" class="govuk-table__header">
                                        "Dates"
                                    </th>
                                    <th scope="col" class="govuk-table__header">
                                        "From"
                                    </th>
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">{rows}</tbody>
                        </table>
                    }
                        .into_any()
                }}
            </div>
        </div>
    }
}

#[component]
pub fn ContractPage(c: ContractRow) -> impl IntoView {
    let lot = c.lot.clone();
    let source = origin(&c);
    let service = c.service_id;
    view! {
        <a class="govuk-back-link" href="/contracts">
            "Back to the contracts"
        </a>
        <span class="govuk-caption-l">{c.reference.clone()}</span>
        <h1 class="govuk-heading-l">{c.title.clone()}</h1>
        <dl class="govuk-summary-list">
            <SummaryRow key="Force">{c.force_name.clone()}</SummaryRow>
            <SummaryRow key="Supplier">
                <a class="govuk-link" href=format!("/suppliers/{}", c.supplier_id)>
                    {c.supplier_name.clone()}
                </a>
            </SummaryRow>
            <SummaryRow key="Value">{c.value.to_string()}</SummaryRow>
            {c
                .share_method
                .clone()
                .map(|m| {
                    view! {
                        <SummaryRow key="How this force's share was worked out">{m}</SummaryRow>
                    }
                })}
            <SummaryRow key="Starts">{show_date(c.start_date)}</SummaryRow>
            <SummaryRow key="Ends">{show_date(c.end_date)}</SummaryRow>
            {(!lot.is_empty())
                .then(|| view! { <SummaryRow key="Framework lot">{lot}</SummaryRow> })}
            <SummaryRow key="Source">{source}</SummaryRow>
            {service
                .map(|s| {
                    view! {
                        <SummaryRow key="Service">
                            <a class="govuk-link" href=format!("/services/{s}")>
                                "The service in the catalogue"
                            </a>
                        </SummaryRow>
                    }
                })}
        </dl>
    }
}

/// A force's contracts ending soon, for its home page.
#[component]
pub fn EndingSoon(rows: Vec<ContractRow>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Contracts ending soon"</h2>
        {if rows.is_empty() {
            view! {
                <p class="govuk-body">
                    "None of your force's contracts ends in the next 6 months."
                </p>
            }
                .into_any()
        } else {
            view! {
                <ul class="govuk-list">
                    {rows
                        .into_iter()
                        .map(|c| {
                            view! {
                                <li>
                                    <a class="govuk-link" href=format!("/contracts/{}", c.id)>
                                        {format!("{}, {}", c.title, c.supplier_name)}
                                    </a>
                                    {format!(": ends {}", show_date(c.end_date))}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        <p class="govuk-body">
            <a class="govuk-link" href="/contracts">
                "All your force's contracts"
            </a>
        </p>
    }
}
