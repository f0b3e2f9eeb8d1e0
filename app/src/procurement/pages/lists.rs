use super::{state_tag, when};
use crate::procurement::service::{ListRow, MyProcurements, OpportunityFilter, OpportunityRow};
use crate::ui::forms::{Button, Select};
use leptos::prelude::*;

fn table(caption: &'static str, rows: Vec<ListRow>, empty: &'static str) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <h2 class="govuk-heading-m">{caption}</h2>
            <p class="govuk-body">{empty}</p>
        }
        .into_any();
    }
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "Procurement"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Lead"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Forces"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Join by"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Bids close"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Status"
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {rows
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">
                                    <a class="govuk-link" href=format!("/procurements/{}", r.id)>
                                        {r.title}
                                    </a>
                                </td>
                                <td class="govuk-table__cell">{r.lead}</td>
                                <td class="govuk-table__cell">{r.forces}</td>
                                <td class="govuk-table__cell">{when(r.join_deadline)}</td>
                                <td class="govuk-table__cell">{when(r.bid_deadline)}</td>
                                <td class="govuk-table__cell">{state_tag(r.state)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The bids assigned to an evaluator, with where each stands.
fn evaluations(rows: Vec<crate::procurement::service::evaluate::MyAssignment>) -> impl IntoView {
    if rows.is_empty() {
        return ().into_any();
    }
    view! {
        <table class="govuk-table" id="evaluate">
            <caption class="govuk-table__caption govuk-table__caption--m">
                "Bids to evaluate"
            </caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "Procurement"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Bidder"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Due"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Status"
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {rows
                    .into_iter()
                    .map(|r| {
                        let status = match (r.submitted_at, r.declaration) {
                            (Some(_), _) => ("Submitted", "govuk-tag govuk-tag--green"),
                            (None, Some(crate::procurement::types::Declaration::Conflict)) => {
                                ("Conflict declared", "govuk-tag govuk-tag--red")
                            }
                            (None, Some(_)) => ("In progress", "govuk-tag govuk-tag--light-blue"),
                            (None, None) => ("To do", "govuk-tag govuk-tag--blue"),
                        };
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{r.title.clone()}</td>
                                <td class="govuk-table__cell">
                                    <a
                                        class="govuk-link"
                                        href=format!(
                                            "/procurements/{}/evaluate/{}",
                                            r.procurement_id,
                                            r.bid_id,
                                        )
                                    >
                                        {r.supplier}
                                        <span class="govuk-visually-hidden">
                                            {format!(": {}", r.title)}
                                        </span>
                                    </a>
                                </td>
                                <td class="govuk-table__cell">{when(r.due)}</td>
                                <td class="govuk-table__cell">
                                    <strong class=status.1>{status.0}</strong>
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

#[component]
pub fn MyProcurementsPage(lists: MyProcurements, national: bool) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">"Shared procurements"</h1>
        <p class="govuk-body">
            "One force leads a competition; other forces join it with their own demand; suppliers bid once for the combined volume, sealed until the deadline."
        </p>
        {lists
            .can_raise
            .then(|| {
                view! {
                    <a class="govuk-button" href="/procurements/new">
                        "Raise a procurement"
                    </a>
                }
            })}
        {if national {
            table("Every procurement", lists.all, "No force has opened a procurement yet.")
                .into_any()
        } else {
            view! {
                {evaluations(lists.to_evaluate)}
                {table(
                    "Open to join",
                    lists.open_to_join,
                    "No other force's procurement is open to join.",
                )}
                {table("Leading", lists.leading, "Your force leads no procurement yet.")}
                {table(
                    "Joined",
                    lists.joined,
                    "Your force has joined no other force's procurement.",
                )}
            }
                .into_any()
        }}
    }
}

#[component]
pub fn OpportunitiesPage(
    rows: Vec<OpportunityRow>,
    lots: Vec<(i32, String)>,
    filter: OpportunityFilter,
) -> impl IntoView {
    let mut lot_options = vec![(String::new(), "All your lots".to_string())];
    lot_options.extend(lots.iter().map(|(i, n)| (i.to_string(), n.clone())));
    let closing_options = vec![
        ("open".to_string(), "Open for bids".to_string()),
        ("closing_7".to_string(), "Closing within 7 days".to_string()),
        ("closed".to_string(), "Closed".to_string()),
        ("all".to_string(), "All".to_string()),
    ];
    view! {
        <h1 class="govuk-heading-l">"Opportunities"</h1>
        <p class="govuk-body">
            "Shared procurements published on the lots your company is approved on."
        </p>
        <form method="get" action="/opportunities" class="bl-filters">
            <Select
                id="lot"
                label="Lot"
                options=lot_options
                selected=filter.lot.clone().unwrap_or_default()
            />
            <Select
                id="closing"
                label="Closing"
                options=closing_options
                selected=filter.closing.clone().unwrap_or_else(|| "open".into())
            />
            <Button label="Show opportunities" secondary=true />
        </form>
        {if rows.is_empty() {
            view! { <p class="govuk-body">"No opportunities match."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--m">
                        {format!("{} opportunities", rows.len())}
                    </caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">
                                "Opportunity"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Lead force"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Lot"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Forces"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Bids close"
                            </th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {rows
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell">
                                            <a
                                                class="govuk-link"
                                                href=format!("/opportunities/{}", r.id)
                                            >
                                                {r.title}
                                            </a>
                                        </td>
                                        <td class="govuk-table__cell">{r.lead}</td>
                                        <td class="govuk-table__cell">{r.lot}</td>
                                        <td class="govuk-table__cell">{r.forces}</td>
                                        <td class="govuk-table__cell">
                                            {crate::ui::time::deadline(r.bid_deadline)}
                                        </td>
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
