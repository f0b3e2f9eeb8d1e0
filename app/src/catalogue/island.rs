//! The search page's live filters. Without JavaScript the search is a plain GET form; with
//! it, this island sends the form's parameters to a server function whenever a filter or the
//! order changes (or the form is submitted), swaps in the filters and results it renders,
//! keeps the address bar in step (so the URL stays shareable) and answers the back button.

use leptos::prelude::*;

#[island]
pub fn LiveSearch(children: Children) -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        live::attach();
    });
    view! { <div class="bl-live-search">{children()}</div> }
}

#[cfg(feature = "hydrate")]
mod live {
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{FormData, HtmlElement, HtmlFormElement, UrlSearchParams};

    fn search_form() -> Option<HtmlFormElement> {
        document()
            .get_element_by_id("service-search")?
            .dyn_into::<HtmlFormElement>()
            .ok()
    }

    /// The form's parameters as the page's URL would carry them (empty ones left out).
    fn query(form: &HtmlFormElement) -> Option<String> {
        let data = FormData::new_with_form(form).ok()?;
        let all = UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        let kept = UrlSearchParams::new().ok()?;
        let entries = js_sys::try_iter(&all.entries()).ok()??;
        for entry in entries.flatten() {
            let pair: js_sys::Array = entry.dyn_into().ok()?;
            let (k, v) = (pair.get(0).as_string()?, pair.get(1).as_string()?);
            let default_sort = k == "sort" && v == "relevance";
            if !v.trim().is_empty() && !default_sort {
                kept.append(&k, &v);
            }
        }
        Some(String::from(kept.to_string()))
    }

    /// Puts the words of `qs` in the search box (after the back button, or a suggestion).
    fn set_words(qs: &str) {
        let words = UrlSearchParams::new_with_str(qs)
            .ok()
            .and_then(|p| p.get("q"))
            .unwrap_or_default();
        if let Some(input) = document()
            .get_element_by_id("q")
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.set_value(&words);
        }
    }

    fn set_html(id: &str, html: &str) {
        if let Some(e) = document().get_element_by_id(id) {
            e.set_inner_html(html);
        }
    }

    thread_local! {
        /// The latest request's number: an answer to an older one (overtaken while the person
        /// kept ticking) is dropped, so the page shows the last choice.
        static LATEST: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }

    /// Asks the server for `qs`'s filters and results and swaps them in; `push` adds a history
    /// entry (not when answering the back button).
    fn refresh(qs: String, push: bool) {
        let mine = LATEST.with(|l| {
            l.set(l.get().wrapping_add(1));
            l.get()
        });
        leptos::task::spawn_local(async move {
            let focused = document()
                .active_element()
                .map(|e| e.id())
                .filter(|id| !id.is_empty());
            let answer = crate::catalogue::api::search_parts(qs.clone()).await;
            if LATEST.with(|l| l.get()) != mine {
                return;
            }
            match answer {
                Ok(parts) => {
                    set_html("search-filters", &parts.filters);
                    set_html("search-results", &parts.results);
                    set_html("result-count", &parts.status);
                    document().set_title(&parts.title);
                    if push {
                        let url = if qs.is_empty() {
                            "/services".to_string()
                        } else {
                            format!("/services?{qs}")
                        };
                        let _ = window()
                            .history()
                            .and_then(|h| h.push_state_with_url(&JsValue::NULL, "", Some(&url)));
                    }
                    // The filters were redrawn: give focus back to the box just ticked.
                    if let Some(id) = focused {
                        if let Some(e) = document()
                            .get_element_by_id(&id)
                            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
                        {
                            let _ = e.focus();
                        }
                    }
                }
                // The server said no (a price that cannot be read, say): the plain form says
                // why, so let it load as a page.
                Err(_) => {
                    let _ = window().location().set_href(&format!("/services?{qs}"));
                }
            }
        });
    }

    pub fn attach() {
        let Some(form) = search_form() else { return };
        let on_change = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
            // Words and prices are sent with the button (or Enter): typing is not a search.
            let typed = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .is_some_and(|i| i.type_() == "search" || i.type_() == "text");
            if typed {
                return;
            }
            if let Some(qs) = search_form().as_ref().and_then(query) {
                refresh(qs, true);
            }
        });
        let _ = form.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
        let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
            e.prevent_default();
            if let Some(qs) = search_form().as_ref().and_then(query) {
                refresh(qs, true);
            }
        });
        let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();
        // Links inside the results (pages, removing a filter, a suggestion) redraw too.
        let on_click =
            Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |e: web_sys::MouseEvent| {
                if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
                    return;
                }
                let link = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|t| t.closest("a").ok().flatten());
                let Some(href) = link.and_then(|a| a.get_attribute("href")) else {
                    return;
                };
                if let Some(qs) = href.strip_prefix("/services?") {
                    e.prevent_default();
                    set_words(qs);
                    refresh(qs.to_string(), true);
                }
            });
        if let Some(results) = document().get_element_by_id("search-results") {
            let _ = results
                .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        }
        on_click.forget();
        let on_pop = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            let search = window().location().search().unwrap_or_default();
            let qs = search.trim_start_matches('?').to_string();
            set_words(&qs);
            refresh(qs, false);
        });
        let _ =
            window().add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        on_pop.forget();
        // Said once everything is in place (the browser tests wait for it).
        let _ = form.set_attribute("data-live", "on");
    }
}
