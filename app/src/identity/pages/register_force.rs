use crate::identity::rules::PASSWORD_MIN_CHARS;
use crate::identity::types::RegisterForceForm;
use crate::ui::forms::{Button, ErrorSummary, TextInput};
use crate::ui::password::PasswordInput;
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn RegisterForcePage(form: RegisterForceForm, errors: FieldErrors) -> impl IntoView {
    let pw = errors.get("password").map(str::to_string);
    let confirm = errors.get("confirm_password").map(str::to_string);
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors.clone() />
                <span class="govuk-caption-l">"Register"</span>
                <h1 class="govuk-heading-l">"Register as police force staff"</h1>
                <form method="post" action="/register/force" novalidate>
                    <TextInput
                        id="name"
                        label="Full name"
                        value=form.name
                        errors=errors.clone()
                        autocomplete="name"
                        spellcheck_off=true
                    />
                    <TextInput
                        id="email"
                        label="Work email address"
                        hint="Your force email address, for example name@kent.police.uk"
                        value=form.email
                        errors=errors.clone()
                        input_type="email"
                        autocomplete="email"
                        spellcheck_off=true
                    />
                    <PasswordInput
                        id="password".to_string()
                        label="Create a password".to_string()
                        hint=Some(
                            format!(
                                "At least {PASSWORD_MIN_CHARS} characters. Three random words work well.",
                            ),
                        )
                        error=pw
                        autocomplete="new-password".to_string()
                    />
                    <PasswordInput
                        id="confirm_password".to_string()
                        label="Confirm password".to_string()
                        hint=None
                        error=confirm
                        autocomplete="new-password".to_string()
                    />
                    <Button label="Create account" />
                </form>
            </div>
        </div>
    }
}
