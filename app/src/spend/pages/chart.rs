//! Charts drawn as SVG on the server: readable without JavaScript, announced as one image
//! with a title and a description that says what it shows in words, the same figures in the
//! table beside it, and drawn in the system's colours when high contrast is on (the CSS's
//! `forced-colors` rules).

use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// One column: its label (short: "2024", "Q1", "Apr") and its height as a per cent (None:
/// no spend).
#[derive(Clone, Debug)]
pub struct Column {
    pub label: String,
    pub value: Option<Decimal>,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 44.0;
const BOTTOM: f64 = 40.0;
const TOP: f64 = 16.0;

fn y_of(percent: f64) -> f64 {
    TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - percent / 100.0)
}

/// Columns of a percentage (0 to 100), with a dashed target line if there is one. Screen
/// positions are the only floating point here: every figure shown is the decimal itself.
#[component]
pub fn PercentColumns(
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    columns: Vec<Column>,
    /// The target, a per cent: a dashed line (the page says what it is beside the chart).
    target: Option<i32>,
) -> impl IntoView {
    let n = columns.len().max(1) as f64;
    let slot = (WIDTH - LEFT - 8.0) / n;
    let bar = (slot * 0.6).min(60.0);
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled = format!("{title_id} {desc_id}");
    view! {
        <svg
            class="bl-chart"
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            role="img"
            aria-labelledby=labelled
            focusable="false"
        >
            <title id=title_id>{title}</title>
            <desc id=desc_id>{description}</desc>
            {[0, 25, 50, 75, 100]
                .into_iter()
                .map(|p| {
                    let y = y_of(p as f64);
                    view! {
                        <line
                            class="bl-chart__grid"
                            x1=LEFT
                            x2=WIDTH - 4.0
                            y1=y
                            y2=y
                            aria-hidden="true"
                        />
                        <text
                            class="bl-chart__axis"
                            x=LEFT - 6.0
                            y=y + 4.0
                            text-anchor="end"
                            aria-hidden="true"
                        >
                            {format!("{p}%")}
                        </text>
                    }
                })
                .collect_view()}
            {columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
                    let v = c.value.and_then(|d| d.to_f64()).unwrap_or(0.0).clamp(0.0, 100.0);
                    let y = y_of(v);
                    let label = c.label.clone();
                    let value_text = c.value.map(|d| format!("{d}%")).unwrap_or_default();
                    view! {
                        <rect
                            class="bl-chart__bar"
                            x=x
                            y=y
                            width=bar
                            height=(y_of(0.0) - y).max(0.0)
                            aria-hidden="true"
                        />
                        <text
                            class="bl-chart__value"
                            x=x + bar / 2.0
                            y=y - 4.0
                            text-anchor="middle"
                            aria-hidden="true"
                        >
                            {value_text}
                        </text>
                        <text
                            class="bl-chart__axis"
                            x=x + bar / 2.0
                            y=HEIGHT - BOTTOM + 16.0
                            text-anchor="middle"
                            aria-hidden="true"
                        >
                            {label}
                        </text>
                    }
                })
                .collect_view()}
            {target
                .map(|p| {
                    let y = y_of(p as f64);
                    view! {
                        <line
                            class="bl-chart__target"
                            x1=LEFT
                            x2=WIDTH - 4.0
                            y1=y
                            y2=y
                            aria-hidden="true"
                        />
                    }
                })}
        </svg>
    }
}
