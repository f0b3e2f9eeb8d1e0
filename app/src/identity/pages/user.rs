use crate::identity::types::{OrgKind, Role, UserRow, UserStatus};
use crate::ui::forms::{Button, Checkbox, ProblemBanner};
use leptos::prelude::*;

#[component]
pub fn UserPage(
    user: UserRow,
    kind: OrgKind,
    is_self: bool,
    problem: Option<String>,
    can_reset_mfa: bool,
) -> impl IntoView {
    let action = format!("/users/{}", user.id);
    let back = format!("/organisations/{}/users", user.org_id);
    let has = |r: Role| user.roles.contains(&r);
    let (admin, evaluator) = (has(Role::Admin), has(Role::Evaluator));
    let status = user.status;
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ProblemBanner message=problem />
                <span class="govuk-caption-l">{user.org_name.clone()}</span>
                <h1 class="govuk-heading-l">{user.name.clone()}</h1>
                <dl class="govuk-summary-list">
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Email address"</dt>
                        <dd class="govuk-summary-list__value">{user.email.clone()}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Status"</dt>
                        <dd class="govuk-summary-list__value">{status.label()}</dd>
                    </div>
                </dl>
                <form method="post" action=action.clone() novalidate>
                    <input type="hidden" name="intent" value="roles" />
                    <div class="govuk-form-group">
                        <fieldset class="govuk-fieldset">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                                "Roles"
                            </legend>
                            <div class="govuk-hint">"Everyone is a member."</div>
                            <div class="govuk-checkboxes" data-module="govuk-checkboxes">
                                <Checkbox
                                    id="admin"
                                    label="Administrator"
                                    hint="Can invite users, change roles and disable accounts"
                                    checked=admin
                                />
                                {(kind == OrgKind::Force)
                                    .then(|| {
                                        view! {
                                            <Checkbox
                                                id="evaluator"
                                                label="Evaluator"
                                                hint="Can score bids in shared procurements"
                                                checked=evaluator
                                            />
                                        }
                                    })}
                            </div>
                        </fieldset>
                    </div>
                    <Button label="Save roles" />
                </form>
                {(!is_self)
                    .then(|| {
                        let (intent, label, warning) = if status == UserStatus::Disabled {
                            ("enable", "Enable account", false)
                        } else {
                            ("disable", "Disable account", true)
                        };
                        view! {
                            <h2 class="govuk-heading-m">"Account"</h2>
                            <p class="govuk-body">
                                {if warning {
                                    "Disabling the account signs them out at once and stops them signing in."
                                } else {
                                    "Enabling the account lets them sign in again."
                                }}
                            </p>
                            <form method="post" action=action.clone()>
                                <input type="hidden" name="intent" value=intent />
                                <Button label=label warning=warning secondary=!warning />
                            </form>
                        }
                    })}
                {(can_reset_mfa && !is_self)
                    .then(|| {
                        view! {
                            <h2 class="govuk-heading-m">"Sign-in codes"</h2>
                            <p class="govuk-body">
                                "If they have lost their authenticator app and recovery codes, reset them: they are signed out, told by email, and set up an app again when they next sign in."
                            </p>
                            <form method="post" action=action.clone()>
                                <input type="hidden" name="intent" value="reset_mfa" />
                                <Button label="Reset sign-in codes" secondary=true />
                            </form>
                        }
                    })}
                <p class="govuk-body">
                    <a class="govuk-link" href=back>
                        "Back to users"
                    </a>
                </p>
            </div>
        </div>
    }
}
