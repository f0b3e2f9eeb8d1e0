//! The systems register and the national duplication map.

use crate::money::Money;
use crate::spend::register::{SystemForm, SystemStatus, OTHER};
use crate::spend::service::{FunctionGroup, Register};
use crate::ui::forms::{Button, ErrorSummary, Select, TextInput};
use crate::validation::FieldErrors;
use leptos::prelude::*;

fn status_tag(s: SystemStatus) -> impl IntoView {
    let class = match s {
        SystemStatus::Current => "govuk-tag govuk-tag--green",
        SystemStatus::Legacy => "govuk-tag govuk-tag--orange",
        SystemStatus::BeingRetired => "govuk-tag govuk-tag--grey",
        SystemStatus::Planned => "govuk-tag govuk-tag--blue",
    };
    view! { <strong class=class>{s.label()}</strong> }
}

#[component]
pub fn RegisterPage(
    register: Register,
    /// The national body: (force id, name) of every force, to choose whose register to see.
    forces: Vec<(i32, String)>,
    errors: FieldErrors,
) -> impl IntoView {
    let id = register.force_id;
    let file_error = errors.get("file").map(str::to_string);
    view! {
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{register.force.clone()}</span>
        <h1 class="govuk-heading-l">"Systems register"</h1>
        <p class="govuk-body">
            "The systems the force runs, what they do and what they cost to maintain each year. The national duplication map is drawn from every force's register."
        </p>
        {(!forces.is_empty())
            .then(|| {
                let options: Vec<(String, String)> = forces
                    .iter()
                    .map(|(i, n)| (i.to_string(), n.clone()))
                    .collect();
                view! {
                    <form method="get" action="/spend/systems" class="bl-filters">
                        <Select id="force" label="Force" options=options selected=id.to_string() />
                        <Button label="Show register" secondary=true />
                    </form>
                }
            })}
        <p class="govuk-body">
            <a class="govuk-link" href="/spend/duplication">
                "The national duplication map"
            </a>
        </p>
        {if register.systems.is_empty() {
            view! { <p class="govuk-body">"No systems are recorded yet."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table bl-table-s">
                    <caption class="govuk-table__caption govuk-table__caption--m">
                        {format!(
                            "{} systems, {} a year to maintain",
                            register.systems.len(),
                            register.total,
                        )}
                    </caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">
                                "System"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Function"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Supplier and product"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Live since"
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
                                "Status"
                            </th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {register
                            .systems
                            .iter()
                            .map(|r| {
                                let s = &r.system;
                                let name = if register.can_edit {
                                    view! {
                                        <a
                                            class="govuk-link"
                                            href=format!("/spend/systems/{}", s.id)
                                        >
                                            {s.name.clone()}
                                        </a>
                                    }
                                        .into_any()
                                } else {
                                    s.name.clone().into_any()
                                };
                                view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell">{name}</td>
                                        <td class="govuk-table__cell">{r.function.clone()}</td>
                                        <td class="govuk-table__cell">
                                            {format!("{}: {}", s.supplier, s.product)}
                                        </td>
                                        <td class="govuk-table__cell">
                                            {s.go_live_year.map(|y| y.to_string()).unwrap_or_default()}
                                        </td>
                                        <td class="govuk-table__cell">
                                            {s
                                                .end_of_support
                                                .map(|d| d.format("%-d %b %Y").to_string())
                                                .unwrap_or_default()}
                                        </td>
                                        <td class="govuk-table__cell govuk-table__cell--numeric">
                                            {s
                                                .annual_maintenance_pence
                                                .map(|p| Money::from_pence(p).to_string())
                                                .unwrap_or_else(|| "Not known".into())}
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
        <p class="govuk-body">
            <a class="govuk-link" href=format!("/spend/systems.csv?force={id}")>
                "Download the register (CSV)"
            </a>
        </p>
        {register
            .can_edit
            .then(|| {
                view! {
                    <a class="govuk-button" href=format!("/spend/systems/new?force={id}")>
                        "Add a system"
                    </a>
                    <h2 class="govuk-heading-m">"Upload a register"</h2>
                    <form
                        method="post"
                        action=format!("/spend/systems/upload?force={id}")
                        enctype="multipart/form-data"
                        novalidate
                    >
                        <div class=if file_error.is_some() {
                            "govuk-form-group govuk-form-group--error"
                        } else {
                            "govuk-form-group"
                        }>
                            <label class="govuk-label" for="file">
                                "A CSV file with the downloaded register's columns"
                            </label>
                            <div class="govuk-hint" id="file-hint">
                                "It replaces the register. If any row has a mistake, nothing changes and each mistake is listed with its line."
                            </div>
                            <input
                                class="govuk-file-upload"
                                id="file"
                                name="file"
                                type="file"
                                accept=".csv,text/csv"
                                aria-describedby="file-hint"
                            />
                        </div>
                        <Button label="Upload and replace the register" secondary=true />
                    </form>
                }
            })}
    }
}

#[component]
pub fn SystemFormPage(
    force: String,
    action: String,
    form: SystemForm,
    functions: Vec<(i32, String)>,
    errors: FieldErrors,
    /// Editing an existing system: the delete button's address.
    delete: Option<String>,
) -> impl IntoView {
    let mut function_options = vec![(String::new(), "Choose".to_string())];
    function_options.extend(functions.into_iter().map(|(_, n)| (n.clone(), n)));
    function_options.push((OTHER.to_string(), OTHER.to_string()));
    let mut status_options = vec![(String::new(), "Choose".to_string())];
    status_options.extend(
        SystemStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), s.label().to_string())),
    );
    let heading = if delete.is_some() {
        "Change a system"
    } else {
        "Add a system"
    };
    view! {
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{force}</span>
        <h1 class="govuk-heading-l">{heading}</h1>
        <form method="post" action=action novalidate>
            <TextInput
                id="name"
                label="System name"
                value=form.name.clone()
                errors=errors.clone()
            />
            <Select
                id="function"
                label="What it does"
                options=function_options
                selected=form.function.clone()
                errors=errors.clone()
            />
            <TextInput
                id="supplier"
                label="Supplier"
                value=form.supplier.clone()
                errors=errors.clone()
            />
            <TextInput
                id="product"
                label="Product (optional)"
                value=form.product.clone()
                errors=errors.clone()
            />
            <TextInput
                id="go_live_year"
                label="Year it went live (optional)"
                hint="For example, 2016"
                value=form.go_live_year.clone()
                errors=errors.clone()
            />
            <TextInput
                id="end_of_support"
                label="Date its support ends (optional)"
                hint="For example, 31/03/2027"
                value=form.end_of_support.clone()
                errors=errors.clone()
            />
            <TextInput
                id="annual_maintenance"
                label="Annual maintenance cost in pounds (optional)"
                hint="For example, 125,000.00"
                value=form.annual_maintenance.clone()
                errors=errors.clone()
            />
            <Select
                id="status"
                label="Status"
                options=status_options
                selected=form.status.clone()
                errors=errors.clone()
            />
            <TextInput
                id="contract"
                label="The contract it runs under (optional)"
                value=form.contract.clone()
                errors=errors.clone()
            />
            <Button label="Save" />
        </form>
        {delete
            .map(|href| {
                view! {
                    <form method="post" action=href>
                        <Button label="Remove from the register" warning=true />
                    </form>
                }
            })}
    }
}

#[component]
pub fn DuplicationPage(groups: Vec<FunctionGroup>) -> impl IntoView {
    let max_forces = groups
        .iter()
        .flat_map(|g| g.products.iter().map(|p| p.forces.len()))
        .max()
        .unwrap_or(1)
        .max(1);
    view! {
        <h1 class="govuk-heading-l">"Duplication map"</h1>
        <p class="govuk-body">
            "For each thing forces need a system to do, which supplier's product each force runs and what they pay between them to maintain it. Where many forces run the same product, they could buy and run it together; where they run many products, a shared one could replace them."
        </p>
        {if groups.is_empty() {
            view! { <p class="govuk-body">"No force has recorded its systems yet."</p> }.into_any()
        } else {
            groups
                .into_iter()
                .map(|g| {
                    view! {
                        <table class="govuk-table bl-table-s">
                            <caption class="govuk-table__caption govuk-table__caption--m">
                                {format!(
                                    "{}: {} products in {} forces, {} a year",
                                    g.function,
                                    g.products.len(),
                                    g.forces,
                                    g.maintenance,
                                )}
                            </caption>
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">
                                        "Supplier and product"
                                    </th>
                                    <th scope="col" class="govuk-table__header">
                                        "Forces running it"
                                    </th>
                                    <th
                                        scope="col"
                                        class="govuk-table__header govuk-table__header--numeric"
                                    >
                                        "Maintenance a year"
                                    </th>
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">
                                {g
                                    .products
                                    .into_iter()
                                    .map(|p| {
                                        let n = p.forces.len();
                                        view! {
                                            <tr class="govuk-table__row">
                                                <th scope="row" class="govuk-table__header">
                                                    {format!("{}: {}", p.supplier, p.product)}
                                                </th>
                                                <td class="govuk-table__cell">
                                                    // A bar as long as the number of forces (the
                                                    // words below say it): no inline style, which
                                                    // the Content-Security-Policy refuses.
                                                    <meter
                                                        class="bl-bar"
                                                        min="0"
                                                        max=max_forces.to_string()
                                                        value=n.to_string()
                                                        aria-hidden="true"
                                                    ></meter>
                                                    <details class="govuk-details bl-details-s">
                                                        <summary class="govuk-details__summary">
                                                            <span class="govuk-details__summary-text">
                                                                {if n == 1 {
                                                                    "1 force".to_string()
                                                                } else {
                                                                    format!("{n} forces")
                                                                }}
                                                            </span>
                                                        </summary>
                                                        <div class="govuk-details__text">{p.forces.join(", ")}</div>
                                                    </details>
                                                </td>
                                                <td class="govuk-table__cell govuk-table__cell--numeric">
                                                    {p.maintenance.to_string()}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                })
                .collect_view()
                .into_any()
        }}
    }
}
