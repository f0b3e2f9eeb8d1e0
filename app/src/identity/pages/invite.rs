use crate::identity::types::{InviteForm, OrgKind, OrgSummary};
use crate::ui::forms::{Button, Checkbox, ErrorSummary, TextInput};
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn InvitePage(org: OrgSummary, form: InviteForm, errors: FieldErrors) -> impl IntoView {
    let action = format!("/organisations/{}/users/invite", org.id);
    let back = format!("/organisations/{}/users", org.id);
    let hint = (org.kind == OrgKind::Force && !org.domains.is_empty())
        .then(|| format!("Must be on {}", org.domains.join(" or ")));
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors.clone() />
                <span class="govuk-caption-l">{org.name.clone()}</span>
                <h1 class="govuk-heading-l">"Invite a user"</h1>
                <form method="post" action=action novalidate>
                    <TextInput
                        id="name"
                        label="Full name"
                        value=form.name
                        errors=errors.clone()
                        spellcheck_off=true
                    />
                    <TextInput
                        id="email"
                        label="Email address"
                        value=form.email
                        errors=errors.clone()
                        input_type="email"
                        hint=hint.unwrap_or_default()
                        spellcheck_off=true
                    />
                    <div class="govuk-form-group">
                        <fieldset class="govuk-fieldset">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                                "Roles"
                            </legend>
                            <div class="govuk-hint">
                                "Everyone is a member. Add more if they need it."
                            </div>
                            <div class="govuk-checkboxes" data-module="govuk-checkboxes">
                                <Checkbox
                                    id="admin"
                                    label="Administrator"
                                    hint="Can invite users, change roles and disable accounts"
                                    checked=!form.admin.is_empty()
                                />
                                {(org.kind == OrgKind::Force)
                                    .then(|| {
                                        view! {
                                            <Checkbox
                                                id="evaluator"
                                                label="Evaluator"
                                                hint="Can score bids in shared procurements"
                                                checked=!form.evaluator.is_empty()
                                            />
                                        }
                                    })}
                            </div>
                        </fieldset>
                    </div>
                    <div class="govuk-button-group">
                        <Button label="Send invitation" />
                        <a class="govuk-link" href=back>
                            "Cancel"
                        </a>
                    </div>
                </form>
            </div>
        </div>
    }
}
