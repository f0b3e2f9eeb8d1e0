//! Spend's pages: the imports list, the upload form, the column-mapping step, an import's
//! progress and its report.

use crate::money::Money;
use crate::spend::island::ImportProgress;
use crate::spend::parse::decode;
use crate::spend::parse::mapping::Field;
use crate::spend::service::{ImportReport, ImportRow, MappingStep};
use crate::spend::types::{ImportState, Progress};
use crate::ui::forms::{Button, ErrorSummary, ProblemBanner, Select, SummaryRow};
use crate::ui::pagination::Pagination;
use crate::ui::time::show_london;
use crate::validation::FieldErrors;
use leptos::prelude::*;

mod chart;
pub mod classification;
pub mod dashboard;
mod names;
pub mod opportunities;
pub mod systems;
pub use names::{BuyersPage, SupplierPage, SuppliersPage};

fn state_tag(state: ImportState) -> impl IntoView {
    let class = match state {
        ImportState::Done => "govuk-tag govuk-tag--green",
        ImportState::Failed => "govuk-tag govuk-tag--red",
        ImportState::RolledBack => "govuk-tag govuk-tag--grey",
        ImportState::Uploaded => "govuk-tag govuk-tag--yellow",
        ImportState::Queued | ImportState::Running => "govuk-tag govuk-tag--blue",
    };
    view! { <strong class=class>{state.label()}</strong> }
}

/// "1 blank row", "2 blank rows".
fn rows_word(n: i64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{} {what}s", count(n))
    }
}

/// A reason as a sentence: "Payment date: …".
fn sentence(reason: &str) -> String {
    let mut c = reason.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn count(n: i64) -> String {
    let grouped = crate::money::group_thousands(n.unsigned_abs());
    if n < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

#[component]
pub fn ImportsPage(
    rows: Vec<ImportRow>,
    /// The national body: links to the buyer names and suppliers.
    national: bool,
) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">"Spend imports"</h1>
        <p class="govuk-body">
            "Upload the payments file a force publishes each month, or the Crown Commercial Service's framework spend. Every row is imported, found to be a duplicate of a payment already here, or reported with its line and the reason."
        </p>
        <a class="govuk-button" href="/spend/imports/new">
            "Upload a spend file"
        </a>
        <ul class="govuk-list">
            <li>
                <a class="govuk-link" href="/spend/systems">
                    "Systems register"
                </a>
            </li>
            <li>
                <a class="govuk-link" href="/spend/duplication">
                    "Duplication map: who runs what"
                </a>
            </li>
        </ul>
        {national
            .then(|| {
                view! {
                    <ul class="govuk-list">
                        <li>
                            <a class="govuk-link" href="/spend/buyers">
                                "Buyer names in framework files"
                            </a>
                        </li>
                        <li>
                            <a class="govuk-link" href="/spend/suppliers">
                                "Suppliers: merge and split"
                            </a>
                        </li>
                    </ul>
                }
            })}
        {if rows.is_empty() {
            view! { <p class="govuk-body">"No files have been uploaded yet."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--m">
                        "Files, newest first"
                    </caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">
                                "File"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Published by"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Uploaded"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Status"
                            </th>
                            <th
                                scope="col"
                                class="govuk-table__header govuk-table__header--numeric"
                            >
                                "Imported"
                            </th>
                            <th
                                scope="col"
                                class="govuk-table__header govuk-table__header--numeric"
                            >
                                "Duplicates"
                            </th>
                            <th
                                scope="col"
                                class="govuk-table__header govuk-table__header--numeric"
                            >
                                "Rejected"
                            </th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {rows
                            .into_iter()
                            .map(|r| {
                                let i = r.import;
                                view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell bl-break">
                                            <a
                                                class="govuk-link"
                                                href=format!("/spend/imports/{}", i.id)
                                            >
                                                {i.file_name.clone()}
                                            </a>
                                        </td>
                                        <td class="govuk-table__cell">{r.publisher}</td>
                                        <td class="govuk-table__cell">
                                            {show_london(i.created_at)}
                                        </td>
                                        <td class="govuk-table__cell">{state_tag(i.state)}</td>
                                        <td class="govuk-table__cell govuk-table__cell--numeric">
                                            {count(i.rows_imported)}
                                        </td>
                                        <td class="govuk-table__cell govuk-table__cell--numeric">
                                            {count(i.rows_duplicate)}
                                        </td>
                                        <td class="govuk-table__cell govuk-table__cell--numeric">
                                            {count(i.rows_rejected)}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
    }
}

/// What the upload form had in it, to show it again.
#[derive(Clone, Debug, Default)]
pub struct UploadValues {
    pub publisher: String,
    pub encoding: String,
}

#[component]
pub fn UploadPage(
    /// (value, label) of each publisher the person may upload for.
    publishers: Vec<(String, String)>,
    values: UploadValues,
    errors: FieldErrors,
) -> impl IntoView {
    let file_error = errors.get("file").map(str::to_string);
    let mut encodings = vec![(String::new(), "Work it out from the file".to_string())];
    encodings.extend(
        decode::CHOICES
            .iter()
            .map(|(v, l)| (v.to_string(), l.to_string())),
    );
    let publisher = if publishers.len() == 1 {
        let (value, label) = publishers[0].clone();
        view! {
            <dl class="govuk-summary-list">
                <SummaryRow key="Published by">{label}</SummaryRow>
            </dl>
            <input type="hidden" name="publisher" value=value />
        }
        .into_any()
    } else {
        let mut options = vec![(String::new(), "Choose who published it".to_string())];
        options.extend(publishers);
        view! {
            <Select
                id="publisher"
                label="Who published the file"
                hint="A force's own file is all its payments; the Crown Commercial Service's names the buyer on each row."
                options=options
                selected=values.publisher.clone()
                errors=errors.clone()
            />
        }
            .into_any()
    };
    let group = if file_error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    };
    view! {
        <ErrorSummary errors=errors.clone() />
        <h1 class="govuk-heading-l">"Upload a spend file"</h1>
        <form method="post" action="/spend/imports/new" enctype="multipart/form-data" novalidate>
            {publisher}
            <Select
                id="encoding"
                label="Character encoding"
                hint="Leave this to be worked out unless letters such as £ or é look wrong in the preview."
                options=encodings
                selected=values.encoding.clone()
                errors=errors.clone()
            />
            <div class=group>
                <label class="govuk-label" for="file">
                    "The file"
                </label>
                <div class="govuk-hint" id="file-hint">
                    "A CSV file (comma, semicolon, tab or | between values) up to 1 GB, or a spreadsheet (XLSX or ODS: its first sheet) up to 100 MB. Nothing is imported until you have checked its columns."
                </div>
                {file_error
                    .clone()
                    .map(|e| {
                        view! {
                            <p class="govuk-error-message" id="file-error">
                                <span class="govuk-visually-hidden">"Error: "</span>
                                {e}
                            </p>
                        }
                    })}
                <input
                    class=if file_error.is_some() {
                        "govuk-file-upload govuk-file-upload--error"
                    } else {
                        "govuk-file-upload"
                    }
                    id="file"
                    name="file"
                    type="file"
                    accept=".csv,.txt,.tsv,.xlsx,.ods,text/csv"
                    aria-describedby=if file_error.is_some() {
                        "file-hint file-error"
                    } else {
                        "file-hint"
                    }
                />
            </div>
            <Button label="Upload and check the columns" />
        </form>
    }
}

#[component]
pub fn MappingPage(
    step: MappingStep,
    /// The choice shown for each column ("" for none).
    chosen: Vec<String>,
    errors: FieldErrors,
    problem: Option<String>,
) -> impl IntoView {
    let mut field_options = vec![(String::new(), "Not imported".to_string())];
    field_options.extend(
        Field::ALL
            .iter()
            .map(|f| (f.as_str().to_string(), f.label().to_string())),
    );
    let encodings: Vec<(String, String)> = decode::CHOICES
        .iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect();
    let encoding_now = decode::CHOICES
        .iter()
        .find(|(v, _)| {
            encoding_rs::Encoding::for_label(v.as_bytes()).map(|e| e.name())
                == Some(step.encoding.as_str())
        })
        .map(|(v, _)| v.to_string())
        .unwrap_or_default();
    let action = format!("/spend/imports/{}", step.import_id);
    let samples = |i: usize| -> String {
        step.preview
            .iter()
            .filter_map(|(_, cells)| cells.get(i))
            .filter(|c| !c.is_empty())
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let rows = step
        .header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let id = format!("column-{i}");
            let error = errors.get(&id).map(str::to_string);
            let selected = chosen.get(i).cloned().unwrap_or_default();
            let heading = if h.is_empty() {
                format!("Column {}", i + 1)
            } else {
                h.clone()
            };
            view! {
                <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header bl-break">
                        {heading.clone()}
                    </th>
                    <td class="govuk-table__cell">
                        <div class=if error.is_some() {
                            "govuk-form-group govuk-form-group--error"
                        } else {
                            "govuk-form-group"
                        }>
                            <label class="govuk-label govuk-visually-hidden" for=id.clone()>
                                {format!("What the column “{heading}” holds")}
                            </label>
                            {error
                                .clone()
                                .map(|e| {
                                    view! {
                                        <p class="govuk-error-message" id=format!("{id}-error")>
                                            <span class="govuk-visually-hidden">"Error: "</span>
                                            {e}
                                        </p>
                                    }
                                })}
                            <select
                                class=if error.is_some() {
                                    "govuk-select govuk-select--error"
                                } else {
                                    "govuk-select"
                                }
                                id=id.clone()
                                name=id.clone()
                                aria-describedby=error.as_ref().map(|_| format!("{id}-error"))
                            >
                                {field_options
                                    .iter()
                                    .map(|(v, l)| {
                                        let sel = *v == selected;
                                        view! {
                                            <option value=v.clone() selected=sel>
                                                {l.clone()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    </td>
                    <td class="govuk-table__cell bl-break">{samples(i)}</td>
                </tr>
            }
        })
        .collect_view();
    let header = step.header.clone();
    view! {
        <ErrorSummary errors=errors.clone() />
        <ProblemBanner message=problem />
        <span class="govuk-caption-l">{step.file_name.clone()}</span>
        <h1 class="govuk-heading-l">"Check the columns"</h1>
        <dl class="govuk-summary-list">
            <SummaryRow key="Published by">{step.publisher.clone()}</SummaryRow>
            <SummaryRow key="Encoding">{step.encoding_label}</SummaryRow>
            <SummaryRow key="Values separated by">{step.delimiter}</SummaryRow>
            <SummaryRow key="Header">
                {format!("line {}", step.header_line)}
                {(!step.title.is_empty())
                    .then(|| {
                        view! { <p class="govuk-body">"Above it: " {step.title.join(" / ")}</p> }
                    })}
            </SummaryRow>
        </dl>
        <form method="post" action=action.clone() novalidate>
            <input type="hidden" name="reread" value="1" />
            <details class="govuk-details">
                <summary class="govuk-details__summary">
                    <span class="govuk-details__summary-text">
                        "Letters look wrong? Read the file in another encoding"
                    </span>
                </summary>
                <div class="govuk-details__text">
                    <Select
                        id="encoding"
                        label="Character encoding"
                        options=encodings
                        selected=encoding_now
                        errors=errors.clone()
                    />
                    <Button label="Read the file again" secondary=true />
                </div>
            </details>
        </form>
        <form method="post" action=action novalidate>
            <table class="govuk-table bl-mapping">
                <caption class="govuk-table__caption govuk-table__caption--m">
                    {if step.remembered {
                        "Each column of the file: chosen as for this publisher's last file"
                    } else {
                        "Each column of the file: our guess from its heading"
                    }}
                </caption>
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">
                            "Column heading"
                        </th>
                        <th scope="col" class="govuk-table__header">
                            "Holds"
                        </th>
                        <th scope="col" class="govuk-table__header">
                            "First values"
                        </th>
                    </tr>
                </thead>
                <tbody class="govuk-table__body">{rows}</tbody>
            </table>
            <p class="govuk-body">
                {if step.buyer_required {
                    "A payment date, a supplier, an amount and the buyer are needed; the rest are kept when chosen."
                } else {
                    "A payment date, a supplier and an amount are needed; the rest are kept when chosen."
                }}
            </p>
            <Button label="Start the import" />
        </form>
        <h2 class="govuk-heading-m">"The first rows"</h2>
        <div class="bl-full-width bl-scroll">
            <table class="govuk-table bl-table-s">
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">
                            "Line"
                        </th>
                        {header
                            .iter()
                            .map(|h| {
                                view! {
                                    <th scope="col" class="govuk-table__header">
                                        {h.clone()}
                                    </th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {step
                        .preview
                        .iter()
                        .map(|(line, cells)| {
                            view! {
                                <tr class="govuk-table__row">
                                    <td class="govuk-table__cell">{line.to_string()}</td>
                                    {cells
                                        .iter()
                                        .map(|c| {
                                            view! { <td class="govuk-table__cell">{c.clone()}</td> }
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ProgressPage(
    id: i32,
    file_name: String,
    publisher: String,
    progress: Progress,
) -> impl IntoView {
    view! {
        // Without JavaScript the page refreshes itself; with it, the island does the work.
        <noscript>
            <meta http-equiv="refresh" content="3" />
        </noscript>
        <span class="govuk-caption-l">{file_name}</span>
        <h1 class="govuk-heading-l">"Importing"</h1>
        <p class="govuk-body">
            {format!("Published by {publisher}. ")}
            "You can leave this page: the import carries on, and its report will be here when it ends."
        </p>
        <ImportProgress id=id initial=progress />
        <p class="govuk-body">
            <a class="govuk-link" href="/spend/imports">
                "All imports"
            </a>
        </p>
    }
}

fn money_row(key: &'static str, rows: i64, pence: i64) -> impl IntoView {
    view! {
        <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">
                {key}
            </th>
            <td class="govuk-table__cell govuk-table__cell--numeric">{count(rows)}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">
                {Money::from_pence(pence).to_string()}
            </td>
        </tr>
    }
}

#[component]
pub fn ReportPage(report: ImportReport) -> impl IntoView {
    let i = report.import.clone();
    let adds_up = report.adds_up();
    let money_read = report.money_read();
    let title = match i.state {
        ImportState::Failed => "The import failed",
        ImportState::RolledBack => "Import rolled back",
        _ => "Import report",
    };
    let rejected = report.rejected.clone();
    let base = format!("/spend/imports/{}", i.id);
    view! {
        <span class="govuk-caption-l">{i.file_name.clone()}</span>
        <h1 class="govuk-heading-l">{title}</h1>
        {i
            .error
            .clone()
            .map(|e| {
                view! {
                    <div class="govuk-error-summary" data-module="govuk-error-summary">
                        <div role="alert">
                            <h2 class="govuk-error-summary__title">"Nothing was imported"</h2>
                            <div class="govuk-error-summary__body">
                                <p class="govuk-body">{e}</p>
                            </div>
                        </div>
                    </div>
                }
            })}
        <dl class="govuk-summary-list">
            <SummaryRow key="Status">{state_tag(i.state)}</SummaryRow>
            <SummaryRow key="Published by">{report.publisher.clone()}</SummaryRow>
            <SummaryRow key="Uploaded">
                {show_london(i.created_at)} {report.uploaded_by.clone().map(|n| format!(" by {n}"))}
            </SummaryRow>
            {i
                .finished_at
                .map(|t| {
                    view! { <SummaryRow key="Finished">{show_london(t)}</SummaryRow> }
                })}
            {i
                .rolled_back_at
                .map(|t| {
                    view! {
                        <SummaryRow key="Rolled back">
                            {show_london(t)}
                            {report.rolled_back_by.clone().map(|n| format!(" by {n}"))}
                            ": its payments were removed"
                        </SummaryRow>
                    }
                })}
            {i
                .title_lines
                .clone()
                .filter(|t| !t.is_empty())
                .map(|t| view! { <SummaryRow key="Title lines">{t}</SummaryRow> })}
        </dl>
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">"Every row read"</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        "Rows"
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "Count"
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "Money"
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {money_row("Imported", i.rows_imported, i.pence_imported)}
                {money_row("Already imported (duplicates)", i.rows_duplicate, i.pence_duplicate)}
                {money_row("Rejected", i.rows_rejected, i.pence_rejected)}
                <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">
                        "Read"
                    </th>
                    <td class="govuk-table__cell govuk-table__cell--numeric">
                        <strong>{count(i.rows_read)}</strong>
                    </td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">
                        <strong>{money_read.to_string()}</strong>
                    </td>
                </tr>
            </tbody>
        </table>
        <ul class="govuk-list govuk-list--bullet">
            <li>
                {if adds_up {
                    "Imported, duplicates and rejected add up to the rows read.".to_string()
                } else {
                    "The counts do not add up: report this to the service team.".to_string()
                }}
            </li>
            {(i.rows_blank > 0)
                .then(|| {
                    view! {
                        <li>{format!("{} skipped.", rows_word(i.rows_blank, "blank row"))}</li>
                    }
                })}
            {(report.rejected_unreadable > 0)
                .then(|| {
                    view! {
                        <li>
                            {format!(
                                "{} had no amount that could be read, so {} money is not in the totals.",
                                rows_word(report.rejected_unreadable as i64, "rejected row"),
                                if report.rejected_unreadable == 1 { "its" } else { "their" },
                            )}
                        </li>
                    }
                })}
            {(i.rows_rounded > 0)
                .then(|| {
                    view! {
                        <li>
                            {format!(
                                "{} gave fractions of a penny, rounded to the nearest penny.",
                                rows_word(i.rows_rounded, "amount"),
                            )}
                        </li>
                    }
                })}
            {report
                .totals
                .clone()
                .map(|t| {
                    view! {
                        <li>
                            {if t.agrees() {
                                format!(
                                    "The file's totals row says {}, the same as its rows.",
                                    t.file_total,
                                )
                            } else {
                                format!(
                                    "The file's totals row says {} but its rows add up to {}: the file does not agree with itself.",
                                    t.file_total,
                                    t.rows_total,
                                )
                            }}
                        </li>
                    }
                })}
        </ul>
        {(!rejected.is_empty())
            .then(|| {
                view! {
                    <h2 class="govuk-heading-m">"Rejected rows"</h2>
                    <table class="govuk-table bl-table-s">
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">
                                    "Line"
                                </th>
                                <th scope="col" class="govuk-table__header">
                                    "Reason"
                                </th>
                                <th scope="col" class="govuk-table__header">
                                    "The row as the file had it"
                                </th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {rejected
                                .into_iter()
                                .map(|r| {
                                    view! {
                                        <tr class="govuk-table__row">
                                            <td class="govuk-table__cell">{r.line.to_string()}</td>
                                            <td class="govuk-table__cell">{sentence(&r.reason)}</td>
                                            <td class="govuk-table__cell bl-raw">{r.raw}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <Pagination
                        page=report.rejected_page
                        pages=report.rejected_pages
                        base=base.clone()
                        query=""
                    />
                }
            })}
        {report
            .can_roll_back
            .then(|| {
                view! {
                    <form method="post" action=format!("/spend/imports/{}/roll-back", i.id)>
                        <Button label="Roll this import back" warning=true />
                    </form>
                }
            })}
        <p class="govuk-body">
            <a class="govuk-link" href="/spend/imports">
                "All imports"
            </a>
        </p>
    }
}
