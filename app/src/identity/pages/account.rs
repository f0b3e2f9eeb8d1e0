use crate::access::Viewer;
use leptos::prelude::*;

#[component]
pub fn AccountPage(
    viewer: Viewer,
    /// Whether they use an authenticator app, and how many recovery codes are left.
    mfa: (bool, usize),
) -> impl IntoView {
    let (has_app, codes_left) = mfa;
    let roles = viewer
        .roles
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <h1 class="govuk-heading-l">"Your account"</h1>
        <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Name"</dt>
                <dd class="govuk-summary-list__value">{viewer.name.clone()}</dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Email address"</dt>
                <dd class="govuk-summary-list__value">{viewer.email.clone()}</dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Organisation"</dt>
                <dd class="govuk-summary-list__value">
                    {viewer.org_name.clone()}" ("{viewer.org_kind.label().to_lowercase()}")"
                </dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Roles"</dt>
                <dd class="govuk-summary-list__value">{roles}</dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Password"</dt>
                <dd class="govuk-summary-list__value">"••••••••••••"</dd>
                <dd class="govuk-summary-list__actions">
                    <a class="govuk-link" href="/account/password">
                        "Change"
                        <span class="govuk-visually-hidden">" password"</span>
                    </a>
                </dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Authenticator app"</dt>
                <dd class="govuk-summary-list__value">
                    {if has_app {
                        format!("Set up ({codes_left} of 10 recovery codes left)")
                    } else {
                        "Not set up".to_string()
                    }}
                </dd>
                <dd class="govuk-summary-list__actions">
                    <a class="govuk-link" href="/account/authenticator">
                        {if has_app { "Replace" } else { "Set up" }}
                        <span class="govuk-visually-hidden">" authenticator app"</span>
                    </a>
                </dd>
            </div>
        </dl>
    }
}
