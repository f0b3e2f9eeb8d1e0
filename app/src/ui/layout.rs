//! The page frame: skip link, header with the service name, navigation for the signed-in
//! role, who is signed in, sign out, and the footer.

use super::forms::SuccessBanner;
use super::nav;
use crate::access::Viewer;
use leptos::prelude::*;

#[component]
pub fn Layout(
    viewer: Option<Viewer>,
    #[prop(into)] path: String,
    flash: Option<String>,
    /// How many services are in the compare basket (shown on catalogue pages when any).
    #[prop(optional)]
    compare: usize,
    children: Children,
) -> impl IntoView {
    let basket = (compare > 0 && path != "/compare").then(|| {
        view! {
            <aside class="bl-compare-bar govuk-body-s" aria-label="Services to compare">
                {format!(
                    "{compare} {} chosen to compare. ",
                    if compare == 1 { "service" } else { "services" },
                )}
                <a class="govuk-link" href="/compare">
                    "Compare services"
                </a>
            </aside>
        }
    });
    let items = nav::items(viewer.as_ref());
    let current = nav::current(&items, &path).map(str::to_string);
    let nav_items = items
        .iter()
        .map(|(label, href)| {
            let active = current.as_deref() == Some(href.as_str());
            let class = if active {
                "govuk-service-navigation__item govuk-service-navigation__item--active"
            } else {
                "govuk-service-navigation__item"
            };
            view! {
                <li class=class>
                    <a
                        class="govuk-service-navigation__link"
                        href=href.clone()
                        aria-current=active.then_some("page")
                    >
                        {if active {
                            view! {
                                <strong class="govuk-service-navigation__active-fallback">
                                    {*label}
                                </strong>
                            }
                                .into_any()
                        } else {
                            view! { {*label} }.into_any()
                        }}
                    </a>
                </li>
            }
        })
        .collect_view();
    let who = viewer.as_ref().map(|v| {
        view! {
            <div class="bl-account-bar">
                <div class="govuk-width-container bl-account-bar__inner">
                    <p class="govuk-body-s bl-account-bar__who">
                        "Signed in as " <strong>{v.name.clone()}</strong> ", " {v.org_name.clone()}
                    </p>
                    <form method="post" action="/sign-out" class="bl-account-bar__form">
                        <button type="submit" class="bl-link-button govuk-body-s">
                            "Sign out"
                        </button>
                    </form>
                </div>
            </div>
        }
    });
    view! {
        <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
            "Skip to main content"
        </a>
        <header class="govuk-header bl-header" data-module="govuk-header">
            <div class="govuk-header__container govuk-width-container">
                <div class="govuk-header__logo">
                    <a href="/" class="govuk-header__link govuk-header__link--homepage">
                        <span class="bl-lamp" aria-hidden="true"></span>
                        <span class="govuk-header__logotype-text bl-logotype">"Bluelamp"</span>
                    </a>
                </div>
                <div class="govuk-header__content bl-header__tagline">
                    <span class="govuk-body-s bl-header__tagline-text">
                        "Technology procurement for police forces"
                    </span>
                </div>
            </div>
        </header>
        <section class="govuk-service-navigation" aria-label="Service information">
            <div class="govuk-width-container">
                <div class="govuk-service-navigation__container">
                    <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                        <ul class="govuk-service-navigation__list" id="navigation">
                            {nav_items}
                        </ul>
                    </nav>
                </div>
            </div>
        </section>
        {who}
        // Above <main>, so a page's error summary still comes first in its content.
        {basket.map(|b| view! { <div class="govuk-width-container">{b}</div> })}
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper" id="main-content">
                <SuccessBanner message=flash />
                {children()}
            </main>
        </div>
        <footer class="govuk-footer">
            <div class="govuk-width-container">
                <div class="govuk-footer__meta">
                    <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                        <p class="govuk-body-s">
                            "Bluelamp helps the 43 police forces of England and Wales buy technology together."
                        </p>
                        <span class="govuk-footer__licence-description">
                            "Reference data is published under the Open Government Licence v3.0."
                        </span>
                    </div>
                </div>
            </div>
        </footer>
    }
}

/// The catalogue's pages: where the compare basket is shown.
pub fn is_catalogue_path(path: &str) -> bool {
    [
        "/services",
        "/suppliers/",
        "/frameworks",
        "/compare",
        "/projects",
    ]
    .iter()
    .any(|p| path.starts_with(p))
}
