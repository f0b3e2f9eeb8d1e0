//! The GOV.UK password input. Without JavaScript it is a plain password field; as an island
//! it gains the "Show" button that reveals what was typed.

use leptos::prelude::*;

#[island]
pub fn PasswordInput(
    id: String,
    label: String,
    hint: Option<String>,
    error: Option<String>,
    autocomplete: String,
) -> impl IntoView {
    let (shown, set_shown) = signal(false);
    let (ready, set_ready) = signal(false);
    // Effects run only in the browser: the button appears once it can work.
    Effect::new(move |_| set_ready.set(true));
    let described_by = {
        let mut ids = Vec::new();
        if hint.is_some() {
            ids.push(format!("{id}-hint"));
        }
        if error.is_some() {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let group = if error.is_some() {
        "govuk-form-group govuk-password-input govuk-form-group--error"
    } else {
        "govuk-form-group govuk-password-input"
    };
    let input_class = if error.is_some() {
        "govuk-input govuk-password-input__input govuk-input--error"
    } else {
        "govuk-input govuk-password-input__input"
    };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    // GOV.UK's wording: the button names what it reveals, whatever the field's label says.
    let show_label = "Show password".to_string();
    let hide_label = "Hide password".to_string();
    let aria_label = move || {
        if shown.get() {
            hide_label.clone()
        } else {
            show_label.clone()
        }
    };
    view! {
        <div class=group>
            <label class="govuk-label" for=id.clone()>
                {label}
            </label>
            {hint
                .map(|h| {
                    view! {
                        <div id=hint_id class="govuk-hint">
                            {h}
                        </div>
                    }
                })}
            {error
                .map(|e| {
                    view! {
                        <p id=error_id class="govuk-error-message">
                            <span class="govuk-visually-hidden">"Error: "</span>
                            {e}
                        </p>
                    }
                })}
            <div class="govuk-input__wrapper govuk-password-input__wrapper">
                <input
                    class=input_class
                    id=id.clone()
                    name=id.clone()
                    type=move || if shown.get() { "text" } else { "password" }
                    spellcheck="false"
                    autocapitalize="none"
                    autocomplete=autocomplete
                    aria-describedby=described_by
                />
                <button
                    type="button"
                    class="govuk-button govuk-button--secondary govuk-password-input__toggle"
                    aria-controls=id.clone()
                    aria-label=aria_label
                    hidden=move || !ready.get()
                    on:click=move |_| set_shown.update(|s| *s = !*s)
                >
                    {move || if shown.get() { "Hide" } else { "Show" }}
                </button>
            </div>
        </div>
    }
}
