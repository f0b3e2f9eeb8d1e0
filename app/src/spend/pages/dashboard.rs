//! The spend dashboard: the national body's (every force) and a force's (its own beside its
//! region's and the national figures). Every chart has its table beside it and a CSV.

use super::chart::{Column, PercentColumns};
use crate::money::Money;
use crate::spend::classify::year_label;
use crate::spend::service::dashboard::{Dashboard, Period, Point};
use crate::spend::types::SpendClass;
use crate::ui::forms::{Button, ErrorSummary, Select, TextInput};
use crate::validation::FieldErrors;
use leptos::prelude::*;

fn pct(p: &Point) -> String {
    p.share()
        .map(|s| format!("{s}%"))
        .unwrap_or_else(|| "No spend".into())
}

fn money(pence: i64) -> String {
    Money::from_pence(pence).to_string()
}

/// A table of money by class, one row a point; `total` adds a row summing them.
#[component]
pub fn PointsTable(
    #[prop(into)] caption: String,
    #[prop(into)] first: String,
    points: Vec<Point>,
    #[prop(optional)] total: bool,
    #[prop(into)] csv: String,
) -> impl IntoView {
    let sum = total.then(|| {
        let mut t = Point {
            label: "All years".into(),
            ..Point::default()
        };
        for p in &points {
            t.legacy += p.legacy;
            t.new += p.new;
            t.unclassified += p.unclassified;
        }
        t
    });
    let row = |p: &Point, strong: bool| {
        let class = if strong {
            "govuk-table__row bl-total-row"
        } else {
            "govuk-table__row"
        };
        view! {
            <tr class=class>
                <th scope="row" class="govuk-table__header">
                    {p.label.clone()}
                </th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{money(p.legacy)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{money(p.new)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">
                    {money(p.unclassified)}
                </td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{money(p.total())}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{pct(p)}</td>
            </tr>
        }
    };
    view! {
        <table class="govuk-table bl-table-s">
            <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                        {first}
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "Legacy maintenance"
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "New technology"
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "Unclassified"
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "Total"
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                        "Legacy share"
                    </th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {points.iter().map(|p| row(p, false)).collect_view()}
                {sum.as_ref().map(|t| row(t, true))}
            </tbody>
        </table>
        <p class="govuk-body-s bl-no-print">
            <a class="govuk-link" href=csv>
                "Download this table (CSV)"
            </a>
        </p>
    }
}

#[component]
pub fn DashboardPage(d: Dashboard, errors: FieldErrors) -> impl IntoView {
    let q = d.filter.query_string();
    let csv = |table: &str| {
        if q.is_empty() {
            format!("/spend/dashboard.csv?table={table}")
        } else {
            format!("/spend/dashboard.csv?table={table}&{q}")
        }
    };
    let year = d.year_label();
    let this_year = d
        .yearly
        .iter()
        .find(|p| p.label == year)
        .cloned()
        .unwrap_or_default();
    let period_word = match d.filter.period {
        Period::Year => "financial year",
        Period::Quarter => "quarter",
        Period::Month => "month",
    };
    let columns: Vec<Column> = d
        .series
        .iter()
        .map(|p| Column {
            // Short labels under the columns ("2024", "Q1", "Apr"); the table has them whole.
            label: match d.filter.period {
                Period::Year | Period::Quarter => {
                    p.label.split(' ').next().unwrap_or_default().to_string()
                }
                Period::Month => p.label.chars().take(3).collect(),
            },
            value: p.share(),
        })
        .collect();
    let description = {
        let parts: Vec<String> = d
            .series
            .iter()
            .map(|p| format!("{}: {}", p.label, pct(p)))
            .collect();
        let target = d
            .target
            .as_ref()
            .map(|t| {
                format!(
                    " The target is at most {}% by {}.",
                    t.percent,
                    year_label(t.by_year)
                )
            })
            .unwrap_or_default();
        format!(
            "Legacy maintenance as a share of technology spend, by {period_word}. {}.{target}",
            parts.join("; ")
        )
    };
    let series_caption = match d.filter.period {
        Period::Year => format!("{}: spend by financial year", d.scope),
        _ => format!("{}: spend by {period_word} in {year}", d.scope),
    };
    let target_line = d.target.as_ref().map(|t| t.percent);
    let target_key = d.target.as_ref().map(|t| {
        format!(
            "The red dashed line is the target: at most {}% legacy by {}.",
            t.percent,
            year_label(t.by_year)
        )
    });
    let trend = match (&d.target, d.projected, d.on_track) {
        (Some(t), Some(p), Some(true)) => format!(
            "On track: the trend of complete years reaches {p}% by {}, within the target of {}%.",
            year_label(t.by_year),
            t.percent
        ),
        (Some(t), Some(p), Some(false)) => format!(
            "Not on track: the trend of complete years reaches {p}% by {}, above the target of {}%.",
            year_label(t.by_year),
            t.percent
        ),
        (Some(_), _, _) => "Too few complete years to judge the trend.".into(),
        (None, _, _) => "No target has been set.".into(),
    };
    let on_track_class = match d.on_track {
        Some(true) => "govuk-tag govuk-tag--green",
        Some(false) => "govuk-tag govuk-tag--red",
        None => "govuk-tag govuk-tag--grey",
    };
    let on_track_word = match d.on_track {
        Some(true) => "On track",
        Some(false) => "Not on track",
        None => "Not known",
    };
    let forces_opts: Vec<(String, String)> = std::iter::once((String::new(), "All forces".into()))
        .chain(d.forces.iter().map(|(i, n)| (i.to_string(), n.clone())))
        .collect();
    let region_opts: Vec<(String, String)> = std::iter::once((String::new(), "All regions".into()))
        .chain(d.regions.iter().map(|r| (r.clone(), r.clone())))
        .collect();
    let year_opts: Vec<(String, String)> = d
        .years
        .iter()
        .rev()
        .map(|y| (y.to_string(), year_label(*y)))
        .collect();
    let period_opts = vec![
        ("year".to_string(), "Financial years".to_string()),
        ("quarter".to_string(), "Quarters of the year".to_string()),
        ("month".to_string(), "Months of the year".to_string()),
    ];
    let class_opts: Vec<(String, String)> = std::iter::once((String::new(), "Every class".into()))
        .chain(
            SpendClass::ALL
                .iter()
                .map(|c| (c.as_str().to_string(), c.label().to_string())),
        )
        .collect();
    let supplier_opts: Vec<(String, String)> =
        std::iter::once((String::new(), "Every supplier".into()))
            .chain(
                d.supplier_choices
                    .iter()
                    .map(|(i, n)| (i.to_string(), n.clone())),
            )
            .collect();
    let function_opts: Vec<(String, String)> =
        std::iter::once((String::new(), "Every function".into()))
            .chain(
                d.function_choices
                    .iter()
                    .map(|(i, n)| (i.to_string(), n.clone())),
            )
            .collect();
    let f = d.filter.clone();
    let own_region = d.own_region.clone();
    let scope_links = d.own_force.clone().map(|(id, name)| {
        view! {
            <nav class="bl-filter-links govuk-body bl-no-print" aria-label="Whose figures">
                <a class="govuk-link" href=format!("/spend/dashboard?force={id}")>
                    {name}
                </a>
                {own_region
                    .map(|r| {
                        view! {
                            <a
                                class="govuk-link"
                                href=format!("/spend/dashboard?region={}", urlencoding::encode(&r))
                            >
                                {format!("{r} region")}
                            </a>
                        }
                    })}
                <a class="govuk-link" href="/spend/dashboard?scope=national">
                    "All forces"
                </a>
            </nav>
        }
    });
    let national = d.national_viewer;
    view! {
        <ErrorSummary errors=errors.clone() />
        <span class="govuk-caption-l">{d.scope.clone()}</span>
        <h1 class="govuk-heading-l">"Technology spend"</h1>
        <p class="govuk-body">
            "How much technology money keeps existing systems running (legacy maintenance) and how much buys new technology, from the spend files forces and the Crown Commercial Service publish."
        </p>
        {scope_links}
        <form method="get" action="/spend/dashboard" class="bl-filters bl-filter-grid bl-no-print">
            {if national {
                view! {
                    <Select
                        id="force"
                        label="Force"
                        options=forces_opts
                        selected=f.force.map(|i| i.to_string()).unwrap_or_default()
                    />
                    <Select
                        id="region"
                        label="Region"
                        options=region_opts
                        selected=f.region.clone().unwrap_or_default()
                    />
                }
                    .into_any()
            } else {
                // A force's people choose whose figures by the links above; the form keeps
                // that choice.
                view! {
                    <input
                        type="hidden"
                        name="force"
                        value=f.force.map(|i| i.to_string()).unwrap_or_default()
                    />
                    <input type="hidden" name="region" value=f.region.clone().unwrap_or_default() />
                    <input
                        type="hidden"
                        name="scope"
                        value=if f.all_forces { "national" } else { "" }
                    />
                }
                    .into_any()
            }}
            <Select
                id="year"
                label="Financial year"
                options=year_opts
                selected=d.year.to_string()
            />
            <Select
                id="period"
                label="Show the figures by"
                options=period_opts
                selected=f.period.as_str()
            />
            <Select
                id="class"
                label="Suppliers in class"
                options=class_opts
                selected=f.class.map(|c| c.as_str().to_string()).unwrap_or_default()
            />
            <Select
                id="supplier"
                label="Supplier"
                options=supplier_opts
                selected=f.supplier.map(|s| s.to_string()).unwrap_or_default()
            />
            <Select
                id="function"
                label="Function"
                options=function_opts
                selected=f.function.map(|s| s.to_string()).unwrap_or_default()
            />
            <Button label="Show figures" secondary=true />
        </form>
        {d
            .notes
            .iter()
            .map(|n| view! { <p class="govuk-inset-text">{n.clone()}</p> })
            .collect_view()}
        <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">{format!("Technology spend in {year}")}</dt>
                <dd class="govuk-summary-list__value">{money(this_year.total())}</dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">{format!("Legacy share in {year}")}</dt>
                <dd class="govuk-summary-list__value">
                    {pct(&this_year)}
                    {format!(" ({} of legacy maintenance)", money(this_year.legacy))}
                </dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Against the target"</dt>
                <dd class="govuk-summary-list__value">
                    <strong class=on_track_class>{on_track_word}</strong>
                    " "
                    {trend}
                </dd>
            </div>
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">{format!("Through contracts in {year}")}</dt>
                <dd class="govuk-summary-list__value">
                    {format!(
                        "{} through catalogue and shared procurement contracts; {} off contract",
                        money(d.on_contract),
                        money(d.off_contract),
                    )}
                </dd>
            </div>
        </dl>
        <h2 class="govuk-heading-m">"Legacy share over time"</h2>
        <div class="bl-chart-wrap">
            <PercentColumns
                id="legacy-share"
                title=format!("Legacy share of technology spend: {}", d.scope)
                description=description
                columns=columns
                target=target_line
            />
        </div>
        {target_key.map(|k| view! { <p class="govuk-body-s">{k}</p> })}
        <PointsTable
            caption=series_caption
            first=if d.filter.period == Period::Year { "Financial year" } else { "Period" }
            points=d.series.clone()
            total=d.filter.period == Period::Year
            csv=csv("time")
        />
        {(!d.comparison.is_empty())
            .then(|| {
                let years: Vec<String> = d
                    .comparison
                    .iter()
                    .flat_map(|(_, ps)| ps.iter().map(|p| p.label.clone()))
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                view! {
                    <h2 class="govuk-heading-m">"Beside your region and every force"</h2>
                    <table class="govuk-table bl-table-s">
                        <caption class="govuk-table__caption govuk-table__caption--s">
                            "Legacy share by financial year"
                        </caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">
                                    "Financial year"
                                </th>
                                {d
                                    .comparison
                                    .iter()
                                    .map(|(name, _)| {
                                        view! {
                                            <th
                                                scope="col"
                                                class="govuk-table__header govuk-table__header--numeric"
                                            >
                                                {name.clone()}
                                            </th>
                                        }
                                    })
                                    .collect_view()}
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {years
                                .iter()
                                .map(|y| {
                                    view! {
                                        <tr class="govuk-table__row">
                                            <th scope="row" class="govuk-table__header">
                                                {y.clone()}
                                            </th>
                                            {d
                                                .comparison
                                                .iter()
                                                .map(|(_, ps)| {
                                                    let v = ps
                                                        .iter()
                                                        .find(|p| &p.label == y)
                                                        .map(pct)
                                                        .unwrap_or_else(|| "No spend".into());
                                                    view! {
                                                        <td class="govuk-table__cell govuk-table__cell--numeric">
                                                            {v}
                                                        </td>
                                                    }
                                                })
                                                .collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
            })}
        {(!d.ranking.is_empty())
            .then(|| {
                view! {
                    <h2 class="govuk-heading-m">"Forces by legacy share"</h2>
                    <PointsTable
                        caption=format!("Forces in {year}, highest legacy share first")
                        first="Force"
                        points=d.ranking.iter().map(|(_, p)| p.clone()).collect()
                        csv=csv("forces")
                    />
                }
            })}
        <h2 class="govuk-heading-m">"Top suppliers"</h2>
        <PointsTable
            caption=format!(
                "The 10 suppliers paid most in {year}{}",
                d
                    .filter
                    .class
                    .map(|c| format!(" for {}", c.label().to_lowercase()))
                    .unwrap_or_default(),
            )
            first="Supplier"
            points=d.suppliers.iter().map(|(_, p)| p.clone()).collect()
            csv=csv("suppliers")
        />
        <h2 class="govuk-heading-m">"New technology by function"</h2>
        <p class="govuk-body">
            "A payment's function comes from the rule that classifies it, or the system that rule names."
        </p>
        {if d.functions.iter().all(|(_, p)| p.total() == 0) {
            view! { <p class="govuk-body">{format!("No spend in {year}.")}</p> }.into_any()
        } else {
            view! {
                <PointsTable
                    caption=format!("Money by function in {year}, most new technology first")
                    first="Function"
                    points=d.functions.iter().map(|(_, p)| p.clone()).collect()
                    csv=csv("functions")
                />
            }
                .into_any()
        }}
        <h2 class="govuk-heading-m">"Legacy systems that cost most to maintain"</h2>
        {if d.legacy_systems.is_empty() {
            view! { <p class="govuk-body">"No legacy systems are in the registers."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table bl-table-s">
                    <caption class="govuk-table__caption govuk-table__caption--s">
                        "From the systems registers: legacy systems and those being retired"
                    </caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">
                                "Product"
                            </th>
                            <th
                                scope="col"
                                class="govuk-table__header govuk-table__header--numeric"
                            >
                                "Forces"
                            </th>
                            <th
                                scope="col"
                                class="govuk-table__header govuk-table__header--numeric"
                            >
                                "Maintenance a year"
                            </th>
                            <th scope="col" class="govuk-table__header">
                                "Earliest end of support"
                            </th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {d
                            .legacy_systems
                            .iter()
                            .map(|s| {
                                view! {
                                    <tr class="govuk-table__row">
                                        <th scope="row" class="govuk-table__header">
                                            {format!("{} ({})", s.product, s.supplier)}
                                        </th>
                                        <td class="govuk-table__cell govuk-table__cell--numeric">
                                            {s.forces}
                                        </td>
                                        <td class="govuk-table__cell govuk-table__cell--numeric">
                                            {s.maintenance.to_string()}
                                        </td>
                                        <td class="govuk-table__cell">
                                            {s
                                                .end_of_support
                                                .map(|d| d.format("%-d %B %Y").to_string())
                                                .unwrap_or_else(|| "Not known".into())}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                <p class="govuk-body-s bl-no-print">
                    <a class="govuk-link" href=csv("systems")>
                        "Download this table (CSV)"
                    </a>
                </p>
            }
                .into_any()
        }}
        <h2 class="govuk-heading-m bl-no-print">"More"</h2>
        <ul class="govuk-list bl-no-print">
            <li>
                <a class="govuk-link" href="/spend/opportunities">
                    "Where forces pay separately for the same thing"
                </a>
            </li>
            <li>
                <a class="govuk-link" href="/spend/planner">
                    "Replacement planner: systems reaching end of support"
                </a>
            </li>
            <li>
                <a class="govuk-link" href="/spend/rules">
                    "How spend is classified"
                </a>
            </li>
            <li>
                <a class="govuk-link" href="/spend/imports">
                    "Spend files and their imports"
                </a>
            </li>
            <li>
                <a class="govuk-link" href="/spend/systems">
                    "Systems register"
                </a>
            </li>
            {d
                .own_force
                .clone()
                .map(|(id, _)| {
                    view! {
                        <li>
                            <a
                                class="govuk-link"
                                href=format!("/spend/lines?force={id}&class=unclassified")
                            >
                                "Your force's unclassified payments"
                            </a>
                        </li>
                    }
                })}
        </ul>
        {d
            .can_set_target
            .then(|| {
                let (percent, by) = d
                    .target
                    .as_ref()
                    .map(|t| (t.percent.to_string(), t.by_year.to_string()))
                    .unwrap_or_default();
                view! {
                    <form method="post" action="/spend/target" class="bl-no-print" novalidate>
                        <h2 class="govuk-heading-m">"The legacy share target"</h2>
                        <TextInput
                            id="percent"
                            label="Legacy share at most (per cent)"
                            value=percent
                            errors=errors.clone()
                            width="3"
                            hint="A whole number, for example 60"
                        />
                        <TextInput
                            id="by_year"
                            label="By the financial year starting in"
                            value=by
                            errors=errors.clone()
                            width="4"
                            hint="For example 2030, for 2030 to 2031"
                        />
                        <Button label="Set the target" />
                    </form>
                }
            })}
    }
}
