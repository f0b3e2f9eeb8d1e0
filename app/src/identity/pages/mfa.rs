use crate::ui::forms::{Button, ErrorSummary, ProblemBanner, TextInput};
use crate::ui::password::PasswordInput;
use crate::validation::FieldErrors;
use leptos::prelude::*;

/// The second step of signing in.
#[component]
pub fn SignInCodePage(errors: FieldErrors, locked: Option<String>) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ProblemBanner message=locked />
                <ErrorSummary errors=errors.clone() />
                <h1 class="govuk-heading-l">"Enter your sign-in code"</h1>
                <form method="post" action="/sign-in/code" novalidate>
                    <TextInput
                        id="code"
                        label="Code from your authenticator app"
                        hint="The 6-digit code for Bluelamp. If you cannot use your app, enter one of your recovery codes instead."
                        errors=errors
                        autocomplete="one-time-code"
                        width="10"
                        spellcheck_off=true
                    />
                    <Button label="Continue" />
                </form>
                <p class="govuk-body">
                    "Lost your phone and your recovery codes? Ask the national body to reset your sign-in codes."
                </p>
            </div>
        </div>
    }
}

/// Setting up an authenticator app: scan the QR code (or type the key), then prove it works.
/// From the account page (not `required` at sign-in) the current password is asked too: a
/// borrowed signed-in browser must not be enough to put someone else's phone on the account.
#[component]
pub fn EnrolPage(
    qr_svg: String,
    key: String,
    action: String,
    required: bool,
    errors: FieldErrors,
) -> impl IntoView {
    let plain_key = key.replace(' ', "");
    let password_error = errors.get("current_password").map(str::to_string);
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors.clone() />
                <h1 class="govuk-heading-l">"Set up an authenticator app"</h1>
                {required
                    .then(|| {
                        view! {
                            <p class="govuk-body">
                                "Your account can approve, manage or award, so it needs a second step at sign-in: a code from an authenticator app on your phone."
                            </p>
                        }
                    })}
                <ol class="govuk-list govuk-list--number">
                    <li>
                        "Open an authenticator app, such as Microsoft Authenticator or Google Authenticator."
                    </li>
                    <li>"Scan this QR code with it:"</li>
                </ol>
                <div class="bl-qr" inner_html=qr_svg></div>
                <details class="govuk-details">
                    <summary class="govuk-details__summary">
                        <span class="govuk-details__summary-text">"I cannot scan the QR code"</span>
                    </summary>
                    <div class="govuk-details__text">
                        "Choose to enter a key in your app, and type this key:"
                        <p class="govuk-body">
                            <code class="bl-secret" data-secret=plain_key>
                                {key}
                            </code>
                        </p>
                    </div>
                </details>
                <form method="post" action=action novalidate>
                    {(!required)
                        .then(|| {
                            view! {
                                <PasswordInput
                                    id="current_password".to_string()
                                    label="Your current password".to_string()
                                    hint=None
                                    error=password_error
                                    autocomplete="current-password".to_string()
                                />
                            }
                        })}
                    <TextInput
                        id="code"
                        label="Enter the 6-digit code the app shows"
                        errors=errors
                        autocomplete="one-time-code"
                        width="10"
                        spellcheck_off=true
                    />
                    <Button label="Continue" />
                </form>
            </div>
        </div>
    }
}

/// Shown once, straight after setting up an app.
#[component]
pub fn RecoveryCodesPage(codes: Vec<String>, next: String) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">"Authenticator app set up"</span>
                <h1 class="govuk-heading-l">"Save your recovery codes"</h1>
                <p class="govuk-body">
                    "If you lose your phone, sign in with one of these codes instead of a code from the app. Each works once. Keep them somewhere safe: you will not see them again."
                </p>
                <ul class="govuk-list bl-recovery-codes">
                    {codes
                        .into_iter()
                        .map(|c| {
                            view! {
                                <li>
                                    <code>{c}</code>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <a class="govuk-button" href=next>
                    "I have saved my recovery codes"
                </a>
            </div>
        </div>
    }
}
