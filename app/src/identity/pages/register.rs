use leptos::prelude::*;

#[component]
pub fn RegisterPage() -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">"Register for Bluelamp"</h1>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-half">
                <h2 class="govuk-heading-m">"Police force staff"</h2>
                <p class="govuk-body">
                    "Search the catalogue, take part in shared procurements and see your force’s technology spend. You need an email address on your force’s domain."
                </p>
                <a class="govuk-button" href="/register/force">
                    "Register as force staff"
                </a>
            </div>
            <div class="govuk-grid-column-one-half">
                <h2 class="govuk-heading-m">"Technology suppliers"</h2>
                <p class="govuk-body">
                    "List your services and bid for shared procurements. The national body checks every new supplier before it is approved."
                </p>
                <a class="govuk-button govuk-button--secondary" href="/register/supplier">
                    "Register a supplier"
                </a>
            </div>
        </div>
        <p class="govuk-body">
            "Already registered? " <a class="govuk-link" href="/sign-in">
                "Sign in"
            </a>
        </p>
    }
}
