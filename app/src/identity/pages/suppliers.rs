use crate::identity::types::{OrgStatus, OrgSummary};
use crate::ui::time::show_london;
use leptos::prelude::*;

pub fn status_tag(s: OrgStatus) -> impl IntoView {
    let class = match s {
        OrgStatus::Active => "govuk-tag govuk-tag--green",
        OrgStatus::Pending => "govuk-tag govuk-tag--yellow",
        OrgStatus::Rejected => "govuk-tag govuk-tag--red",
    };
    view! { <strong class=class>{s.label()}</strong> }
}

#[component]
pub fn SuppliersPage(suppliers: Vec<OrgSummary>, status: Option<OrgStatus>) -> impl IntoView {
    let tabs = [
        (None, "All"),
        (Some(OrgStatus::Pending), "Pending"),
        (Some(OrgStatus::Active), "Approved"),
        (Some(OrgStatus::Rejected), "Rejected"),
    ];
    view! {
        <h1 class="govuk-heading-l">"Suppliers"</h1>
        <nav aria-label="Filter suppliers by status">
            <ul class="govuk-list bl-filter-links">
                {tabs
                    .into_iter()
                    .map(|(s, label)| {
                        let href = match s {
                            Some(s) => format!("/admin/suppliers?status={}", s.as_str()),
                            None => "/admin/suppliers".to_string(),
                        };
                        let current = s == status;
                        view! {
                            <li>
                                {if current {
                                    view! { <strong aria-current="page">{label}</strong> }
                                        .into_any()
                                } else {
                                    view! {
                                        <a class="govuk-link" href=href>
                                            {label}
                                        </a>
                                    }
                                        .into_any()
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
        {if suppliers.is_empty() {
            view! { <p class="govuk-body">"No suppliers match."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--m">
                        {format!("{} suppliers", suppliers.len())}
                    </caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">
                                "Company"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Companies House number"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Size"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Applied"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Status"
                            </th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {suppliers
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell">
                                            <a
                                                class="govuk-link"
                                                href=format!("/admin/suppliers/{}", s.id)
                                            >
                                                {s.name}
                                            </a>
                                        </td>
                                        <td class="govuk-table__cell">
                                            {s.companies_house_number.unwrap_or_default()}
                                        </td>
                                        <td class="govuk-table__cell">
                                            {s
                                                .supplier_size
                                                .map(|z| {
                                                    if z == crate::identity::types::SupplierSize::Sme {
                                                        "SME"
                                                    } else {
                                                        "Large"
                                                    }
                                                })
                                                .unwrap_or("")}
                                        </td>
                                        <td class="govuk-table__cell">
                                            {show_london(s.created_at)}
                                        </td>
                                        <td class="govuk-table__cell">{status_tag(s.status)}</td>
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
