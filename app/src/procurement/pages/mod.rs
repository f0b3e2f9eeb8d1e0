//! Shared procurements' pages, one component each: the lists, one procurement (with the lead's
//! task list), the raising form, joining, opportunities and bids, notifications, settings.

mod bids;
mod detail;
mod evaluation;
mod lists;
mod raise;
mod small;

pub use bids::*;
pub use detail::*;
pub use evaluation::*;
pub use lists::*;
pub use raise::*;
pub use small::*;

use crate::procurement::types::ProcurementState;
use leptos::prelude::*;

pub fn state_tag(s: ProcurementState) -> impl IntoView {
    let class = match s {
        ProcurementState::Draft => "govuk-tag govuk-tag--grey",
        ProcurementState::OpenToJoin => "govuk-tag govuk-tag--blue",
        ProcurementState::Published => "govuk-tag govuk-tag--green",
        ProcurementState::Closed => "govuk-tag govuk-tag--purple",
        ProcurementState::Standstill => "govuk-tag govuk-tag--yellow",
        ProcurementState::Awarded => "govuk-tag govuk-tag--turquoise",
        ProcurementState::Cancelled => "govuk-tag govuk-tag--red",
    };
    view! { <strong class=class>{s.label()}</strong> }
}

/// "—" for a date not set yet.
pub fn when(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(crate::ui::time::deadline)
        .unwrap_or_else(|| "Not set".into())
}
