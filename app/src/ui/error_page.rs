//! The pages shown for 403, 404 and 500.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Forbidden,
    NotFound,
    /// A record that existed and is no longer available.
    Gone,
    Internal,
    Busy,
    TooManyRequests,
    /// A form carried a NUL byte: no database stores it as text, and no person types it.
    BadCharacter,
}

impl ErrorKind {
    pub fn title(&self) -> &'static str {
        match self {
            ErrorKind::Forbidden => "You do not have permission to see this page",
            ErrorKind::NotFound => "Page not found",
            ErrorKind::Gone => "This page is no longer available",
            ErrorKind::Internal => "Sorry, there is a problem with the service",
            ErrorKind::Busy => "Sorry, the service is busy",
            ErrorKind::TooManyRequests => "Too many attempts",
            ErrorKind::BadCharacter => "The form could not be sent",
        }
    }
}

#[component]
pub fn ErrorPage(kind: ErrorKind, signed_in: bool) -> impl IntoView {
    let body = match kind {
        ErrorKind::Forbidden => view! {
            <p class="govuk-body">"Your account does not have access to this page."</p>
            <p class="govuk-body">
                "If you think you should have access, contact your organisation’s administrator."
            </p>
        }
        .into_any(),
        ErrorKind::NotFound => view! {
            <p class="govuk-body">"If you typed the web address, check it is correct."</p>
            <p class="govuk-body">
                "If you pasted the web address, check you copied the entire address."
            </p>
        }
        .into_any(),
        ErrorKind::Gone => view! { <p class="govuk-body">"What was here has been withdrawn or suspended."</p> }
        .into_any(),
        ErrorKind::Busy => view! {
            <p class="govuk-body">
                "Too many people are signing in at once. Try again in a few seconds. Nothing you had already saved has been lost."
            </p>
        }
        .into_any(),
        ErrorKind::TooManyRequests => view! {
            <p class="govuk-body">
                "You have sent too many forms in a short time. Wait a minute, then try again. Nothing you had already saved has been lost."
            </p>
        }
        .into_any(),
        ErrorKind::BadCharacter => view! {
            <p class="govuk-body">
                "What you sent contains a hidden control character (a NUL byte) that cannot be saved. Go back, retype the text rather than pasting it, and send the form again. Nothing has been saved."
            </p>
        }
        .into_any(),
        ErrorKind::Internal => view! { <p class="govuk-body">"Try again later. Nothing you had already saved has been lost."</p> }
        .into_any(),
    };
    view! {
        <h1 class="govuk-heading-l">{kind.title()}</h1>
        {body}
        <p class="govuk-body">
            {if signed_in {
                view! {
                    <a class="govuk-link" href="/">
                        "Go to your home page"
                    </a>
                }
                    .into_any()
            } else {
                view! {
                    <a class="govuk-link" href="/sign-in">
                        "Sign in"
                    </a>
                }
                    .into_any()
            }}
        </p>
    }
}
