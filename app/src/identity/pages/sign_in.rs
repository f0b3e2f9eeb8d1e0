use crate::ui::forms::{Button, ErrorSummary, ProblemBanner, TextInput};
use crate::ui::password::PasswordInput;
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn SignInPage(
    email: String,
    next: String,
    errors: FieldErrors,
    locked: Option<String>,
) -> impl IntoView {
    let password_error = errors.get("password").map(str::to_string);
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ProblemBanner message=locked />
                <ErrorSummary errors=errors.clone() />
                <h1 class="govuk-heading-l">"Sign in to Bluelamp"</h1>
                <form method="post" action="/sign-in" novalidate>
                    <input type="hidden" name="next" value=next />
                    <TextInput
                        id="email"
                        label="Email address"
                        value=email
                        errors=errors.clone()
                        input_type="email"
                        autocomplete="username"
                        spellcheck_off=true
                    />
                    <PasswordInput
                        id="password".to_string()
                        label="Password".to_string()
                        hint=None
                        error=password_error
                        autocomplete="current-password".to_string()
                    />
                    <Button label="Sign in" />
                </form>
                <h2 class="govuk-heading-m">"No account yet?"</h2>
                <p class="govuk-body">
                    <a class="govuk-link" href="/register">
                        "Register as force staff or as a supplier"
                    </a>
                </p>
            </div>
        </div>
    }
}
