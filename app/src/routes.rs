//! Every area's pages, one registration line an area. Each area lists its own routes in
//! `<area>/handlers` (`routes()`); the REST API's are in `server/src/api/`.

use crate::web::AppState;
use axum::Router;

pub fn pages() -> Router<AppState> {
    Router::new()
        .merge(crate::identity::handlers::routes())
        .merge(crate::audit::handlers::routes())
        .merge(crate::mail::handlers::routes())
        .merge(crate::catalogue::handlers::routes())
        .merge(crate::spend::handlers::routes())
        .merge(crate::procurement::handlers::routes())
}
