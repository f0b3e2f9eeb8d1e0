//! Compare: the basket's services side by side, rows that differ marked (a tag as well as a
//! colour, so the difference does not rest on colour alone).

use crate::catalogue::rules::COMPARE_MAX;
use crate::catalogue::types::Comparison;
use crate::ui::forms::ProblemBanner;
use leptos::prelude::*;

/// A value as the table shows it: several items (joined with "; " by `rules::readable`) as a
/// list, nothing as "None".
fn value_cell(v: String) -> AnyView {
    if v.is_empty() {
        return view! { <span class="bl-secondary">"None"</span> }.into_any();
    }
    let items: Vec<String> = v.split("; ").map(str::to_string).collect();
    if items.len() == 1 {
        return view! { {v} }.into_any();
    }
    view! {
        <ul class="govuk-list govuk-list--bullet govuk-body-s">
            {items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn ComparePage(
    comparison: Comparison,
    /// Show only the rows that differ.
    only_differences: bool,
    problem: Option<String>,
) -> impl IntoView {
    let c = comparison;
    let count = c.columns.len();
    if count == 0 {
        return view! {
            <ProblemBanner message=problem />
            <h1 class="govuk-heading-l">"Compare services"</h1>
            <p class="govuk-body">
                {format!(
                    "You have not chosen any services to compare. Choose \"Add to compare\" on up to {COMPARE_MAX} services in your search results or on a service's page.",
                )}
            </p>
            <p class="govuk-body">
                <a class="govuk-link" href="/services">
                    "Find services"
                </a>
            </p>
        }
        .into_any();
    }
    let differing = c.rows.iter().filter(|r| r.differs).count();
    let rows: Vec<_> = c
        .rows
        .into_iter()
        .filter(|r| !only_differences || r.differs)
        .collect();
    let headers = c
        .columns
        .iter()
        .map(|col| {
            let name = col.name.clone();
            view! {
                <th scope="col" class="govuk-table__header bl-compare__service">
                    <a class="govuk-link" href=format!("/services/{}", col.id)>
                        {name.clone()}
                    </a>
                    <span class="govuk-body-s bl-secondary bl-compare__supplier">
                        {col.supplier_name.clone()}
                    </span>
                    <form method="post" action="/compare">
                        <input type="hidden" name="remove" value=col.id.to_string() />
                        <input type="hidden" name="back" value="/compare" />
                        <button
                            type="submit"
                            class="govuk-button govuk-button--secondary bl-button-s"
                            data-module="govuk-button"
                        >
                            "Remove"
                            <span class="govuk-visually-hidden">{format!(" {name}")}</span>
                        </button>
                    </form>
                </th>
            }
        })
        .collect_view();
    let gone = c.columns.iter().any(|col| col.gone.is_some()).then(|| {
        let cells = c
            .columns
            .iter()
            .map(|col| {
                view! {
                    <td class="govuk-table__cell">
                        {col
                            .gone
                            .clone()
                            .map(|g| {
                                view! {
                                    <strong class="govuk-tag govuk-tag--red">
                                        "No longer available"
                                    </strong>
                                    <p class="govuk-body-s">{g}</p>
                                }
                            })}
                    </td>
                }
            })
            .collect_view();
        view! {
            <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                    "Availability"
                </th>
                {cells}
            </tr>
        }
    });
    let body = rows
        .into_iter()
        .map(|r| {
            let class = if r.differs {
                "govuk-table__row bl-compare__row--differs"
            } else {
                "govuk-table__row"
            };
            view! {
                <tr class=class>
                    <th scope="row" class="govuk-table__header">
                        {r.label.clone()}
                        {r
                            .differs
                            .then(|| {
                                view! {
                                    " "
                                    <strong class="govuk-tag govuk-tag--yellow bl-compare__tag">
                                        "Differs"
                                    </strong>
                                }
                            })}
                    </th>
                    {r
                        .values
                        .into_iter()
                        .map(|v| view! { <td class="govuk-table__cell">{value_cell(v)}</td> })
                        .collect_view()}
                </tr>
            }
        })
        .collect_view();
    let toggle = if only_differences {
        view! {
            <a class="govuk-link" href="/compare">
                "Show every row"
            </a>
        }
        .into_any()
    } else {
        view! {
            <a class="govuk-link" href="/compare?rows=differ">
                {format!("Show only the {differing} rows that differ")}
            </a>
        }
        .into_any()
    };
    view! {
        <ProblemBanner message=problem />
        <h1 class="govuk-heading-l">"Compare services"</h1>
        <p class="govuk-body">
            {format!(
                "{count} of {COMPARE_MAX} services. Rows where they differ are marked \"Differs\".",
            )}
        </p>
        <p class="govuk-body">
            {toggle} " · " <a class="govuk-link" href="/services">
                "Back to your search"
            </a>
        </p>
        <div class="bl-scroll" role="region" aria-label="Services compared" tabindex="0">
            <table class="govuk-table bl-compare govuk-body-s">
                <caption class="govuk-table__caption govuk-visually-hidden">
                    "Services compared side by side"
                </caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell"></td>
                        {headers}
                    </tr>
                </thead>
                <tbody class="govuk-table__body">{gone} {body}</tbody>
            </table>
        </div>
        <form method="post" action="/compare">
            <input type="hidden" name="clear" value="all" />
            <input type="hidden" name="back" value="/compare" />
            <button
                type="submit"
                class="govuk-button govuk-button--warning"
                data-module="govuk-button"
            >
                "Remove every service"
            </button>
        </form>
    }
    .into_any()
}

/// The "Add to compare" / "Remove from compare" button for a service. `form` names the form it
/// submits (the search page's results sit inside its GET form, so their buttons point at a
/// separate POST form by id).
pub fn compare_button(id: i32, name: &str, chosen: bool, form: Option<&'static str>) -> AnyView {
    let (field, label) = if chosen {
        ("remove", "Remove from compare")
    } else {
        ("add", "Add to compare")
    };
    view! {
        <button
            type="submit"
            class="govuk-button govuk-button--secondary bl-button-s"
            data-module="govuk-button"
            form=form
            name=field
            value=id.to_string()
        >
            {label}
            <span class="govuk-visually-hidden">{format!(" {name}")}</span>
        </button>
    }
    .into_any()
}
