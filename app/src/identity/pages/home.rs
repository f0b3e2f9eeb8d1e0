use crate::access::Viewer;
use crate::access::{can, IdentityAction};
use crate::identity::types::{OrgKind, OrgStatus, Role};
use crate::ui::forms::WarningText;
use leptos::prelude::*;

/// A card on a home page: what someone can do here.
#[component]
fn Task(
    #[prop(into)] title: String,
    #[prop(into)] href: Option<String>,
    #[prop(into)] text: String,
) -> impl IntoView {
    view! {
        <div class="govuk-grid-column-one-third bl-card">
            <h2 class="govuk-heading-s">
                {match href {
                    Some(h) => {
                        view! {
                            <a class="govuk-link" href=h>
                                {title}
                            </a>
                        }
                            .into_any()
                    }
                    None => view! { <span>{title}</span> }.into_any(),
                }}
            </h2>
            <p class="govuk-body-s">{text}</p>
        </div>
    }
}

#[component]
pub fn AnonymousHome() -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-xl">"Buy police technology together"</h1>
                <p class="govuk-body-l">
                    "Bluelamp is where the police forces of England and Wales find approved technology suppliers, run shared procurements and see what they spend on technology."
                </p>
                <a
                    class="govuk-button govuk-button--start"
                    href="/sign-in"
                    role="button"
                    draggable="false"
                >
                    "Sign in"
                </a>
                <p class="govuk-body">
                    "New to Bluelamp? " <a class="govuk-link" href="/register">
                        "Register as force staff or as a supplier"
                    </a>
                </p>
            </div>
        </div>
    }
}

#[component]
pub fn SignedInHome(
    viewer: Viewer,
    pending_suppliers: Option<u64>,
    rejection: Option<String>,
    /// A force's contracts ending in the next 6 months.
    ending_soon: Option<Vec<crate::catalogue::types::ContractRow>>,
) -> impl IntoView {
    let v = viewer.clone();
    let users = can(Some(&v), IdentityAction::ListUsers { org_id: v.org_id })
        .then(|| format!("/organisations/{}/users", v.org_id));
    let heading = format!("{}’s home", v.org_name);
    let body = match (v.org_kind, v.org_status) {
        (OrgKind::Supplier, OrgStatus::Pending) => view! {
            <div class="govuk-inset-text">
                "Your application to become an approved supplier is waiting for the national body to check it. You will be able to list services and bid once it is approved."
            </div>
        }
        .into_any(),
        (OrgKind::Supplier, OrgStatus::Rejected) => view! {
            <WarningText text="The national body did not approve your application." />
            {rejection
                .map(|r| {
                    view! {
                        <h2 class="govuk-heading-s">"The reason given"</h2>
                        <div class="govuk-inset-text">{r}</div>
                    }
                })}
            <p class="govuk-body">"Contact the national body if you would like to apply again."</p>
        }
        .into_any(),
        (OrgKind::Supplier, OrgStatus::Active) => view! {
            <p class="govuk-body-l">"Your company is an approved Bluelamp supplier."</p>
            <div class="govuk-grid-row">
                <Task
                    title="Your services"
                    href=None
                    text="List the services you sell to forces (coming soon)."
                />
                <Task
                    title="Opportunities"
                    href=None
                    text="Bid for shared procurements that forces have raised (coming soon)."
                />
                <Task
                    title="Users"
                    href=users.clone()
                    text="Invite colleagues and manage who can act for your company."
                />
            </div>
        }
        .into_any(),
        (OrgKind::Force, _) => {
            let evaluator = v.has_role(Role::Evaluator);
            view! {
                <p class="govuk-body-l">
                    "Find technology, buy it with other forces, and see what your force spends."
                </p>
                <div class="govuk-grid-row">
                    <Task
                        title="Catalogue"
                        href=Some("/services".to_string())
                        text="Search approved suppliers and their services, compare and shortlist."
                    />
                    <Task
                        title="Shared procurements"
                        href=Some("/procurements".to_string())
                        text="Raise a requirement or join another force’s."
                    />
                    <Task
                        title="Contracts"
                        href=Some("/contracts".to_string())
                        text="Your force’s contracts, from direct awards and shared procurements."
                    />
                </div>
                <div class="govuk-grid-row">
                    {evaluator
                        .then(|| {
                            view! {
                                <Task
                                    title="Evaluations"
                                    href=Some("/procurements#evaluate".to_string())
                                    text="Score the bids you have been asked to evaluate."
                                />
                            }
                        })}
                    {users
                        .clone()
                        .map(|u| {
                            view! {
                                <Task
                                    title="Users"
                                    href=Some(u)
                                    text="Invite colleagues, set roles and disable accounts."
                                />
                            }
                        })}
                </div>
                {ending_soon
                    .clone()
                    .map(|rows| {
                        view! { <crate::catalogue::pages::contracts::EndingSoon rows=rows /> }
                    })}
            }
            .into_any()
        }
        (OrgKind::National, _) => {
            let admin = v.has_role(Role::Admin);
            let pending = pending_suppliers.unwrap_or(0);
            let supplier_text = if pending == 1 {
                "1 supplier application is waiting for a decision.".to_string()
            } else {
                format!("{pending} supplier applications are waiting for a decision.")
            };
            view! {
                <p class="govuk-body-l">
                    "Oversee suppliers, forces and the national picture of technology spend."
                </p>
                <div class="govuk-grid-row">
                    <Task
                        title="Supplier applications"
                        href=Some("/admin/suppliers".to_string())
                        text=supplier_text
                    />
                    <Task
                        title="Forces"
                        href=Some("/admin/forces".to_string())
                        text=if admin {
                            "See the 43 forces and edit their allowed email domains."
                        } else {
                            "See the 43 forces and their allowed email domains."
                        }
                    />
                    <Task
                        title="Audit log"
                        href=Some("/admin/audit".to_string())
                        text="Every sign-in, registration, approval and change, tamper-evident."
                    />
                </div>
                <div class="govuk-grid-row">
                    <Task
                        title="National dashboard"
                        href=Some("/spend/dashboard".to_string())
                        text="Technology spend by force, the legacy share against its target, and where forces buy the same thing separately."
                    />
                    {users
                        .clone()
                        .map(|u| {
                            view! {
                                <Task
                                    title="Users"
                                    href=Some(u)
                                    text="Manage the national body’s users."
                                />
                            }
                        })}
                </div>
            }
            .into_any()
        }
    };
    view! {
        <span class="govuk-caption-l">{v.org_kind.label()}</span>
        <h1 class="govuk-heading-l">{heading}</h1>
        {body}
    }
}
