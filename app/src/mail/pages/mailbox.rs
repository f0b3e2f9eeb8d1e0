use crate::ui::forms::WarningText;
use crate::ui::time::show_london;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One message as the development mailbox shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxMessage {
    pub to: String,
    pub subject: String,
    pub created_at: DateTime<Utc>,
    pub sent: bool,
    pub text: String,
}

/// The demo's mailbox: what Bluelamp would have emailed, newest first, links clickable.
#[component]
pub fn MailboxPage(messages: Vec<MailboxMessage>) -> impl IntoView {
    let count = messages.len();
    view! {
        <h1 class="govuk-heading-l">"Demo mailbox"</h1>
        <WarningText text="This page exists only in demo mode, where no mail server is set up. It shows every email Bluelamp would have sent." />
        {(count == 0).then(|| view! { <p class="govuk-body">"No email yet."</p> })}
        {messages
            .into_iter()
            .map(|m| {
                view! {
                    <div class="govuk-summary-card">
                        <div class="govuk-summary-card__title-wrapper">
                            <h2 class="govuk-summary-card__title">{m.subject}</h2>
                        </div>
                        <div class="govuk-summary-card__content">
                            <dl class="govuk-summary-list">
                                <div class="govuk-summary-list__row">
                                    <dt class="govuk-summary-list__key">"To"</dt>
                                    <dd class="govuk-summary-list__value">{m.to}</dd>
                                </div>
                                <div class="govuk-summary-list__row">
                                    <dt class="govuk-summary-list__key">"Written"</dt>
                                    <dd class="govuk-summary-list__value">
                                        {show_london(m.created_at)}
                                        {if m.sent { " (sent)" } else { "" }}
                                    </dd>
                                </div>
                            </dl>
                            {m
                                .text
                                .split("\n\n")
                                .filter(|p| !p.trim().is_empty())
                                .map(|p| {
                                    let p = p.trim().to_string();
                                    if p.starts_with("http://") || p.starts_with("https://") {
                                        view! {
                                            <p class="govuk-body">
                                                <a class="govuk-link bl-break" href=p.clone()>
                                                    {p.clone()}
                                                </a>
                                            </p>
                                        }
                                            .into_any()
                                    } else {
                                        view! { <p class="govuk-body">{p}</p> }.into_any()
                                    }
                                })
                                .collect_view()}
                        </div>
                    </div>
                }
            })
            .collect_view()}
    }
}
