use crate::identity::rules::PASSWORD_MIN_CHARS;
use crate::identity::types::{RegisterSupplierForm, SupplierSize};
use crate::ui::forms::{Button, ErrorSummary, Radios, TextInput};
use crate::ui::password::PasswordInput;
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn RegisterSupplierPage(form: RegisterSupplierForm, errors: FieldErrors) -> impl IntoView {
    let pw = errors.get("password").map(str::to_string);
    let confirm = errors.get("confirm_password").map(str::to_string);
    let sizes = SupplierSize::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string(), None))
        .collect::<Vec<_>>();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors.clone() />
                <span class="govuk-caption-l">"Register"</span>
                <h1 class="govuk-heading-l">"Register a supplier"</h1>
                <p class="govuk-body">
                    "The national body checks each application. You can sign in straight away and will see when your company is approved."
                </p>
                <form method="post" action="/register/supplier" novalidate>
                    <h2 class="govuk-heading-m">"Your company"</h2>
                    <TextInput
                        id="company_name"
                        label="Company name"
                        value=form.company_name
                        errors=errors.clone()
                        autocomplete="organization"
                    />
                    <TextInput
                        id="companies_house_number"
                        label="Companies House number"
                        hint="8 characters, for example 01234567 or SC123456"
                        value=form.companies_house_number
                        errors=errors.clone()
                        width="10"
                        spellcheck_off=true
                    />
                    <Radios
                        id="supplier_size"
                        legend="Company size"
                        options=sizes
                        selected=form.supplier_size
                        errors=errors.clone()
                    />
                    <TextInput
                        id="contact_phone"
                        label="Telephone number (optional)"
                        value=form.contact_phone
                        errors=errors.clone()
                        input_type="tel"
                        autocomplete="tel"
                        width="20"
                    />
                    <h2 class="govuk-heading-m">"You"</h2>
                    <p class="govuk-body">
                        "You will be the first administrator of your company’s account."
                    </p>
                    <TextInput
                        id="name"
                        label="Full name"
                        value=form.name
                        errors=errors.clone()
                        autocomplete="name"
                        spellcheck_off=true
                    />
                    <TextInput
                        id="email"
                        label="Email address"
                        value=form.email
                        errors=errors.clone()
                        input_type="email"
                        autocomplete="email"
                        spellcheck_off=true
                    />
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
                    <Button label="Send application" />
                </form>
            </div>
        </div>
    }
}
