//! The national body's review queue and review page, and a service's versions.

use super::{version_line, ChangesTable, ListingView};
use crate::catalogue::rules::{self, Choices};
use crate::catalogue::types::*;
use crate::ui::forms::{Button, ErrorSummary, ProblemBanner, Textarea};
use crate::ui::time::show_london;
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn ReviewQueuePage(items: Vec<ReviewItem>) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">"Services to review"</h1>
        {if items.is_empty() {
            view! { <p class="govuk-body">"Nothing is waiting for review."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--m">
                        {format!("{} waiting, oldest first", items.len())}
                    </caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">
                                "Service"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Supplier"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Lot"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "New or edit"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Submitted"
                            </th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {items
                            .into_iter()
                            .map(|i| {
                                view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell">
                                            <a
                                                class="govuk-link"
                                                href=format!("/admin/reviews/{}", i.service_id)
                                            >
                                                {i.name}
                                            </a>
                                        </td>
                                        <td class="govuk-table__cell">{i.supplier_name}</td>
                                        <td class="govuk-table__cell">{i.lot_name}</td>
                                        <td class="govuk-table__cell">
                                            {if i.is_edit { "Edit" } else { "New" }}
                                        </td>
                                        <td class="govuk-table__cell">
                                            {show_london(i.submitted_at)}
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
pub fn ReviewPage(
    detail: ServiceDetail,
    choices: Choices,
    changes: Vec<FieldChange>,
    form: ReasonForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let id = detail.id;
    let Some(working) = detail
        .working
        .clone()
        .filter(|w| w.state == VersionState::Submitted)
    else {
        return view! {
            <ProblemBanner message=problem />
            <h1 class="govuk-heading-l">{detail.name()}</h1>
            <p class="govuk-body">"Nothing on this service is waiting for review."</p>
            <p class="govuk-body">
                <a class="govuk-link" href="/admin/reviews">
                    "Back to the review queue"
                </a>
            </p>
        }
        .into_any();
    };
    let is_edit = detail.live.is_some();
    view! {
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">
            {format!("{} · {}", detail.supplier_name, detail.lot.lot.name)}
        </span>
        <h1 class="govuk-heading-l">{working.listing.name.clone()}</h1>
        <p class="govuk-body">{version_line(&working)}</p>
        {is_edit
            .then(|| {
                view! {
                    <ChangesTable
                        changes=changes.clone()
                        caption=format!("What this edit changes ({} fields)", changes.len())
                    />
                }
            })}
        <h2 class="govuk-heading-m">"The listing as submitted"</h2>
        <p class="govuk-body-l">{working.listing.summary.clone()}</p>
        <ListingView listing=working.listing.clone() choices=choices />
        <form method="post" action=format!("/admin/reviews/{id}") novalidate>
            <h2 class="govuk-heading-m bl-preview-heading">"Your decision"</h2>
            <Textarea
                id="reason"
                label="Comments for the supplier"
                hint="Required when returning the listing: say what to put right"
                value=form.reason
                errors=errors.clone()
                rows=4
            />
            <div class="govuk-button-group">
                <Button label="Publish" name="intent" value="publish" />
                <Button label="Return with comments" secondary=true name="intent" value="return" />
            </div>
        </form>
    }
    .into_any()
}

#[component]
pub fn VersionsPage(
    detail: ServiceDetail,
    versions: Vec<VersionRow>,
    choices: Choices,
) -> impl IntoView {
    let id = detail.id;
    // Each version against the one before it.
    let rows: Vec<(VersionRow, Vec<FieldChange>)> = versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let changes = versions
                .get(i + 1)
                .map(|older| rules::diff(&older.listing, &v.listing, &choices))
                .unwrap_or_default();
            (v.clone(), changes)
        })
        .collect();
    view! {
        <span class="govuk-caption-l">{detail.supplier_name.clone()}</span>
        <h1 class="govuk-heading-l">{format!("Versions of {}", detail.name())}</h1>
        {rows
            .into_iter()
            .map(|(v, changes)| {
                let number = v.number;
                view! {
                    <h2 class="govuk-heading-m">
                        <a class="govuk-link" href=format!("/services/{id}/versions/{number}")>
                            {format!("Version {number}")}
                        </a>
                        " "
                        <strong class="govuk-tag govuk-tag--grey">{v.state.label()}</strong>
                    </h2>
                    <p class="govuk-body">{version_line(&v)}</p>
                    {v
                        .review_comment
                        .clone()
                        .map(|c| view! { <p class="govuk-body">{format!("Comments: {c}")}</p> })}
                    {(number > 1)
                        .then(|| {
                            view! {
                                <ChangesTable
                                    changes=changes.clone()
                                    caption=format!("Changed from version {}", number - 1)
                                    before=format!("Version {}", number - 1)
                                    after=format!("Version {number}")
                                />
                            }
                        })}
                }
            })
            .collect_view()}
        <p class="govuk-body">
            <a class="govuk-link" href=format!("/services/{id}/manage")>
                "Back to the service"
            </a>
        </p>
    }
}

#[component]
pub fn VersionPage(detail: ServiceDetail, version: VersionRow, choices: Choices) -> impl IntoView {
    let id = detail.id;
    view! {
        <span class="govuk-caption-l">{detail.supplier_name.clone()}</span>
        <h1 class="govuk-heading-l">
            {format!("{}: version {}", version.listing.name, version.number)}
        </h1>
        <p class="govuk-body">{version_line(&version)}</p>
        <p class="govuk-body-l">{version.listing.summary.clone()}</p>
        <ListingView listing=version.listing.clone() choices=choices />
        <p class="govuk-body">
            <a class="govuk-link" href=format!("/services/{id}/versions")>
                "All versions"
            </a>
        </p>
    }
}
