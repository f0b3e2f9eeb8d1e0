//! Aggregation opportunities (forces paying separately for the same thing) and the
//! replacement planner (systems reaching end of support, and what could replace them).

use crate::money::Money;
use crate::spend::classify::year_label;
use crate::spend::service::opportunities::{ForceShare, Opportunities, Planner};
use crate::ui::forms::{Button, ErrorSummary, Select};
use crate::validation::FieldErrors;
use leptos::prelude::*;

fn start_button(fields: Vec<(&'static str, String)>, label: String) -> impl IntoView {
    view! {
        <form method="post" action="/spend/opportunities/start" class="bl-inline-form">
            {fields
                .into_iter()
                .map(|(n, v)| view! { <input type="hidden" name=n value=v /> })
                .collect_view()}
            <button
                type="submit"
                class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
            >
                {label}
            </button>
        </form>
    }
}

/// One supplier or function several forces paid for separately: the forces' shares in a
/// table folded away, and the button that starts a shared procurement.
fn paid_separately(
    heading_id: String,
    heading: String,
    forces: &[ForceShare],
    total: Money,
    button: Option<impl IntoView>,
) -> impl IntoView {
    let rows = forces
        .iter()
        .map(|f| {
            let share = crate::spend::classify::share(f.pence, total.pence())
                .map(|d| format!("{d}%"))
                .unwrap_or_default();
            view! {
                <tr class="govuk-table__row">
                    <td class="govuk-table__cell">{f.force.clone()}</td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">
                        {Money::from_pence(f.pence).to_string()}
                    </td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{share}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="bl-opportunity">
            <h3 class="govuk-heading-s" id=heading_id.clone()>
                {heading}
            </h3>
            <details class="govuk-details">
                <summary class="govuk-details__summary">
                    <span class="govuk-details__summary-text">"What each force paid"</span>
                </summary>
                <div class="govuk-details__text">
                    <table class="govuk-table bl-table-s" aria-labelledby=heading_id>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">
                                    "Force"
                                </th>
                                <th
                                    scope="col"
                                    class="govuk-table__header govuk-table__header--numeric"
                                >
                                    "Paid"
                                </th>
                                <th
                                    scope="col"
                                    class="govuk-table__header govuk-table__header--numeric"
                                >
                                    "Share"
                                </th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">{rows}</tbody>
                    </table>
                </div>
            </details>
            {button}
        </div>
    }
}

#[component]
pub fn OpportunitiesPage(o: Opportunities, errors: FieldErrors) -> impl IntoView {
    let year = o.year;
    let years: Vec<(String, String)> = o
        .years
        .iter()
        .rev()
        .map(|y| (y.to_string(), year_label(*y)))
        .collect();
    let can_start = o.can_start;
    view! {
        <ErrorSummary errors=errors />
        <span class="govuk-caption-l">"Spend"</span>
        <h1 class="govuk-heading-l">"Where forces pay separately for the same thing"</h1>
        <p class="govuk-body">
            "Functions and suppliers that three or more forces paid for separately in a financial year, and products several forces run and maintain on their own. Buying together through a shared procurement can cut the price and the work."
        </p>
        <form method="get" action="/spend/opportunities" class="bl-filters bl-filter-grid">
            <Select id="year" label="Financial year" options=years selected=year.to_string() />
            <Button label="Show opportunities" secondary=true />
        </form>
        <nav class="gem-c-contents-list" aria-label="Contents">
            <h2 class="govuk-heading-s govuk-!-margin-bottom-1">"Contents"</h2>
            <ul class="govuk-list">
                <li>
                    <a class="govuk-link" href="#functions">
                        {format!("Functions paid for separately ({})", o.functions.len())}
                    </a>
                </li>
                <li>
                    <a class="govuk-link" href="#suppliers">
                        {format!("Suppliers paid separately ({})", o.suppliers.len())}
                    </a>
                </li>
                <li>
                    <a class="govuk-link" href="#products">
                        {format!("Products several forces run ({})", o.products.len())}
                    </a>
                </li>
            </ul>
        </nav>
        <h2 class="govuk-heading-m" id="functions">
            {format!("Functions paid for separately in {}", o.year_label())}
        </h2>
        {if o.functions.is_empty() {
            view! {
                <p class="govuk-body">
                    "No function was paid for by three or more forces that year. Rules that give a function to the payments they match fill this list."
                </p>
            }
                .into_any()
        } else {
            o.functions
                .iter()
                .map(|f| {
                    let button = can_start
                        .then(|| {
                            start_button(
                                vec![
                                    ("function", f.function_id.to_string()),
                                    ("year", year.to_string()),
                                ],
                                format!(
                                    "Start a shared procurement with these forces for {}",
                                    f.function,
                                ),
                            )
                        });
                    paid_separately(
                        format!("function-{}", f.function_id),
                        format!("{}: {} forces, {} in all", f.function, f.forces.len(), f.total),
                        &f.forces,
                        f.total,
                        button,
                    )
                })
                .collect_view()
                .into_any()
        }}
        <h2 class="govuk-heading-m" id="suppliers">
            {format!("Suppliers paid separately in {}", o.year_label())}
        </h2>
        {if o.suppliers.is_empty() {
            view! {
                <p class="govuk-body">"No supplier was paid by three or more forces that year."</p>
            }
                .into_any()
        } else {
            o.suppliers
                .iter()
                .map(|s| {
                    let button = can_start
                        .then(|| {
                            start_button(
                                vec![
                                    ("supplier", s.supplier_id.to_string()),
                                    ("year", year.to_string()),
                                ],
                                format!(
                                    "Start a shared procurement with these forces for {}",
                                    s.supplier,
                                ),
                            )
                        });
                    paid_separately(
                        format!("supplier-{}", s.supplier_id),
                        format!("{}: {} forces, {} in all", s.supplier, s.forces.len(), s.total),
                        &s.forces,
                        s.total,
                        button,
                    )
                })
                .collect_view()
                .into_any()
        }}
        <h2 class="govuk-heading-m" id="products">
            "Products several forces run"
        </h2>
        {if o.products.is_empty() {
            view! { <p class="govuk-body">"No product is run by more than one force."</p> }
                .into_any()
        } else {
            o.products
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let heading_id = format!("product-{i}");
                    view! {
                        <div class="bl-opportunity">
                            <h3 class="govuk-heading-s" id=heading_id.clone()>
                                {format!(
                                    "{} ({}): {} forces, {} a year to maintain",
                                    p.product,
                                    p.supplier,
                                    p.forces.len(),
                                    p.maintenance,
                                )}
                            </h3>
                            <details class="govuk-details">
                                <summary class="govuk-details__summary">
                                    <span class="govuk-details__summary-text">
                                        "Each force's system"
                                    </span>
                                </summary>
                                <div class="govuk-details__text">
                                    <table
                                        class="govuk-table bl-table-s"
                                        aria-labelledby=heading_id
                                    >
                                        <thead class="govuk-table__head">
                                            <tr class="govuk-table__row">
                                                <th scope="col" class="govuk-table__header">
                                                    "Force"
                                                </th>
                                                <th
                                                    scope="col"
                                                    class="govuk-table__header govuk-table__header--numeric"
                                                >
                                                    "Maintenance a year"
                                                </th>
                                                <th scope="col" class="govuk-table__header">
                                                    "End of support"
                                                </th>
                                                <th scope="col" class="govuk-table__header">
                                                    "Status"
                                                </th>
                                            </tr>
                                        </thead>
                                        <tbody class="govuk-table__body">
                                            {p
                                                .forces
                                                .iter()
                                                .map(|f| {
                                                    view! {
                                                        <tr class="govuk-table__row">
                                                            <td class="govuk-table__cell">{f.force.clone()}</td>
                                                            <td class="govuk-table__cell govuk-table__cell--numeric">
                                                                {f
                                                                    .maintenance
                                                                    .map(|m| m.to_string())
                                                                    .unwrap_or_else(|| "Not known".into())}
                                                            </td>
                                                            <td class="govuk-table__cell">
                                                                {f
                                                                    .end_of_support
                                                                    .map(|d| d.format("%-d %B %Y").to_string())
                                                                    .unwrap_or_else(|| "Not known".into())}
                                                            </td>
                                                            <td class="govuk-table__cell">{f.status.label()}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            </details>
                            {can_start
                                .then(|| {
                                    start_button(
                                        vec![("product", p.product.clone())],
                                        format!(
                                            "Start a shared procurement to replace {}",
                                            p.product,
                                        ),
                                    )
                                })}
                        </div>
                    }
                })
                .collect_view()
                .into_any()
        }}
    }
}

#[component]
pub fn PlannerPage(p: Planner) -> impl IntoView {
    let forces: Vec<(String, String)> = std::iter::once((String::new(), "All forces".into()))
        .chain(p.forces.iter().map(|(i, n)| (i.to_string(), n.clone())))
        .collect();
    let functions: Vec<(String, String)> =
        std::iter::once((String::new(), "Every function".into()))
            .chain(p.functions.iter().map(|(i, n)| (i.to_string(), n.clone())))
            .collect();
    let can_start = p.can_start;
    let national = !p.forces.is_empty();
    let today = p.today;
    view! {
        <span class="govuk-caption-l">{p.scope.clone()}</span>
        <h1 class="govuk-heading-l">"Replacement planner"</h1>
        <p class="govuk-body">
            {format!(
                "Systems whose support ends by {}, what they cost to maintain, what on the catalogue can replace them, and who else runs the same product.",
                p.until.format("%-d %B %Y"),
            )}
        </p>
        <form method="get" action="/spend/planner" class="bl-filters bl-filter-grid">
            {national
                .then(|| {
                    view! {
                        <Select
                            id="force"
                            label="Force"
                            options=forces
                            selected=p.force.map(|f| f.to_string()).unwrap_or_default()
                        />
                    }
                })}
            <Select
                id="function"
                label="Function"
                options=functions
                selected=p.function.map(|f| f.to_string()).unwrap_or_default()
            />
            <Button label="Show systems" secondary=true />
        </form>
        {if p.groups.is_empty() {
            view! {
                <p class="govuk-body">"No system reaches the end of its support in that time."</p>
            }
                .into_any()
        } else {
            p.groups
                .iter()
                .map(|g| {
                    let search = g.function_id.map(|f| format!("/services?can_replace={f}"));
                    view! {
                        <h2 class="govuk-heading-m">
                            {format!("{}: {} a year to maintain", g.function, g.maintenance)}
                        </h2>
                        <table class="govuk-table bl-table-s">
                            <caption class="govuk-table__caption govuk-table__caption--s">
                                {format!("{} systems reaching end of support", g.rows.len())}
                            </caption>
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">
                                        "System"
                                    </th>
                                    <th scope="col" class="govuk-table__header">
                                        "Support ends"
                                    </th>
                                    <th
                                        scope="col"
                                        class="govuk-table__header govuk-table__header--numeric"
                                    >
                                        "Maintenance a year"
                                    </th>
                                    <th scope="col" class="govuk-table__header">
                                        "Other forces running it"
                                    </th>
                                    <th scope="col" class="govuk-table__header">
                                        "Route"
                                    </th>
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">
                                {g
                                    .rows
                                    .iter()
                                    .map(|r| {
                                        let others = if r.other_forces.is_empty() {
                                            "None".to_string()
                                        } else {
                                            format!(
                                                "{} ({})",
                                                r.other_forces.len(),
                                                r.other_forces.join(", "),
                                            )
                                        };
                                        view! {
                                            <tr class="govuk-table__row">
                                                <td class="govuk-table__cell">
                                                    {format!("{}: {} ({})", r.force, r.product, r.supplier)}
                                                </td>
                                                <td class="govuk-table__cell bl-nowrap">
                                                    {r
                                                        .end_of_support
                                                        .map(|d| {
                                                            let when = d.format("%-d %B %Y").to_string();
                                                            if d < today { format!("Ended {when}") } else { when }
                                                        })
                                                        .unwrap_or_default()}
                                                </td>
                                                <td class="govuk-table__cell govuk-table__cell--numeric">
                                                    {r
                                                        .maintenance
                                                        .map(|m| m.to_string())
                                                        .unwrap_or_else(|| "Not known".into())}
                                                </td>
                                                <td class="govuk-table__cell">{others}</td>
                                                <td class="govuk-table__cell">
                                                    {if r.other_forces.is_empty() {
                                                        "A direct award from the catalogue"
                                                    } else {
                                                        "A shared procurement with the other forces, or a direct award"
                                                    }}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                        <h3 class="govuk-heading-s">"What on the catalogue can replace it"</h3>
                        {if g.replacements.is_empty() {
                            view! {
                                <p class="govuk-body">
                                    "No service on the catalogue says it can replace this function yet."
                                </p>
                            }
                                .into_any()
                        } else {
                            view! {
                                <ul class="govuk-list govuk-list--bullet">
                                    {g
                                        .replacements
                                        .iter()
                                        .map(|s| {
                                            view! {
                                                <li>
                                                    <a
                                                        class="govuk-link"
                                                        href=format!("/services/{}", s.service_id)
                                                    >
                                                        {s.name.clone()}
                                                    </a>
                                                    {format!(" from {}", s.supplier)}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                        <p class="govuk-body">
                            {search
                                .map(|href| {
                                    view! {
                                        <a class="govuk-link" href=href>
                                            {format!(
                                                "See all {} services that can replace it, with their police facts, and award directly",
                                                g.replacements_total,
                                            )}
                                        </a>
                                    }
                                })}
                        </p>
                        {(can_start && g.rows.iter().any(|r| !r.other_forces.is_empty()))
                            .then(|| {
                                let product = g
                                    .rows
                                    .iter()
                                    .find(|r| !r.other_forces.is_empty())
                                    .map(|r| r.product.clone())
                                    .unwrap_or_default();
                                start_button(
                                    vec![("product", product.clone())],
                                    format!("Start a shared procurement to replace {product}"),
                                )
                            })}
                    }
                })
                .collect_view()
                .into_any()
        }}
    }
}
