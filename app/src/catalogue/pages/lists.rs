//! The national body's list pages: a lot's categories, a catalogue list (national systems,
//! legacy functions), a framework's declaration questions. Each entry has its own small form
//! (rename, retire or restore) and the page ends with an "add" form.

use crate::catalogue::types::*;
use crate::ui::forms::{Button, ErrorSummary, ProblemBanner, Radios, Select, TextInput};
use crate::validation::FieldErrors;
use leptos::prelude::*;

/// One entry: its name in a rename box, and its buttons.
#[component]
fn EntryRow(
    action: String,
    id: i32,
    name: String,
    retired: bool,
    #[prop(into)] label: String,
    errors: FieldErrors,
    #[prop(optional)] count: Option<u64>,
    /// A sub-category, shown indented under its group.
    #[prop(optional)]
    child: bool,
) -> impl IntoView {
    let field = format!("name-{id}");
    let cell = if child {
        "govuk-table__cell bl-category-child"
    } else {
        "govuk-table__cell"
    };
    view! {
        <tr class="govuk-table__row">
            <td class=cell>
                <form method="post" action=action.clone() class="bl-inline-form" novalidate>
                    <input type="hidden" name="id" value=id.to_string() />
                    <TextInput
                        id=field
                        label=format!("{label}: {name}")
                        value=name.clone()
                        errors=errors.clone()
                        hidden_label=true
                    />
                    <Button label="Rename" secondary=true name="intent" value="rename" />
                </form>
            </td>
            <td class="govuk-table__cell">
                {count.map(|c| c.to_string())}
                {retired
                    .then(|| {
                        view! { <strong class="govuk-tag govuk-tag--grey">"Retired"</strong> }
                    })}
            </td>
            <td class="govuk-table__cell">
                <form method="post" action=action novalidate>
                    <input type="hidden" name="id" value=id.to_string() />
                    {if retired {
                        view! {
                            <Button label="Restore" secondary=true name="intent" value="restore" />
                        }
                            .into_any()
                    } else {
                        view! {
                            <Button label="Retire" warning=true name="intent" value="retire" />
                        }
                            .into_any()
                    }}
                </form>
            </td>
        </tr>
    }
}

#[component]
pub fn CategoriesPage(
    framework: FrameworkSummary,
    lot: LotWithCategories,
    form: EntryForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let action = format!(
        "/frameworks/{}/lots/{}/categories",
        framework.id, lot.lot.id
    );
    let parents: Vec<(String, String)> =
        std::iter::once((String::new(), "None (a top-level category)".to_string()))
            .chain(
                lot.categories
                    .iter()
                    .filter(|c| {
                        c.parent_id.is_none()
                            && lot.categories.iter().any(|x| x.parent_id == Some(c.id))
                    })
                    .map(|c| (c.id.to_string(), c.name.clone())),
            )
            .collect();
    let has_parents = parents.len() > 1;
    view! {
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{format!("{}: {}", framework.name, lot.lot.name)}</span>
        <h1 class="govuk-heading-l">"Categories"</h1>
        <p class="govuk-body">
            "A retired category stays on the services that already have it and is not offered for new ones. Counts are published services."
        </p>
        <table class="govuk-table">
            <caption class="govuk-visually-hidden">"Categories"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "Name"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Services"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        <span class="govuk-visually-hidden">"Retire or restore"</span>
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {lot
                    .categories
                    .iter()
                    .map(|c| {
                        let label = if c.parent_id.is_some() {
                            "Name of sub-category"
                        } else {
                            "Name of category"
                        };
                        view! {
                            <EntryRow
                                action=action.clone()
                                id=c.id
                                name=c.name.clone()
                                retired=c.retired
                                label=label
                                errors=errors.clone()
                                count=c.services
                                child=c.parent_id.is_some()
                            />
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <h2 class="govuk-heading-m">"Add a category"</h2>
        <form method="post" action=action novalidate>
            <TextInput id="name" label="Name" value=form.name errors=errors.clone() />
            {has_parents
                .then(|| {
                    view! {
                        <Select
                            id="parent"
                            label="Under"
                            options=parents
                            selected=form.parent
                            errors=errors.clone()
                        />
                    }
                })}
            <Button label="Add category" name="intent" value="add" />
        </form>
        <p class="govuk-body">
            <a class="govuk-link" href=format!("/frameworks/{}", framework.id)>
                "Back to the framework"
            </a>
        </p>
    }
}

#[component]
pub fn TermsPage(
    kind: TermKind,
    terms: Vec<TermRow>,
    form: EntryForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let action = format!("/admin/catalogue-lists/{}", kind.as_str());
    let other = match kind {
        TermKind::NationalSystem => TermKind::LegacyFunction,
        TermKind::LegacyFunction => TermKind::NationalSystem,
    };
    view! {
        <ProblemBanner message=problem />
        <ErrorSummary errors=errors.clone() />
        <h1 class="govuk-heading-l">{kind.label()}</h1>
        <p class="govuk-body">
            "Suppliers pick from this list on their listings; the spend tracker uses the legacy functions too. A retired entry stays on listings that have it."
        </p>
        <table class="govuk-table">
            <caption class="govuk-visually-hidden">{kind.label()}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "Name"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        "Status"
                    </th>
                    <th scope="col" class="govuk-table__header">
                        <span class="govuk-visually-hidden">"Retire or restore"</span>
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {terms
                    .into_iter()
                    .filter(|t| t.kind == kind)
                    .map(|t| {
                        view! {
                            <EntryRow
                                action=action.clone()
                                id=t.id
                                name=t.name
                                retired=t.retired
                                label="Name"
                                errors=errors.clone()
                            />
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <h2 class="govuk-heading-m">"Add to the list"</h2>
        <form method="post" action=action novalidate>
            <TextInput id="name" label="Name" value=form.name errors=errors.clone() />
            <Button label="Add" name="intent" value="add" />
        </form>
        <p class="govuk-body">
            <a class="govuk-link" href=format!("/admin/catalogue-lists/{}", other.as_str())>
                {format!("Edit the other list: {}", other.label().to_lowercase())}
            </a>
        </p>
    }
}

fn details_options() -> Vec<(String, String, Option<String>)> {
    vec![
        ("yes".into(), "When the answer is yes".into(), None),
        ("no".into(), "When the answer is no".into(), None),
    ]
}

#[component]
pub fn DeclarationPage(
    framework: FrameworkSummary,
    questions: Vec<QuestionRow>,
    form: EntryForm,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let action = format!("/frameworks/{}/declaration", framework.id);
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ProblemBanner message=problem />
                <ErrorSummary errors=errors.clone() />
                <span class="govuk-caption-l">{framework.name.clone()}</span>
                <h1 class="govuk-heading-l">"Declaration"</h1>
                <p class="govuk-body">
                    "Suppliers answer each question yes or no, with details where the answer calls for them. Answers already given keep the question they answered."
                </p>
                {questions
                    .into_iter()
                    .map(|q| {
                        let id = q.id;
                        view! {
                            <form
                                method="post"
                                action=action.clone()
                                class="bl-question"
                                novalidate
                            >
                                <input type="hidden" name="id" value=id.to_string() />
                                <div class="govuk-form-group">
                                    <label
                                        class="govuk-label govuk-label--s"
                                        for=format!("name-{id}")
                                    >
                                        {format!("Question {}", q.position)}
                                    </label>
                                    <textarea
                                        class="govuk-textarea"
                                        id=format!("name-{id}")
                                        name="name"
                                        rows="3"
                                        inner_html=crate::ui::escape_text(&q.text)
                                    ></textarea>
                                </div>
                                <Radios
                                    id=format!("details_when-{id}")
                                    legend="Details needed"
                                    options=details_options()
                                    selected=if q.details_when { "yes" } else { "no" }
                                    errors=errors.clone()
                                />
                                <div class="govuk-button-group">
                                    <Button
                                        label="Save question"
                                        secondary=true
                                        name="intent"
                                        value="rename"
                                    />
                                    <Button
                                        label="Remove"
                                        warning=true
                                        name="intent"
                                        value="retire"
                                    />
                                </div>
                            </form>
                        }
                    })
                    .collect_view()}
                <h2 class="govuk-heading-m">"Add a question"</h2>
                <form method="post" action=action novalidate>
                    <TextInput id="name" label="Question" value=form.name errors=errors.clone() />
                    <Radios
                        id="details_when"
                        legend="Details needed"
                        options=details_options()
                        selected=form.details_when
                        errors=errors.clone()
                    />
                    <Button label="Add question" name="intent" value="add" />
                </form>
                <p class="govuk-body">
                    <a class="govuk-link" href=format!("/frameworks/{}", framework.id)>
                        "Back to the framework"
                    </a>
                </p>
            </div>
        </div>
    }
}
