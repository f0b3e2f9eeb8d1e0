use crate::ui::forms::Button;
use leptos::prelude::*;

/// After registering: the same page whatever happened, so it never says whether the address
/// already had an account.
#[component]
pub fn CheckEmailPage(email: String, demo: bool) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Check your email"</h1>
                <p class="govuk-body">"We have sent an email to " <strong>{email}</strong> "."</p>
                <p class="govuk-body">
                    "Follow the link in it to confirm your email address and finish registering. The link works once and expires in 24 hours."
                </p>
                <p class="govuk-body">
                    "If the email has not arrived after a few minutes, check your spam folder, or "
                    <a class="govuk-link" href="/register">
                        "register again"
                    </a> " to get a new link."
                </p>
                {demo
                    .then(|| {
                        view! {
                            <div class="govuk-inset-text">
                                "This is a demo: no email leaves it. Read the message in the "
                                <a class="govuk-link" href="/dev/mailbox">
                                    "demo mailbox"
                                </a> "."
                            </div>
                        }
                    })}
            </div>
        </div>
    }
}

/// A confirmation link opens this page; the button confirms. A link that changed something
/// on a GET would be followed by mail scanners before the person ever saw it.
#[component]
pub fn ConfirmEmailPage(token: String) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Confirm your email address"</h1>
                <p class="govuk-body">
                    "Confirm this is your email address to finish registering with Bluelamp."
                </p>
                <form method="post" action=format!("/confirm/{token}") novalidate>
                    <Button label="Confirm email address" />
                </form>
            </div>
        </div>
    }
}

#[component]
pub fn ConfirmProblemPage(message: String) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"This link cannot be used"</h1>
                <p class="govuk-body">{message}</p>
                <p class="govuk-body">
                    <a class="govuk-link" href="/register">
                        "Register again"
                    </a>
                </p>
            </div>
        </div>
    }
}
