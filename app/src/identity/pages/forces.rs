use crate::identity::types::OrgSummary;
use leptos::prelude::*;

#[component]
pub fn ForcesPage(forces: Vec<OrgSummary>) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">"Forces"</h1>
        <p class="govuk-body">
            "Force staff can register only with an email address on one of their force’s domains."
        </p>
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">
                {format!("{} forces", forces.len())}
            </caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "Force"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Region"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Allowed email domains"
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {forces
                    .into_iter()
                    .map(|f| {
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">
                                    <a class="govuk-link" href=format!("/admin/forces/{}", f.id)>
                                        {f.name}
                                    </a>
                                </td>
                                <td class="govuk-table__cell">{f.region.unwrap_or_default()}</td>
                                <td class="govuk-table__cell">{f.domains.join(", ")}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
