//! GOV.UK pagination: previous/next links and page numbers, keeping the current filters.

use leptos::prelude::*;

/// `query` is the current query string without `page`, e.g. "action=user.signed_in&".
#[component]
pub fn Pagination(
    page: u64,
    pages: u64,
    #[prop(into)] base: String,
    #[prop(into)] query: String,
) -> impl IntoView {
    (pages > 1).then(|| {
        let href = move |p: u64| format!("{base}?{query}page={p}");
        let numbers: Vec<u64> = (1..=pages)
            .filter(|p| *p == 1 || *p == pages || p.abs_diff(page) <= 2)
            .collect();
        let mut items = Vec::new();
        let mut last = 0;
        for p in numbers {
            if p > last + 1 {
                items.push(view! { <li class="govuk-pagination__item govuk-pagination__item--ellipses">"⋯"</li> }.into_any());
            }
            let current = p == page;
            let class = if current {
                "govuk-pagination__item govuk-pagination__item--current"
            } else {
                "govuk-pagination__item"
            };
            items.push(
                view! {
                    <li class=class>
                        <a
                            class="govuk-link govuk-pagination__link"
                            href=href(p)
                            aria-label=format!("Page {p}")
                            aria-current=current.then_some("page")
                        >
                            {p.to_string()}
                        </a>
                    </li>
                }
                .into_any(),
            );
            last = p;
        }
        view! {
            <nav class="govuk-pagination" aria-label="Pagination">
                {(page > 1)
                    .then(|| {
                        view! {
                            <div class="govuk-pagination__prev">
                                <a
                                    class="govuk-link govuk-pagination__link"
                                    href=href(page - 1)
                                    rel="prev"
                                >
                                    <span class="govuk-pagination__link-title">
                                        "Previous"<span class="govuk-visually-hidden">" page"</span>
                                    </span>
                                </a>
                            </div>
                        }
                    })}
                <ul class="govuk-pagination__list">{items}</ul>
                {(page < pages)
                    .then(|| {
                        view! {
                            <div class="govuk-pagination__next">
                                <a
                                    class="govuk-link govuk-pagination__link"
                                    href=href(page + 1)
                                    rel="next"
                                >
                                    <span class="govuk-pagination__link-title">
                                        "Next"<span class="govuk-visually-hidden">" page"</span>
                                    </span>
                                </a>
                            </div>
                        }
                    })}
            </nav>
        }
    })
}
