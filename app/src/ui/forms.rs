//! Form components following the GOV.UK Design System: an error summary at the top of the
//! page and a message beside each field in error.

use crate::validation::FieldErrors;
use leptos::prelude::*;

/// The "There is a problem" box, linking each message to its field.
#[component]
pub fn ErrorSummary(errors: FieldErrors) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div class="govuk-error-summary" data-module="govuk-error-summary">
                <div role="alert">
                    <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                    <div class="govuk-error-summary__body">
                        <ul class="govuk-list govuk-error-summary__list">
                            {errors
                                .0
                                .into_iter()
                                .map(|e| {
                                    view! {
                                        <li>
                                            <a href=format!("#{}", e.field)>{e.message}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                </div>
            </div>
        }
    })
}

/// A one-off problem that belongs to no single field (e.g. "already decided").
#[component]
pub fn ProblemBanner(message: Option<String>) -> impl IntoView {
    message.map(|m| {
        view! {
            <div class="govuk-error-summary" data-module="govuk-error-summary">
                <div role="alert">
                    <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                    <div class="govuk-error-summary__body">
                        <p class="govuk-body">{m}</p>
                    </div>
                </div>
            </div>
        }
    })
}

fn group_class(error: &Option<String>) -> &'static str {
    if error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    }
}

/// The ids an input is described by: its hint and its error message.
fn described_by(id: &str, hint: &Option<String>, error: &Option<String>) -> Option<String> {
    let mut ids = Vec::new();
    if hint.is_some() {
        ids.push(format!("{id}-hint"));
    }
    if error.is_some() {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
pub fn Hint(id: String, hint: Option<String>) -> impl IntoView {
    hint.map(|h| {
        view! {
            <div id=format!("{id}-hint") class="govuk-hint">
                {h}
            </div>
        }
    })
}

#[component]
pub fn InlineError(id: String, error: Option<String>) -> impl IntoView {
    error.map(|e| {
        view! {
            <p id=format!("{id}-error") class="govuk-error-message">
                <span class="govuk-visually-hidden">"Error: "</span>
                {e}
            </p>
        }
    })
}

/// A text input. `errors` is searched for a message under `id`.
#[component]
pub fn TextInput(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] value: String,
    #[prop(optional)] errors: Option<FieldErrors>,
    /// Empty for none.
    #[prop(into, optional)]
    hint: String,
    #[prop(into, default = "text".into())] input_type: String,
    #[prop(into, optional)] autocomplete: Option<String>,
    #[prop(into, optional)] width: Option<String>,
    #[prop(optional)] spellcheck_off: bool,
    /// The label is read by screen readers only (a field whose row already says what it is).
    #[prop(optional)]
    hidden_label: bool,
) -> impl IntoView {
    let hint = (!hint.is_empty()).then_some(hint);
    let label_class = if hidden_label {
        "govuk-label govuk-visually-hidden"
    } else {
        "govuk-label"
    };
    let error = errors.as_ref().and_then(|e| e.get(&id)).map(str::to_string);
    let class = match (&width, error.is_some()) {
        (Some(w), true) => format!("govuk-input govuk-input--width-{w} govuk-input--error"),
        (Some(w), false) => format!("govuk-input govuk-input--width-{w}"),
        (None, true) => "govuk-input govuk-input--error".to_string(),
        (None, false) => "govuk-input".to_string(),
    };
    view! {
        <div class=group_class(&error)>
            <label class=label_class for=id.clone()>
                {label}
            </label>
            <Hint id=id.clone() hint=hint.clone() />
            <InlineError id=id.clone() error=error.clone() />
            <input
                class=class
                id=id.clone()
                name=id.clone()
                type=input_type
                value=value
                autocomplete=autocomplete
                spellcheck=spellcheck_off.then_some("false")
                aria-describedby=described_by(&id, &hint, &error)
            />
        </div>
    }
}

#[component]
pub fn Textarea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] value: String,
    #[prop(optional)] errors: Option<FieldErrors>,
    #[prop(into, optional)] hint: Option<String>,
    #[prop(default = 5)] rows: u32,
) -> impl IntoView {
    let error = errors.as_ref().and_then(|e| e.get(&id)).map(str::to_string);
    let class = if error.is_some() {
        "govuk-textarea govuk-textarea--error"
    } else {
        "govuk-textarea"
    };
    view! {
        <div class=group_class(&error)>
            <label class="govuk-label" for=id.clone()>
                {label}
            </label>
            <Hint id=id.clone() hint=hint.clone() />
            <InlineError id=id.clone() error=error.clone() />
            <textarea
                class=class
                id=id.clone()
                name=id.clone()
                rows=rows.to_string()
                aria-describedby=described_by(&id, &hint, &error)
                inner_html=super::escape_text(&value)
            ></textarea>
        </div>
    }
}

/// Radios: `options` are (value, label, hint).
#[component]
pub fn Radios(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    options: Vec<(String, String, Option<String>)>,
    #[prop(into, optional)] selected: String,
    #[prop(optional)] errors: Option<FieldErrors>,
) -> impl IntoView {
    let error = errors.as_ref().and_then(|e| e.get(&id)).map(str::to_string);
    view! {
        <div class=group_class(&error)>
            <fieldset
                class="govuk-fieldset"
                aria-describedby=error.as_ref().map(|_| format!("{id}-error"))
            >
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                <InlineError id=id.clone() error=error.clone() />
                <div class="govuk-radios" data-module="govuk-radios">
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, (value, label, hint))| {
                            let input_id = if i == 0 { id.clone() } else { format!("{id}-{i}") };
                            let checked = value == selected;
                            let hint_id = format!("{input_id}-item-hint");
                            // The first radio carries the group's id so the error summary can link to it.
                            view! {
                                <div class="govuk-radios__item">
                                    <input
                                        class="govuk-radios__input"
                                        id=input_id.clone()
                                        name=id.clone()
                                        type="radio"
                                        value=value
                                        checked=checked
                                        aria-describedby=hint.as_ref().map(|_| hint_id.clone())
                                    />
                                    <label class="govuk-label govuk-radios__label" for=input_id>
                                        {label}
                                    </label>
                                    {hint
                                        .map(|h| {
                                            view! {
                                                <div id=hint_id class="govuk-hint govuk-radios__hint">
                                                    {h}
                                                </div>
                                            }
                                        })}
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// A single checkbox whose value is "on" when ticked.
#[component]
pub fn Checkbox(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] hint: Option<String>,
    checked: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-item-hint");
    view! {
        <div class="govuk-checkboxes__item">
            <input
                class="govuk-checkboxes__input"
                id=id.clone()
                name=id.clone()
                type="checkbox"
                value="on"
                checked=checked
                aria-describedby=hint.as_ref().map(|_| hint_id.clone())
            />
            <label class="govuk-label govuk-checkboxes__label" for=id.clone()>
                {label}
            </label>
            {hint
                .map(|h| {
                    view! {
                        <div id=hint_id class="govuk-hint govuk-checkboxes__hint">
                            {h}
                        </div>
                    }
                })}
        </div>
    }
}

#[component]
pub fn Button(
    #[prop(into)] label: String,
    #[prop(optional)] secondary: bool,
    #[prop(optional)] warning: bool,
    #[prop(into, optional)] name: Option<String>,
    #[prop(into, optional)] value: Option<String>,
) -> impl IntoView {
    let class = if warning {
        "govuk-button govuk-button--warning"
    } else if secondary {
        "govuk-button govuk-button--secondary"
    } else {
        "govuk-button"
    };
    view! {
        <button type="submit" class=class data-module="govuk-button" name=name value=value>
            {label}
        </button>
    }
}

/// GOV.UK warning text: the "!" icon and a bold sentence.
#[component]
pub fn WarningText(#[prop(into)] text: String) -> impl IntoView {
    view! {
        <div class="govuk-warning-text">
            <span class="govuk-warning-text__icon" aria-hidden="true">
                "!"
            </span>
            <strong class="govuk-warning-text__text">
                <span class="govuk-visually-hidden">"Warning"</span>
                {text}
            </strong>
        </div>
    }
}

/// The green "Success" banner after a change.
#[component]
pub fn SuccessBanner(message: Option<String>) -> impl IntoView {
    message.map(|m| {
        view! {
            <div
                class="govuk-notification-banner govuk-notification-banner--success"
                role="alert"
                aria-labelledby="govuk-notification-banner-title"
                data-module="govuk-notification-banner"
            >
                <div class="govuk-notification-banner__header">
                    <h2
                        class="govuk-notification-banner__title"
                        id="govuk-notification-banner-title"
                    >
                        "Success"
                    </h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-notification-banner__heading">{m}</p>
                </div>
            </div>
        }
    })
}

/// A group of checkboxes sharing one name: `options` are (value, label, hint); the group's
/// id goes on the first box so the error summary can link to it.
#[component]
pub fn Checkboxes(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    #[prop(into, optional)] hint: Option<String>,
    options: Vec<(String, String, Option<String>)>,
    #[prop(optional)] selected: Vec<String>,
    #[prop(optional)] errors: Option<FieldErrors>,
    /// Smaller boxes, for long lists.
    #[prop(optional)]
    small: bool,
) -> impl IntoView {
    let error = errors.as_ref().and_then(|e| e.get(&id)).map(str::to_string);
    let class = if small {
        "govuk-checkboxes govuk-checkboxes--small"
    } else {
        "govuk-checkboxes"
    };
    view! {
        <div class=group_class(&error)>
            <fieldset class="govuk-fieldset" aria-describedby=described_by(&id, &hint, &error)>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                <Hint id=id.clone() hint=hint.clone() />
                <InlineError id=id.clone() error=error.clone() />
                <div class=class data-module="govuk-checkboxes">
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, (value, label, item_hint))| {
                            let input_id = if i == 0 { id.clone() } else { format!("{id}-{i}") };
                            let checked = selected.contains(&value);
                            let hint_id = format!("{input_id}-item-hint");
                            view! {
                                <div class="govuk-checkboxes__item">
                                    <input
                                        class="govuk-checkboxes__input"
                                        id=input_id.clone()
                                        name=id.clone()
                                        type="checkbox"
                                        value=value
                                        checked=checked
                                        aria-describedby=item_hint.as_ref().map(|_| hint_id.clone())
                                    />
                                    <label class="govuk-label govuk-checkboxes__label" for=input_id>
                                        {label}
                                    </label>
                                    {item_hint
                                        .map(|h| {
                                            view! {
                                                <div id=hint_id class="govuk-hint govuk-checkboxes__hint">
                                                    {h}
                                                </div>
                                            }
                                        })}
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// A select: `options` are (value, label).
#[component]
pub fn Select(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] hint: Option<String>,
    options: Vec<(String, String)>,
    #[prop(into, optional)] selected: String,
    #[prop(optional)] errors: Option<FieldErrors>,
) -> impl IntoView {
    let error = errors.as_ref().and_then(|e| e.get(&id)).map(str::to_string);
    let class = if error.is_some() {
        "govuk-select govuk-select--error"
    } else {
        "govuk-select"
    };
    view! {
        <div class=group_class(&error)>
            <label class="govuk-label" for=id.clone()>
                {label}
            </label>
            <Hint id=id.clone() hint=hint.clone() />
            <InlineError id=id.clone() error=error.clone() />
            <select
                class=class
                id=id.clone()
                name=id.clone()
                aria-describedby=described_by(&id, &hint, &error)
            >
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let sel = value == selected;
                        view! {
                            <option value=value selected=sel>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// One row of a GOV.UK summary list.
#[component]
pub fn SummaryRow(#[prop(into)] key: String, children: Children) -> impl IntoView {
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{children()}</dd>
        </div>
    }
}

/// GOV.UK's date input: day, month and year boxes named `{id}_day`, `{id}_month`,
/// `{id}_year`; an error is keyed on `{id}_day`, which the error summary links to.
#[component]
pub fn DateInput(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    #[prop(into, optional)] hint: Option<String>,
    /// (day, month, year) as typed.
    value: (String, String, String),
    #[prop(optional)] errors: Option<FieldErrors>,
) -> impl IntoView {
    let first = format!("{id}_day");
    let error = errors
        .as_ref()
        .and_then(|e| e.get(&first))
        .map(str::to_string);
    let hint_id = format!("{id}-hint");
    let described = [
        hint.as_ref().map(|_| hint_id.clone()),
        error.as_ref().map(|_| format!("{first}-error")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let input_class = |width: u8| {
        if error.is_some() {
            format!(
                "govuk-input govuk-date-input__input govuk-input--width-{width} govuk-input--error"
            )
        } else {
            format!("govuk-input govuk-date-input__input govuk-input--width-{width}")
        }
    };
    let boxes = [
        ("day", "Day", value.0, 2u8),
        ("month", "Month", value.1, 2),
        ("year", "Year", value.2, 4),
    ]
    .into_iter()
    .map(|(part, label, v, width)| {
        let name = format!("{id}_{part}");
        view! {
            <div class="govuk-date-input__item">
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-date-input__label" for=name.clone()>
                        {label}
                    </label>
                    <input
                        class=input_class(width)
                        id=name.clone()
                        name=name
                        type="text"
                        inputmode="numeric"
                        value=v
                    />
                </div>
            </div>
        }
    })
    .collect_view();
    view! {
        <div class=group_class(&error)>
            <fieldset
                class="govuk-fieldset"
                role="group"
                aria-describedby=(!described.is_empty()).then_some(described)
            >
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                {hint
                    .map(|h| {
                        view! {
                            <div class="govuk-hint" id=hint_id>
                                {h}
                            </div>
                        }
                    })}
                <InlineError id=first error=error.clone() />
                <div class="govuk-date-input">{boxes}</div>
            </fieldset>
        </div>
    }
}
