use crate::audit::types::{actions, readable_details, AuditFilter, AuditPage};
use crate::ui::forms::ErrorSummary;
use crate::ui::pagination::Pagination;
use crate::ui::time::show_london;
use crate::ui::url::encode_component;
use crate::validation::FieldErrors;
use leptos::prelude::*;

/// The filter form is a GET form, so filtered views can be bookmarked and work without JS.
#[component]
pub fn AuditLogPage(
    filter: AuditFilter,
    organisations: Vec<(i32, String)>,
    result: AuditPage,
    errors: FieldErrors,
    query: String,
) -> impl IntoView {
    let csv_href = format!("/admin/audit.csv?{query}");
    let f = filter.clone();
    let err = |field: &str| errors.get(field).map(str::to_string);
    let (from_err, to_err) = (err("from"), err("to"));
    view! {
        <ErrorSummary errors=errors.clone() />
        <h1 class="govuk-heading-l">"Audit log"</h1>
        <p class="govuk-body">
            "Every sign-in, registration, decision and change. Each event is chained to the one before it by a keyed hash (HMAC-SHA-256), so any edit or deletion shows."
        </p>
        <form method="get" action="/admin/audit" class="bl-filters">
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-one-third">
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="organisation">
                            "Organisation"
                        </label>
                        <select
                            class="govuk-select bl-full-width"
                            id="organisation"
                            name="organisation"
                        >
                            <option value="">"All organisations"</option>
                            {organisations
                                .into_iter()
                                .map(|(id, name)| {
                                    let selected = f.organisation == id.to_string();
                                    view! {
                                        <option value=id.to_string() selected=selected>
                                            {name}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <div class="govuk-grid-column-one-third">
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="user">
                            "User email contains"
                        </label>
                        <input
                            class="govuk-input bl-full-width"
                            id="user"
                            name="user"
                            type="text"
                            value=f.user.clone()
                            spellcheck="false"
                        />
                    </div>
                </div>
                <div class="govuk-grid-column-one-third">
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="action">
                            "Action"
                        </label>
                        <select class="govuk-select bl-full-width" id="action" name="action">
                            <option value="">"All actions"</option>
                            {actions::ALL
                                .iter()
                                .map(|a| {
                                    view! {
                                        <option value=*a selected=f.action == *a>
                                            {actions::label(a)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </div>
            </div>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-one-third">
                    <div class=if from_err.is_some() {
                        "govuk-form-group govuk-form-group--error"
                    } else {
                        "govuk-form-group"
                    }>
                        <label class="govuk-label" for="from">
                            "From date"
                        </label>
                        {from_err
                            .clone()
                            .map(|e| {
                                view! {
                                    <p id="from-error" class="govuk-error-message">
                                        <span class="govuk-visually-hidden">"Error: "</span>
                                        {e}
                                    </p>
                                }
                            })}
                        <input
                            class="govuk-input"
                            id="from"
                            name="from"
                            type="date"
                            value=f.from.clone()
                            aria-describedby=from_err.as_ref().map(|_| "from-error")
                        />
                    </div>
                </div>
                <div class="govuk-grid-column-one-third">
                    <div class=if to_err.is_some() {
                        "govuk-form-group govuk-form-group--error"
                    } else {
                        "govuk-form-group"
                    }>
                        <label class="govuk-label" for="to">
                            "To date"
                        </label>
                        {to_err
                            .clone()
                            .map(|e| {
                                view! {
                                    <p id="to-error" class="govuk-error-message">
                                        <span class="govuk-visually-hidden">"Error: "</span>
                                        {e}
                                    </p>
                                }
                            })}
                        <input
                            class="govuk-input"
                            id="to"
                            name="to"
                            type="date"
                            value=f.to.clone()
                            aria-describedby=to_err.as_ref().map(|_| "to-error")
                        />
                    </div>
                </div>
            </div>
            <div class="govuk-button-group">
                <button
                    type="submit"
                    class="govuk-button govuk-button--secondary"
                    data-module="govuk-button"
                >
                    "Apply filters"
                </button>
                <a class="govuk-link" href="/admin/audit">
                    "Clear filters"
                </a>
                <a class="govuk-link" href=csv_href download="audit-log.csv">
                    "Download as CSV"
                </a>
            </div>
        </form>
        <table class="govuk-table bl-table-s">
            <caption class="govuk-table__caption govuk-table__caption--m">
                {format!("{} events", result.total)}
                {(result.pages > 1).then(|| format!(", page {} of {}", result.page, result.pages))}
            </caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "When (UK time)"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "User"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Organisation"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Action"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Object"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Details"
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {result
                    .rows
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell bl-nowrap">
                                    {show_london(r.occurred_at)}
                                </td>
                                <td class="govuk-table__cell">{r.user}</td>
                                <td class="govuk-table__cell">{r.organisation}</td>
                                <td class="govuk-table__cell">
                                    {actions::label(&r.action).to_string()}
                                </td>
                                <td class="govuk-table__cell">{r.object}</td>
                                <td class="govuk-table__cell bl-break">
                                    <ul class="govuk-list bl-details">
                                        {readable_details(&r.details)
                                            .into_iter()
                                            .map(|(k, v)| {
                                                view! {
                                                    <li>{(!k.is_empty()).then(|| format!("{k}: "))}{v}</li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <Pagination
            page=result.page
            pages=result.pages
            base="/admin/audit"
            query=query_without_page(&filter)
        />
    }
}

fn query_without_page(f: &AuditFilter) -> String {
    let mut q = String::new();
    for (k, v) in [
        ("organisation", &f.organisation),
        ("user", &f.user),
        ("action", &f.action),
        ("from", &f.from),
        ("to", &f.to),
    ] {
        if !v.is_empty() {
            q.push_str(&format!("{k}={}&", encode_component(v)));
        }
    }
    q
}
