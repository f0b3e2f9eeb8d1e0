//! The development mailbox, served only in demo mode.

use super::outbox;
use super::pages::mailbox::{MailboxMessage, MailboxPage};
use crate::access::{permit, MailAction};
use crate::web::{AppError, AppState, Ctx, PageResult};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;

/// The newest fifty messages: enough for a demo, bounded for the page.
const SHOWN: u64 = 50;

pub async fn mailbox(ctx: Ctx) -> PageResult {
    // Outside demo mode the page does not exist: mail there goes to a real mail server.
    if !ctx.state().demo {
        return Err(crate::error::ServiceError::NotFound.into());
    }
    permit(ctx.viewer(), MailAction::ReadDemoMailbox)?;
    let messages = outbox::newest(ctx.db(), SHOWN)
        .await
        .map_err(AppError::internal)?
        .into_iter()
        .map(|m| MailboxMessage {
            to: m.recipient,
            subject: m.subject,
            created_at: m.created_at,
            sent: m.sent_at.is_some(),
            text: m.body_text,
        })
        .collect();
    Ok(ctx
        .page("Demo mailbox", view! { <MailboxPage messages=messages /> })
        .await)
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/dev/mailbox", get(mailbox))
}
