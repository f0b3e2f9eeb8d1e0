use crate::identity::rules::PASSWORD_MIN_CHARS;
use crate::ui::forms::{Button, ErrorSummary};
use crate::ui::password::PasswordInput;
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn InvitationPage(
    token: String,
    email: String,
    org_name: String,
    errors: FieldErrors,
) -> impl IntoView {
    let pw = errors.get("password").map(str::to_string);
    let confirm = errors.get("confirm_password").map(str::to_string);
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors.clone() />
                <span class="govuk-caption-l">{org_name}</span>
                <h1 class="govuk-heading-l">"Set up your account"</h1>
                <p class="govuk-body">
                    "You have been invited to Bluelamp as " <strong>{email}</strong>
                    ". Choose a password to finish."
                </p>
                <form method="post" action=format!("/invitation/{token}") novalidate>
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

#[component]
pub fn InvitationProblemPage(message: String) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">"This invitation cannot be used"</h1>
        <p class="govuk-body">{message}</p>
    }
}
