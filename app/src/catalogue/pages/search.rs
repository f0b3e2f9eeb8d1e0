//! The search page: one GET form (words, filters, price, order) beside the results, so
//! every result page is a URL to share and everything works without JavaScript.

use super::compare::compare_button;
use super::service_result;
use crate::catalogue::island::LiveSearch;
use crate::catalogue::search::request::{Change, SearchRequest, Sort};
use crate::catalogue::service::{FacetCounts, Hit, SearchResult, Suggestion};
use crate::ui::forms::{Button, ErrorSummary, InlineError};
use crate::ui::pagination::Pagination;
use crate::validation::FieldErrors;
use leptos::prelude::*;

/// Text with its matched words in `<mark>`; Leptos escapes the text itself.
fn marked(pieces: Vec<(String, bool)>) -> impl IntoView {
    pieces
        .into_iter()
        .map(|(text, mark)| {
            if mark {
                view! { <mark>{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect_view()
}

fn result_item(hit: Hit, compared: &[i32]) -> impl IntoView {
    let id = hit.service.id;
    let plain_name = hit.service.name.clone();
    service_result(
        &hit.service,
        marked(hit.name).into_any(),
        marked(hit.summary).into_any(),
        true,
        Some(compare_button(
            id,
            &plain_name,
            compared.contains(&id),
            Some(COMPARE_FORM),
        )),
    )
}

/// The id of the POST form the results' compare buttons submit: the results sit inside the
/// search's GET form, and forms cannot nest, so the buttons name it with `form=`.
pub const COMPARE_FORM: &str = "compare-form";

/// One filter: checkboxes for the values that would give results (and any chosen), each with
/// its count.
fn facet_group(f: FacetCounts) -> Option<impl IntoView> {
    let shown: Vec<_> = f
        .options
        .into_iter()
        .filter(|o| o.count > 0 || o.chosen)
        .collect();
    if shown.is_empty() {
        return None;
    }
    let key = f.facet.key;
    let any_chosen = shown.iter().any(|o| o.chosen);
    let boxes = view! {
        <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            {shown
                .into_iter()
                .map(|o| {
                    let id = format!("{key}-{}", o.value);
                    let class = if o.depth > 0 {
                        "govuk-checkboxes__item bl-category-child"
                    } else {
                        "govuk-checkboxes__item"
                    };
                    // Named by value, so the island can give focus back to the same box
                    // after it redraws the filters.
                    view! {
                        <div class=class>
                            <input
                                class="govuk-checkboxes__input"
                                id=id.clone()
                                name=key
                                type="checkbox"
                                value=o.value
                                checked=o.chosen
                            />
                            <label class="govuk-label govuk-checkboxes__label" for=id>
                                {o.label}
                                " "
                                <span class="bl-secondary">{format!("({})", o.count)}</span>
                            </label>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    };
    Some(if folded(key) {
        view! {
            <details class="govuk-details bl-facet" open=any_chosen>
                <summary class="govuk-details__summary">
                    <span class="govuk-details__summary-text">{f.facet.label}</span>
                </summary>
                <div class="govuk-details__text">
                    <fieldset class="govuk-fieldset">
                        <legend class="govuk-visually-hidden">{f.facet.label}</legend>
                        {boxes}
                    </fieldset>
                </div>
            </details>
        }
        .into_any()
    } else {
        view! {
            <div class="govuk-form-group bl-facet">
                <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                        {f.facet.label}
                    </legend>
                    {boxes}
                </fieldset>
            </div>
        }
        .into_any()
    })
}

/// Filters whose lists run long (the category tree and the national body's lists) are folded
/// away until one of their values is chosen.
fn folded(key: &str) -> bool {
    matches!(key, "category" | "works_with" | "can_replace")
}

/// The chosen filters, each a link that removes it.
fn chosen_filters(request: &SearchRequest, facets: &[FacetCounts]) -> impl IntoView {
    let mut links = Vec::new();
    for f in facets {
        for o in f.options.iter().filter(|o| o.chosen) {
            links.push((
                format!("{}: {}", f.facet.label, o.label),
                request.query_string(Change::Without(f.facet.key, &o.value)),
            ));
        }
    }
    if request.price_from.is_some() || request.price_to.is_some() {
        let range = match (request.price_from, request.price_to) {
            (Some(a), Some(b)) => format!("{a} to {b}"),
            (Some(a), None) => format!("{a} or more"),
            (None, Some(b)) => format!("up to {b}"),
            (None, None) => String::new(),
        };
        links.push((
            format!("Price: {range}"),
            request.query_string(Change::WithoutFilter("price")),
        ));
    }
    (!links.is_empty()).then(|| {
        view! {
            <div class="bl-chosen">
                <h2 class="govuk-heading-s">"Chosen filters"</h2>
                <ul class="govuk-list">
                    {links
                        .into_iter()
                        .map(|(label, qs)| {
                            view! {
                                <li>
                                    <a class="govuk-link" href=format!("/services?{qs}")>
                                        {format!("Remove {label}")}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

fn price_group(
    id: &'static str,
    label: &'static str,
    value: String,
    error: Option<String>,
) -> impl IntoView {
    let class = if error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    };
    let input_class = if error.is_some() {
        "govuk-input govuk-input--width-5 govuk-input--error"
    } else {
        "govuk-input govuk-input--width-5"
    };
    let described = error.as_ref().map(|_| format!("{id}-error"));
    view! {
        <div class=class>
            <label class="govuk-label" for=id>
                {label}
            </label>
            <InlineError id=id.to_string() error=error />
            <div class="govuk-input__wrapper">
                <div class="govuk-input__prefix" aria-hidden="true">
                    "£"
                </div>
                <input
                    class=input_class
                    id=id
                    name=id
                    type="text"
                    inputmode="decimal"
                    spellcheck="false"
                    aria-describedby=described
                    value=value
                />
            </div>
        </div>
    }
}

/// The page's title for a search.
pub fn page_title(q: &str) -> String {
    if q.trim().is_empty() {
        "Find services".to_string()
    } else {
        format!("{}: Find services", q.trim())
    }
}

/// "123 services found for “custody”".
pub fn result_status(r: &SearchResult) -> String {
    let q = r.request.q.trim();
    let words = if q.is_empty() {
        String::new()
    } else {
        format!(" for “{q}”")
    };
    format!(
        "{} {} found{words}",
        crate::money::group_thousands(r.total),
        if r.total == 1 { "service" } else { "services" }
    )
}

/// The filter column: price range and every filter with its counts. The island redraws it.
#[component]
pub fn SearchFilters(
    facets: Vec<FacetCounts>,
    /// What was typed in the price boxes, shown again as typed.
    price_from: String,
    price_to: String,
    errors: FieldErrors,
) -> impl IntoView {
    let error_of = |k: &str| errors.get(k).map(str::to_string);
    view! {
        <h2 class="govuk-heading-m">"Filter"</h2>
        <fieldset class="govuk-fieldset bl-facet">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                "Starting price"
            </legend>
            {price_group("price_from", "Lowest", price_from, error_of("price_from"))}
            {price_group("price_to", "Highest", price_to, error_of("price_to"))}
        </fieldset>
        {facets.into_iter().filter_map(facet_group).collect_view()}
        <Button label="Apply filters" secondary=true />
    }
}

/// The results column: chosen filters, order, results (or what to try when there are none)
/// and pages. The island redraws it.
#[component]
pub fn SearchResults(
    result: SearchResult,
    suggestion: Option<Suggestion>,
    /// The services in the compare basket.
    #[prop(optional)]
    compared: Vec<i32>,
    /// Whether the viewer may save searches into a project (force users).
    #[prop(optional)]
    can_save: bool,
) -> impl IntoView {
    let r = result;
    let request = r.request.clone();
    // Back to this very search after a compare button, kept in step when the island redraws
    // the results (it belongs to the compare form wherever it sits).
    let here = format!("/services?{}", request.query_string(Change::Page(r.page)));
    let save = can_save.then(|| {
        let qs = request.query_string(Change::Page(1));
        view! {
            <p class="govuk-body">
                <a class="govuk-link" href=format!("/projects/save?{qs}")>
                    "Save this search to a project"
                </a>
            </p>
        }
    });
    let sort = request.sort;
    let notes = (!r.notes.is_empty()).then(|| {
        view! {
            <div class="govuk-inset-text">
                <ul class="govuk-list">
                    {r.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                </ul>
            </div>
        }
    });
    let empty = (r.total == 0).then(|| {
        let relaxed = r.relaxed.clone().map(|x| {
            let qs = request.query_string(Change::WithoutFilter(&x.key));
            view! {
                <li>
                    <a class="govuk-link" href=format!("/services?{qs}")>
                        {format!(
                            "search without the {} filter ({} {})",
                            x.label.to_lowercase(),
                            x.total,
                            if x.total == 1 { "service" } else { "services" },
                        )}
                    </a>
                </li>
            }
        });
        let suggested = suggestion.clone().map(|s| {
            let qs = request.query_string(Change::Words(&s.q));
            view! {
                <li>
                    "search for " <a class="govuk-link" href=format!("/services?{qs}")>
                        {s.q.clone()}
                    </a>
                    {format!(
                        " instead ({} {})",
                        s.total,
                        if s.total == 1 { "service" } else { "services" },
                    )}
                </li>
            }
        });
        view! {
            <h2 class="govuk-heading-m">"No services match your search"</h2>
            <p class="govuk-body">"You could:"</p>
            <ul class="govuk-list govuk-list--bullet">
                {suggested} {relaxed}
                <li>"check the spelling, or use fewer or more general words"</li> <li>
                    <a class="govuk-link" href="/services">
                        "clear the search and every filter"
                    </a>
                </li>
            </ul>
        }
    });
    let qs = request.query_string(Change::Page(1));
    let without_page = qs
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| format!("{p}&"))
        .collect::<String>();
    view! {
        {notes}
        {chosen_filters(&request, &r.facets)}
        {(r.total > 1)
            .then(|| {
                view! {
                    <div class="govuk-form-group bl-sort">
                        <label class="govuk-label" for="sort">
                            "Sort by"
                        </label>
                        <select class="govuk-select" id="sort" name="sort">
                            {Sort::ALL
                                .iter()
                                .map(|s| {
                                    view! {
                                        <option value=s.as_str() selected=*s == sort>
                                            {s.label()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <Button label="Sort" secondary=true />
                    </div>
                }
            })}
        {empty}
        {save}
        <input type="hidden" name="back" form=COMPARE_FORM value=here />
        <ul class="govuk-list bl-results">
            {r.hits.into_iter().map(|h| result_item(h, &compared)).collect_view()}
        </ul>
        <Pagination base="/services" query=without_page page=r.page pages=r.pages />
    }
}

#[component]
pub fn SearchPage(
    request: SearchRequest,
    /// None when the parameters were refused (the errors say why).
    result: Option<SearchResult>,
    errors: FieldErrors,
    /// What was typed in the price boxes, shown again as typed.
    price_from: String,
    price_to: String,
    suggestion: Option<Suggestion>,
    #[prop(optional)] compared: Vec<i32>,
    #[prop(optional)] can_save: bool,
) -> impl IntoView {
    let corrected = (!errors.is_empty()).then(|| request.query_string(Change::Page(1)));
    let facets = result
        .as_ref()
        .map(|r| r.facets.clone())
        .unwrap_or_default();
    let q = result
        .as_ref()
        .map(|r| r.request.q.clone())
        .unwrap_or(request.q.clone());
    let status = result.as_ref().map(result_status);
    view! {
        <ErrorSummary errors=errors.clone() />
        {corrected
            .map(|qs| {
                view! {
                    <p class="govuk-body">
                        <a class="govuk-link" href=format!("/services?{qs}")>
                            "Search without the values that could not be read"
                        </a>
                    </p>
                }
            })}
        <h1 class="govuk-heading-l">"Find services"</h1>
        <LiveSearch>
            <form method="get" action="/services" novalidate id="service-search">
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-label--s" for="q">
                        "Search by service name, supplier or what it does"
                    </label>
                    <div class="govuk-hint" id="q-hint">
                        "Every word must match. Use \"quotes\" for a phrase, -word to leave out, a | b for either."
                    </div>
                    <div class="bl-search-box">
                        <input
                            class="govuk-input"
                            id="q"
                            name="q"
                            type="search"
                            aria-describedby="q-hint"
                            value=q
                        />
                        <Button label="Search" />
                    </div>
                </div>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-one-third" id="search-filters">
                        <SearchFilters
                            facets=facets
                            price_from=price_from
                            price_to=price_to
                            errors=errors
                        />
                    </div>
                    <div class="govuk-grid-column-two-thirds">
                        <p class="govuk-heading-s" id="result-count" aria-live="polite">
                            {status}
                        </p>
                        <div id="search-results">
                            {result
                                .map(|r| {
                                    view! {
                                        <SearchResults
                                            result=r
                                            suggestion=suggestion
                                            compared=compared
                                            can_save=can_save
                                        />
                                    }
                                })}
                        </div>
                    </div>
                </div>
            </form>
        </LiveSearch>
        <form method="post" action="/compare" id=COMPARE_FORM></form>
    }
}
