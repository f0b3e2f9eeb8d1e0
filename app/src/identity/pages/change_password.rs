use crate::identity::rules::PASSWORD_MIN_CHARS;
use crate::ui::forms::{Button, ErrorSummary};
use crate::ui::password::PasswordInput;
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn ChangePasswordPage(errors: FieldErrors) -> impl IntoView {
    let e = |f: &str| errors.get(f).map(str::to_string);
    let (current, new, confirm) = (
        e("current_password"),
        e("new_password"),
        e("confirm_password"),
    );
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors.clone() />
                <h1 class="govuk-heading-l">"Change your password"</h1>
                <form method="post" action="/account/password" novalidate>
                    <PasswordInput
                        id="current_password".to_string()
                        label="Current password".to_string()
                        hint=None
                        error=current
                        autocomplete="current-password".to_string()
                    />
                    <PasswordInput
                        id="new_password".to_string()
                        label="New password".to_string()
                        hint=Some(
                            format!(
                                "At least {PASSWORD_MIN_CHARS} characters. Three random words work well.",
                            ),
                        )
                        error=new
                        autocomplete="new-password".to_string()
                    />
                    <PasswordInput
                        id="confirm_password".to_string()
                        label="Confirm new password".to_string()
                        hint=None
                        error=confirm
                        autocomplete="new-password".to_string()
                    />
                    <div class="govuk-button-group">
                        <Button label="Change password" />
                        <a class="govuk-link" href="/account">
                            "Cancel"
                        </a>
                    </div>
                </form>
            </div>
        </div>
    }
}
