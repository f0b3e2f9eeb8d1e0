//! The progress bar of a running import. Without JavaScript the page refreshes itself every
//! few seconds; with it, this island asks the server function how far the import has got
//! every second, moves the bar, and reloads the page (to show the report) when it ends.

use super::types::Progress;
use leptos::prelude::*;

#[island]
pub fn ImportProgress(id: i32, initial: Progress) -> impl IntoView {
    let (progress, set_progress) = signal(initial);
    // Effects run only in the browser.
    Effect::new(move |_| {
        let _ = set_interval_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    if let Ok(p) = super::api::import_progress(id).await {
                        let finished = p.finished;
                        set_progress.set(p);
                        if finished {
                            let _ = location().reload();
                        }
                    }
                });
            },
            std::time::Duration::from_secs(1),
        );
    });
    let percent = move || progress.get().percent();
    let words = move || progress.get().words();
    view! {
        <div class="bl-progress">
            <progress
                class="bl-progress__bar"
                max="100"
                value=move || percent().to_string()
                aria-labelledby="import-progress-words"
            >
                {move || format!("{}%", percent())}
            </progress>
            <p class="govuk-body" id="import-progress-words">
                {words}
            </p>
        </div>
    }
}
