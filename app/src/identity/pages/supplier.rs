use super::suppliers::status_tag;
use crate::identity::types::{DecideSupplierForm, OrgStatus, OrgSummary};
use crate::ui::forms::{Button, ErrorSummary, ProblemBanner, Radios, Textarea};
use crate::ui::time::show_london;
use crate::validation::FieldErrors;
use leptos::prelude::*;

fn row(key: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{value}</dd>
        </div>
    }
}

#[component]
pub fn SupplierPage(
    supplier: OrgSummary,
    can_decide: bool,
    form: DecideSupplierForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let decide = can_decide && supplier.status == OrgStatus::Pending;
    let action = format!("/admin/suppliers/{}", supplier.id);
    let users = format!("/organisations/{}/users", supplier.id);
    let options = vec![
        (
            "approve".to_string(),
            "Approve".to_string(),
            Some("The supplier can list services and bid".to_string()),
        ),
        (
            "reject".to_string(),
            "Reject".to_string(),
            Some("The supplier sees your reason".to_string()),
        ),
    ];
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ProblemBanner message=problem />
                <ErrorSummary errors=errors.clone() />
                <span class="govuk-caption-l">"Supplier application"</span>
                <h1 class="govuk-heading-l">{supplier.name.clone()}</h1>
                <p class="govuk-body">{status_tag(supplier.status)}</p>
                <dl class="govuk-summary-list">
                    {row(
                        "Companies House number",
                        supplier.companies_house_number.clone().unwrap_or_default(),
                    )}
                    {row(
                        "Size",
                        supplier.supplier_size.map(|s| s.label().to_string()).unwrap_or_default(),
                    )} {row("Contact", supplier.contact_name.clone().unwrap_or_default())}
                    {row("Contact email", supplier.contact_email.clone().unwrap_or_default())}
                    {row(
                        "Telephone",
                        supplier.contact_phone.clone().unwrap_or_else(|| "Not given".into()),
                    )} {row("Applied", show_london(supplier.created_at))}
                    {supplier.status_reason.clone().map(|r| row("Reason given", r))}
                </dl>
                <p class="govuk-body">
                    <a class="govuk-link" href=users>
                        "Users of this supplier"
                    </a>
                </p>
                {decide
                    .then(|| {
                        view! {
                            <form method="post" action=action novalidate>
                                <h2 class="govuk-heading-m">"Decision"</h2>
                                <Radios
                                    id="decision"
                                    legend="Approve or reject this supplier?"
                                    options=options
                                    selected=form.decision.clone()
                                    errors=errors.clone()
                                />
                                <Textarea
                                    id="reason"
                                    label="Reason"
                                    hint="Required when rejecting. The supplier will see it."
                                    value=form.reason.clone()
                                    errors=errors.clone()
                                    rows=4
                                />
                                <Button label="Save decision" />
                            </form>
                        }
                    })}
                <p class="govuk-body">
                    <a class="govuk-link" href="/admin/suppliers">
                        "Back to suppliers"
                    </a>
                </p>
            </div>
        </div>
    }
}
