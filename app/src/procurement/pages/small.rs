use crate::procurement::entity::notification;
use crate::procurement::service::Detail;
use crate::procurement::types::NotificationKind;
use crate::ui::forms::{Button, ErrorSummary, ProblemBanner, TextInput};
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn JoinPage(
    detail: Detail,
    /// (quantity, value, contact name, contact email) as typed.
    values: (String, String, String, String),
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let id = detail.id;
    let unit = detail
        .spec
        .as_ref()
        .map(|s| s.unit.clone())
        .unwrap_or_default();
    view! {
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{detail.title.clone()}</span>
        <h1 class="govuk-heading-l">"Your force's demand"</h1>
        <p class="govuk-body">
            {format!(
                "You can change or withdraw it until {}; then your force is locked in and gets its own contract if it is awarded.",
                super::when(detail.timeline.map(|t| t.join)),
            )}
        </p>
        <form method="post" action=format!("/procurements/{id}/join") novalidate>
            <TextInput
                id="quantity"
                label=if unit.is_empty() {
                    "Quantity".to_string()
                } else {
                    format!("Quantity ({unit})")
                }
                width="10"
                value=values.0
                errors=errors.clone()
            />
            <TextInput
                id="value"
                label="Estimated value, in pounds"
                width="10"
                value=values.1
                errors=errors.clone()
            />
            <TextInput
                id="contact_name"
                label="Contact's name"
                value=values.2
                errors=errors.clone()
            />
            <TextInput
                id="contact_email"
                label="Contact's email address"
                input_type="email"
                value=values.3
                errors=errors.clone()
            />
            <Button label="Save your force's demand" />
        </form>
    }
}

#[component]
pub fn NotificationsPage(
    items: Vec<notification::Model>,
    links: Vec<String>,
    preferences: Vec<(NotificationKind, bool)>,
) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">"Notifications"</h1>
        {if items.is_empty() {
            view! { <p class="govuk-body">"You have no notifications."</p> }.into_any()
        } else {
            view! {
                <ul class="govuk-list bl-notifications">
                    {items
                        .into_iter()
                        .zip(links)
                        .map(|(n, link)| {
                            view! {
                                <li>
                                    {n
                                        .read_at
                                        .is_none()
                                        .then(|| {
                                            view! {
                                                <strong class="govuk-tag govuk-tag--blue">"New"</strong>
                                                " "
                                            }
                                        })} <a class="govuk-link" href=link>
                                        {n.message}
                                    </a> " "
                                    <span class="govuk-body-s">
                                        {crate::ui::time::show_london(n.created_at)}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        <h2 class="govuk-heading-m">"Which come by email"</h2>
        <form method="post" action="/notifications/preferences">
            <div class="govuk-form-group">
                <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                        "Email me when"
                    </legend>
                    <div
                        class="govuk-checkboxes govuk-checkboxes--small"
                        data-module="govuk-checkboxes"
                    >
                        {preferences
                            .into_iter()
                            .map(|(k, on)| {
                                let id = format!("email-{}", k.as_str());
                                view! {
                                    <div class="govuk-checkboxes__item">
                                        <input
                                            class="govuk-checkboxes__input"
                                            id=id.clone()
                                            name="email"
                                            type="checkbox"
                                            value=k.as_str()
                                            checked=on
                                        />
                                        <label class="govuk-label govuk-checkboxes__label" for=id>
                                            {k.label()}
                                        </label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
            </div>
            <Button label="Save" secondary=true />
        </form>
    }
}

#[component]
pub fn TenderPeriodPage(days: String, errors: FieldErrors) -> impl IntoView {
    view! {
        <ErrorSummary errors=errors.clone() />
        <h1 class="govuk-heading-l">"Minimum tender period"</h1>
        <p class="govuk-body">
            "The fewest days suppliers have between a procurement's join deadline and its bid deadline. Procurements already open keep their dates."
        </p>
        <form method="post" action="/admin/tender-period" novalidate>
            <TextInput id="days" label="Days" width="3" value=days errors=errors />
            <Button label="Save" />
        </form>
    }
}

#[component]
pub fn DemoClockPage(now: String, errors: FieldErrors, problem: Option<String>) -> impl IntoView {
    view! {
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <h1 class="govuk-heading-l">"The demo's clock"</h1>
        <p class="govuk-body">{format!("The server's time is now {now}.")}</p>
        <p class="govuk-body">
            "Move it on to see what happens after a deadline. It cannot go back until the server restarts."
        </p>
        <form method="post" action="/dev/clock" novalidate>
            <TextInput id="hours" label="Hours to move on" width="4" errors=errors />
            <Button label="Move the clock on" />
        </form>
    }
}
