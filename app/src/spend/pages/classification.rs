//! Classification: the rules in order, a rule's form, a change's preview before it is saved,
//! and a force's payments with what classified each (the unclassified queue among them).

use crate::money::Money;
use crate::spend::service::classification::{Preview, RuleForm, RulesPage as Rules};
use crate::spend::service::lines::LinesPage as Lines;
use crate::spend::types::SpendClass;
use crate::ui::forms::{Button, ErrorSummary, Radios, Select, TextInput, Textarea};
use crate::ui::pagination::Pagination;
use crate::validation::FieldErrors;
use leptos::prelude::*;

pub fn class_tag(c: SpendClass) -> impl IntoView {
    let class = match c {
        SpendClass::Legacy => "govuk-tag govuk-tag--orange",
        SpendClass::New => "govuk-tag govuk-tag--green",
        SpendClass::Unclassified => "govuk-tag govuk-tag--grey",
    };
    view! { <strong class=class>{c.label()}</strong> }
}

#[component]
pub fn RulesPage(page: Rules) -> impl IntoView {
    let can_edit = page.can_edit;
    view! {
        <span class="govuk-caption-l">"Spend"</span>
        <h1 class="govuk-heading-l">"How spend is classified"</h1>
        <p class="govuk-body">
            "Every payment is legacy maintenance (keeping existing systems running: support, maintenance and licence renewals), new technology (new systems, projects, migrations and cloud services), or unclassified. The rules are tried in order and the first that matches a payment gives its class. A force may override the class of its own payments; rule changes leave those alone."
        </p>
        {can_edit
            .then(|| {
                view! {
                    <a href="/spend/rules/new" class="govuk-button" role="button">
                        "Add a rule"
                    </a>
                }
            })}
        <table class="govuk-table bl-table-s">
            <caption class="govuk-table__caption govuk-table__caption--m">
                {format!("{} rules, in order", page.rules.len())}
            </caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "Order"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Rule"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Matches payments where"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Class"
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "Classifies now"
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {page
                    .rules
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let name = if can_edit {
                            view! {
                                <a class="govuk-link" href=format!("/spend/rules/{}", r.model.id)>
                                    {r.model.name.clone()}
                                </a>
                            }
                                .into_any()
                        } else {
                            r.model.name.clone().into_any()
                        };
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{i + 1}</td>
                                <td class="govuk-table__cell">{name}</td>
                                <td class="govuk-table__cell">
                                    {r.conditions.clone()}
                                    {r
                                        .system
                                        .clone()
                                        .map(|s| {
                                            format!(" (pays for {s}: that force's payments only)")
                                        })}
                                </td>
                                <td class="govuk-table__cell">
                                    {class_tag(r.model.class)}
                                    {r
                                        .function
                                        .clone()
                                        .map(|f| {
                                            view! {
                                                <span class="govuk-body-s bl-rule-function">{f}</span>
                                            }
                                        })}
                                </td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">
                                    {format!(
                                        "{} payments, {}",
                                        crate::money::group_thousands(r.lines.max(0) as u64),
                                        Money::from_pence(r.pence),
                                    )}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The rule's fields (shared by the form and the preview's hidden copy).
fn hidden_fields(form: &RuleForm) -> impl IntoView {
    [
        ("name", form.name.clone()),
        ("class", form.class.clone()),
        ("supplier", form.supplier.clone()),
        ("description_words", form.description_words.clone()),
        ("expense_type", form.expense_type.clone()),
        ("cost_centre", form.cost_centre.clone()),
        ("system", form.system.clone()),
        ("function", form.function.clone()),
        ("lot", form.lot.clone()),
        ("system_status", form.system_status.clone()),
        ("support_ends_before", form.support_ends_before.clone()),
        ("on_contract", form.on_contract.clone()),
        ("position", form.position.clone()),
    ]
    .into_iter()
    .map(|(n, v)| view! { <input type="hidden" name=n value=v /> })
    .collect_view()
}

#[component]
pub fn RuleFormPage(
    /// Where the preview goes (GET) and the rule's own address.
    #[prop(into)]
    preview: String,
    #[prop(into)] title: String,
    form: RuleForm,
    suppliers: Vec<(i32, String)>,
    systems: Vec<(i32, String)>,
    functions: Vec<(i32, String)>,
    /// The framework lots the payments name.
    lots: Vec<String>,
    count: usize,
    errors: FieldErrors,
    remove: Option<String>,
) -> impl IntoView {
    let lot_opts: Vec<(String, String)> = std::iter::once((String::new(), "Any lot".into()))
        .chain(lots.into_iter().map(|l| (l.clone(), l)))
        .collect();
    let status_opts: Vec<(String, String)> = std::iter::once((String::new(), "Any status".into()))
        .chain(
            crate::spend::register::SystemStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_string(), s.label().to_string())),
        )
        .collect();
    let contract_opts: Vec<(String, String)> = vec![
        (String::new(), "Either".into()),
        (
            "yes".into(),
            "Yes: the force holds a contract with the supplier".into(),
        ),
        (
            "no".into(),
            "No: the force holds no contract with the supplier".into(),
        ),
    ];
    let supplier_opts: Vec<(String, String)> =
        std::iter::once((String::new(), "Any supplier".into()))
            .chain(suppliers.into_iter().map(|(i, n)| (i.to_string(), n)))
            .collect();
    let system_opts: Vec<(String, String)> = std::iter::once((String::new(), "No system".into()))
        .chain(systems.into_iter().map(|(i, n)| (i.to_string(), n)))
        .collect();
    let function_opts: Vec<(String, String)> =
        std::iter::once((String::new(), "No function".into()))
            .chain(functions.into_iter().map(|(i, n)| (i.to_string(), n)))
            .collect();
    view! {
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">"How spend is classified"</span>
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body">
            "Every condition you fill in must hold. You will see what the rule would move, in payments and money, before anything is saved."
        </p>
        <form method="get" action=preview novalidate>
            <TextInput id="name" label="Name" value=form.name.clone() errors=errors.clone() />
            <Radios
                id="class"
                legend="The payments it matches are"
                options=vec![
                    (
                        "legacy".into(),
                        "Legacy maintenance (run)".into(),
                        Some("Support, maintenance and licence renewals of existing systems".into()),
                    ),
                    (
                        "new".into(),
                        "New technology (grow or transform)".into(),
                        Some("New systems, projects, migrations, cloud services".into()),
                    ),
                ]
                selected=form.class.clone()
                errors=errors.clone()
            />
            <Select
                id="supplier"
                label="Supplier"
                options=supplier_opts
                selected=form.supplier.clone()
                errors=errors.clone()
            />
            <TextInput
                id="description_words"
                label="Description contains"
                hint="Words that must all appear, in any order and any case. A * inside a word stands for any letters: licen*e matches licence and license."
                value=form.description_words.clone()
                errors=errors.clone()
            />
            <TextInput
                id="expense_type"
                label="Expense type or GL code starts with"
                hint="For example 41 for every code in the 4100s"
                value=form.expense_type.clone()
                errors=errors.clone()
                width="20"
            />
            <TextInput
                id="cost_centre"
                label="Cost centre starts with"
                value=form.cost_centre.clone()
                errors=errors.clone()
                width="20"
            />
            <Select
                id="lot"
                label="Framework lot"
                hint="The lot the payments were bought through, as the Crown Commercial Service's returns name it"
                options=lot_opts
                selected=form.lot.clone()
                errors=errors.clone()
            />
            <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                    "What the force's systems register says"
                </legend>
                <div class="govuk-hint">
                    "A payment matches when its force's register lists a system from the payment's supplier that meets what you choose here."
                </div>
                <Select
                    id="system_status"
                    label="The system's status"
                    options=status_opts
                    selected=form.system_status.clone()
                    errors=errors.clone()
                />
                <TextInput
                    id="support_ends_before"
                    label="Its support ends before"
                    hint="For example, 31/03/2027"
                    value=form.support_ends_before.clone()
                    errors=errors.clone()
                    width="10"
                />
            </fieldset>
            <Select
                id="on_contract"
                label="The force holds a contract with the supplier"
                hint="A direct award from the catalogue or a shared procurement's contract"
                options=contract_opts
                selected=form.on_contract.clone()
                errors=errors.clone()
            />
            <Select
                id="system"
                label="The system the payments pay for"
                hint="Optional. A rule naming a system matches that force's payments only."
                options=system_opts
                selected=form.system.clone()
                errors=errors.clone()
            />
            <Select
                id="function"
                label="The function the payments serve"
                hint="Optional: for new-technology spend by function on the dashboards. A rule naming a system gives that system's function when this is empty."
                options=function_opts
                selected=form.function.clone()
                errors=errors.clone()
            />
            <TextInput
                id="position"
                label="Place in the order"
                hint=format!("A number from 1 to {}; leave empty to put it last", count + 1)
                value=form.position.clone()
                errors=errors.clone()
                width="3"
            />
            <Button label="Preview the change" />
        </form>
        {remove
            .map(|action| {
                view! {
                    <h2 class="govuk-heading-m">"Remove this rule"</h2>
                    <form method="get" action=action>
                        <Button label="Preview removing it" warning=true />
                    </form>
                }
            })}
    }
}

#[component]
pub fn PreviewPage(
    #[prop(into)] title: String,
    /// Where saving posts, and the form to go back to.
    #[prop(into)]
    save: String,
    #[prop(into)] back: String,
    form: Option<RuleForm>,
    preview: Preview,
) -> impl IntoView {
    let legacy = preview.legacy_change();
    let moved = preview.lines_moved();
    let summary = if moved == 0 {
        "This change moves no payments from one class to another.".to_string()
    } else {
        format!(
            "This change moves {} payments. Legacy maintenance {} by {}.",
            crate::money::group_thousands(moved as u64),
            if legacy.pence() >= 0 {
                "goes up"
            } else {
                "goes down"
            },
            Money::from_pence(legacy.pence().abs())
        )
    };
    view! {
        <span class="govuk-caption-l">"How spend is classified"</span>
        <h1 class="govuk-heading-l">{title}</h1>
        <div class="govuk-inset-text" id="preview-summary">
            {summary}
        </div>
        {(!preview.moves.is_empty())
            .then(|| {
                view! {
                    <table class="govuk-table bl-table-s" id="preview-moves">
                        <caption class="govuk-table__caption govuk-table__caption--m">
                            "What moves"
                        </caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">
                                    "From"
                                </th>
                                <th scope="col" class="govuk-table__header">
                                    "To"
                                </th>
                                <th
                                    scope="col"
                                    class="govuk-table__header govuk-table__header--numeric"
                                >
                                    "Payments"
                                </th>
                                <th
                                    scope="col"
                                    class="govuk-table__header govuk-table__header--numeric"
                                >
                                    "Money"
                                </th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {preview
                                .moves
                                .iter()
                                .map(|m| {
                                    view! {
                                        <tr class="govuk-table__row">
                                            <td class="govuk-table__cell">{class_tag(m.from)}</td>
                                            <td class="govuk-table__cell">{class_tag(m.to)}</td>
                                            <td class="govuk-table__cell govuk-table__cell--numeric">
                                                {crate::money::group_thousands(m.lines.max(0) as u64)}
                                            </td>
                                            <td class="govuk-table__cell govuk-table__cell--numeric">
                                                {Money::from_pence(m.pence).to_string()}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
            })}
        {(!preview.sample.is_empty())
            .then(|| {
                view! {
                    <table class="govuk-table bl-table-s">
                        <caption class="govuk-table__caption govuk-table__caption--m">
                            "The largest groups of alike payments it moves"
                        </caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">
                                    "Force"
                                </th>
                                <th scope="col" class="govuk-table__header">
                                    "Supplier and description"
                                </th>
                                <th scope="col" class="govuk-table__header">
                                    "Expense type"
                                </th>
                                <th
                                    scope="col"
                                    class="govuk-table__header govuk-table__header--numeric"
                                >
                                    "Payments"
                                </th>
                                <th
                                    scope="col"
                                    class="govuk-table__header govuk-table__header--numeric"
                                >
                                    "Amount"
                                </th>
                                <th scope="col" class="govuk-table__header">
                                    "Class now, then"
                                </th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {preview
                                .sample
                                .iter()
                                .map(|l| {
                                    let from = SpendClass::parse(&l.class)
                                        .unwrap_or(SpendClass::Unclassified);
                                    let to = SpendClass::parse(&l.new_class)
                                        .unwrap_or(SpendClass::Unclassified);
                                    view! {
                                        <tr class="govuk-table__row">
                                            <td class="govuk-table__cell">{l.force.clone()}</td>
                                            <td class="govuk-table__cell">
                                                {format!("{}: {}", l.supplier, l.description)}
                                            </td>
                                            <td class="govuk-table__cell">{l.expense_type.clone()}</td>
                                            <td class="govuk-table__cell govuk-table__cell--numeric">
                                                {crate::money::group_thousands(l.lines.max(0) as u64)}
                                            </td>
                                            <td class="govuk-table__cell govuk-table__cell--numeric">
                                                {Money::from_pence(l.pence).to_string()}
                                            </td>
                                            <td class="govuk-table__cell">
                                                {format!("{} to {}", from.label(), to.label())}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
            })}
        <p class="govuk-body-s">
            {format!(
                "Worked out over every force's payments in {} ms. Payments a force has overridden are not moved.",
                preview.took_ms,
            )}
        </p>
        <form method="post" action=save>
            {form.as_ref().map(hidden_fields)}
            <div class="govuk-button-group">
                <Button label="Save and reclassify" />
                <a class="govuk-link" href=back>
                    "Go back and change it"
                </a>
            </div>
        </form>
    }
}

#[component]
pub fn LinesPage(page: Lines, errors: FieldErrors, reason: String) -> impl IntoView {
    let force_id = page.force_id;
    let class_q = page.class.map(|c| c.as_str()).unwrap_or("");
    let title = match page.class {
        Some(SpendClass::Unclassified) => "Unclassified payments".to_string(),
        Some(c) => format!("{} payments", c.label()),
        None => "Classified payments".to_string(),
    };
    let forces: Vec<(String, String)> = page
        .forces
        .iter()
        .map(|(i, n)| (i.to_string(), n.clone()))
        .collect();
    let class_opts: Vec<(String, String)> = std::iter::once((String::new(), "Every class".into()))
        .chain(
            SpendClass::ALL
                .iter()
                .map(|c| (c.as_str().to_string(), c.label().to_string())),
        )
        .collect();
    let can = page.can_override;
    let rows = page.rows.clone();
    let table = view! {
        <table class="govuk-table bl-table-s" id="payments">
            <caption class="govuk-table__caption govuk-table__caption--m">
                {format!(
                    "{} payments, {}, largest first",
                    crate::money::group_thousands(page.total),
                    Money::from_pence(page.total_pence),
                )}
            </caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    {can
                        .then(|| {
                            view! {
                                <th scope="col" class="govuk-table__header">
                                    <span class="govuk-visually-hidden">"Select"</span>
                                </th>
                            }
                        })} <th scope="col" class="govuk-table__header">
                        "Paid"
                    </th> <th scope="col" class="govuk-table__header">
                        "Supplier and description"
                    </th> <th scope="col" class="govuk-table__header">
                        "Expense type"
                    </th> <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "Amount"
                    </th> <th scope="col" class="govuk-table__header">
                        "Class and why"
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {rows
                    .into_iter()
                    .map(|l| {
                        let id = format!("line-{}", l.id);
                        let label = format!("{}, {}, {}", l.supplier, l.description, l.amount());
                        view! {
                            <tr class="govuk-table__row">
                                {can
                                    .then(|| {
                                        view! {
                                            <td class="govuk-table__cell">
                                                <div class="govuk-checkboxes govuk-checkboxes--small">
                                                    <div class="govuk-checkboxes__item">
                                                        <input
                                                            class="govuk-checkboxes__input"
                                                            type="checkbox"
                                                            id=id.clone()
                                                            name="lines"
                                                            value=l.id.to_string()
                                                        />
                                                        <label
                                                            class="govuk-label govuk-checkboxes__label"
                                                            for=id.clone()
                                                        >
                                                            <span class="govuk-visually-hidden">{label}</span>
                                                        </label>
                                                    </div>
                                                </div>
                                            </td>
                                        }
                                    })}
                                <td class="govuk-table__cell bl-nowrap">
                                    {l.paid_on.format("%-d %b %Y").to_string()}
                                </td>
                                <td class="govuk-table__cell">
                                    {format!("{}: {}", l.supplier, l.description)}
                                </td> <td class="govuk-table__cell">{l.expense_type.clone()}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">
                                    {l.amount().to_string()}
                                </td>
                                <td class="govuk-table__cell">
                                    {class_tag(l.class())} <br />
                                    <span class="govuk-body-s">{l.why()}</span>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    };
    let pager = view! {
        <Pagination
            page=page.page
            pages=page.pages
            base="/spend/lines"
            query=format!("force={force_id}&class={class_q}&")
        />
    };
    view! {
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{page.force.clone()}</span>
        <h1 class="govuk-heading-l">{title}</h1>
        <form method="get" action="/spend/lines" class="bl-filters">
            {if forces.is_empty() {
                view! { <input type="hidden" name="force" value=force_id.to_string() /> }.into_any()
            } else {
                view! {
                    <Select id="force" label="Force" options=forces selected=force_id.to_string() />
                }
                    .into_any()
            }}
            <Select id="class" label="Class" options=class_opts selected=class_q />
            <Button label="Show payments" secondary=true />
        </form>
        {if can {
            view! {
                <form
                    method="post"
                    action=format!("/spend/lines/override?force={force_id}")
                    novalidate
                >
                    {table}
                    {pager}
                    <h2 class="govuk-heading-m">"Change the class of the payments you selected"</h2>
                    <div
                        class=if errors.get("lines").is_some() {
                            "govuk-form-group govuk-form-group--error"
                        } else {
                            "govuk-form-group"
                        }
                        id="lines-group"
                    >
                        {errors
                            .get("lines")
                            .map(|m| {
                                view! {
                                    <p class="govuk-error-message" id="lines">
                                        <span class="govuk-visually-hidden">"Error: "</span>
                                        {m.to_string()}
                                    </p>
                                }
                            })}
                    </div>
                    <Radios
                        id="new_class"
                        legend="They are"
                        options=vec![
                            ("legacy".into(), "Legacy maintenance".into(), None),
                            ("new".into(), "New technology".into(), None),
                        ]
                        errors=errors.clone()
                    />
                    <Textarea
                        id="reason"
                        label="Why"
                        hint="Kept with the payments and in the audit log. Rule changes will not move them back."
                        value=reason
                        errors=errors.clone()
                        rows=3
                    />
                    <Button label="Change their class" />
                </form>
            }
                .into_any()
        } else {
            view! {
                {table}
                {pager}
            }
                .into_any()
        }}
    }
}
