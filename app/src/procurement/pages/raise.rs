use crate::procurement::form::{Fields, CRITERIA_ROWS, DEADLINES};
use crate::procurement::types::CriterionKind;
use crate::ui::forms::{Button, Checkbox, ErrorSummary, Select, TextInput, Textarea};
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn NewDraftPage(title: String, errors: FieldErrors) -> impl IntoView {
    view! {
        <ErrorSummary errors=errors.clone() />
        <h1 class="govuk-heading-l">"Raise a procurement"</h1>
        <p class="govuk-body">
            "Start with a title. The draft is seen only by your force until you open it to the others; you can fill it in over several visits."
        </p>
        <form method="post" action="/procurements/new" novalidate>
            <TextInput id="title" label="Title" value=title errors=errors />
            <Button label="Start the draft" />
        </form>
    }
}

fn v(f: &Fields, k: &str) -> String {
    f.get(k).cloned().unwrap_or_default()
}

/// The raising form (a draft), or the amending form (`amend`: a reason is asked, and the lot
/// is fixed).
#[component]
pub fn ProcurementFormPage(
    id: i32,
    fields: Fields,
    lots: Vec<(i32, String)>,
    errors: FieldErrors,
    amend: bool,
    #[prop(optional)] reason: String,
) -> impl IntoView {
    let f = fields;
    let mut lot_options = vec![(String::new(), "Choose a lot".to_string())];
    lot_options.extend(lots.into_iter().map(|(i, n)| (i.to_string(), n)));
    let mut kind_options = vec![(String::new(), "Choose".to_string())];
    kind_options.extend(
        CriterionKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), k.label().to_string())),
    );
    let action = if amend {
        format!("/procurements/{id}/amend")
    } else {
        format!("/procurements/{id}/edit")
    };
    let criteria = (1..=CRITERIA_ROWS)
        .map(|n| {
            let field = |p: &str| format!("criterion_{n}_{p}");
            view! {
                <fieldset class="govuk-fieldset bl-criterion">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                        {format!("Criterion {n}")}
                    </legend>
                    <Select
                        id=field("kind")
                        label="Kind"
                        options=kind_options.clone()
                        selected=v(&f, &field("kind"))
                        errors=errors.clone()
                    />
                    <TextInput
                        id=field("name")
                        label="Name"
                        value=v(&f, &field("name"))
                        errors=errors.clone()
                    />
                    <TextInput
                        id=field("weight")
                        label="Weight (%)"
                        width="3"
                        value=v(&f, &field("weight"))
                        errors=errors.clone()
                    />
                    <TextInput
                        id=field("scale")
                        label="Scoring scale (quality and social value)"
                        hint="For example, 0 to 4"
                        value=v(&f, &field("scale"))
                        errors=errors.clone()
                    />
                    <Textarea
                        id=field("guidance")
                        label="Guidance: what earns each score"
                        rows=3
                        value=v(&f, &field("guidance"))
                        errors=errors.clone()
                    />
                </fieldset>
            }
        })
        .collect_view();
    let deadlines = DEADLINES
        .iter()
        .map(|(id, what)| {
            let part = |p: &str| format!("{id}_{p}");
            let first = part("day");
            let error = errors.get(&first).map(str::to_string);
            let group = if error.is_some() {
                "govuk-form-group govuk-form-group--error"
            } else {
                "govuk-form-group"
            };
            let legend = {
                let mut c = what.chars();
                c.next()
                    .map(|x| x.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            };
            view! {
                <div class=group>
                    <fieldset class="govuk-fieldset" role="group">
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                            {legend}
                        </legend>
                        {error
                            .map(|e| {
                                view! {
                                    <p class="govuk-error-message" id=format!("{first}-error")>
                                        <span class="govuk-visually-hidden">"Error: "</span>
                                        {e}
                                    </p>
                                }
                            })}
                        <div class="govuk-date-input">
                            {[("day", "Day", "2"), ("month", "Month", "2"), ("year", "Year", "4")]
                                .into_iter()
                                .map(|(p, label, w)| {
                                    let name = part(p);
                                    view! {
                                        <div class="govuk-date-input__item">
                                            <div class="govuk-form-group">
                                                <label
                                                    class="govuk-label govuk-date-input__label"
                                                    for=name.clone()
                                                >
                                                    {label}
                                                </label>
                                                <input
                                                    class=format!(
                                                        "govuk-input govuk-date-input__input govuk-input--width-{w}",
                                                    )
                                                    id=name.clone()
                                                    name=name.clone()
                                                    type="text"
                                                    inputmode="numeric"
                                                    value=v(&f, &name)
                                                />
                                            </div>
                                        </div>
                                    }
                                })
                                .collect_view()} <div class="govuk-date-input__item">
                                <div class="govuk-form-group">
                                    <label
                                        class="govuk-label govuk-date-input__label"
                                        for=part("time")
                                    >
                                        "Time (24-hour)"
                                    </label>
                                    <input
                                        class="govuk-input govuk-date-input__input govuk-input--width-4"
                                        id=part("time")
                                        name=part("time")
                                        type="text"
                                        value=v(&f, &part("time"))
                                    />
                                </div>
                            </div>
                        </div>
                    </fieldset>
                </div>
            }
        })
        .collect_view();
    view! {
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">
            {if amend { "Amend a procurement" } else { "Raise a procurement" }}
        </span>
        <h1 class="govuk-heading-l">{v(&f, "title")}</h1>
        <form method="post" action=action novalidate>
            {amend
                .then(|| {
                    view! {
                        <Textarea
                            id="reason"
                            label="Why is it amended?"
                            hint="Every supplier and force taking part is told, with this reason. Deadlines can be extended but never brought forward."
                            rows=3
                            value=reason.clone()
                            errors=errors.clone()
                        />
                    }
                })}
            <h2 class="govuk-heading-m">"About the requirement"</h2>
            <TextInput id="title" label="Title" value=v(&f, "title") errors=errors.clone() />
            <Textarea
                id="summary"
                label="Summary"
                hint="One or two sentences: what is being bought and why"
                rows=3
                value=v(&f, "summary")
                errors=errors.clone()
            />
            <Textarea
                id="description"
                label="Description"
                rows=8
                value=v(&f, "description")
                errors=errors.clone()
            />
            {if amend {
                view! { <input type="hidden" name="lot" value=v(&f, "lot") /> }.into_any()
            } else {
                view! {
                    <Select
                        id="lot"
                        label="Framework lot"
                        options=lot_options
                        selected=v(&f, "lot")
                        errors=errors.clone()
                    />
                }
                    .into_any()
            }}
            <h2 class="govuk-heading-m">"Requirements"</h2>
            <Textarea
                id="essential"
                label="Essential requirements"
                hint="One a line, up to 20. A bid that does not meet one can be found non-compliant."
                rows=6
                value=v(&f, "essential")
                errors=errors.clone()
            />
            <Textarea
                id="nice_to_have"
                label="Nice-to-have requirements (optional)"
                hint="One a line, up to 20"
                rows=4
                value=v(&f, "nice_to_have")
                errors=errors.clone()
            />
            <h2 class="govuk-heading-m" id="criteria">
                "Evaluation criteria"
            </h2>
            <p class="govuk-body">
                "Weights total 100. Include at least one price criterion; give each quality or social value criterion its scale and guidance. Leave rows you do not need empty."
            </p>
            {errors
                .get("criteria")
                .map(|e| {
                    view! {
                        <p class="govuk-error-message">
                            <span class="govuk-visually-hidden">"Error: "</span>
                            {e.to_string()}
                        </p>
                    }
                })}
            {criteria}
            <h2 class="govuk-heading-m">"Your force's demand"</h2>
            <TextInput
                id="unit"
                label="Unit of quantity"
                hint="What the quantities count, for example licences or officers"
                value=v(&f, "unit")
                errors=errors.clone()
            />
            <TextInput
                id="quantity"
                label="Quantity"
                width="10"
                value=v(&f, "quantity")
                errors=errors.clone()
            />
            <TextInput
                id="value"
                label="Estimated value, in pounds"
                width="10"
                value=v(&f, "value")
                errors=errors.clone()
            />
            <div class="govuk-form-group">
                <div class="govuk-checkboxes" data-module="govuk-checkboxes">
                    <Checkbox
                        id="per_force_prices"
                        label="Suppliers must break their price down by force"
                        checked=v(&f, "per_force_prices") == "on"
                    />
                </div>
            </div>
            <h2 class="govuk-heading-m">"Timeline"</h2>
            <p class="govuk-body">
                "In UK time, each after the one before. Suppliers must have the minimum tender period between the join deadline and the bid deadline."
            </p>
            {deadlines}
            <Button label=if amend { "Publish the amendment" } else { "Save the draft" } />
        </form>
    }
}
