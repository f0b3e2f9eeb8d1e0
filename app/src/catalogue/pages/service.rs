//! A service as a buyer reads it, and the notice for a service that is gone.

use super::{price_of, ListingView};
use crate::catalogue::rules::Choices;
use crate::catalogue::types::*;
use crate::ui::forms::SummaryRow;
use crate::ui::time::show_london;
use leptos::prelude::*;

#[component]
pub fn ServicePage(
    detail: ServiceDetail,
    choices: Choices,
    /// The link to the service's records, for its supplier and the national body.
    manage: Option<String>,
    /// Whether the service is in the compare basket.
    #[prop(optional)]
    compared: bool,
) -> impl IntoView {
    let Some(live) = detail.live.clone() else {
        return view! { <p class="govuk-body">"This service has no published version."</p> }
            .into_any();
    };
    let l = live.listing.clone();
    let price = price_of(&l);
    let name = l.name.clone();
    let compare = super::compare::compare_button(detail.id, &detail.name(), compared, None);
    let here = format!("/services/{}", detail.id);
    let summary = l.summary.clone();
    let size = detail.supplier_size.map(|s| match s {
        crate::identity::types::SupplierSize::Sme => "SME",
        crate::identity::types::SupplierSize::Large => "Large enterprise",
    });
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">
                    <a class="govuk-link" href=format!("/suppliers/{}", detail.supplier_id)>
                        {detail.supplier_name.clone()}
                    </a>
                </span>
                <h1 class="govuk-heading-l">{name}</h1>
                {(detail.framework.stage != FrameworkStage::Live)
                    .then(|| {
                        view! {
                            <div class="govuk-inset-text">
                                {format!(
                                    "{} is not live yet: buyers cannot see this service until {}.",
                                    detail.framework.name,
                                    super::frameworks::show_date(detail.framework.goes_live),
                                )}
                            </div>
                        }
                    })}
                <p class="govuk-body-l">{summary}</p>
            </div>
            <div class="govuk-grid-column-one-third">
                <aside class="bl-aside" aria-label="Service at a glance">
                    <dl class="govuk-summary-list govuk-summary-list--no-border">
                        <SummaryRow key="Price">{price}</SummaryRow>
                        <SummaryRow key="Framework">
                            <a
                                class="govuk-link"
                                href=format!("/frameworks/{}", detail.framework.id)
                            >
                                {detail.framework.name.clone()}
                            </a>
                        </SummaryRow>
                        <SummaryRow key="Lot">{detail.lot.lot.name.clone()}</SummaryRow>
                        <SummaryRow key="Supplier">
                            {detail.supplier_name.clone()} {size.map(|s| format!(" ({s})"))}
                        </SummaryRow>
                        <SummaryRow key="Service ID">{detail.id.to_string()}</SummaryRow>
                        <SummaryRow key="Last updated">
                            {show_london(live.reviewed_at.unwrap_or(live.created_at))}
                        </SummaryRow>
                    </dl>
                    <form method="post" action="/compare">
                        <input type="hidden" name="back" value=here />
                        {compare}
                    </form>
                    {manage
                        .map(|href| {
                            view! {
                                <p class="govuk-body">
                                    <a class="govuk-link" href=href>
                                        "Manage this service"
                                    </a>
                                </p>
                            }
                        })}
                </aside>
            </div>
        </div>
        <ListingView listing=l choices=choices />
    }
    .into_any()
}

#[component]
pub fn GonePage(notice: String, manage: Option<String>) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"This service is no longer available"</h1>
                <div class="govuk-inset-text">{notice}</div>
                <p class="govuk-body">
                    <a class="govuk-link" href="/frameworks">
                        "Find other services on a framework"
                    </a>
                </p>
                {manage
                    .map(|href| {
                        view! {
                            <p class="govuk-body">
                                <a class="govuk-link" href=href>
                                    "Manage this service"
                                </a>
                            </p>
                        }
                    })}
            </div>
        </div>
    }
}
