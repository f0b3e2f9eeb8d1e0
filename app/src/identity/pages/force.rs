use crate::identity::types::{ForceDomainsForm, OrgSummary};
use crate::ui::forms::{Button, ErrorSummary, Textarea};
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn ForcePage(
    force: OrgSummary,
    can_edit: bool,
    form: ForceDomainsForm,
    errors: FieldErrors,
) -> impl IntoView {
    let action = format!("/admin/forces/{}", force.id);
    let users = format!("/organisations/{}/users", force.id);
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors.clone() />
                <span class="govuk-caption-l">{force.region.clone().unwrap_or_default()}</span>
                <h1 class="govuk-heading-l">{force.name.clone()}</h1>
                <p class="govuk-body">
                    <a class="govuk-link" href=users>
                        "Users of this force"
                    </a>
                </p>
                {if can_edit {
                    view! {
                        <form method="post" action=action novalidate>
                            <Textarea
                                id="domains"
                                label="Allowed email domains"
                                hint="One a line, for example kent.police.uk. Staff can register only with an address on one of these."
                                value=form.domains.clone()
                                errors=errors.clone()
                                rows=4
                            />
                            <Button label="Save domains" />
                        </form>
                    }
                        .into_any()
                } else {
                    view! {
                        <h2 class="govuk-heading-m">"Allowed email domains"</h2>
                        <ul class="govuk-list govuk-list--bullet">
                            {force
                                .domains
                                .iter()
                                .map(|d| view! { <li>{d.clone()}</li> })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
                <p class="govuk-body">
                    <a class="govuk-link" href="/admin/forces">
                        "Back to forces"
                    </a>
                </p>
            </div>
        </div>
    }
}
