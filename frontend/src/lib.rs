//! The browser entry point. Pages are server-rendered; only `#[island]` components hydrate.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Make sure the island components are linked in.
    app::link_islands();
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
