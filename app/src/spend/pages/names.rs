//! The national body's lists of names: buyer names to map to forces, and suppliers to merge
//! or split.

use crate::spend::service::{BuyerQueue, BuyerRow, SupplierRow};
use crate::spend::types::BuyerStatus;
use crate::ui::forms::{Button, ErrorSummary};
use crate::validation::FieldErrors;
use leptos::prelude::*;

fn buyer_form(row: &BuyerRow, forces: &[(i32, String)], errors: &FieldErrors) -> impl IntoView {
    let id = format!("buyer-{}", row.buyer.id);
    let error = errors.get(&id).map(str::to_string);
    let selected = match (row.buyer.status, row.buyer.force_id) {
        (BuyerStatus::Force, Some(f)) => format!("force-{f}"),
        (BuyerStatus::NotAForce, _) => "not_a_force".into(),
        _ => String::new(),
    };
    let mut options = vec![
        (String::new(), "Choose".to_string()),
        ("not_a_force".to_string(), "Not a force".to_string()),
    ];
    options.extend(
        forces
            .iter()
            .map(|(id, n)| (format!("force-{id}"), n.clone())),
    );
    view! {
        <form method="post" action=format!("/spend/buyers/{}", row.buyer.id) class="bl-inline-form">
            <div class=if error.is_some() {
                "govuk-form-group govuk-form-group--error"
            } else {
                "govuk-form-group"
            }>
                <label class="govuk-label govuk-visually-hidden" for=id.clone()>
                    {format!("What “{}” is", row.buyer.name)}
                </label>
                {error
                    .clone()
                    .map(|e| {
                        view! {
                            <p class="govuk-error-message" id=format!("{id}-error")>
                                <span class="govuk-visually-hidden">"Error: "</span>
                                {e}
                            </p>
                        }
                    })}
                <select class="govuk-select" id=id.clone() name="decision">
                    {options
                        .into_iter()
                        .map(|(v, l)| {
                            let sel = v == selected;
                            view! {
                                <option value=v selected=sel>
                                    {l}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <Button label="Save" secondary=true />
        </form>
    }
}

fn buyer_table(
    caption: &'static str,
    rows: Vec<BuyerRow>,
    forces: &[(i32, String)],
    errors: &FieldErrors,
) -> impl IntoView {
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "Name in the files"
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "Payments"
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "Money"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Is"
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {rows
                    .iter()
                    .map(|r| {
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">
                                    {r.buyer.name.clone()}
                                    {(r.buyer.decided_by.is_none()
                                        && r.buyer.status != BuyerStatus::Unknown)
                                        .then(|| {
                                            view! {
                                                <span class="govuk-hint">" (decided automatically)"</span>
                                            }
                                        })}
                                </td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">
                                    {r.payments.to_string()}
                                </td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">
                                    {r.money.to_string()}
                                </td>
                                <td class="govuk-table__cell">{buyer_form(r, forces, errors)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn BuyersPage(
    queue: BuyerQueue,
    forces: Vec<(i32, String)>,
    errors: FieldErrors,
) -> impl IntoView {
    let waiting = queue.waiting.len();
    view! {
        <ErrorSummary errors=errors.clone() />
        <h1 class="govuk-heading-l">"Buyer names"</h1>
        <p class="govuk-body">
            "Framework spend files name the body that paid on every row. Names that match a force are that force's spend; names that sound like policing but match no force wait here, their rows imported but in no force's figures, until you say what they are. What you choose is remembered for every later file."
        </p>
        {if waiting == 0 {
            view! { <p class="govuk-body">"No buyer names are waiting."</p> }.into_any()
        } else {
            buyer_table("Waiting to be mapped", queue.waiting, &forces, &errors).into_any()
        }}
        {(!queue.decided.is_empty())
            .then(|| buyer_table("Already decided", queue.decided, &forces, &errors))}
    }
}

#[component]
pub fn SuppliersPage(rows: Vec<SupplierRow>, q: String) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">"Suppliers in the spend"</h1>
        <p class="govuk-body">
            "Every payee spelling in the files belongs to one supplier: “MICROSOFT LIMITED” and “Microsoft Ltd” are one. Merge two suppliers that are one, or split a spelling off that is not."
        </p>
        <form method="get" action="/spend/suppliers" class="bl-filters">
            <div class="govuk-form-group">
                <label class="govuk-label" for="q">
                    "Supplier name"
                </label>
                <input
                    class="govuk-input govuk-input--width-20"
                    id="q"
                    name="q"
                    type="search"
                    value=q
                />
            </div>
            <Button label="Search" secondary=true />
        </form>
        {if rows.is_empty() {
            view! { <p class="govuk-body">"No suppliers found."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table">
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">
                                "Supplier"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Spellings"
                            </th>
                            <th
                                scope="col"
                                class="govuk-table__header govuk-table__header--numeric"
                            >
                                "Payments"
                            </th>
                            <th
                                scope="col"
                                class="govuk-table__header govuk-table__header--numeric"
                            >
                                "Money"
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
                                                href=format!("/spend/suppliers/{}", r.supplier.id)
                                            >
                                                {r.supplier.name.clone()}
                                            </a>
                                        </td>
                                        <td class="govuk-table__cell">
                                            {r.spellings.len().to_string()}
                                        </td>
                                        <td class="govuk-table__cell govuk-table__cell--numeric">
                                            {r.payments().to_string()}
                                        </td>
                                        <td class="govuk-table__cell govuk-table__cell--numeric">
                                            {r.money().to_string()}
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

#[component]
pub fn SupplierPage(
    row: SupplierRow,
    similar: Vec<(i32, String)>,
    errors: FieldErrors,
) -> impl IntoView {
    let id = row.supplier.id;
    let several = row.spellings.len() > 1;
    let mut options = vec![(String::new(), "Choose a supplier".to_string())];
    options.extend(similar.iter().map(|(i, n)| (i.to_string(), n.clone())));
    view! {
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">"Supplier in the spend"</span>
        <h1 class="govuk-heading-l">{row.supplier.name.clone()}</h1>
        <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Payments"</dt>
                <dd class="govuk-summary-list__value">
                    {format!("{} ({})", row.payments(), row.money())}
                </dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Companies House number"</dt>
                <dd class="govuk-summary-list__value">
                    {row.supplier.companies_house.clone().unwrap_or_else(|| "Not known".into())}
                </dd>
            </div>
            {row
                .supplier
                .organisation_id
                .map(|org| {
                    view! {
                        <div class="govuk-summary-list__row">
                            <dt class="govuk-summary-list__key">"In the catalogue"</dt>
                            <dd class="govuk-summary-list__value">
                                <a class="govuk-link" href=format!("/suppliers/{org}")>
                                    "Its catalogue page"
                                </a>
                            </dd>
                        </div>
                    }
                })}
        </dl>
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">
                "Spellings in the files"
            </caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "Name as published"
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "Payments"
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "Money"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        <span class="govuk-visually-hidden">"Action"</span>
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {row
                    .spellings
                    .iter()
                    .map(|s| {
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{s.name.clone()}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">
                                    {s.payments.to_string()}
                                </td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">
                                    {s.money.to_string()}
                                </td>
                                <td class="govuk-table__cell">
                                    {several
                                        .then(|| {
                                            view! {
                                                <form
                                                    method="post"
                                                    action=format!("/spend/suppliers/{id}/split")
                                                >
                                                    <input
                                                        type="hidden"
                                                        name="name_id"
                                                        value=s.id.to_string()
                                                    />
                                                    <button
                                                        type="submit"
                                                        class="govuk-button govuk-button--secondary"
                                                        data-module="govuk-button"
                                                    >
                                                        "Split off"
                                                        <span class="govuk-visually-hidden">
                                                            {format!(" “{}”", s.name)}
                                                        </span>
                                                    </button>
                                                </form>
                                            }
                                        })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <h2 class="govuk-heading-m">"Merge another supplier into this one"</h2>
        {if similar.is_empty() {
            view! { <p class="govuk-body">"No other supplier has a similar name."</p> }.into_any()
        } else {
            view! {
                <form method="post" action=format!("/spend/suppliers/{id}/merge")>
                    <crate::ui::forms::Select
                        id="other"
                        label="Supplier to merge into this one"
                        hint="Its spellings and payments become this supplier's."
                        options=options
                        errors=errors.clone()
                    />
                    <Button label="Merge" />
                </form>
            }
                .into_any()
        }}
        <p class="govuk-body">
            <a class="govuk-link" href="/spend/suppliers">
                "All suppliers"
            </a>
        </p>
    }
}
