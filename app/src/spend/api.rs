//! Spend's server functions, the door islands use (leptos_axum serves them under `/fn/`). Each
//! reads the request's `Ctx` and calls the same service as the pages; errors go through
//! `ServiceError::public`, status code included.

use super::types::Progress;
use leptos::prelude::*;

/// How far an import has got: the import page's progress island asks this every second.
#[server(prefix = "/fn", endpoint = "spend/import-progress")]
pub async fn import_progress(id: i32) -> Result<Progress, ServerFnError> {
    use crate::web::{AppState, Ctx};
    let state = expect_context::<AppState>();
    let ctx: Ctx = leptos_axum::extract_with_state(&state)
        .await
        .map_err(|_| ServerFnError::new("the request could not be read"))?;
    match crate::spend::service::progress(ctx.db(), ctx.viewer(), id).await {
        Ok(p) => Ok(p),
        Err(e) => {
            let public = e.public();
            if let Ok(status) = axum::http::StatusCode::from_u16(public.status) {
                expect_context::<leptos_axum::ResponseOptions>().set_status(status);
            }
            Err(ServerFnError::new(public.error))
        }
    }
}
